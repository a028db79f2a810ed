// Reference (portable, scalar) dot products of K-quant weight rows with
// ActQ8_256 activations: the oracle the AVX2 and AVX-512 kernels are tested
// against, so it is written for clarity, sub-block by sub-block.
//
// Per super-block of 256 elements everything is integer until the end:
//   sumi = sum over sub-blocks of scale * sum(q * a)     (q the integer quant)
//   summ = sum over sub-blocks of min * bsum              (Q2_K, Q4_K, Q5_K)
//   dot += (d * d_a) * sumi - (dmin * d_a) * summ
// The largest |sumi| (Q6_K: 16 * 16 * 32 * 127 * 128, Q4_K: 256 * 15 * 127 * 63)
// stays far below 2^31, so the integer part is exact. The SIMD kernels compute
// the same integers in another order, which is why they may only differ in
// the float accumulation across super-blocks.
//
// Element layouts follow dequantize_kquants.cpp, the gguf-py-exact ground
// truth; each helper below names the element it decodes the same way.
#include "cpu/fp16.h"
#include "cpu/kernels_impl.h"
#include "cpu/vec_dot.h"
#include "cpu/vec_dot_impl.h"

namespace siliang::kernels::cpu::detail {

namespace {

// Each kernel first decodes a weight super-block into its 256 integer quants
// q[e] in element order (the loops follow dequantize_kquants.cpp's element
// numbering e = 128*half + 32*j + l), then takes integer dot products with
// the activation quants sub-block by sub-block.

// Sum of q[e] * a[e] over the `len` elements from `first`.
int32_t idot(const int8_t* q, const int8_t* a, int first, int len) {
    int32_t s = 0;
    for (int e = first; e < first + len; ++e) s += q[e] * a[e];
    return s;
}

// Q2_K and the low 2 bits of Q3_K: element 128*half + 32*j + l is bits
// 2j..2j+1 of qs[32*half + l].
void decode_low2(const uint8_t* qs, int8_t* q) {
    for (int half = 0; half < 2; ++half)
        for (int j = 0; j < 4; ++j)
            for (int l = 0; l < 32; ++l)
                q[128 * half + 32 * j + l] =
                    static_cast<int8_t>((qs[32 * half + l] >> (2 * j)) & 3);
}

float combine(float d, float dmin, float d_a, int32_t sumi, int32_t summ) {
    return (d * d_a) * static_cast<float>(sumi) - (dmin * d_a) * static_cast<float>(summ);
}

// Q4_K and Q5_K: eight sub-blocks of 32 with 6-bit scales and mins; the
// 4-bit part of sub-block s, element l, is nibble s%2 of qs[32*(s/2) + l];
// `high(b, s, l)` adds Q5_K's 5th bit.
template <typename Block, typename High>
float dot_k4_style(int64_t n, const void* w, const void* a, High high) {
    float sum = 0.0f;
    for (int64_t i = 0; i < n / kQK_K; ++i) {
        const auto b = load_block<Block>(w, i);
        const auto y = load_block<ActQ8_256>(a, i);
        int8_t q[kQK_K];
        for (int s = 0; s < kQK_K / 32; ++s)
            for (int l = 0; l < 32; ++l)
                q[32 * s + l] = static_cast<int8_t>(
                    ((b.qs[32 * (s / 2) + l] >> (4 * (s % 2))) & 0xF) | high(b, s, l));
        int32_t sumi = 0, summ = 0;
        for (int s = 0; s < kQK_K / 32; ++s) {
            uint8_t sc, m;
            scale_min_k4(s, b.scales, sc, m);
            sumi += sc * idot(q, y.qs, 32 * s, 32);
            summ += m * (y.bsums[2 * s] + y.bsums[2 * s + 1]);
        }
        sum += combine(fp16_to_fp32(b.d), fp16_to_fp32(b.dmin), y.d, sumi, summ);
    }
    return sum;
}

}  // namespace

float dot_q2_k_ref(int64_t n, const void* w, const void* a) {
    float sum = 0.0f;
    for (int64_t i = 0; i < n / kQK_K; ++i) {
        const auto b = load_block<BlockQ2_K>(w, i);
        const auto y = load_block<ActQ8_256>(a, i);
        int8_t q[kQK_K];
        decode_low2(b.qs, q);
        int32_t sumi = 0, summ = 0;
        for (int sb = 0; sb < kQK_K / 16; ++sb) {
            // Low nibble: the sub-block's scale, high nibble: its min.
            sumi += (b.scales[sb] & 0xF) * idot(q, y.qs, 16 * sb, 16);
            summ += (b.scales[sb] >> 4) * y.bsums[sb];
        }
        sum += combine(fp16_to_fp32(b.d), fp16_to_fp32(b.dmin), y.d, sumi, summ);
    }
    return sum;
}

float dot_q3_k_ref(int64_t n, const void* w, const void* a) {
    float sum = 0.0f;
    for (int64_t i = 0; i < n / kQK_K; ++i) {
        const auto b = load_block<BlockQ3_K>(w, i);
        const auto y = load_block<ActQ8_256>(a, i);
        int8_t q[kQK_K];
        decode_low2(b.qs, q);
        // Element e = 32*bit + l: minus 4 unless that bit of hmask[l] is set.
        for (int bit = 0; bit < 8; ++bit)
            for (int l = 0; l < 32; ++l)
                q[32 * bit + l] =
                    static_cast<int8_t>(q[32 * bit + l] - 4 * (1 - ((b.hmask[l] >> bit) & 1)));
        int32_t sumi = 0;
        for (int sb = 0; sb < kQK_K / 16; ++sb)
            sumi += q3_k_scale(b.scales, sb) * idot(q, y.qs, 16 * sb, 16);
        sum += combine(fp16_to_fp32(b.d), 0.0f, y.d, sumi, 0);
    }
    return sum;
}

float dot_q4_k_ref(int64_t n, const void* w, const void* a) {
    return dot_k4_style<BlockQ4_K>(n, w, a, [](const BlockQ4_K&, int, int) { return 0; });
}

float dot_q5_k_ref(int64_t n, const void* w, const void* a) {
    // The 5th bit of sub-block s, element l, is bit s of qh[l].
    return dot_k4_style<BlockQ5_K>(
        n, w, a, [](const BlockQ5_K& b, int s, int l) { return ((b.qh[l] >> s) & 1) << 4; });
}

float dot_q6_k_ref(int64_t n, const void* w, const void* a) {
    float sum = 0.0f;
    for (int64_t i = 0; i < n / kQK_K; ++i) {
        const auto b = load_block<BlockQ6_K>(w, i);
        const auto y = load_block<ActQ8_256>(a, i);
        // Element 128*half + 32*j + l: low 4 bits are nibble j/2 of
        // ql[64*half + 32*(j%2) + l], high 2 bits are bits 2j of
        // qh[32*half + l]; the value is that 6-bit number minus 32.
        int8_t q[kQK_K];
        for (int half = 0; half < 2; ++half)
            for (int j = 0; j < 4; ++j)
                for (int l = 0; l < 32; ++l) {
                    const int low = (b.ql[64 * half + 32 * (j % 2) + l] >> (4 * (j / 2))) & 0xF;
                    const int hi = (b.qh[32 * half + l] >> (2 * j)) & 3;
                    q[128 * half + 32 * j + l] = static_cast<int8_t>((low | (hi << 4)) - 32);
                }
        int32_t sumi = 0;
        for (int sb = 0; sb < kQK_K / 16; ++sb) sumi += b.scales[sb] * idot(q, y.qs, 16 * sb, 16);
        sum += combine(fp16_to_fp32(b.d), 0.0f, y.d, sumi, 0);
    }
    return sum;
}

}  // namespace siliang::kernels::cpu::detail
