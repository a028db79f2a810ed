// AArch64 NEON kernels: activation quantizers, float-weight dots and the
// 32-block dots (Q4_0, Q4_1, Q5_0, Q5_1, Q8_0). Compiled twice (simd_neon.h):
// plain ARMv8-A (*_neon) and ARMv8.2-A + dotprod (*_neondot), and only called
// after cpu_features found the ISA.
//
// 32-blocks: the weight quants are made signed bytes (Q4_0: nibble - 8,
// Q5_0: (nibble | 5th bit << 4) - 16, Q4_1 / Q5_1: the unsigned quants as
// they are, Q8_0: as stored) and dotted with the activation bytes by dot16()
// (SDOT, or widening multiplies and pairwise adds), 16 at a time. The four
// int32 lanes hold the block's exact integer sum in parts (Q4_0 / Q5_0 fold
// the -8 / -16 offset of the reference into the quants, which gives the same
// integer); the block's float scale multiplies them into a float accumulator
// (two of them, even and odd blocks, to hide the FMA latency). The Q4_1 /
// Q5_1 min terms m * d_a * sum(x) go to a scalar sum, as in the AVX2 kernels.
#include "cpu/simd_neon.h"
#include "cpu/vec_dot_impl.h"

namespace siliang::kernels::cpu::detail {

namespace {

// One block of activations: d = max|x| / 127, q = round-half-even(x / d)
// clamped to +-127, exactly as act_quantize_ref.cpp: a true division (FDIV),
// FCVTNS rounds to nearest with ties to even, the narrowing saturates at 127
// and the max at -127. Writes `len` (a multiple of 16) quants to q and the sum
// of each 16 of them to sums16; returns d.
float quantize_block(const float* x, int len, int8_t* q, int32_t* sums16) {
    const auto* xb = reinterpret_cast<const uint8_t*>(x);
    float32x4_t m0 = vdupq_n_f32(0.0f), m1 = vdupq_n_f32(0.0f);
    for (int i = 0; i < len; i += 8) {
        m0 = vmaxq_f32(m0, vabsq_f32(load_f32(xb + 4 * i)));
        m1 = vmaxq_f32(m1, vabsq_f32(load_f32(xb + 4 * i + 16)));
    }
    const float d = vmaxvq_f32(vmaxq_f32(m0, m1)) / 127.0f;
    if (d == 0.0f) {
        std::memset(q, 0, static_cast<size_t>(len));
        for (int g = 0; g < len / 16; ++g) sums16[g] = 0;
        return 0.0f;
    }
    const float32x4_t vd = vdupq_n_f32(d);
    const int8x16_t lowest = vdupq_n_s8(-127);
    const auto quant4 = [&](int i) { return vcvtnq_s32_f32(vdivq_f32(load_f32(xb + 4 * i), vd)); };
    for (int i = 0; i < len; i += 16) {
        const int16x8_t ab = vcombine_s16(vqmovn_s32(quant4(i)), vqmovn_s32(quant4(i + 4)));
        const int16x8_t ce = vcombine_s16(vqmovn_s32(quant4(i + 8)), vqmovn_s32(quant4(i + 12)));
        const int8x16_t q16 = vmaxq_s8(vcombine_s8(vqmovn_s16(ab), vqmovn_s16(ce)), lowest);
        vst1q_s8(q + i, q16);
        sums16[i / 16] = vaddlvq_s8(q16);
    }
    return d;
}

// Eight weights as floats, from one 16-byte load (F16, BF16) or two (F32).
struct Floats8 {
    float32x4_t lo, hi;
};

// The float-activation loop of the float weight types: `load8(i)` gives
// weights i..i+7 as floats, `load1(i)` one weight. Four accumulators of four
// lanes, 16 elements per step; the tail (n not a multiple of 8) is scalar.
template <typename Load8, typename Load1>
float dot_floats(int64_t n, const uint8_t* ab, Load8 load8, Load1 load1) {
    float32x4_t acc0 = vdupq_n_f32(0.0f), acc1 = vdupq_n_f32(0.0f);
    float32x4_t acc2 = vdupq_n_f32(0.0f), acc3 = vdupq_n_f32(0.0f);
    int64_t i = 0;
    for (; i + 16 <= n; i += 16) {
        const Floats8 w0 = load8(i), w1 = load8(i + 8);
        acc0 = vfmaq_f32(acc0, w0.lo, load_f32(ab + 4 * i));
        acc1 = vfmaq_f32(acc1, w0.hi, load_f32(ab + 4 * i + 16));
        acc2 = vfmaq_f32(acc2, w1.lo, load_f32(ab + 4 * i + 32));
        acc3 = vfmaq_f32(acc3, w1.hi, load_f32(ab + 4 * i + 48));
    }
    if (i + 8 <= n) {
        const Floats8 w0 = load8(i);
        acc0 = vfmaq_f32(acc0, w0.lo, load_f32(ab + 4 * i));
        acc1 = vfmaq_f32(acc1, w0.hi, load_f32(ab + 4 * i + 16));
        i += 8;
    }
    float sum = vaddvq_f32(vaddq_f32(vaddq_f32(acc0, acc1), vaddq_f32(acc2, acc3)));
    for (; i < n; ++i) sum += load1(i) * float_at(ab + 4 * i);
    return sum;
}

// acc + scale * lanes (as floats).
inline float32x4_t fma_lanes(int32x4_t lanes, float scale, float32x4_t acc) {
    return vfmaq_n_f32(acc, vcvtq_f32_s32(lanes), scale);
}

// The shared loop over 32-blocks: `block(i, acc)` adds block i to acc; even
// and odd blocks go to separate accumulators.
template <typename BlockFn>
float sum_blocks(int64_t n_blocks, BlockFn block) {
    float32x4_t acc0 = vdupq_n_f32(0.0f), acc1 = vdupq_n_f32(0.0f);
    int64_t i = 0;
    for (; i + 1 < n_blocks; i += 2) {
        acc0 = block(i, acc0);
        acc1 = block(i + 1, acc1);
    }
    if (i < n_blocks) acc0 = block(i, acc0);
    return vaddvq_f32(vaddq_f32(acc0, acc1));
}

// The 32 quants of a 4-bit block (element j in the low nibble of byte j,
// element j + 16 in the high one) as unsigned bytes 0..15: lo = elements 0-15,
// hi = elements 16-31.
struct Nibbles {
    uint8x16_t lo, hi;
};
inline Nibbles unpack_nibbles(const uint8_t* qs) {
    const uint8x16_t raw = vld1q_u8(qs);
    return {vandq_u8(raw, vdupq_n_u8(0x0F)), vshrq_n_u8(raw, 4)};
}

// 0x10 in byte j where bit j of qh is set (bytes 0-15 in lo, 16-31 in hi): the
// 5th bits of a Q5 block. Byte j picks byte j / 8 of qh with a table lookup,
// then tests bit j % 8 of it.
constexpr uint8_t kSpreadLo[16] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1};
constexpr uint8_t kSpreadHi[16] = {2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3};
constexpr uint8_t kBitOf[16] = {1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128};
inline Nibbles fifth_bits(uint32_t qh) {
    const uint8x16_t q = vcombine_u8(vcreate_u8(qh), vcreate_u8(0));
    const uint8x16_t bit = vld1q_u8(kBitOf), b4 = vdupq_n_u8(0x10);
    return {vandq_u8(vtstq_u8(vqtbl1q_u8(q, vld1q_u8(kSpreadLo)), bit), b4),
            vandq_u8(vtstq_u8(vqtbl1q_u8(q, vld1q_u8(kSpreadHi)), bit), b4)};
}

// The int32 lanes of sum(q[j] * x[j]) over a 32-block, q as two signed halves.
inline int32x4_t dot32(int8x16_t q_lo, int8x16_t q_hi, const uint8_t* xq) {
    const int32x4_t zero = vdupq_n_s32(0);
    return dot16(dot16(zero, q_lo, load_s8(xq)), q_hi, load_s8(xq + 16));
}

inline int8x16_t as_s8(uint8x16_t v) {
    return vreinterpretq_s8_u8(v);
}

}  // namespace

void SILIANG_NEON_FN(quantize_act_q8_32)(const float* x, void* dst, int64_t n) {
    auto* out = static_cast<uint8_t*>(dst);
    for (int64_t b = 0; b < n / 32; ++b) {
        int8_t q[32];
        int32_t sums[2];
        const float d = quantize_block(x + b * 32, 32, q, sums);
        const int32_t sum = sums[0] + sums[1];
        uint8_t* blk = out + b * static_cast<int64_t>(sizeof(ActQ8_32));
        std::memcpy(blk + kActD, &d, 4);
        std::memcpy(blk + kActSum, &sum, 4);
        std::memcpy(blk + kActQs, q, 32);
    }
}

void SILIANG_NEON_FN(quantize_act_q8_256)(const float* x, void* dst, int64_t n) {
    auto* out = static_cast<uint8_t*>(dst);
    for (int64_t b = 0; b < n / 256; ++b) {
        int8_t q[256];
        int32_t sums[16];
        const float d = quantize_block(x + b * 256, 256, q, sums);
        int16_t bsums[16];
        for (int g = 0; g < 16; ++g) bsums[g] = static_cast<int16_t>(sums[g]);
        uint8_t* blk = out + b * static_cast<int64_t>(sizeof(ActQ8_256));
        std::memcpy(blk + kAct256D, &d, 4);
        std::memcpy(blk + kAct256Bsums, bsums, sizeof bsums);
        std::memcpy(blk + kAct256Qs, q, 256);
    }
}

float SILIANG_NEON_FN(dot_f32)(int64_t n, const float* a, const float* b) {
    return SILIANG_NEON_FN(dot_f32w)(n, b, a);
}

float SILIANG_NEON_FN(dot_f32w)(int64_t n, const void* w, const void* a) {
    const uint8_t* wb = bytes(w);
    return dot_floats(
        n, bytes(a),
        [wb](int64_t i) {
            return Floats8{load_f32(wb + 4 * i), load_f32(wb + 4 * i + 16)};
        },
        [wb](int64_t i) { return float_at(wb + 4 * i); });
}

float SILIANG_NEON_FN(dot_f16)(int64_t n, const void* w, const void* a) {
    const uint8_t* wb = bytes(w);
    // FCVTL / FCVTL2 of eight halves; both -march levels have them (base ARMv8-A).
    return dot_floats(
        n, bytes(a),
        [wb](int64_t i) {
            const float16x8_t h = vreinterpretq_f16_u8(vld1q_u8(wb + 2 * i));
            return Floats8{vcvt_f32_f16(vget_low_f16(h)), vcvt_high_f32_f16(h)};
        },
        [wb](int64_t i) { return half_at(wb + 2 * i); });
}

float SILIANG_NEON_FN(dot_bf16)(int64_t n, const void* w, const void* a) {
    const uint8_t* wb = bytes(w);
    // A bfloat16 is the top half of a float: widen by a 16-bit left shift.
    return dot_floats(
        n, bytes(a),
        [wb](int64_t i) {
            const uint16x8_t h = vreinterpretq_u16_u8(vld1q_u8(wb + 2 * i));
            return Floats8{vreinterpretq_f32_u32(vshll_n_u16(vget_low_u16(h), 16)),
                           vreinterpretq_f32_u32(vshll_high_n_u16(h, 16))};
        },
        [wb](int64_t i) {
            uint16_t h;
            std::memcpy(&h, wb + 2 * i, sizeof h);
            const uint32_t bits = static_cast<uint32_t>(h) << 16;
            float f;
            std::memcpy(&f, &bits, sizeof f);
            return f;
        });
}

float SILIANG_NEON_FN(dot_q4_0)(int64_t n, const void* w, const void* a) {
    const uint8_t* wp = bytes(w);
    const uint8_t* ap = bytes(a);
    const int8x16_t eight = vdupq_n_s8(8);
    return sum_blocks(n / 32, [=](int64_t i, float32x4_t acc) {
        const uint8_t* blk = wp + i * static_cast<int64_t>(sizeof(BlockQ4_0));
        const uint8_t* act = ap + i * static_cast<int64_t>(sizeof(ActQ8_32));
        const Nibbles q = unpack_nibbles(blk + offsetof(BlockQ4_0, qs));
        const int32x4_t lanes =
            dot32(vsubq_s8(as_s8(q.lo), eight), vsubq_s8(as_s8(q.hi), eight), act + kActQs);
        return fma_lanes(lanes, half_at(blk) * float_at(act + kActD), acc);
    });
}

float SILIANG_NEON_FN(dot_q4_1)(int64_t n, const void* w, const void* a) {
    const uint8_t* wp = bytes(w);
    const uint8_t* ap = bytes(a);
    float min_terms = 0.0f;
    const float sum = sum_blocks(n / 32, [=, &min_terms](int64_t i, float32x4_t acc) {
        const uint8_t* blk = wp + i * static_cast<int64_t>(sizeof(BlockQ4_1));
        const uint8_t* act = ap + i * static_cast<int64_t>(sizeof(ActQ8_32));
        const float da = float_at(act + kActD);
        const Nibbles q = unpack_nibbles(blk + offsetof(BlockQ4_1, qs));
        const int32x4_t lanes = dot32(as_s8(q.lo), as_s8(q.hi), act + kActQs);
        min_terms +=
            half_at(blk + offsetof(BlockQ4_1, m)) * da * static_cast<float>(int_at(act + kActSum));
        return fma_lanes(lanes, half_at(blk) * da, acc);
    });
    return sum + min_terms;
}

float SILIANG_NEON_FN(dot_q5_0)(int64_t n, const void* w, const void* a) {
    const uint8_t* wp = bytes(w);
    const uint8_t* ap = bytes(a);
    const int8x16_t sixteen = vdupq_n_s8(16);
    return sum_blocks(n / 32, [=](int64_t i, float32x4_t acc) {
        const uint8_t* blk = wp + i * static_cast<int64_t>(sizeof(BlockQ5_0));
        const uint8_t* act = ap + i * static_cast<int64_t>(sizeof(ActQ8_32));
        const Nibbles q = unpack_nibbles(blk + offsetof(BlockQ5_0, qs));
        const Nibbles h = fifth_bits(u32_at(blk + offsetof(BlockQ5_0, qh)));
        const int32x4_t lanes = dot32(vsubq_s8(as_s8(vorrq_u8(q.lo, h.lo)), sixteen),
                                      vsubq_s8(as_s8(vorrq_u8(q.hi, h.hi)), sixteen), act + kActQs);
        return fma_lanes(lanes, half_at(blk) * float_at(act + kActD), acc);
    });
}

float SILIANG_NEON_FN(dot_q5_1)(int64_t n, const void* w, const void* a) {
    const uint8_t* wp = bytes(w);
    const uint8_t* ap = bytes(a);
    float min_terms = 0.0f;
    const float sum = sum_blocks(n / 32, [=, &min_terms](int64_t i, float32x4_t acc) {
        const uint8_t* blk = wp + i * static_cast<int64_t>(sizeof(BlockQ5_1));
        const uint8_t* act = ap + i * static_cast<int64_t>(sizeof(ActQ8_32));
        const float da = float_at(act + kActD);
        const Nibbles q = unpack_nibbles(blk + offsetof(BlockQ5_1, qs));
        const Nibbles h = fifth_bits(u32_at(blk + offsetof(BlockQ5_1, qh)));
        const int32x4_t lanes =
            dot32(as_s8(vorrq_u8(q.lo, h.lo)), as_s8(vorrq_u8(q.hi, h.hi)), act + kActQs);
        min_terms +=
            half_at(blk + offsetof(BlockQ5_1, m)) * da * static_cast<float>(int_at(act + kActSum));
        return fma_lanes(lanes, half_at(blk) * da, acc);
    });
    return sum + min_terms;
}

float SILIANG_NEON_FN(dot_q8_0)(int64_t n, const void* w, const void* a) {
    const uint8_t* wp = bytes(w);
    const uint8_t* ap = bytes(a);
    return sum_blocks(n / 32, [=](int64_t i, float32x4_t acc) {
        const uint8_t* blk = wp + i * static_cast<int64_t>(sizeof(BlockQ8_0));
        const uint8_t* act = ap + i * static_cast<int64_t>(sizeof(ActQ8_32));
        const uint8_t* qs = blk + offsetof(BlockQ8_0, qs);
        const int32x4_t lanes = dot32(load_s8(qs), load_s8(qs + 16), act + kActQs);
        return fma_lanes(lanes, half_at(blk) * float_at(act + kActD), acc);
    });
}

}  // namespace siliang::kernels::cpu::detail
