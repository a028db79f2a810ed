// Quantized weights rewritten at load into groups of 16 interleaved rows, for decode.
//
// Why: a weight row dotted on its own pays, per 32-element block, for unpacking its quants,
// a horizontal sum and a scalar scale (fp16 convert, multiply, broadcast): one core then
// computes slower than memory delivers (single thread, out of cache: Q8_0 9.0 GB/s, Q5_0
// 8.5, where a plain read streams 13-16). With 16 rows interleaved four bytes at a time (the
// operand order of AVX-512 VNNI's vpdpbusd), one instruction multiplies four activation bytes,
// broadcast, into 16 rows at once; the 16 row sums come out in one register, their 16 scales are a
// vector load, and nothing is summed horizontally.
//
// A group (rows 16g .. 16g+15) holds, per block position b of the rows, a chunk of the 16
// rows' block-b bytes interleaved field by field (each field of a GGUF block, e.g. Q8_0's
// 32 quant bytes, becomes (bytes / 4) vectors of 64: vector s, row j holds the row's field
// bytes 4s..4s+3), and after all chunks a tail of the blocks' fp16 scales as arrays of 16
// (row j's at index j; Q4_K has no tail, its scales are fields of the chunk). Chunks and tails are
// multiples of 64 bytes, so every vector load is aligned. The rewrite keeps every byte of the GGUF
// blocks (Q8_0 quants stored as q + 128, the unsigned operand of vpdpbusd): the same size, exactly
// invertible (unpack_rows), and every row dequantizes bit for bit as before.
//
// Types: Q8_0, Q4_0 and Q5_0 (Q5_0 is most of a Q4_K_M file whose rows are not a multiple of
// 256, as Qwen2.5-0.5B's), and Q4_K and Q6_K (most of one whose rows are, as the 1.5B's);
// rows a multiple of 16. Their interleaved kernels run 3x the per-row ones in L2
// (siliang-kernel-bench, 256 x 1536, one thread: Q4_K 54 against 16 GB/s). From memory
// (siliang-matvec-bench, 1.5B Q4_K_M, ratio to a plain read of the same bytes) Q4_K keeps
// 0.95-1.03 at t=2 against 0.81-0.83 per row, Q6_K 0.95-0.97. An earlier interleaved Q4_K,
// judged by whole-process tok/s alone, showed no gain and was dropped.
// Internal to siliang_kernels_cpu and its tests.
#pragma once

#include <cstddef>
#include <cstdint>

#include "backend/host_memory.h"
#include "cpu/vec_dot.h"

namespace siliang::kernels::cpu {

class ThreadPool;
struct X16Layout;

inline constexpr uint64_t kX16Rows = 16;

// Whether `type` has an interleaved form (the rows must also be a multiple of 16).
bool x16_type(gguf::TensorType type);

// False when SILIANG_CPU_X16=0 is set (read once): weights then stay in GGUF form, to compare.
bool x16_enabled();

class X16Weight {
public:
    // Rewrites `rows` GGUF rows of `type` with `cols` elements, `row_bytes` apart from `src`.
    // Throws std::invalid_argument for a type without the form, or unless rows is a positive
    // multiple of 16 and cols a positive multiple of the type's block. `release_source`:
    // src lies in a read-only file mapping whose pages this process can drop
    // (release_mapped_pages); they are dropped as the rewrite passes them, a few MiB at a
    // time, so the rewrite of a large tensor (Gemma 3's 178 MB embedding) never holds it
    // twice. `pool`: the rewrite runs on its threads (groups are independent); null: on
    // this one.
    X16Weight(gguf::TensorType type, const void* src, size_t row_bytes, uint64_t rows,
              uint64_t cols, bool release_source = false, ThreadPool* pool = nullptr);

    gguf::TensorType type() const { return type_; }
    uint64_t rows() const { return rows_; }
    uint64_t cols() const { return cols_; }
    int64_t blocks() const { return blocks_; }  // blocks per row
    const uint8_t* group(uint64_t g) const { return bytes_.data() + g * group_bytes_; }
    size_t size_bytes() const { return bytes_.size(); }

    // Row r as floats: bit for bit dequantize_row of the original row.
    void dequantize_row(uint64_t r, float* dst) const;
    // Rows [r0, r0 + count) back in GGUF blocks, row after row, at dst (count * row bytes).
    // Throws std::out_of_range past rows().
    void unpack_rows(uint64_t r0, size_t count, void* dst) const;

private:
    // Rewrites group g from its 16 GGUF rows at `rows` (row_bytes_ apart).
    void pack_group(const X16Layout& l, const uint8_t* rows, uint64_t g);
    // The inverse: group g back to its 16 GGUF rows at `rows`, in the group's order.
    void unpack_group(const X16Layout& l, uint64_t g, uint8_t* rows) const;

    gguf::TensorType type_;
    uint64_t rows_ = 0, cols_ = 0;
    int64_t blocks_ = 0;
    size_t row_bytes_ = 0, group_bytes_ = 0;
    backend::AnonymousBytes bytes_;
};

// y[j] = row 16g + j · activation for j < 16: `group` one group of `blocks` blocks, `act`
// the activation in the type's ActFormat (vec_dot.h).
using X16GemvFn = void (*)(const uint8_t* group, int64_t blocks, const void* act, float* y);

// The kernel for `type` on `isa`, or null where there is none (rows then stay in GGUF form).
// Avx2: the AVX-VNNI kernels where the CPU has the extension and
// SILIANG_CPU_AVXVNNI is not "0", else the plain AVX2 ones.
X16GemvFn x16_gemv_for(gguf::TensorType type, Isa isa);

namespace detail {
// The oracle: each row unpacked to GGUF blocks and dotted by the type's reference kernel.
void x16_gemv_ref(gguf::TensorType type, const uint8_t* group, int64_t blocks, const void* act,
                  float* y);
#if defined(SILIANG_KERNELS_X86_SIMD)
void x16_gemv_q8_0_avx512(const uint8_t* group, int64_t blocks, const void* act, float* y);
void x16_gemv_q4_0_avx512(const uint8_t* group, int64_t blocks, const void* act, float* y);
void x16_gemv_q5_0_avx512(const uint8_t* group, int64_t blocks, const void* act, float* y);
void x16_gemv_q4_k_avx512(const uint8_t* group, int64_t blocks, const void* act, float* y);
void x16_gemv_q6_k_avx512(const uint8_t* group, int64_t blocks, const void* act, float* y);
// The same on 256-bit registers (gemv_x16_avx2_impl.h): rows 0-7 and 8-15 of each vector as
// two halves, with AVX2 alone, and with AVX-VNNI where the compiler has it.
void x16_gemv_q8_0_avx2(const uint8_t* group, int64_t blocks, const void* act, float* y);
void x16_gemv_q4_0_avx2(const uint8_t* group, int64_t blocks, const void* act, float* y);
void x16_gemv_q5_0_avx2(const uint8_t* group, int64_t blocks, const void* act, float* y);
void x16_gemv_q4_k_avx2(const uint8_t* group, int64_t blocks, const void* act, float* y);
void x16_gemv_q6_k_avx2(const uint8_t* group, int64_t blocks, const void* act, float* y);
#if defined(SILIANG_KERNELS_AVXVNNI)
void x16_gemv_q8_0_avxvnni(const uint8_t* group, int64_t blocks, const void* act, float* y);
void x16_gemv_q4_0_avxvnni(const uint8_t* group, int64_t blocks, const void* act, float* y);
void x16_gemv_q5_0_avxvnni(const uint8_t* group, int64_t blocks, const void* act, float* y);
void x16_gemv_q4_k_avxvnni(const uint8_t* group, int64_t blocks, const void* act, float* y);
void x16_gemv_q6_k_avxvnni(const uint8_t* group, int64_t blocks, const void* act, float* y);
#endif
// The rewrite's transposes (x16_words_avx512.cpp), for 1 <= words <= 16: the `words` 32-bit
// words at rows + j * stride (j < 16), each XORed with `flip`, to the vectors at chunk + 64 v
// (64-byte aligned; lane j of vector v: row j's word v); and back.
void x16_words_to_chunk_avx512(const uint8_t* rows, size_t stride, int words, uint32_t flip,
                               uint8_t* chunk);
void x16_words_from_chunk_avx512(const uint8_t* chunk, int words, uint32_t flip, uint8_t* rows,
                                 size_t stride);
#endif
}  // namespace detail

}  // namespace siliang::kernels::cpu
