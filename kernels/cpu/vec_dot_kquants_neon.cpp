// AArch64 NEON dot products of K-quant weight rows with ActQ8_256
// activations. Compiled twice (simd_neon.h): plain ARMv8-A (*_neon) and
// ARMv8.2-A + dotprod (*_neondot), called only when the CPU has the ISA.
//
// The same integers as vec_dot_kquants_ref.cpp, 16 elements at a time: the
// weight quants become signed bytes (Q3_K: q - 4 unless the high bit is set,
// Q6_K: q - 32, the others as they are), dot16() gives each sub-block's
// products in four int32 lanes, sum4() puts four sub-block sums side by side
// and one vector multiply applies their four scales. The super-block's int32
// total then goes through the reference's own float expression, in the same
// order, so these kernels return the reference's float bit for bit (the
// kernels are compiled with -ffp-contract=off like the reference). The float
// work is a few operations per 256 elements, so this costs nothing measurable.
#include "cpu/k4_scale_bits.h"
#include "cpu/simd_neon.h"
#include "cpu/vec_dot_impl.h"

namespace siliang::kernels::cpu::detail {

namespace {

// The reference's per-super-block float step (vec_dot_kquants_ref.cpp: combine).
inline float combine(float d, float dmin, float d_a, int32_t sumi, int32_t summ) {
    return (d * d_a) * static_cast<float>(sumi) - (dmin * d_a) * static_cast<float>(summ);
}

// 16 unsigned scales (bytes) as four int32x4: scales 0-3, 4-7, 8-11, 12-15.
struct Scales16 {
    int32x4_t g[4];
};
inline Scales16 widen_scales(int16x8_t s0_7, int16x8_t s8_15) {
    return {{vmovl_s16(vget_low_s16(s0_7)), vmovl_high_s16(s0_7), vmovl_s16(vget_low_s16(s8_15)),
             vmovl_high_s16(s8_15)}};
}
inline Scales16 widen_scales_u8(uint8x16_t s) {
    return widen_scales(vreinterpretq_s16_u16(vmovl_u8(vget_low_u8(s))),
                        vreinterpretq_s16_u16(vmovl_high_u8(s)));
}
inline Scales16 widen_scales_s8(int8x16_t s) {
    return widen_scales(vmovl_s8(vget_low_s8(s)), vmovl_high_s8(s));
}

// sum_k a[k] * b[k] over 16 int16 (two vectors each), exact in int32.
inline int32_t dot_s16x16(int16x8_t a0, int16x8_t a1, int16x8_t b0, int16x8_t b1) {
    int32x4_t s = vmull_s16(vget_low_s16(a0), vget_low_s16(b0));
    s = vmlal_high_s16(s, a0, b0);
    s = vmlal_s16(s, vget_low_s16(a1), vget_low_s16(b1));
    s = vmlal_high_s16(s, a1, b1);
    return vaddvq_s32(s);
}

// The Q2_K / Q3_K loop over 16 sub-blocks. Element 128*half + 32*j + l is
// quant(half, j, l / 16) (16 signed bytes), sub-block 8*half + 2*j + l / 16:
// four sub-blocks (j = 2*jp, 2*jp + 1, two halves of l each) per scale group
// 2*half + jp. Returns sum over sub-blocks of scale * sum(q * x).
template <typename Quant>
inline int32_t scaled_sum_2bit(const uint8_t* xq, const Scales16& sc, Quant quant) {
    const int32x4_t zero = vdupq_n_s32(0);
    int32x4_t isum = zero;
#pragma GCC unroll 2
    for (int half = 0; half < 2; ++half) {
#pragma GCC unroll 2
        for (int jp = 0; jp < 2; ++jp) {
            int32x4_t part[4];
#pragma GCC unroll 2
            for (int jj = 0; jj < 2; ++jj) {
                const int j = 2 * jp + jj;
                const uint8_t* x = xq + 128 * half + 32 * j;
                part[2 * jj] = dot16(zero, quant(half, j, 0), load_s8(x));
                part[2 * jj + 1] = dot16(zero, quant(half, j, 1), load_s8(x + 16));
            }
            isum = vmlaq_s32(isum, sum4(part[0], part[1], part[2], part[3]), sc.g[2 * half + jp]);
        }
    }
    return vaddvq_s32(isum);
}

// Q4_K / Q5_K scales and mins (k4_scale_bits.h) as two 8-byte words: scales 0-7 and
// mins 0-7.
struct K4ScalesMins {
    uint64_t scales, mins;
};
inline K4ScalesMins unpack_k4_scales_mins(const uint8_t* s) {
    const K4ScaleWords w = k4_scale_words(s);
    return {(w.low & 0xFFFFFFFFull) | (w.high << 32),
            (w.low >> 32) | (w.high & 0xFFFFFFFF00000000ull)};
}

// The 16 signed scales of a Q3_K block (q3_k_scale() in kernels_impl.h): low
// nibbles of bytes 0-7 are the low 4 bits of scales 0-7, high nibbles those of
// 8-15; 2-bit field k / 4 of byte 8 + k % 4 is the top of scale k; bias 32.
inline int8x16_t unpack_q3_k_scales(const uint8_t* s) {
    uint64_t q01;
    std::memcpy(&q01, s, sizeof q01);
    const uint64_t w2 = u32_at(s + 8);
    const uint64_t m4 = 0x0F0F0F0F0F0F0F0Full, m2 = 0x0303030303030303ull;
    const uint64_t top01 = (w2 | (w2 << 30)) & m2;         // fields 0 and 1: scales 0-7
    const uint64_t top23 = ((w2 >> 4) | (w2 << 26)) & m2;  // fields 2 and 3: scales 8-15
    const uint64_t low = (q01 & m4) | (top01 << 4);
    const uint64_t high = ((q01 >> 4) & m4) | (top23 << 4);
    return vsubq_s8(vreinterpretq_s8_u8(vcombine_u8(vcreate_u8(low), vcreate_u8(high))),
                    vdupq_n_s8(32));
}

// Q4_K / Q5_K: 8 sub-blocks of 32; sub-block 2k is the low nibbles of
// qs[32k .. 32k + 31], 2k + 1 the high ones; Q5_K adds bit s of qh[l] as the
// 5th bit of sub-block s.
template <typename Block, bool kHasHigh>
float dot_k4_style(int64_t n, const void* w, const void* a) {
    static_assert(offsetof(Block, dmin) == offsetof(Block, d) + 2);
    const uint8_t* wb = bytes(w);
    const uint8_t* ab = bytes(a);
    const uint8x16_t m4 = vdupq_n_u8(0x0F), one = vdupq_n_u8(1), bit4 = vdupq_n_u8(0x10);
    const int32x4_t zero = vdupq_n_s32(0);
    float sum = 0.0f;
    for (int64_t i = 0; i < n / kQK_K; ++i, wb += sizeof(Block), ab += sizeof(ActQ8_256)) {
        const K4ScalesMins sm = unpack_k4_scales_mins(wb + offsetof(Block, scales));
        // mins: min s times (bsums 2s + bsums 2s+1).
        const int16x8_t bsum_pairs =
            vpaddq_s16(load_s16(ab + kAct256Bsums), load_s16(ab + kAct256Bsums + 16));
        const int16x8_t mins = vreinterpretq_s16_u16(vmovl_u8(vcreate_u8(sm.mins)));
        int32x4_t mm = vmull_s16(vget_low_s16(mins), vget_low_s16(bsum_pairs));
        mm = vmlal_high_s16(mm, mins, bsum_pairs);
        const int32_t summ = vaddvq_s32(mm);
        const uint16x8_t scales = vmovl_u8(vcreate_u8(sm.scales));
        const int32x4_t sc_lo = vreinterpretq_s32_u32(vmovl_u16(vget_low_u16(scales)));
        const int32x4_t sc_hi = vreinterpretq_s32_u32(vmovl_high_u16(scales));

        const uint8_t* qs = wb + offsetof(Block, qs);
        const uint8_t* xq = ab + kAct256Qs;
        uint8x16_t h0 = vdupq_n_u8(0), h1 = vdupq_n_u8(0);
        if constexpr (kHasHigh) {
            h0 = vld1q_u8(wb + offsetof(Block, qh));
            h1 = vld1q_u8(wb + offsetof(Block, qh) + 16);
        }
        // The 5th bit of the next sub-block (bit 0 of the shifted qh), then on to the next bit.
        const auto next_high = [&](uint8x16_t& h) {
            const uint8x16_t b = vandq_u8(vshlq_n_u8(vandq_u8(h, one), 4), bit4);
            h = vshrq_n_u8(h, 1);
            return b;
        };
        int32x4_t part[8];
#pragma GCC unroll 4
        for (int k = 0; k < 4; ++k) {
            const uint8x16_t q0 = vld1q_u8(qs + 32 * k), q1 = vld1q_u8(qs + 32 * k + 16);
            uint8x16_t lo0 = vandq_u8(q0, m4), lo1 = vandq_u8(q1, m4);
            uint8x16_t hi0 = vshrq_n_u8(q0, 4), hi1 = vshrq_n_u8(q1, 4);
            if constexpr (kHasHigh) {
                lo0 = vorrq_u8(lo0, next_high(h0));
                lo1 = vorrq_u8(lo1, next_high(h1));
                hi0 = vorrq_u8(hi0, next_high(h0));
                hi1 = vorrq_u8(hi1, next_high(h1));
            }
            const uint8_t* x = xq + 64 * k;
            part[2 * k] = dot16(dot16(zero, vreinterpretq_s8_u8(lo0), load_s8(x)),
                                vreinterpretq_s8_u8(lo1), load_s8(x + 16));
            part[2 * k + 1] = dot16(dot16(zero, vreinterpretq_s8_u8(hi0), load_s8(x + 32)),
                                    vreinterpretq_s8_u8(hi1), load_s8(x + 48));
        }
        int32x4_t isum = vmulq_s32(sum4(part[0], part[1], part[2], part[3]), sc_lo);
        isum = vmlaq_s32(isum, sum4(part[4], part[5], part[6], part[7]), sc_hi);
        sum += combine(half_at(wb + offsetof(Block, d)), half_at(wb + offsetof(Block, dmin)),
                       float_at(ab + kAct256D), vaddvq_s32(isum), summ);
    }
    return sum;
}

}  // namespace

float SILIANG_NEON_FN(dot_q2_k)(int64_t n, const void* w, const void* a) {
    const uint8_t* wb = bytes(w);
    const uint8_t* ab = bytes(a);
    const uint8x16_t m3 = vdupq_n_u8(3), m4 = vdupq_n_u8(0x0F);
    float sum = 0.0f;
    for (int64_t i = 0; i < n / kQK_K; ++i, wb += sizeof(BlockQ2_K), ab += sizeof(ActQ8_256)) {
        // Scale byte sb: low nibble the sub-block's scale, high nibble its min.
        const uint8x16_t packed = vld1q_u8(wb + offsetof(BlockQ2_K, scales));
        const uint8x16_t mins = vshrq_n_u8(packed, 4);
        const int32_t summ =
            dot_s16x16(vreinterpretq_s16_u16(vmovl_u8(vget_low_u8(mins))),
                       vreinterpretq_s16_u16(vmovl_high_u8(mins)), load_s16(ab + kAct256Bsums),
                       load_s16(ab + kAct256Bsums + 16));
        const Scales16 sc = widen_scales_u8(vandq_u8(packed, m4));
        // Element 128*half + 32*j + l: bits 2j of qs[32*half + l].
        const uint8_t* qs = wb + offsetof(BlockQ2_K, qs);
        const uint8x16_t q[2][2] = {{vld1q_u8(qs), vld1q_u8(qs + 16)},
                                    {vld1q_u8(qs + 32), vld1q_u8(qs + 48)}};
        const int32_t sumi = scaled_sum_2bit(ab + kAct256Qs, sc, [&](int half, int j, int part) {
            const uint8x16_t shifted =
                vshlq_u8(q[half][part], vdupq_n_s8(static_cast<int8_t>(-2 * j)));
            return vreinterpretq_s8_u8(vandq_u8(shifted, m3));
        });
        sum +=
            combine(half_at(wb + offsetof(BlockQ2_K, d)), half_at(wb + offsetof(BlockQ2_K, dmin)),
                    float_at(ab + kAct256D), sumi, summ);
    }
    return sum;
}

float SILIANG_NEON_FN(dot_q3_k)(int64_t n, const void* w, const void* a) {
    const uint8_t* wb = bytes(w);
    const uint8_t* ab = bytes(a);
    const uint8x16_t m3 = vdupq_n_u8(3), four = vdupq_n_u8(4);
    float sum = 0.0f;
    for (int64_t i = 0; i < n / kQK_K; ++i, wb += sizeof(BlockQ3_K), ab += sizeof(ActQ8_256)) {
        const Scales16 sc = widen_scales_s8(unpack_q3_k_scales(wb + offsetof(BlockQ3_K, scales)));
        const uint8_t* qs = wb + offsetof(BlockQ3_K, qs);
        const uint8_t* hm = wb + offsetof(BlockQ3_K, hmask);
        const uint8x16_t q[2][2] = {{vld1q_u8(qs), vld1q_u8(qs + 16)},
                                    {vld1q_u8(qs + 32), vld1q_u8(qs + 48)}};
        const uint8x16_t hmask[2] = {vld1q_u8(hm), vld1q_u8(hm + 16)};
        // Element 128*half + 32*j + l: low 2 bits as Q2_K, minus 4 unless bit
        // 4*half + j of hmask[l] is set.
        const int32_t sumi = scaled_sum_2bit(ab + kAct256Qs, sc, [&](int half, int j, int part) {
            const uint8x16_t low =
                vandq_u8(vshlq_u8(q[half][part], vdupq_n_s8(static_cast<int8_t>(-2 * j))), m3);
            const uint8x16_t set =
                vtstq_u8(hmask[part], vdupq_n_u8(static_cast<uint8_t>(1u << (4 * half + j))));
            return vreinterpretq_s8_u8(vsubq_u8(low, vbicq_u8(four, set)));
        });
        sum +=
            combine(half_at(wb + offsetof(BlockQ3_K, d)), 0.0f, float_at(ab + kAct256D), sumi, 0);
    }
    return sum;
}

float SILIANG_NEON_FN(dot_q4_k)(int64_t n, const void* w, const void* a) {
    return dot_k4_style<BlockQ4_K, false>(n, w, a);
}

float SILIANG_NEON_FN(dot_q5_k)(int64_t n, const void* w, const void* a) {
    return dot_k4_style<BlockQ5_K, true>(n, w, a);
}

float SILIANG_NEON_FN(dot_q6_k)(int64_t n, const void* w, const void* a) {
    const uint8_t* wb = bytes(w);
    const uint8_t* ab = bytes(a);
    const uint8x16_t m4 = vdupq_n_u8(0x0F), m3 = vdupq_n_u8(3), bits45 = vdupq_n_u8(0x30);
    const int8x16_t bias = vdupq_n_s8(32);
    float sum = 0.0f;
    for (int64_t i = 0; i < n / kQK_K; ++i, wb += sizeof(BlockQ6_K), ab += sizeof(ActQ8_256)) {
        const Scales16 sc = widen_scales_s8(load_s8(wb + offsetof(BlockQ6_K, scales)));
        const uint8_t* ql = wb + offsetof(BlockQ6_K, ql);
        const uint8_t* qh = wb + offsetof(BlockQ6_K, qh);
        // Element 128*half + 32*j + l: nibble j/2 of ql[64*half + 32*(j%2) + l]
        // and bits 2j of qh[32*half + l] as bits 4-5; the value is that minus 32.
        const int32_t sumi = scaled_sum_2bit(ab + kAct256Qs, sc, [&](int half, int j, int part) {
            const uint8x16_t l = vld1q_u8(ql + 64 * half + 32 * (j % 2) + 16 * part);
            const uint8x16_t h = vld1q_u8(qh + 32 * half + 16 * part);
            const uint8x16_t low = j < 2 ? vandq_u8(l, m4) : vshrq_n_u8(l, 4);
            uint8x16_t high;
            switch (j) {
                case 0: high = vshlq_n_u8(vandq_u8(h, m3), 4); break;
                case 1: high = vandq_u8(vshlq_n_u8(h, 2), bits45); break;
                case 2: high = vandq_u8(h, bits45); break;
                default: high = vandq_u8(vshrq_n_u8(h, 2), bits45); break;
            }
            return vsubq_s8(vreinterpretq_s8_u8(vorrq_u8(low, high)), bias);
        });
        sum +=
            combine(half_at(wb + offsetof(BlockQ6_K, d)), 0.0f, float_at(ab + kAct256D), sumi, 0);
    }
    return sum;
}

}  // namespace siliang::kernels::cpu::detail
