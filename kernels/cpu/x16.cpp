#include "cpu/x16.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "cpu/cpu_features.h"
#include "cpu/dequantize.h"
#include "cpu/threadpool.h"
#include "cpu/vec_dot_impl.h"
#include "cpu/x16_layout.h"

namespace siliang::kernels::cpu {
namespace {

// A hint to load the cache line at p (no effect on results; nothing where the compiler has none).
void prefetch_line(const uint8_t* p) {
#if defined(__GNUC__)
    __builtin_prefetch(p, 0, 2);
#else
    (void)p;
#endif
}

const X16Layout& layout_of(gguf::TensorType type) {
    const X16Layout* l = x16_layout(type);
    if (!l) {
        const auto traits = gguf::type_traits(type);
        throw std::invalid_argument(std::string("X16Weight: no interleaved form for type ") +
                                    (traits ? std::string(traits->name) : "unknown"));
    }
    return *l;
}

// The scalar forms of x16_words_to_chunk_avx512 and x16_words_from_chunk_avx512 (x16.h).
void words_to_chunk(const uint8_t* rows, size_t stride, int words, uint32_t flip, uint8_t* chunk) {
    for (int v = 0; v < words; ++v) {
        uint32_t lanes[kX16Rows];
        for (uint64_t j = 0; j < kX16Rows; ++j) {
            std::memcpy(&lanes[j], rows + j * stride + 4 * size_t(v), 4);
            lanes[j] ^= flip;
        }
        std::memcpy(chunk + 64 * v, lanes, sizeof lanes);
    }
}

void words_from_chunk(const uint8_t* chunk, int words, uint32_t flip, uint8_t* rows,
                      size_t stride) {
    for (int v = 0; v < words; ++v) {
        uint32_t lanes[kX16Rows];
        std::memcpy(lanes, chunk + 64 * v, sizeof lanes);
        for (uint64_t j = 0; j < kX16Rows; ++j) {
            lanes[j] ^= flip;
            std::memcpy(rows + j * stride + 4 * size_t(v), &lanes[j], 4);
        }
    }
}

// The transposes this CPU runs: AVX-512 where it is the selected ISA (every CPU that has the
// interleaved kernels, x16_gemv_for), else scalar.
struct WordTransposes {
    decltype(&words_to_chunk) to_chunk = words_to_chunk;
    decltype(&words_from_chunk) from_chunk = words_from_chunk;
};
const WordTransposes& word_transposes() {
    static const WordTransposes t = [] {
        WordTransposes w;
#if defined(SILIANG_KERNELS_X86_SIMD)
        if (selected_isa() == Isa::Avx512) {
            w.to_chunk = detail::x16_words_to_chunk_avx512;
            w.from_chunk = detail::x16_words_from_chunk_avx512;
        }
#endif
        return w;
    }();
    return t;
}

// Row j's run of nibble field `f` (Q5_0's fifth bits) from a GGUF block into a chunk, four
// bits at a time (x16_layout.h). Byte fields go in whole vectors (X16Weight::pack_group).
void nibbles_to_chunk(const X16Field& f, uint64_t j, const uint8_t* block, uint8_t* chunk) {
    for (size_t s = 0; s < 2u * f.bytes; ++s) {
        const unsigned nib = (block[f.offset + s / 2] >> (4 * (s % 2))) & 0xFu;
        uint8_t& dst = chunk[f.at + 8 * s + j / 2];
        dst = static_cast<uint8_t>((dst & ~(0xFu << (4 * (j % 2)))) | nib << (4 * (j % 2)));
    }
}

// Row j's run of `f` from a chunk back into a GGUF block: a byte field four bytes at a time
// (every run is a multiple of 4; bytes 4s..4s+3 sit in vector s, lane j), a nibble field
// four bits at a time.
void from_chunk(const X16Field& f, uint64_t j, const uint8_t* chunk, uint8_t* block) {
    if (f.nibbles) {
        for (size_t s = 0; s < 2u * f.bytes; ++s) {
            const unsigned nib = (chunk[f.at + 8 * s + j / 2] >> (4 * (j % 2))) & 0xFu;
            uint8_t& dst = block[f.offset + s / 2];
            dst = static_cast<uint8_t>((dst & ~(0xFu << (4 * (s % 2)))) | nib << (4 * (s % 2)));
        }
        return;
    }
    const uint32_t flip = f.flip * 0x01010101u;
    for (size_t s = 0; s < f.bytes / 4u; ++s) {
        uint32_t w;
        std::memcpy(&w, chunk + f.at + 64 * s + 4 * j, 4);
        w ^= flip;
        std::memcpy(block + f.offset + 4 * s, &w, 4);
    }
}

// Row j's GGUF block b, from a group of `blocks` blocks.
void unpack_block(const X16Layout& l, const uint8_t* group, int64_t blocks, int64_t b, uint64_t j,
                  uint8_t* block) {
    const uint8_t* chunk = x16_chunk(group, l, b);
    for (int f = 0; f < l.n_fields; ++f) from_chunk(l.fields[f], j, chunk, block);
    if (l.tail) std::memcpy(block + l.d_offset, x16_tail(group, l, blocks, b) + 2 * j, 2);
}

}  // namespace

bool x16_type(gguf::TensorType type) {
    return x16_layout(type) != nullptr;
}

bool x16_enabled() {
    static const bool enabled = [] {
        const char* v = std::getenv("SILIANG_CPU_X16");
        return !(v && std::string_view(v) == "0");
    }();
    return enabled;
}

X16Weight::X16Weight(gguf::TensorType type, const void* src, size_t row_bytes, uint64_t rows,
                     uint64_t cols, bool release_source, ThreadPool* pool)
    : type_(type), rows_(rows), cols_(cols) {
    const X16Layout& l = layout_of(type);
    if (rows == 0 || rows % kX16Rows != 0 || cols == 0 || cols % uint64_t(l.block_elems) != 0)
        throw std::invalid_argument("X16Weight: " + std::to_string(rows) + " x " +
                                    std::to_string(cols) + " is not a multiple of 16 rows by " +
                                    std::to_string(l.block_elems) + " columns");
    blocks_ = static_cast<int64_t>(cols / uint64_t(l.block_elems));
    row_bytes_ = size_t(blocks_) * l.block_bytes;
    group_bytes_ = l.group_bytes(blocks_);
    bytes_ = backend::AnonymousBytes(group_bytes_ * (rows / kX16Rows));
    const auto* in = static_cast<const uint8_t*>(src);
    const uint64_t groups = rows / kX16Rows;
    // Groups a batch: about 4 MiB of source, whose file pages are released after it (so a
    // large tensor, Gemma 3's 178 MB embedding, is never held twice).
    const uint64_t per_batch = std::max<uint64_t>(1, (size_t{4} << 20) / (kX16Rows * row_bytes));
    const size_t group_src = kX16Rows * row_bytes;  // a group's rows: contiguous in src
    const auto pack = [&](size_t begin, size_t end, int) {
        for (size_t g = begin; g < end; ++g) {
            // The next group's source, asked for as one stream: pack_group reads its 16 rows
            // side by side, which the hardware does not fetch ahead (half the rewrite's time
            // was waiting on those loads).
            if (g + 1 < end)
                for (size_t at = 0; at < group_src; at += 64)
                    prefetch_line(in + (g + 1) * group_src + at);
            pack_group(l, in + g * group_src, g);
        }
    };
    for (uint64_t g0 = 0; g0 < groups; g0 += per_batch) {
        const uint64_t g1 = std::min(groups, g0 + per_batch);
        if (pool)
            pool->parallel_for(
                g1 - g0, [&](size_t begin, size_t end, int t) { pack(g0 + begin, g0 + end, t); });
        else
            pack(g0, g1, 0);
        if (release_source)  // everything before this batch's end
            backend::release_mapped_pages(
                {reinterpret_cast<const std::byte*>(in), g1 * kX16Rows * row_bytes});
    }
}

void X16Weight::pack_group(const X16Layout& l, const uint8_t* rows, uint64_t g) {
    uint8_t* group = bytes_.data() + g * group_bytes_;
    const auto to_chunk = word_transposes().to_chunk;
    // Written in order, up to 16 vectors at a time; each row is read in order too.
    for (int64_t b = 0; b < blocks_; ++b) {
        const uint8_t* blocks = rows + size_t(b) * l.block_bytes;
        uint8_t* chunk = group + size_t(b) * l.chunk_bytes;
        for (int f = 0; f < l.n_fields; ++f) {
            const X16Field& field = l.fields[f];
            if (field.nibbles) {
                for (uint64_t j = 0; j < kX16Rows; ++j)
                    nibbles_to_chunk(field, j, blocks + j * row_bytes_, chunk);
                continue;
            }
            const uint32_t flip = field.flip * 0x01010101u;
            for (size_t v = 0; v < field.bytes / 4u; v += 16) {
                const int words = static_cast<int>(std::min<size_t>(16, field.bytes / 4u - v));
                to_chunk(blocks + field.offset + 4 * v, row_bytes_, words, flip,
                         chunk + field.at + 64 * v);
            }
        }
        if (!l.tail) continue;
        uint8_t* tail = group + size_t(blocks_) * l.chunk_bytes + size_t(b) * X16Layout::kTailBytes;
        for (uint64_t j = 0; j < kX16Rows; ++j)
            std::memcpy(tail + 2 * j, blocks + j * row_bytes_ + l.d_offset, 2);
    }
}

void X16Weight::unpack_rows(uint64_t r0, size_t count, void* dst) const {
    if (r0 > rows_ || count > rows_ - r0)
        throw std::out_of_range("X16Weight::unpack_rows: rows " + std::to_string(r0) + " + " +
                                std::to_string(count) + " past " + std::to_string(rows_));
    const X16Layout& l = layout_of(type_);
    auto* out = static_cast<uint8_t*>(dst);
    for (size_t k = 0; k < count;) {
        const uint64_t r = r0 + k;
        if (r % kX16Rows == 0 && count - k >= kX16Rows) {  // a whole group: read in order
            unpack_group(l, r / kX16Rows, out + k * row_bytes_);
            k += kX16Rows;
            continue;
        }
        const uint8_t* g = group(r / kX16Rows);
        const uint64_t j = r % kX16Rows;
        for (int64_t b = 0; b < blocks_; ++b)
            unpack_block(l, g, blocks_, b, j, out + k * row_bytes_ + size_t(b) * l.block_bytes);
        ++k;
    }
}

void X16Weight::unpack_group(const X16Layout& l, uint64_t g, uint8_t* rows) const {
    const uint8_t* grp = group(g);
    const auto from_chunk_words = word_transposes().from_chunk;
    for (int64_t b = 0; b < blocks_; ++b) {
        uint8_t* blocks = rows + size_t(b) * l.block_bytes;
        const uint8_t* chunk = grp + size_t(b) * l.chunk_bytes;
        for (int f = 0; f < l.n_fields; ++f) {
            const X16Field& field = l.fields[f];
            if (field.nibbles) {
                for (uint64_t j = 0; j < kX16Rows; ++j)
                    from_chunk(field, j, chunk, blocks + j * row_bytes_);
                continue;
            }
            const uint32_t flip = field.flip * 0x01010101u;
            for (size_t v = 0; v < field.bytes / 4u; v += 16) {
                const int words = static_cast<int>(std::min<size_t>(16, field.bytes / 4u - v));
                from_chunk_words(chunk + field.at + 64 * v, words, flip,
                                 blocks + field.offset + 4 * v, row_bytes_);
            }
        }
        if (!l.tail) continue;
        const uint8_t* tail = x16_tail(grp, l, blocks_, b);
        for (uint64_t j = 0; j < kX16Rows; ++j)
            std::memcpy(blocks + j * row_bytes_ + l.d_offset, tail + 2 * j, 2);
    }
}

void X16Weight::dequantize_row(uint64_t r, float* dst) const {
    // Through the GGUF form: the reference dequantization, so bit for bit the same.
    std::vector<uint8_t> row(row_bytes_);
    unpack_rows(r, 1, row.data());
    cpu::dequantize_row(type_, row.data(), dst, static_cast<int64_t>(cols_));
}

X16GemvFn x16_gemv_for([[maybe_unused]] gguf::TensorType type, [[maybe_unused]] Isa isa) {
#if defined(SILIANG_KERNELS_X86_SIMD)
    if (isa == Isa::Avx512) {
        switch (type) {
            case gguf::TensorType::Q8_0: return detail::x16_gemv_q8_0_avx512;
            case gguf::TensorType::Q4_0: return detail::x16_gemv_q4_0_avx512;
            case gguf::TensorType::Q5_0: return detail::x16_gemv_q5_0_avx512;
            case gguf::TensorType::Q4_K: return detail::x16_gemv_q4_k_avx512;
            case gguf::TensorType::Q6_K: return detail::x16_gemv_q6_k_avx512;
            default: break;
        }
    }
#endif
#if defined(SILIANG_KERNELS_X86_SIMD)
    if (isa == Isa::Avx2) {
#if defined(SILIANG_KERNELS_AVXVNNI)
        static const bool avx_vnni = [] {
            const char* v = std::getenv("SILIANG_CPU_AVXVNNI");
            return detect_cpu_features().avx_vnni && !(v && std::string_view(v) == "0");
        }();
        if (avx_vnni) {
            switch (type) {
                case gguf::TensorType::Q8_0: return detail::x16_gemv_q8_0_avxvnni;
                case gguf::TensorType::Q4_0: return detail::x16_gemv_q4_0_avxvnni;
                case gguf::TensorType::Q5_0: return detail::x16_gemv_q5_0_avxvnni;
                case gguf::TensorType::Q4_K: return detail::x16_gemv_q4_k_avxvnni;
                case gguf::TensorType::Q6_K: return detail::x16_gemv_q6_k_avxvnni;
                default: return nullptr;
            }
        }
#endif
        switch (type) {
            case gguf::TensorType::Q8_0: return detail::x16_gemv_q8_0_avx2;
            case gguf::TensorType::Q4_0: return detail::x16_gemv_q4_0_avx2;
            case gguf::TensorType::Q5_0: return detail::x16_gemv_q5_0_avx2;
            case gguf::TensorType::Q4_K: return detail::x16_gemv_q4_k_avx2;
            case gguf::TensorType::Q6_K: return detail::x16_gemv_q6_k_avx2;
            default: break;
        }
    }
#endif
    return nullptr;
}

namespace detail {

void x16_gemv_ref(gguf::TensorType type, const uint8_t* group, int64_t blocks, const void* act,
                  float* y) {
    const X16Layout& l = layout_of(type);
    const VecDotFn dot = kernels_for(Isa::Ref).for_type(type).dot;
    const int64_t n = blocks * l.block_elems;
    std::vector<uint8_t> row(size_t(blocks) * l.block_bytes);
    for (uint64_t j = 0; j < kX16Rows; ++j) {
        for (int64_t b = 0; b < blocks; ++b)
            unpack_block(l, group, blocks, b, j, row.data() + size_t(b) * l.block_bytes);
        y[j] = dot(n, row.data(), act);
    }
}

}  // namespace detail
}  // namespace siliang::kernels::cpu
