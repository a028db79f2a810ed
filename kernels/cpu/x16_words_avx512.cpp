// The rewrite into interleaved groups (x16.cpp) and back, with AVX-512: a field's 32-bit words
// of 16 rows are transposed in registers, 16 words at a time. Scalar, each vector written
// took 16 loads, 16 XORs and a copy through the stack, and the rewrite of the 1.5B Q4_K_M
// file spent a quarter of its load time there.
#include "cpu/simd_x86.h"
#include "cpu/x16.h"

namespace siliang::kernels::cpu::detail {
namespace {

// r[j] word i -> r[i] word j, for 16 x 16 words. Per 128-bit lane: the first two steps make
// u[4g + m] hold, in lane L, word 4L + m of rows 4g..4g+3; the last two gather lane L of
// u[m], u[4 + m], u[8 + m] and u[12 + m] (the four row quarters) into one vector.
__attribute__((always_inline)) inline void transpose16(__m512i r[16]) {
    __m512i t[16], u[16];
#pragma GCC unroll 8
    for (int i = 0; i < 16; i += 2) {
        t[i] = _mm512_unpacklo_epi32(r[i], r[i + 1]);      // words 4L, 4L + 1 of rows i, i + 1
        t[i + 1] = _mm512_unpackhi_epi32(r[i], r[i + 1]);  // words 4L + 2, 4L + 3
    }
#pragma GCC unroll 4
    for (int g = 0; g < 16; g += 4) {
        u[g] = _mm512_unpacklo_epi64(t[g], t[g + 2]);
        u[g + 1] = _mm512_unpackhi_epi64(t[g], t[g + 2]);
        u[g + 2] = _mm512_unpacklo_epi64(t[g + 1], t[g + 3]);
        u[g + 3] = _mm512_unpackhi_epi64(t[g + 1], t[g + 3]);
    }
    constexpr int kEven = 0x88, kOdd = 0xDD;  // lanes 0 and 2 / 1 and 3 of each operand
#pragma GCC unroll 4
    for (int m = 0; m < 4; ++m) {
        const __m512i v = _mm512_shuffle_i32x4(u[m], u[4 + m], kEven);
        const __m512i w = _mm512_shuffle_i32x4(u[m], u[4 + m], kOdd);
        const __m512i v2 = _mm512_shuffle_i32x4(u[8 + m], u[12 + m], kEven);
        const __m512i w2 = _mm512_shuffle_i32x4(u[8 + m], u[12 + m], kOdd);
        r[m] = _mm512_shuffle_i32x4(v, v2, kEven);
        r[4 + m] = _mm512_shuffle_i32x4(w, w2, kEven);
        r[8 + m] = _mm512_shuffle_i32x4(v, v2, kOdd);
        r[12 + m] = _mm512_shuffle_i32x4(w, w2, kOdd);
    }
}

__mmask16 first_words(int words) {
    return static_cast<__mmask16>((1u << words) - 1u);
}

}  // namespace

void x16_words_to_chunk_avx512(const uint8_t* rows, size_t stride, int words, uint32_t flip,
                               uint8_t* chunk) {
    // Masked loads: the words past `words` are not read (a row's last field may end a mapping).
    const __mmask16 m = first_words(words);
    __m512i r[16];
#pragma GCC unroll 16
    for (int j = 0; j < 16; ++j) r[j] = _mm512_maskz_loadu_epi32(m, rows + size_t(j) * stride);
    transpose16(r);
    const __m512i f = _mm512_set1_epi32(static_cast<int>(flip));
#pragma GCC unroll 16
    for (int v = 0; v < words; ++v) _mm512_store_si512(chunk + 64 * v, _mm512_xor_si512(r[v], f));
}

void x16_words_from_chunk_avx512(const uint8_t* chunk, int words, uint32_t flip, uint8_t* rows,
                                 size_t stride) {
    const __mmask16 m = first_words(words);
    const __m512i f = _mm512_set1_epi32(static_cast<int>(flip));
    __m512i r[16];
#pragma GCC unroll 16
    for (int v = 0; v < 16; ++v)
        r[v] = v < words ? _mm512_xor_si512(_mm512_load_si512(chunk + 64 * v), f)
                         : _mm512_setzero_si512();
    transpose16(r);
#pragma GCC unroll 16
    for (int j = 0; j < 16; ++j) _mm512_mask_storeu_epi32(rows + size_t(j) * stride, m, r[j]);
}

}  // namespace siliang::kernels::cpu::detail
