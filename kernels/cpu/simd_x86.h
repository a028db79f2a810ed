// Small helpers shared by the x86 SIMD kernel files (vec_dot_avx2.cpp,
// vec_dot_avx512.cpp and the K-quant ones). Include it only from files
// compiled with at least -mavx2 -mfma -mf16c.
//
// Everything is in an anonymous namespace on purpose: each SIMD file gets its
// own copy compiled with its own flags. A shared inline function compiled
// with AVX2 in one file could otherwise be the copy the linker keeps for the
// whole program and then run on a CPU without AVX2. For the same reason the
// SIMD files include only intrinsics, plain structs and declarations.
#pragma once

#include "cpu/x86_intrinsics.h"

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "cpu/k4_scale_bits.h"
#include "cpu/quant_blocks.h"
#include "cpu/vec_dot.h"

#if !defined(__AVX2__) || !defined(__FMA__) || !defined(__F16C__)
#error "simd_x86.h needs -mavx2 -mfma -mf16c"
#endif

namespace siliang::kernels::cpu::detail {
namespace {  // NOLINT: per-file copies are the point, see above

// Decode streams every weight byte from DRAM once per token; the hardware
// prefetcher alone leaves one core at about half the bandwidth it can read.
// Asks for the cache lines of the block `kPrefetchAhead` bytes ahead of `block`
// (one line per 64 bytes of a block of `block_bytes`). Measured on Q8_0 decode:
// +38% tokens/s at 1 thread, +41% at 2 with 1 KiB ahead; 4 KiB then gave another
// +19-64% across the four benchmark files (alternating builds, `bench -p 0 -n 32`),
// 8 KiB no more. Into L2 (T1), not L1: L2 has more miss buffers than L1, so more lines
// are in flight; 1.5B Q4_K_M decode, 8 alternating pairs each: median +7% at t=1, +4% at
// t=2. (The interleaved kernels, gemv_x16_avx512.cpp, prefetch into L2 too, one line
// between every few multiplies rather than a block's lines at once.)
constexpr int kPrefetchAhead = 4096;
inline void prefetch_ahead(const uint8_t* block, size_t block_bytes) {
    for (size_t at = 0; at < block_bytes; at += 64)
        _mm_prefetch(reinterpret_cast<const char*>(block) + kPrefetchAhead + at, _MM_HINT_T1);
}

inline const uint8_t* bytes(const void* p) {
    return static_cast<const uint8_t*>(p);
}

inline float half_at(const uint8_t* p) {
    uint16_t h;
    std::memcpy(&h, p, sizeof h);
    return _cvtsh_ss(h);
}

inline float float_at(const uint8_t* p) {
    float f;
    std::memcpy(&f, p, sizeof f);
    return f;
}

inline int32_t int_at(const uint8_t* p) {
    int32_t v;
    std::memcpy(&v, p, sizeof v);
    return v;
}

// Q4_K / Q5_K scales and mins as 16 bytes: scales 0-3, mins 0-3, scales 4-7, mins 4-7
// (k4_scale_words(); k4_scale_at() / k4_min_at() give the byte positions).
inline __m128i unpack_k4_scales_mins(const uint8_t* s) {
    const K4ScaleWords w = k4_scale_words(s);
    return _mm_set_epi64x(static_cast<long long>(w.high), static_cast<long long>(w.low));
}

inline uint32_t u32_at(const uint8_t* p) {
    uint32_t v;
    std::memcpy(&v, p, sizeof v);
    return v;
}

inline float hsum(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

inline int32_t hsum_epi32(__m256i v) {
    __m128i s = _mm_add_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
    s = _mm_add_epi32(s, _mm_unpackhi_epi64(s, s));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 1));
    return _mm_cvtsi128_si32(s);
}

inline float hmax(__m256 v) {
    __m128 m = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    m = _mm_max_ps(m, _mm_movehl_ps(m, m));
    m = _mm_max_ss(m, _mm_movehdup_ps(m));
    return _mm_cvtss_f32(m);
}

// Activation block layout (ActQ8_32): d at 0, sum at 4, qs at 8.
inline constexpr int kActD = 0, kActSum = 4, kActQs = 8;
static_assert(offsetof(ActQ8_32, d) == kActD && offsetof(ActQ8_32, sum) == kActSum &&
              offsetof(ActQ8_32, qs) == kActQs);

// The 32 quants of a 4-bit block as bytes 0..15 in element order (low
// nibbles are elements 0-15, high nibbles 16-31).
inline __m256i unpack_nibbles(const uint8_t* qs) {
    const __m128i raw = _mm_loadu_si128(reinterpret_cast<const __m128i*>(qs));
    const __m128i mask = _mm_set1_epi8(0x0F);
    const __m128i lo = _mm_and_si128(raw, mask);
    const __m128i hi = _mm_and_si128(_mm_srli_epi16(raw, 4), mask);
    return _mm256_set_m128i(hi, lo);
}

// 0x10 in byte j where bit j of qh is set: the 5th bits of a Q5 block.
inline __m256i fifth_bits(uint32_t qh) {
    // Byte j gets byte j / 8 of qh; then only bit j % 8 of it is tested.
    const __m256i spread =
        _mm256_shuffle_epi8(_mm256_set1_epi32(static_cast<int>(qh)),
                            _mm256_setr_epi64x(0x0000000000000000, 0x0101010101010101,
                                               0x0202020202020202, 0x0303030303030303));
    // Byte k of each 8 has every bit but bit k set: OR gives all ones iff bit k was set.
    const __m256i others = _mm256_set1_epi64x(0x7FBFDFEFF7FBFDFELL);
    const __m256i set = _mm256_cmpeq_epi8(_mm256_or_si256(spread, others), _mm256_set1_epi8(-1));
    return _mm256_and_si256(set, _mm256_set1_epi8(0x10));
}

// Eight int32 lanes summing to sum(q[j] * x[j]), q unsigned, x signed bytes.
inline __m256i dot_u8_s8(__m256i q, __m256i x) {
    return _mm256_madd_epi16(_mm256_maddubs_epi16(q, x), _mm256_set1_epi16(1));
}

// Lane 0 = v, the others 0.
inline __m256i lane0(int32_t v) {
    return _mm256_zextsi128_si256(_mm_cvtsi32_si128(v));
}

inline __m256i load32(const uint8_t* p) {
    return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
}

// acc += scale * lanes (as floats).
inline __m256 fma_lanes(__m256i lanes, float scale, __m256 acc) {
    return _mm256_fmadd_ps(_mm256_set1_ps(scale), _mm256_cvtepi32_ps(lanes), acc);
}

// The shared loop over 32-blocks: `block(i, acc)` adds block i to acc; even
// and odd blocks go to separate accumulators.
template <typename BlockFn>
inline float sum_blocks(int64_t n_blocks, BlockFn block) {
    __m256 acc0 = _mm256_setzero_ps();
    __m256 acc1 = _mm256_setzero_ps();
    int64_t i = 0;
    for (; i + 1 < n_blocks; i += 2) {
        acc0 = block(i, acc0);
        acc1 = block(i + 1, acc1);
    }
    if (i < n_blocks) acc0 = block(i, acc0);
    return hsum(_mm256_add_ps(acc0, acc1));
}

}  // namespace
}  // namespace siliang::kernels::cpu::detail
