// Decode over 16 interleaved rows (x16.h, layouts in x16_layout.h) with AVX-512 VNNI. Every
// kernel keeps the 16 rows in the 16 int32 lanes of a register: a vpdpbusd multiplies four
// activation quants, broadcast (the signed operand), into each row's next four weight quants
// (the unsigned operand), and the per-block integer sums are scaled in vectors.
#include <cstring>

#include "cpu/simd_x86.h"
#include "cpu/x16.h"
#include "cpu/x16_avx512.h"
#include "cpu/x16_layout.h"

namespace siliang::kernels::cpu::detail {
namespace {

constexpr int64_t kAct32 = sizeof(ActQ8_32);

// Four activation quants at p as one int32, in every lane.
__m512i quad(const uint8_t* p) {
    return _mm512_set1_epi32(int_at(p));
}

// 16 fp16 values (a tail array) as floats.
__m512 halves(const uint8_t* p) {
    return _mm512_cvtph_ps(_mm256_load_si256(reinterpret_cast<const __m256i*>(p)));
}

// The line kPrefetchAhead bytes past p (chunks are 64-byte aligned: one call per line).
void prefetch(const uint8_t* p) {
    _mm_prefetch(reinterpret_cast<const char*>(p) + kPrefetchAhead, _MM_HINT_T0);
}

}  // namespace

// One loop for the three types: per block, the chunk's 8 quad vectors (each the 16 rows'
// unsigned quants 4k..4k+3) are multiplied into the activation quants in two chains of four,
// so the multiplies of one block overlap. The unsigned quants are the signed values plus an
// offset o (Q8_0: q + 128; Q4_0: q + 8; Q5_0: q + 16), so sum (q + o) x = q · x + o sum x,
// and the activation block carries sum x.
template <gguf::TensorType kType>
void gemv_32(const uint8_t* group, int64_t blocks, const void* act, float* y) {
    constexpr gguf::TensorType T = kType;
    const X16Layout& l = *x16_layout(T);
    constexpr int kOffset = T == gguf::TensorType::Q8_0   ? 128
                            : T == gguf::TensorType::Q5_0 ? 16
                                                          : 8;
    const uint8_t* a = bytes(act);
    __m512 acc0 = _mm512_setzero_ps(), acc1 = _mm512_setzero_ps();
    for (int64_t b = 0; b < blocks; ++b) {
        const uint8_t* q = x16_chunk(group, l, b);
        const uint8_t* x = a + b * kAct32;
        for (size_t line = 0; line < l.chunk_bytes; line += 64) prefetch(q + line);
        __m512i quads[8];
        if constexpr (T == gguf::TensorType::Q8_0)
            for (int k = 0; k < 8; ++k) quads[k] = _mm512_load_si512(q + 64 * k);
        else
            x16_nibble_quads<T == gguf::TensorType::Q5_0>(q, quads);
        __m512i s0 = _mm512_setzero_si512(), s1 = _mm512_setzero_si512();
        for (int k = 0; k < 8; k += 2) {
            s0 = _mm512_dpbusd_epi32(s0, quads[k], quad(x + kActQs + 4 * k));
            s1 = _mm512_dpbusd_epi32(s1, quads[k + 1], quad(x + kActQs + 4 * (k + 1)));
        }
        const __m512i dot = _mm512_sub_epi32(_mm512_add_epi32(s0, s1),
                                             _mm512_set1_epi32(kOffset * int_at(x + kActSum)));
        const __m512 d = _mm512_mul_ps(halves(x16_tail(group, l, blocks, b)),
                                       _mm512_set1_ps(float_at(x + kActD)));
        if (b % 2 == 0)
            acc0 = _mm512_fmadd_ps(_mm512_cvtepi32_ps(dot), d, acc0);
        else
            acc1 = _mm512_fmadd_ps(_mm512_cvtepi32_ps(dot), d, acc1);
    }
    _mm512_storeu_ps(y, _mm512_add_ps(acc0, acc1));
}

void x16_gemv_q8_0_avx512(const uint8_t* group, int64_t blocks, const void* act, float* y) {
    gemv_32<gguf::TensorType::Q8_0>(group, blocks, act, y);
}

void x16_gemv_q4_0_avx512(const uint8_t* group, int64_t blocks, const void* act, float* y) {
    gemv_32<gguf::TensorType::Q4_0>(group, blocks, act, y);
}

void x16_gemv_q5_0_avx512(const uint8_t* group, int64_t blocks, const void* act, float* y) {
    gemv_32<gguf::TensorType::Q5_0>(group, blocks, act, y);
}

}  // namespace siliang::kernels::cpu::detail
