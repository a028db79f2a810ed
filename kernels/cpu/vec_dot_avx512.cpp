// AVX-512 kernels (F, BW, VL, VNNI; this file is compiled with those flags
// plus AVX2/FMA/F16C and only called after cpu_features found them all).
// Everything here has internal linkage or is one of the declared kernels
// (why: simd_x86.h).
//
// Float weights use 512-bit vectors with masked loads for the tail.
//
// The 32-blocks use VNNI's vpdpbusd: u8 weight quants x s8 activation bytes,
// four products summed into each int32 lane. Q4_0, Q4_1, Q5_0 and Q5_1 take
// two blocks per 512-bit vector (lanes 0-7 block i, 8-15 block i + 1, the
// scales d_w * d_a spread to match); their offset (8 or 16) is a second
// vpdpbusd of the constant with the negated activations, and Q4_1 / Q5_1's
// min term m * d_a * sum(x) a vpdpbusd of ones with the activations scaled
// by m * d_a, so no scalar work remains per block but the scales. Q8_0 stays
// at one block per 256-bit vector (measured faster; see dot_q8_0_avx512);
// its signed weights become |q| with their sign moved onto the activation
// (activations stay within +-127, so negating one cannot overflow). A last
// odd block goes through the 256-bit one-block code.
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "cpu/quant_blocks.h"
#include "cpu/simd_x86.h"
#include "cpu/vec_dot.h"
#include "cpu/vec_dot_impl.h"

namespace siliang::kernels::cpu::detail {

namespace {

// As quantize_block in vec_dot_avx2.cpp (same rounding, same bytes), 16 at a time.
float quantize_block512(const float* x, int len, int8_t* q, int32_t* sums16) {
    __m512 vmax = _mm512_setzero_ps();
    for (int i = 0; i < len; i += 16)
        vmax = _mm512_max_ps(vmax, _mm512_abs_ps(_mm512_loadu_ps(x + i)));
    const float d = _mm512_reduce_max_ps(vmax) / 127.0f;
    if (d == 0.0f) {
        std::memset(q, 0, static_cast<size_t>(len));
        for (int g = 0; g < len / 16; ++g) sums16[g] = 0;
        return 0.0f;
    }
    const __m512 vd = _mm512_set1_ps(d);
    const __m512 lo = _mm512_set1_ps(-127.0f), hi = _mm512_set1_ps(127.0f);
    for (int i = 0; i < len; i += 16) {
        __m512 v = _mm512_div_ps(_mm512_loadu_ps(x + i), vd);
        v = _mm512_roundscale_ps(v, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
        const __m512i iv = _mm512_cvttps_epi32(_mm512_min_ps(_mm512_max_ps(v, lo), hi));
        sums16[i / 16] = _mm512_reduce_add_epi32(iv);
        _mm_storeu_si128(reinterpret_cast<__m128i*>(q + i), _mm512_cvtepi32_epi8(iv));
    }
    return d;
}

// vpdpbusd: src + per lane sum of 4 products u8(q) * s8(x).
__m256i dpbusd(__m256i src, __m256i q, __m256i x) {
    return _mm256_dpbusd_epi32(src, q, x);
}

// 0x10 in byte j where bit j of qh is set (a mask move does what AVX2 needs five instructions for).
__m256i fifth_bits512(uint32_t qh) {
    return _mm256_maskz_mov_epi8(qh, _mm256_set1_epi8(0x10));
}

// Float-activation loop of the 16/32-bit weight types: `load(i, mask)`
// widens weights i..i+15 (those in mask) to floats.
template <typename Load16>
float dot_wide(int64_t n, const float* ap, Load16 load) {
    __m512 acc0 = _mm512_setzero_ps(), acc1 = _mm512_setzero_ps();
    __m512 acc2 = _mm512_setzero_ps(), acc3 = _mm512_setzero_ps();
    const __mmask16 all = 0xFFFF;
    int64_t i = 0;
    for (; i + 64 <= n; i += 64) {
        acc0 = _mm512_fmadd_ps(load(i, all), _mm512_loadu_ps(ap + i), acc0);
        acc1 = _mm512_fmadd_ps(load(i + 16, all), _mm512_loadu_ps(ap + i + 16), acc1);
        acc2 = _mm512_fmadd_ps(load(i + 32, all), _mm512_loadu_ps(ap + i + 32), acc2);
        acc3 = _mm512_fmadd_ps(load(i + 48, all), _mm512_loadu_ps(ap + i + 48), acc3);
    }
    for (; i + 16 <= n; i += 16)
        acc0 = _mm512_fmadd_ps(load(i, all), _mm512_loadu_ps(ap + i), acc0);
    if (i < n) {
        const auto tail = static_cast<__mmask16>((1u << (n - i)) - 1);
        acc1 = _mm512_fmadd_ps(load(i, tail), _mm512_maskz_loadu_ps(tail, ap + i), acc1);
    }
    return _mm512_reduce_add_ps(
        _mm512_add_ps(_mm512_add_ps(acc0, acc1), _mm512_add_ps(acc2, acc3)));
}

}  // namespace

void quantize_act_q8_32_avx512(const float* x, void* dst, int64_t n) {
    auto* out = static_cast<uint8_t*>(dst);
    for (int64_t b = 0; b < n / 32; ++b) {
        int8_t q[32];
        int32_t sums[2];
        const float d = quantize_block512(x + b * 32, 32, q, sums);
        const int32_t sum = sums[0] + sums[1];
        uint8_t* blk = out + b * static_cast<int64_t>(sizeof(ActQ8_32));
        std::memcpy(blk + kActD, &d, 4);
        std::memcpy(blk + kActSum, &sum, 4);
        std::memcpy(blk + kActQs, q, 32);
    }
}

void quantize_act_q8_256_avx512(const float* x, void* dst, int64_t n) {
    auto* out = static_cast<uint8_t*>(dst);
    for (int64_t b = 0; b < n / 256; ++b) {
        int8_t q[256];
        int32_t sums[16];
        const float d = quantize_block512(x + b * 256, 256, q, sums);
        int16_t bsums[16];
        for (int g = 0; g < 16; ++g) bsums[g] = static_cast<int16_t>(sums[g]);
        uint8_t* blk = out + b * static_cast<int64_t>(sizeof(ActQ8_256));
        std::memcpy(blk + offsetof(ActQ8_256, d), &d, 4);
        std::memcpy(blk + offsetof(ActQ8_256, bsums), bsums, sizeof bsums);
        std::memcpy(blk + offsetof(ActQ8_256, qs), q, 256);
    }
}

float dot_f32_avx512(int64_t n, const float* a, const float* b) {
    return dot_f32w_avx512(n, b, a);
}

float dot_f32w_avx512(int64_t n, const void* w, const void* a) {
    const auto* wp = static_cast<const float*>(w);
    return dot_wide(n, static_cast<const float*>(a),
                    [wp](int64_t i, __mmask16 m) { return _mm512_maskz_loadu_ps(m, wp + i); });
}

float dot_f16_avx512(int64_t n, const void* w, const void* a) {
    const auto* wp = static_cast<const uint16_t*>(w);
    return dot_wide(n, static_cast<const float*>(a), [wp](int64_t i, __mmask16 m) {
        return _mm512_cvtph_ps(_mm256_maskz_loadu_epi16(m, wp + i));
    });
}

float dot_bf16_avx512(int64_t n, const void* w, const void* a) {
    const auto* wp = static_cast<const uint16_t*>(w);
    return dot_wide(n, static_cast<const float*>(a), [wp](int64_t i, __mmask16 m) {
        const __m512i wide = _mm512_cvtepu16_epi32(_mm256_maskz_loadu_epi16(m, wp + i));
        return _mm512_castsi512_ps(_mm512_slli_epi32(wide, 16));
    });
}

namespace {

constexpr int64_t kActBytes = sizeof(ActQ8_32);

// The scales d_w * d_a of blocks i (lanes 0-7) and i + 1 (lanes 8-15); w_i
// and w_j point at the weight blocks' d, act at activation block i.
__m512 pair_scales(const uint8_t* w_i, const uint8_t* w_j, const uint8_t* act) {
    const float s_i = half_at(w_i) * float_at(act + kActD);
    const float s_j = half_at(w_j) * float_at(act + kActBytes + kActD);
    return _mm512_mask_broadcastss_ps(_mm512_set1_ps(s_i), 0xFF00, _mm_set_ss(s_j));
}

// Activation blocks i and i + 1 as 64 bytes, element order.
__m512i act_pair(const uint8_t* act) {
    return _mm512_inserti64x4(_mm512_castsi256_si512(load32(act + kActQs)),
                              load32(act + kActBytes + kActQs), 1);
}

// The 4-bit quants of two blocks (16 packed bytes each) as 64 bytes in
// element order: [low nibbles i, high nibbles i, low j, high j].
__m512i nibble_pair(const uint8_t* qs_i, const uint8_t* qs_j) {
    __m512i t = _mm512_broadcast_i32x4(_mm_loadu_si128(reinterpret_cast<const __m128i*>(qs_i)));
    t = _mm512_mask_broadcast_i32x4(t, 0xFF00,
                                    _mm_loadu_si128(reinterpret_cast<const __m128i*>(qs_j)));
    // 128-bit chunks 1 and 3 (16-bit elements 8-15, 24-31) take the high nibbles.
    t = _mm512_mask_srli_epi16(t, 0xFF00FF00u, t, 4);
    return _mm512_and_si512(t, _mm512_set1_epi8(0x0F));
}

// The 5th bits of two Q5 blocks (qh words at qh_i, qh_j) as 0x10 bytes in the
// order of nibble_pair.
__m512i fifth_bit_pair(const uint8_t* qh_i, const uint8_t* qh_j) {
    const uint64_t bits = u32_at(qh_i) | static_cast<uint64_t>(u32_at(qh_j)) << 32;
    return _mm512_maskz_mov_epi8(bits, _mm512_set1_epi8(0x10));
}

// sum(q * x) - offset * sum(x) in the lanes of each block: the offset (8 or
// 16) times the negated activations, also by vpdpbusd.
__m512i dot_offset_pair(__m512i q, __m512i x, int offset) {
    const __m512i neg_x = _mm512_sub_epi8(_mm512_setzero_si512(), x);
    const __m512i p = _mm512_dpbusd_epi32(_mm512_setzero_si512(), q, x);
    return _mm512_dpbusd_epi32(p, _mm512_set1_epi8(static_cast<char>(offset)), neg_x);
}

// The loop over 32-blocks, two per 512-bit vector: pair(i) gives the int32
// lanes of blocks i and i + 1 (as pair_scales orders them), single(i, acc)
// adds a last odd block to a 256-bit accumulator. Weight blocks are
// `block_bytes` long and start with their half d.
template <typename PairFn, typename SingleFn>
float sum_pairs(int64_t n_blocks, const uint8_t* wp, int64_t block_bytes, const uint8_t* ap,
                PairFn pair, SingleFn single) {
    const auto step = [&](int64_t i, __m512 acc) {
        const uint8_t* w_i = wp + i * block_bytes;
        return _mm512_fmadd_ps(_mm512_cvtepi32_ps(pair(i)),
                               pair_scales(w_i, w_i + block_bytes, ap + i * kActBytes), acc);
    };
    __m512 acc0 = _mm512_setzero_ps(), acc1 = _mm512_setzero_ps();
    int64_t i = 0;
    for (; i + 4 <= n_blocks; i += 4) {
        acc0 = step(i, acc0);
        acc1 = step(i + 2, acc1);
    }
    if (i + 2 <= n_blocks) {
        acc0 = step(i, acc0);
        i += 2;
    }
    __m256 tail = _mm256_setzero_ps();
    if (i < n_blocks) tail = single(i, tail);
    return _mm512_reduce_add_ps(_mm512_add_ps(acc0, acc1)) + hsum(tail);
}

// [d * d_a, m * d_a] of blocks i and j (Q4_1 / Q5_1: halves d and m at the
// start of each block) as [s_i, ms_i, s_j, ms_j]; act is activation block i.
__m128 dm_pair(const uint8_t* w_i, const uint8_t* w_j, const uint8_t* act) {
    const __m128 dm_i = _mm_cvtph_ps(_mm_cvtsi32_si128(static_cast<int>(u32_at(w_i))));
    const __m128 dm_j = _mm_cvtph_ps(_mm_cvtsi32_si128(static_cast<int>(u32_at(w_j))));
    const __m128 da = _mm_unpacklo_ps(_mm_set_ss(float_at(act + kActD)),
                                      _mm_set_ss(float_at(act + kActBytes + kActD)));
    return _mm_mul_ps(_mm_movelh_ps(dm_i, dm_j), _mm_unpacklo_ps(da, da));
}

// sum_pairs for the types with a min (Q4_1, Q5_1): quants(blk) gives the u8
// quants of the weight blocks at blk and blk + block_bytes; the min term
// m * d_a * sum(x) comes from a second vpdpbusd (ones x activations puts each
// block's sum in its lanes) scaled by m * d_a, all in vectors.
template <typename QuantsFn, typename SingleFn>
float sum_pairs_min(int64_t n_blocks, const uint8_t* wp, int64_t block_bytes, const uint8_t* ap,
                    QuantsFn quants, SingleFn single) {
    const __m512i idx_d = _mm512_set_epi32(2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 0, 0, 0, 0, 0, 0);
    const __m512i idx_m = _mm512_set_epi32(3, 3, 3, 3, 3, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1);
    const __m512i ones = _mm512_set1_epi8(1);
    const auto step = [&](int64_t i, __m512 acc) {
        const uint8_t* w_i = wp + i * block_bytes;
        const uint8_t* act = ap + i * kActBytes;
        const __m512i x = act_pair(act);
        const __m512i lanes_q = _mm512_dpbusd_epi32(_mm512_setzero_si512(), quants(w_i), x);
        const __m512i lanes_sum = _mm512_dpbusd_epi32(_mm512_setzero_si512(), ones, x);
        const __m512 v = _mm512_castps128_ps512(dm_pair(w_i, w_i + block_bytes, act));
        acc = _mm512_fmadd_ps(_mm512_cvtepi32_ps(lanes_q), _mm512_permutexvar_ps(idx_d, v), acc);
        return _mm512_fmadd_ps(_mm512_cvtepi32_ps(lanes_sum), _mm512_permutexvar_ps(idx_m, v), acc);
    };
    __m512 acc0 = _mm512_setzero_ps(), acc1 = _mm512_setzero_ps();
    int64_t i = 0;
    for (; i + 4 <= n_blocks; i += 4) {
        acc0 = step(i, acc0);
        acc1 = step(i + 2, acc1);
    }
    if (i + 2 <= n_blocks) {
        acc0 = step(i, acc0);
        i += 2;
    }
    float tail = 0.0f;
    if (i < n_blocks) tail = single(i);
    return _mm512_reduce_add_ps(_mm512_add_ps(acc0, acc1)) + tail;
}

}  // namespace

float dot_q4_0_avx512(int64_t n, const void* w, const void* a) {
    const uint8_t* wp = bytes(w);
    const uint8_t* ap = bytes(a);
    constexpr int64_t kB = sizeof(BlockQ4_0);
    return sum_pairs(
        n / 32, wp, kB, ap,
        [=](int64_t i) {
            const uint8_t* blk = wp + i * kB;
            return dot_offset_pair(nibble_pair(blk + 2, blk + kB + 2), act_pair(ap + i * kActBytes),
                                   8);
        },
        [=](int64_t i, __m256 acc) {
            const uint8_t* blk = wp + i * kB;
            const uint8_t* act = ap + i * kActBytes;
            const __m256i lanes = dpbusd(lane0(-8 * int_at(act + kActSum)), unpack_nibbles(blk + 2),
                                         load32(act + kActQs));
            return fma_lanes(lanes, half_at(blk) * float_at(act + kActD), acc);
        });
}

namespace {
// m * d_a * sum(x) of block i, the min term of Q4_1 / Q5_1 (m at byte 2 of the block).
float min_term(const uint8_t* blk, const uint8_t* act) {
    return half_at(blk + 2) * float_at(act + kActD) * static_cast<float>(int_at(act + kActSum));
}
}  // namespace

float dot_q4_1_avx512(int64_t n, const void* w, const void* a) {
    const uint8_t* wp = bytes(w);
    const uint8_t* ap = bytes(a);
    constexpr int64_t kB = sizeof(BlockQ4_1);
    return sum_pairs_min(
        n / 32, wp, kB, ap, [](const uint8_t* blk) { return nibble_pair(blk + 4, blk + kB + 4); },
        [=](int64_t i) {
            const uint8_t* blk = wp + i * kB;
            const uint8_t* act = ap + i * kActBytes;
            const __m256i lanes =
                dpbusd(_mm256_setzero_si256(), unpack_nibbles(blk + 4), load32(act + kActQs));
            return hsum(fma_lanes(lanes, half_at(blk) * float_at(act + kActD),
                                  _mm256_setzero_ps())) +
                   min_term(blk, act);
        });
}

float dot_q5_0_avx512(int64_t n, const void* w, const void* a) {
    const uint8_t* wp = bytes(w);
    const uint8_t* ap = bytes(a);
    constexpr int64_t kB = sizeof(BlockQ5_0);
    return sum_pairs(
        n / 32, wp, kB, ap,
        [=](int64_t i) {
            const uint8_t* blk = wp + i * kB;
            prefetch_ahead(blk, 2 * kB);
            const __m512i q = _mm512_or_si512(nibble_pair(blk + 6, blk + kB + 6),
                                              fifth_bit_pair(blk + 2, blk + kB + 2));
            return dot_offset_pair(q, act_pair(ap + i * kActBytes), 16);
        },
        [=](int64_t i, __m256 acc) {
            const uint8_t* blk = wp + i * kB;
            const uint8_t* act = ap + i * kActBytes;
            const __m256i q =
                _mm256_or_si256(unpack_nibbles(blk + 6), fifth_bits512(u32_at(blk + 2)));
            const __m256i lanes =
                dpbusd(lane0(-16 * int_at(act + kActSum)), q, load32(act + kActQs));
            return fma_lanes(lanes, half_at(blk) * float_at(act + kActD), acc);
        });
}

float dot_q5_1_avx512(int64_t n, const void* w, const void* a) {
    const uint8_t* wp = bytes(w);
    const uint8_t* ap = bytes(a);
    constexpr int64_t kB = sizeof(BlockQ5_1);
    return sum_pairs_min(
        n / 32, wp, kB, ap,
        [](const uint8_t* blk) {
            return _mm512_or_si512(nibble_pair(blk + 8, blk + kB + 8),
                                   fifth_bit_pair(blk + 4, blk + kB + 4));
        },
        [=](int64_t i) {
            const uint8_t* blk = wp + i * kB;
            const uint8_t* act = ap + i * kActBytes;
            const __m256i q =
                _mm256_or_si256(unpack_nibbles(blk + 8), fifth_bits512(u32_at(blk + 4)));
            const __m256i lanes = dpbusd(_mm256_setzero_si256(), q, load32(act + kActQs));
            return hsum(fma_lanes(lanes, half_at(blk) * float_at(act + kActD),
                                  _mm256_setzero_ps())) +
                   min_term(blk, act);
        });
}

float dot_q8_0_avx512(int64_t n, const void* w, const void* a) {
    // One block per 256-bit vector: pairing blocks in 512-bit vectors measured
    // slower here (the 8-bit sign fix-up and the inserts compete for the
    // ports the 512-bit vpdpbusd needs), unlike the 4/5-bit types.
    const uint8_t* wp = bytes(w);
    const uint8_t* ap = bytes(a);
    return sum_blocks(n / 32, [=](int64_t i, __m256 acc) {
        const uint8_t* blk = wp + i * static_cast<int64_t>(sizeof(BlockQ8_0));
        const uint8_t* act = ap + i * kActBytes;
        prefetch_ahead(blk, sizeof(BlockQ8_0));
        const __m256i q = load32(blk + 2);
        // |q| as u8 (-128 -> 128); q's sign moves onto the activation (within +-127).
        const __m256i lanes = dpbusd(_mm256_setzero_si256(), _mm256_abs_epi8(q),
                                     _mm256_sign_epi8(load32(act + kActQs), q));
        return fma_lanes(lanes, half_at(blk) * float_at(act + kActD), acc);
    });
}

}  // namespace siliang::kernels::cpu::detail
