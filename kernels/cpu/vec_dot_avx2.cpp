// AVX2 + FMA + F16C kernels (this file is compiled with -mavx2 -mfma -mf16c
// and only called after cpu_features found those; see vec_dot_impl.h).
//
// Everything here has internal linkage or is one of the declared kernels
// (why: simd_x86.h).
//
// 32-blocks: the weight quants are made unsigned bytes (Q4: the nibbles,
// Q5: nibble | 5th bit << 4, Q8_0: |q| with q's sign moved onto the
// activation), multiplied with the signed activation bytes by
// _mm256_maddubs_epi16 (u8 x s8, pairs summed to int16: at most
// 2 * 128 * 127, no saturation) and widened by _mm256_madd_epi16. The
// eight int32 lanes hold the block's exact integer sum in parts; the block's
// float scale multiplies them into a float accumulator (two of them, to hide
// the FMA latency). Offsets come from the activation block sum, as in the
// reference: that adds -8 or -16 * sum to lane 0 of the integer vector.
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "cpu/quant_blocks.h"
#include "cpu/simd_x86.h"
#include "cpu/vec_dot.h"
#include "cpu/vec_dot_impl.h"

namespace siliang::kernels::cpu::detail {

namespace {

// One block of activations: d = max|x| / 127, q = round-half-even(x / d)
// clamped to +-127, as the reference (act_quantize_ref.cpp). Returns d and
// writes `len` (a multiple of 32) quants to q and the int32 sums of each
// 16 of them to sums16.
float quantize_block(const float* x, int len, int8_t* q, int32_t* sums16) {
    const __m256 sign = _mm256_set1_ps(-0.0f);
    __m256 vmax = _mm256_setzero_ps();
    for (int i = 0; i < len; i += 8) {
        vmax = _mm256_max_ps(vmax, _mm256_andnot_ps(sign, _mm256_loadu_ps(x + i)));
    }
    const float d = hmax(vmax) / 127.0f;
    if (d == 0.0f) {
        std::memset(q, 0, static_cast<size_t>(len));
        for (int g = 0; g < len / 16; ++g) sums16[g] = 0;
        return 0.0f;
    }
    const __m256 vd = _mm256_set1_ps(d);
    const __m256 lo = _mm256_set1_ps(-127.0f), hi = _mm256_set1_ps(127.0f);
    const auto quant8 = [&](const float* p) {
        __m256 v = _mm256_div_ps(_mm256_loadu_ps(p), vd);
        v = _mm256_round_ps(v, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
        return _mm256_cvttps_epi32(_mm256_min_ps(_mm256_max_ps(v, lo), hi));
    };
    for (int i = 0; i < len; i += 32) {
        const __m256i a = quant8(x + i), b = quant8(x + i + 8);
        const __m256i c = quant8(x + i + 16), e = quant8(x + i + 24);
        sums16[i / 16] = hsum_epi32(_mm256_add_epi32(a, b));
        sums16[i / 16 + 1] = hsum_epi32(_mm256_add_epi32(c, e));
        // packs works within 128-bit lanes; the permute restores element order.
        const __m256i packed =
            _mm256_packs_epi16(_mm256_packs_epi32(a, b), _mm256_packs_epi32(c, e));
        const __m256i ordered =
            _mm256_permutevar8x32_epi32(packed, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7));
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(q + i), ordered);
    }
    return d;
}

}  // namespace

void quantize_act_q8_32_avx2(const float* x, void* dst, int64_t n) {
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

void quantize_act_q8_256_avx2(const float* x, void* dst, int64_t n) {
    auto* out = static_cast<uint8_t*>(dst);
    for (int64_t b = 0; b < n / 256; ++b) {
        int8_t q[256];
        int32_t sums[16];
        const float d = quantize_block(x + b * 256, 256, q, sums);
        int16_t bsums[16];
        for (int g = 0; g < 16; ++g) bsums[g] = static_cast<int16_t>(sums[g]);
        uint8_t* blk = out + b * static_cast<int64_t>(sizeof(ActQ8_256));
        std::memcpy(blk + offsetof(ActQ8_256, d), &d, 4);
        std::memcpy(blk + offsetof(ActQ8_256, bsums), bsums, sizeof bsums);
        std::memcpy(blk + offsetof(ActQ8_256, qs), q, 256);
    }
}

float dot_f32_avx2(int64_t n, const float* a, const float* b) {
    return dot_f32w_avx2(n, b, a);
}

float dot_f32w_avx2(int64_t n, const void* w, const void* a) {
    const auto* wp = static_cast<const float*>(w);
    const auto* ap = static_cast<const float*>(a);
    __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
    __m256 acc2 = _mm256_setzero_ps(), acc3 = _mm256_setzero_ps();
    int64_t i = 0;
    for (; i + 32 <= n; i += 32) {
        acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(wp + i), _mm256_loadu_ps(ap + i), acc0);
        acc1 = _mm256_fmadd_ps(_mm256_loadu_ps(wp + i + 8), _mm256_loadu_ps(ap + i + 8), acc1);
        acc2 = _mm256_fmadd_ps(_mm256_loadu_ps(wp + i + 16), _mm256_loadu_ps(ap + i + 16), acc2);
        acc3 = _mm256_fmadd_ps(_mm256_loadu_ps(wp + i + 24), _mm256_loadu_ps(ap + i + 24), acc3);
    }
    for (; i + 8 <= n; i += 8) {
        acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(wp + i), _mm256_loadu_ps(ap + i), acc0);
    }
    float sum = hsum(_mm256_add_ps(_mm256_add_ps(acc0, acc1), _mm256_add_ps(acc2, acc3)));
    for (; i < n; ++i) sum += float_at(bytes(wp + i)) * ap[i];
    return sum;
}

namespace {

// The float-activation loop of the 16-bit weight types: `load8(i)` widens
// weights i..i+7 to floats, `load1(i)` one weight.
template <typename Load8, typename Load1>
float dot_halfs(int64_t n, const float* ap, Load8 load8, Load1 load1) {
    __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
    __m256 acc2 = _mm256_setzero_ps(), acc3 = _mm256_setzero_ps();
    int64_t i = 0;
    for (; i + 32 <= n; i += 32) {
        acc0 = _mm256_fmadd_ps(load8(i), _mm256_loadu_ps(ap + i), acc0);
        acc1 = _mm256_fmadd_ps(load8(i + 8), _mm256_loadu_ps(ap + i + 8), acc1);
        acc2 = _mm256_fmadd_ps(load8(i + 16), _mm256_loadu_ps(ap + i + 16), acc2);
        acc3 = _mm256_fmadd_ps(load8(i + 24), _mm256_loadu_ps(ap + i + 24), acc3);
    }
    for (; i + 8 <= n; i += 8) acc0 = _mm256_fmadd_ps(load8(i), _mm256_loadu_ps(ap + i), acc0);
    float sum = hsum(_mm256_add_ps(_mm256_add_ps(acc0, acc1), _mm256_add_ps(acc2, acc3)));
    for (; i < n; ++i) sum += load1(i) * ap[i];
    return sum;
}

}  // namespace

float dot_f16_avx2(int64_t n, const void* w, const void* a) {
    const uint8_t* wp = bytes(w);
    return dot_halfs(
        n, static_cast<const float*>(a),
        [wp](int64_t i) {
            return _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(wp + 2 * i)));
        },
        [wp](int64_t i) { return half_at(wp + 2 * i); });
}

float dot_bf16_avx2(int64_t n, const void* w, const void* a) {
    const uint8_t* wp = bytes(w);
    return dot_halfs(
        n, static_cast<const float*>(a),
        [wp](int64_t i) {
            const __m128i h = _mm_loadu_si128(reinterpret_cast<const __m128i*>(wp + 2 * i));
            return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_cvtepu16_epi32(h), 16));
        },
        [wp](int64_t i) {
            uint16_t h;
            std::memcpy(&h, wp + 2 * i, sizeof h);
            const uint32_t bits = static_cast<uint32_t>(h) << 16;
            float f;
            std::memcpy(&f, &bits, sizeof f);
            return f;
        });
}

float dot_q4_0_avx2(int64_t n, const void* w, const void* a) {
    const uint8_t* wp = bytes(w);
    const uint8_t* ap = bytes(a);
    return sum_blocks(n / 32, [=](int64_t i, __m256 acc) {
        const uint8_t* blk = wp + i * static_cast<int64_t>(sizeof(BlockQ4_0));
        const uint8_t* act = ap + i * static_cast<int64_t>(sizeof(ActQ8_32));
        __m256i lanes = dot_u8_s8(unpack_nibbles(blk + 2), load32(act + kActQs));
        lanes = _mm256_add_epi32(lanes, lane0(-8 * int_at(act + kActSum)));
        return fma_lanes(lanes, half_at(blk) * float_at(act + kActD), acc);
    });
}

float dot_q4_1_avx2(int64_t n, const void* w, const void* a) {
    const uint8_t* wp = bytes(w);
    const uint8_t* ap = bytes(a);
    // The min terms m * d_a * sum(x) go to a scalar sum: measured faster here
    // than folding them into the vector accumulators.
    float min_terms = 0.0f;
    const float sum = sum_blocks(n / 32, [=, &min_terms](int64_t i, __m256 acc) {
        const uint8_t* blk = wp + i * static_cast<int64_t>(sizeof(BlockQ4_1));
        const uint8_t* act = ap + i * static_cast<int64_t>(sizeof(ActQ8_32));
        const float da = float_at(act + kActD);
        const __m256i lanes = dot_u8_s8(unpack_nibbles(blk + 4), load32(act + kActQs));
        min_terms += half_at(blk + 2) * da * static_cast<float>(int_at(act + kActSum));
        return fma_lanes(lanes, half_at(blk) * da, acc);
    });
    return sum + min_terms;
}

float dot_q5_0_avx2(int64_t n, const void* w, const void* a) {
    const uint8_t* wp = bytes(w);
    const uint8_t* ap = bytes(a);
    return sum_blocks(n / 32, [=](int64_t i, __m256 acc) {
        const uint8_t* blk = wp + i * static_cast<int64_t>(sizeof(BlockQ5_0));
        const uint8_t* act = ap + i * static_cast<int64_t>(sizeof(ActQ8_32));
        const __m256i q = _mm256_or_si256(unpack_nibbles(blk + 6), fifth_bits(u32_at(blk + 2)));
        __m256i lanes = dot_u8_s8(q, load32(act + kActQs));
        lanes = _mm256_add_epi32(lanes, lane0(-16 * int_at(act + kActSum)));
        return fma_lanes(lanes, half_at(blk) * float_at(act + kActD), acc);
    });
}

float dot_q5_1_avx2(int64_t n, const void* w, const void* a) {
    const uint8_t* wp = bytes(w);
    const uint8_t* ap = bytes(a);
    float min_terms = 0.0f;
    const float sum = sum_blocks(n / 32, [=, &min_terms](int64_t i, __m256 acc) {
        const uint8_t* blk = wp + i * static_cast<int64_t>(sizeof(BlockQ5_1));
        const uint8_t* act = ap + i * static_cast<int64_t>(sizeof(ActQ8_32));
        const float da = float_at(act + kActD);
        const __m256i q = _mm256_or_si256(unpack_nibbles(blk + 8), fifth_bits(u32_at(blk + 4)));
        const __m256i lanes = dot_u8_s8(q, load32(act + kActQs));
        min_terms += half_at(blk + 2) * da * static_cast<float>(int_at(act + kActSum));
        return fma_lanes(lanes, half_at(blk) * da, acc);
    });
    return sum + min_terms;
}

float dot_q8_0_avx2(int64_t n, const void* w, const void* a) {
    const uint8_t* wp = bytes(w);
    const uint8_t* ap = bytes(a);
    return sum_blocks(n / 32, [=](int64_t i, __m256 acc) {
        const uint8_t* blk = wp + i * static_cast<int64_t>(sizeof(BlockQ8_0));
        const uint8_t* act = ap + i * static_cast<int64_t>(sizeof(ActQ8_32));
        const __m256i q = load32(blk + 2);
        // |q| (as u8: -128 -> 128) times x with q's sign; activations are within +-127.
        const __m256i lanes =
            dot_u8_s8(_mm256_abs_epi8(q), _mm256_sign_epi8(load32(act + kActQs), q));
        return fma_lanes(lanes, half_at(blk) * float_at(act + kActD), acc);
    });
}

}  // namespace siliang::kernels::cpu::detail
