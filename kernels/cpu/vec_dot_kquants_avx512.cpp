// AVX-512 (F, BW, VL, VNNI) dot products of K-quant weight rows with
// ActQ8_256 activations; called only when the CPU has all four. Same integers
// as vec_dot_kquants_ref.cpp, 64 elements per step:
//   _mm512_dpbusd_epi32(0, u8 weight quants, s8 activations) sums 4 products
//   per int32 lane. A lane holds at most 4 * 63 * 128 = 32256 in magnitude,
//   so it also fits an int16, and
//   _mm512_dpwssd_epi32(sum, lanes, scales) then multiplies each lane by its
//   sub-block scale (kept in the low 16 bits of an int32 lane, high bits
//   zero, so the high halves contribute 0 * x) and accumulates, one
//   instruction for the 32-bit multiply and the add.
// Weight quants are VNNI's unsigned operand; Q3_K and Q6_K use their biased
// (unsigned) quants and subtract bias * scale * bsum from the activation
// block sums. Floats appear once per super-block.
//
// A super-block is only 4 such steps, so the per-super-block work (scales,
// mins, d) costs as much as the dots: scales are unpacked with a few 64-bit
// bit operations and spread over the lanes with one shuffle per step.

#include <cstddef>
#include <cstring>

#include "cpu/k4_scale_bits.h"
#include "cpu/quant_blocks.h"
#include "cpu/simd_x86.h"
#include "cpu/vec_dot.h"
#include "cpu/vec_dot_impl.h"

namespace siliang::kernels::cpu::detail {

namespace {

constexpr size_t kAct256D = offsetof(ActQ8_256, d);
constexpr size_t kAct256Bsums = offsetof(ActQ8_256, bsums);
constexpr size_t kAct256Qs = offsetof(ActQ8_256, qs);

__m128i load128(const uint8_t* p) {
    return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
}
__m512i load512(const uint8_t* p) {
    return _mm512_loadu_si512(p);
}
// 32 bytes at p in both 256-bit halves.
__m512i load256x2(const uint8_t* p) {
    return _mm512_broadcast_i64x4(load32(p));
}

// 64-bit lane shift counts: `lo` for the low 256 bits, `hi` for the high.
__m512i halves(int64_t lo, int64_t hi) {
    return _mm512_setr_epi64(lo, lo, lo, lo, hi, hi, hi, hi);
}
// Bytes `lo` in the low 256 bits, `hi` in the high.
__m512i byte_halves(int lo, int hi) {
    return _mm512_inserti64x4(_mm512_set1_epi8(static_cast<char>(lo)),
                              _mm256_set1_epi8(static_cast<char>(hi)), 1);
}

// int16 scales (one per int32 lane, high halves zero) from 16 int8.
__m512i scales_epi32(__m128i s8, bool is_signed) {
    const __m256i s16 = is_signed ? _mm256_cvtepi8_epi16(s8) : _mm256_cvtepu8_epi16(s8);
    return _mm512_cvtepu16_epi32(s16);
}

// Lane indices for _mm512_permutexvar_epi32: with 16 scales of 16-element
// sub-blocks, chunk c (64 elements, sub-blocks 4c..4c+3) needs each scale in
// 4 consecutive lanes.
__m512i spread4(int c) {
    const int b = 4 * c;
    return _mm512_setr_epi32(b, b, b, b, b + 1, b + 1, b + 1, b + 1, b + 2, b + 2, b + 2, b + 2,
                             b + 3, b + 3, b + 3, b + 3);
}

// sum + (dpbusd(u, a) lane-wise times scale).
__m512i scaled_dot64(__m512i sum, __m512i u, __m512i a, __m512i scale) {
    const __m512i dot = _mm512_dpbusd_epi32(_mm512_setzero_si512(), u, a);
    return _mm512_dpwssd_epi32(sum, dot, scale);
}

// The 16 signed scales of a Q3_K block as int8 (see q3_k_scale in
// kernels_impl.h): low nibbles of bytes 0-7 are scales 0-7, high
// nibbles 8-15; the 2-bit field k / 4 of byte 8 + k % 4 is the top of
// scale k; biased by 32. Done on two 64-bit words: scales 0-7 and 8-15.
__m128i unpack_q3_k_scales(const uint8_t* s) {
    uint64_t q01;
    std::memcpy(&q01, s, sizeof q01);
    const uint64_t w2 = u32_at(s + 8);
    const uint64_t m4 = 0x0F0F0F0F0F0F0F0Full, m2 = 0x0303030303030303ull;
    // Fields 0 (scales 0-3) and 1 (4-7); fields 2 (8-11) and 3 (12-15).
    const uint64_t top01 = (w2 | (w2 << 30)) & m2;
    const uint64_t top23 = ((w2 >> 4) | (w2 << 26)) & m2;
    const uint64_t low = (q01 & m4) | (top01 << 4);
    const uint64_t high = ((q01 >> 4) & m4) | (top23 << 4);
    return _mm_sub_epi8(_mm_set_epi64x(static_cast<long long>(high), static_cast<long long>(low)),
                        _mm_set1_epi8(32));
}

// sum_k scale[k] * bsums[k] over the 16 sub-blocks (signed int8 scales), as
// 8 int32 lanes widened to 512 bits (upper lanes zero).
__m512i scaled_bsums(const uint8_t* act, __m128i scales8) {
    const __m256i s16 = _mm256_cvtepi8_epi16(scales8);
    return _mm512_zextsi256_si512(_mm256_madd_epi16(load32(act + kAct256Bsums), s16));
}

// Q2_K / Q3_K: the 2-bit fields j = 0, 1 of qs[32*half + l] (elements
// 128*half + l and + 32) are masked out in place, without a shift: bits 0-1
// in the low 256 bits, bits 2-3 (4 times the value) in the high 256; j = 2, 3
// likewise after one shift by 4. A 64-element chunk thus always has its
// upper 8 lanes weighted by 4, so the lower lanes' scales are multiplied by 4
// instead and the super-block's integer sum is 4 times the true one (d / 4
// makes up for it, exactly). Lanes stay within int16: 4 * 28 * 128.
__m512i two_bit_fields(__m512i q) {
    return _mm512_and_si512(q, byte_halves(0x03, 0x0C));
}
// Chunk c's scales: sub-block 4c + lane / 4, lanes 0-7 from `times4`, 8-15 from `plain`.
__m512i chunk_scales(int c, __m512i times4, __m512i plain) {
    const int b = 4 * c;
    const __m512i idx =
        _mm512_setr_epi32(b, b, b, b, b + 1, b + 1, b + 1, b + 1, 16 + b + 2, 16 + b + 2,
                          16 + b + 2, 16 + b + 2, 16 + b + 3, 16 + b + 3, 16 + b + 3, 16 + b + 3);
    return _mm512_permutex2var_epi32(times4, idx, plain);
}

// A shuffle_epi8 control on unpack_k4_scales_mins() in both 128-bit lanes
// with min j / 2 in int16 j (mins 0-3 in the low lane, 4-7 in the high
// lane), each min twice so that madd with the 16 bsums gives
// min s * (bsums 2s + bsums 2s+1).
struct K4MinCtrl {
    alignas(32) uint8_t bytes[32];
};
constexpr K4MinCtrl make_k4_min_ctrl() {
    K4MinCtrl c{};
    for (int j = 0; j < 16; ++j) {
        c.bytes[2 * j] = static_cast<uint8_t>(k4_min_at(j / 2));
        c.bytes[2 * j + 1] = 0x80;
    }
    return c;
}
constexpr K4MinCtrl kK4MinCtrl = make_k4_min_ctrl();

// A shuffle_epi8 control zero-extending byte `lo` into int32 lanes 0-7 and
// byte `hi` into lanes 8-15.
__m512i widen_byte_ctrl(int lo, int hi) {
    const auto lane = [](int b) {
        return static_cast<int>(0x80808000u | static_cast<unsigned>(b));
    };
    return _mm512_inserti64x4(_mm512_set1_epi32(lane(lo)), _mm256_set1_epi32(lane(hi)), 1);
}

// Q4_K / Q5_K: chunk k holds sub-blocks 2k (low nibbles of qs[32k + l]) and
// 2k + 1 (high nibbles), 64 consecutive elements; Q5_K's 5th bit of
// sub-block s, element l is bit s of qh[l].
//
// R rows `stride` bytes apart at once, into out[0..R): the activation vectors are loaded
// once per block for all of them, and the R rows' blocks are independent chains for the
// out-of-order core. R = 4 for decode's rows of a few super-blocks (a 1536-wide row is 6),
// where the per-row start and final horizontal sum cost as much as a block.
template <typename Block, bool kHasHigh, int R>
void dot_k4_style_avx512(int64_t n, const uint8_t* w, size_t stride, const uint8_t* ab,
                         float* out) {
    static_assert(offsetof(Block, dmin) == offsetof(Block, d) + 2);
    const __m512i m4 = _mm512_set1_epi8(0xF), bit4 = _mm512_set1_epi8(0x10);
    const __m512i nibble_shift = halves(0, 4);
    const __m512i scale_ctrl[4] = {widen_byte_ctrl(k4_scale_at(0), k4_scale_at(1)),
                                   widen_byte_ctrl(k4_scale_at(2), k4_scale_at(3)),
                                   widen_byte_ctrl(k4_scale_at(4), k4_scale_at(5)),
                                   widen_byte_ctrl(k4_scale_at(6), k4_scale_at(7))};
    const __m256i min_ctrl = load32(kK4MinCtrl.bytes);
    __m512 acc[R];
    __m256 acc_min[R];
    for (int r = 0; r < R; ++r) acc[r] = _mm512_setzero_ps(), acc_min[r] = _mm256_setzero_ps();
    for (int64_t i = 0; i < n / kQK_K; ++i, ab += sizeof(ActQ8_256)) {
        const __m128 ad = _mm_set1_ps(float_at(ab + kAct256D));
        const __m256i bsums = load32(ab + kAct256Bsums);
        const uint8_t* aq = ab + kAct256Qs;
        __m512i act[4];
        for (int k = 0; k < 4; ++k) act[k] = load512(aq + 64 * k);
#pragma GCC unroll 4
        for (int r = 0; r < R; ++r) {
            const uint8_t* wb = w + r * stride + i * sizeof(Block);
            prefetch_ahead(wb, sizeof(Block));
            // d and dmin side by side, times the activation scale.
            const __m128 dd = _mm_mul_ps(
                _mm_cvtph_ps(_mm_cvtsi32_si128(static_cast<int>(u32_at(wb + offsetof(Block, d))))),
                ad);
            const __m128i sm = unpack_k4_scales_mins(wb + offsetof(Block, scales));
            // mins: min s times bsums 2s + 2s+1, via madd with each min twice.
            const __m256i mins = _mm256_shuffle_epi8(_mm256_broadcastsi128_si256(sm), min_ctrl);
            acc_min[r] =
                _mm256_fmadd_ps(_mm256_broadcastss_ps(_mm_movehdup_ps(dd)),
                                _mm256_cvtepi32_ps(_mm256_madd_epi16(bsums, mins)), acc_min[r]);
            const __m512i sm4 = _mm512_broadcast_i32x4(sm);
            const uint8_t* qs = wb + offsetof(Block, qs);
            __m512i qh = _mm512_setzero_si512();
            if constexpr (kHasHigh) qh = load256x2(wb + offsetof(Block, qh));
            __m512i sumi = _mm512_setzero_si512();
#pragma GCC unroll 4
            for (int k = 0; k < 4; ++k) {
                __m512i u =
                    _mm512_and_si512(_mm512_srlv_epi64(load256x2(qs + 32 * k), nibble_shift), m4);
                if constexpr (kHasHigh) {
                    const __mmask64 set =
                        _mm512_test_epi8_mask(qh, byte_halves(1 << (2 * k), 1 << (2 * k + 1)));
                    u = _mm512_mask_add_epi8(u, set, u, bit4);  // 0..15 + 16: sets bit 4
                }
                sumi = scaled_dot64(sumi, u, act[k], _mm512_shuffle_epi8(sm4, scale_ctrl[k]));
            }
            acc[r] = _mm512_fmadd_ps(_mm512_broadcastss_ps(dd), _mm512_cvtepi32_ps(sumi), acc[r]);
        }
    }
    // One horizontal sum per row: short rows (a few super-blocks) are common.
    for (int r = 0; r < R; ++r)
        out[r] = _mm512_reduce_add_ps(_mm512_sub_ps(acc[r], _mm512_zextps256_ps512(acc_min[r])));
}

}  // namespace

float dot_q2_k_avx512(int64_t n, const void* w, const void* a) {
    static_assert(offsetof(BlockQ2_K, dmin) == offsetof(BlockQ2_K, d) + 2);
    const auto* wb = static_cast<const uint8_t*>(w);
    const auto* ab = static_cast<const uint8_t*>(a);
    __m512 acc = _mm512_setzero_ps();
    __m256 acc_min = _mm256_setzero_ps();
    const __m128 quarter_one = _mm_setr_ps(0.25f, 1.0f, 0.0f, 0.0f);
    for (int64_t i = 0; i < n / kQK_K; ++i, wb += sizeof(BlockQ2_K), ab += sizeof(ActQ8_256)) {
        // d / 4 and dmin, times the activation scale.
        const __m128 dd = _mm_mul_ps(
            _mm_cvtph_ps(_mm_cvtsi32_si128(static_cast<int>(u32_at(wb + offsetof(BlockQ2_K, d))))),
            _mm_mul_ps(_mm_set1_ps(float_at(ab + kAct256D)), quarter_one));
        const __m128i packed = load128(wb + offsetof(BlockQ2_K, scales));
        const __m128i scales8 = _mm_and_si128(packed, _mm_set1_epi8(0xF));
        const __m256i mins16 =
            _mm256_cvtepu8_epi16(_mm_and_si128(_mm_srli_epi16(packed, 4), _mm_set1_epi8(0xF)));
        const __m256i min_dot = _mm256_madd_epi16(load32(ab + kAct256Bsums), mins16);
        acc_min = _mm256_fmadd_ps(_mm256_broadcastss_ps(_mm_movehdup_ps(dd)),
                                  _mm256_cvtepi32_ps(min_dot), acc_min);
        const __m512i scales = scales_epi32(scales8, false);
        const __m512i scales4 = _mm512_slli_epi16(scales, 2);  // per int16: high halves stay 0
        const uint8_t* qs = wb + offsetof(BlockQ2_K, qs);
        const uint8_t* aq = ab + kAct256Qs;
        __m512i sumi = _mm512_setzero_si512();
#pragma GCC unroll 2
        for (int half = 0; half < 2; ++half) {
            const __m512i q = load256x2(qs + 32 * half);
            sumi = scaled_dot64(sumi, two_bit_fields(q), load512(aq + 128 * half),
                                chunk_scales(2 * half, scales4, scales));
            sumi = scaled_dot64(sumi, two_bit_fields(_mm512_srli_epi16(q, 4)),
                                load512(aq + 128 * half + 64),
                                chunk_scales(2 * half + 1, scales4, scales));
        }
        acc = _mm512_fmadd_ps(_mm512_broadcastss_ps(dd), _mm512_cvtepi32_ps(sumi), acc);
    }
    // One horizontal sum: short rows (a few super-blocks) are common.
    return _mm512_reduce_add_ps(_mm512_sub_ps(acc, _mm512_zextps256_ps512(acc_min)));
}

float dot_q3_k_avx512(int64_t n, const void* w, const void* a) {
    const auto* wb = static_cast<const uint8_t*>(w);
    const auto* ab = static_cast<const uint8_t*>(a);
    const __m512i high_value = byte_halves(4, 16);  // the high bit, in each half's weighting
    __m512 acc = _mm512_setzero_ps();
    for (int64_t i = 0; i < n / kQK_K; ++i, wb += sizeof(BlockQ3_K), ab += sizeof(ActQ8_256)) {
        uint16_t d16;
        std::memcpy(&d16, wb + offsetof(BlockQ3_K, d), sizeof d16);
        const __m128 d = _mm_mul_ss(_mm_cvtph_ps(_mm_cvtsi32_si128(d16)),
                                    _mm_set_ss(float_at(ab + kAct256D) * 0.25f));
        const __m128i scales8 = unpack_q3_k_scales(wb + offsetof(BlockQ3_K, scales));
        const __m512i scales = scales_epi32(scales8, true);
        const __m512i scales4 = _mm512_slli_epi16(scales, 2);  // per int16: high halves stay 0
        // u = low2 + 4 * hbit is q + 4; the bias comes off as 4 * scale * bsum
        // (times 4 for the weighting above).
        __m512i sumi = _mm512_sub_epi32(_mm512_setzero_si512(),
                                        _mm512_slli_epi32(scaled_bsums(ab, scales8), 4));
        const __m512i hmask = load256x2(wb + offsetof(BlockQ3_K, hmask));
        const uint8_t* qs = wb + offsetof(BlockQ3_K, qs);
        const uint8_t* aq = ab + kAct256Qs;
#pragma GCC unroll 4
        for (int c = 0; c < 4; ++c) {
            const int half = c / 2, j = 2 * (c % 2);
            const __m512i q = load256x2(qs + 32 * half);
            __m512i u = two_bit_fields(j == 0 ? q : _mm512_srli_epi16(q, 4));
            // High bit of element 128*half + 32*j + l: bit 4*half + j of hmask[l].
            const int bit = 4 * half + j;
            const __mmask64 set =
                _mm512_test_epi8_mask(hmask, byte_halves(1 << bit, 1 << (bit + 1)));
            u = _mm512_mask_add_epi8(u, set, u, high_value);
            sumi = scaled_dot64(sumi, u, load512(aq + 64 * c), chunk_scales(c, scales4, scales));
        }
        acc = _mm512_fmadd_ps(_mm512_broadcastss_ps(d), _mm512_cvtepi32_ps(sumi), acc);
    }
    return _mm512_reduce_add_ps(acc);
}

float dot_q4_k_avx512(int64_t n, const void* w, const void* a) {
    float out;
    dot_k4_style_avx512<BlockQ4_K, false, 1>(n, bytes(w), 0, bytes(a), &out);
    return out;
}

void dot4_q4_k_avx512(int64_t n, const void* w, size_t stride, const void* a, float* out) {
    dot_k4_style_avx512<BlockQ4_K, false, 4>(n, bytes(w), stride, bytes(a), out);
}

float dot_q5_k_avx512(int64_t n, const void* w, const void* a) {
    float out;
    dot_k4_style_avx512<BlockQ5_K, true, 1>(n, bytes(w), 0, bytes(a), &out);
    return out;
}

float dot_q6_k_avx512(int64_t n, const void* w, const void* a) {
    const uint8_t* wb = bytes(w);
    const uint8_t* ab = bytes(a);
    const __m512i m4 = _mm512_set1_epi8(0xF), bits45 = _mm512_set1_epi8(0x30);
    // High bits 2j of qh moved to bits 4-5: left by 4 (j = 0), 2 (j = 1),
    // right by 0 (j = 2), 2 (j = 3).
    const __m512i shl01 = halves(4, 2), shr23 = halves(0, 2);
    __m512 acc = _mm512_setzero_ps();
    for (int64_t i = 0; i < n / kQK_K; ++i, wb += sizeof(BlockQ6_K), ab += sizeof(ActQ8_256)) {
        prefetch_ahead(wb, sizeof(BlockQ6_K));
        const float d = half_at(wb + offsetof(BlockQ6_K, d)) * float_at(ab + kAct256D);
        const __m128i scales8 = load128(wb + offsetof(BlockQ6_K, scales));
        const __m512i scales = scales_epi32(scales8, true);
        // u = the unsigned 6-bit quant = q + 32; the bias comes off as 32 * scale * bsum.
        __m512i sumi = _mm512_sub_epi32(_mm512_setzero_si512(),
                                        _mm512_slli_epi32(scaled_bsums(ab, scales8), 5));
        const uint8_t* ql = wb + offsetof(BlockQ6_K, ql);
        const uint8_t* qhp = wb + offsetof(BlockQ6_K, qh);
        const uint8_t* aq = ab + kAct256Qs;
        // Half h: ql[64h .. 64h + 63] low nibbles are elements 128h + 0..63,
        // high nibbles 128h + 64..127; qh[32h + l] bits 2j belong to
        // element 128h + 32j + l.
#pragma GCC unroll 2
        for (int half = 0; half < 2; ++half) {
            const __m512i l = load512(ql + 64 * half);
            const __m512i qh = load256x2(qhp + 32 * half);
            const __m512i u01 = _mm512_or_si512(
                _mm512_and_si512(l, m4), _mm512_and_si512(_mm512_sllv_epi64(qh, shl01), bits45));
            const __m512i u23 =
                _mm512_or_si512(_mm512_and_si512(_mm512_srli_epi16(l, 4), m4),
                                _mm512_and_si512(_mm512_srlv_epi64(qh, shr23), bits45));
            sumi = scaled_dot64(sumi, u01, load512(aq + 128 * half),
                                _mm512_permutexvar_epi32(spread4(2 * half), scales));
            sumi = scaled_dot64(sumi, u23, load512(aq + 128 * half + 64),
                                _mm512_permutexvar_epi32(spread4(2 * half + 1), scales));
        }
        acc = _mm512_fmadd_ps(_mm512_set1_ps(d), _mm512_cvtepi32_ps(sumi), acc);
    }
    return _mm512_reduce_add_ps(acc);
}

}  // namespace siliang::kernels::cpu::detail
