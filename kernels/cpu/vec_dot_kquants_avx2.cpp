// AVX2 + FMA + F16C dot products of K-quant weight rows with ActQ8_256
// activations (compiled with -mavx2 -mfma -mf16c; called only when the CPU
// has them). Same integers as vec_dot_kquants_ref.cpp, computed 32 elements
// at a time:
//   _mm256_maddubs_epi16(u8 weight quants, s8 activations) sums adjacent
//   products into int16 (at most 2 * 63 * 128, no saturation), then
//   _mm256_madd_epi16 with the sub-block scale widens to int32 and sums pairs.
// The weight operand of maddubs must be unsigned, so Q3_K and Q6_K use their
// biased quants (q + 4, q + 32) and subtract bias * scale * bsum afterwards
// from the activation block sums. Floats only appear once per super-block
// (d * d_a times the int32 lanes), so rounding differs from the reference
// only in the order of the final float sums.
#include <immintrin.h>

#include <cstddef>
#include <cstring>

#include "cpu/k4_scale_bits.h"
#include "cpu/quant_blocks.h"
#include "cpu/simd_x86.h"
#include "cpu/vec_dot.h"
#include "cpu/vec_dot_impl.h"

namespace siliang::kernels::cpu::detail {

namespace {

// ActQ8_256 field offsets: d, bsums, qs.
constexpr size_t kAct256D = offsetof(ActQ8_256, d);
constexpr size_t kAct256Bsums = offsetof(ActQ8_256, bsums);
constexpr size_t kAct256Qs = offsetof(ActQ8_256, qs);

__m128i load128(const uint8_t* p) {
    return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
}

// A shuffle_epi8 control putting int16 `lo` of each 128-bit lane into all of
// the low lane and int16 `hi` into all of the high lane.
__m256i word_pick(int lo, int hi) {
    const auto pattern = [](int w) { return static_cast<short>(((2 * w + 1) << 8) | (2 * w)); };
    return _mm256_setr_m128i(_mm_set1_epi16(pattern(lo)), _mm_set1_epi16(pattern(hi)));
}

// For 16 int16 sub-block scales (256 bits: 0-7 low lane, 8-15 high lane),
// pair(m) gives scale 2m in all of the low lane and 2m + 1 in all of the high
// lane: the multiplier for a maddubs result covering sub-blocks 2m and 2m + 1.
struct ScalePairs16 {
    __m256i low8, high8;  // scales 0-7 / 8-15 broadcast to both lanes
    explicit ScalePairs16(__m256i scales16)
        : low8(_mm256_permute2x128_si256(scales16, scales16, 0x00)),
          high8(_mm256_permute2x128_si256(scales16, scales16, 0x11)) {}
    __m256i pair(int m) const {
        return _mm256_shuffle_epi8(m < 4 ? low8 : high8, word_pick((2 * m) % 8, (2 * m + 1) % 8));
    }
};

// sum over the 8 int32 lanes of maddubs(u, a) * scale pair, for the 32
// weights u against the 32 activations at a.
__m256i scaled_dot32(__m256i u, const uint8_t* a, __m256i scale) {
    return _mm256_madd_epi16(_mm256_maddubs_epi16(u, load32(a)), scale);
}

// shuffle_epi8 controls on unpack_k4_scales_mins() in both 128-bit lanes:
// scale[s] zero-extends scale s into every int16; min has min j / 2 in
// int16 j (mins 0-3 in the low lane, 4-7 in the high lane), each min twice
// so that madd with the 16 bsums gives min s * (bsums 2s + bsums 2s+1).
struct K4Ctrl {
    alignas(32) uint8_t scale[8][32];
    alignas(32) uint8_t min[32];
};
constexpr K4Ctrl make_k4_ctrl() {
    K4Ctrl c{};
    for (int j = 0; j < 16; ++j) {
        for (int s = 0; s < 8; ++s) {
            c.scale[s][2 * j] = static_cast<uint8_t>(k4_scale_at(s));
            c.scale[s][2 * j + 1] = 0x80;
        }
        c.min[2 * j] = static_cast<uint8_t>(k4_min_at(j / 2));
        c.min[2 * j + 1] = 0x80;
    }
    return c;
}
constexpr K4Ctrl kK4Ctrl = make_k4_ctrl();

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

// sum_k scale16[k] * bsums[k] as 8 int32 lanes (scales in 16 int16 lanes).
__m256i scaled_bsums(const uint8_t* act, __m256i scales16) {
    return _mm256_madd_epi16(load32(act + kAct256Bsums), scales16);
}

// Moves bit `from` of every byte to bit `to` (other bits: don't care).
__m256i move_bit(__m256i v, int from, int to) {
    return from <= to ? _mm256_slli_epi16(v, to - from) : _mm256_srli_epi16(v, from - to);
}

}  // namespace

float dot_q2_k_avx2(int64_t n, const void* w, const void* a) {
    const auto* wb = static_cast<const uint8_t*>(w);
    const auto* ab = static_cast<const uint8_t*>(a);
    const __m256i m3 = _mm256_set1_epi8(3);
    __m256 acc = _mm256_setzero_ps(), acc_min = _mm256_setzero_ps();
    for (int64_t i = 0; i < n / kQK_K; ++i, wb += sizeof(BlockQ2_K), ab += sizeof(ActQ8_256)) {
        const float d_a = float_at(ab + kAct256D);
        const float d = half_at(wb + offsetof(BlockQ2_K, d)) * d_a;
        const float dmin = half_at(wb + offsetof(BlockQ2_K, dmin)) * d_a;
        const __m128i packed = load128(wb + offsetof(BlockQ2_K, scales));
        const __m256i scales16 = _mm256_cvtepu8_epi16(_mm_and_si128(packed, _mm_set1_epi8(0xF)));
        const __m256i mins16 =
            _mm256_cvtepu8_epi16(_mm_and_si128(_mm_srli_epi16(packed, 4), _mm_set1_epi8(0xF)));
        acc_min = _mm256_fmadd_ps(_mm256_set1_ps(dmin),
                                  _mm256_cvtepi32_ps(scaled_bsums(ab, mins16)), acc_min);
        const ScalePairs16 scales(scales16);
        __m256i sumi = _mm256_setzero_si256();
        const uint8_t* qs = wb + offsetof(BlockQ2_K, qs);
        const uint8_t* aq = ab + kAct256Qs;
        // Elements 128*half + 32*j + l are bits 2j of qs[32*half + l].
#pragma GCC unroll 2
        for (int half = 0; half < 2; ++half) {
            const __m256i q = load32(qs + 32 * half);
#pragma GCC unroll 4
            for (int j = 0; j < 4; ++j) {
                const __m256i u = _mm256_and_si256(_mm256_srli_epi16(q, 2 * j), m3);
                sumi = _mm256_add_epi32(
                    sumi, scaled_dot32(u, aq + 128 * half + 32 * j, scales.pair(4 * half + j)));
            }
        }
        acc = _mm256_fmadd_ps(_mm256_set1_ps(d), _mm256_cvtepi32_ps(sumi), acc);
    }
    return hsum(_mm256_sub_ps(acc, acc_min));  // one horizontal sum: short rows are common
}

float dot_q3_k_avx2(int64_t n, const void* w, const void* a) {
    const auto* wb = static_cast<const uint8_t*>(w);
    const auto* ab = static_cast<const uint8_t*>(a);
    const __m256i m3 = _mm256_set1_epi8(3), bit2 = _mm256_set1_epi8(4);
    __m256 acc = _mm256_setzero_ps();
    for (int64_t i = 0; i < n / kQK_K; ++i, wb += sizeof(BlockQ3_K), ab += sizeof(ActQ8_256)) {
        const float d = half_at(wb + offsetof(BlockQ3_K, d)) * float_at(ab + kAct256D);
        const __m256i scales16 =
            _mm256_cvtepi8_epi16(unpack_q3_k_scales(wb + offsetof(BlockQ3_K, scales)));
        const ScalePairs16 scales(scales16);
        // u = low2 + 4 * hbit is q + 4; the bias comes off as 4 * scale * bsum.
        __m256i sumi = _mm256_slli_epi32(scaled_bsums(ab, scales16), 2);
        sumi = _mm256_sub_epi32(_mm256_setzero_si256(), sumi);
        const __m256i hmask = load32(wb + offsetof(BlockQ3_K, hmask));
        const uint8_t* qs = wb + offsetof(BlockQ3_K, qs);
        const uint8_t* aq = ab + kAct256Qs;
#pragma GCC unroll 2
        for (int half = 0; half < 2; ++half) {
            const __m256i q = load32(qs + 32 * half);
#pragma GCC unroll 4
            for (int j = 0; j < 4; ++j) {
                // High bit of element 128*half + 32*j + l: bit 4*half + j of hmask[l].
                const __m256i high = _mm256_and_si256(move_bit(hmask, 4 * half + j, 2), bit2);
                const __m256i low = _mm256_and_si256(_mm256_srli_epi16(q, 2 * j), m3);
                const __m256i u = _mm256_or_si256(low, high);
                sumi = _mm256_add_epi32(
                    sumi, scaled_dot32(u, aq + 128 * half + 32 * j, scales.pair(4 * half + j)));
            }
        }
        acc = _mm256_fmadd_ps(_mm256_set1_ps(d), _mm256_cvtepi32_ps(sumi), acc);
    }
    return hsum(acc);
}

// Q4_K / Q5_K: 8 sub-blocks of 32 elements; sub-block s is nibble s % 2 of
// qs[32 * (s / 2) + l] (plus, for Q5_K, bit s of qh[l] as the 5th bit).
template <typename Block, bool kHasHigh>
static float dot_k4_style_avx2(int64_t n, const void* w, const void* a) {
    static_assert(offsetof(Block, dmin) == offsetof(Block, d) + 2);
    const auto* wb = static_cast<const uint8_t*>(w);
    const auto* ab = static_cast<const uint8_t*>(a);
    const __m256i m4 = _mm256_set1_epi8(0xF), bit4 = _mm256_set1_epi8(0x10);
    const __m256i min_ctrl = load32(kK4Ctrl.min);
    __m256 acc = _mm256_setzero_ps(), acc_min = _mm256_setzero_ps();
    for (int64_t i = 0; i < n / kQK_K; ++i, wb += sizeof(Block), ab += sizeof(ActQ8_256)) {
        // d and dmin side by side, times the activation scale.
        const __m128 dd = _mm_mul_ps(
            _mm_cvtph_ps(_mm_cvtsi32_si128(static_cast<int>(u32_at(wb + offsetof(Block, d))))),
            _mm_set1_ps(float_at(ab + kAct256D)));
        const __m256i sm =
            _mm256_broadcastsi128_si256(unpack_k4_scales_mins(wb + offsetof(Block, scales)));
        // mins: min s times bsums 2s + 2s+1, via madd with each min twice.
        const __m256i min_dot =
            _mm256_madd_epi16(load32(ab + kAct256Bsums), _mm256_shuffle_epi8(sm, min_ctrl));
        acc_min = _mm256_fmadd_ps(_mm256_broadcastss_ps(_mm_movehdup_ps(dd)),
                                  _mm256_cvtepi32_ps(min_dot), acc_min);
        const uint8_t* qs = wb + offsetof(Block, qs);
        const uint8_t* aq = ab + kAct256Qs;
        __m256i qh = _mm256_setzero_si256();
        if constexpr (kHasHigh) qh = load32(wb + offsetof(Block, qh));
        __m256i sumi = _mm256_setzero_si256();
#pragma GCC unroll 4
        for (int k = 0; k < 4; ++k) {
            const __m256i q = load32(qs + 32 * k);
            __m256i u_lo = _mm256_and_si256(q, m4);
            __m256i u_hi = _mm256_and_si256(_mm256_srli_epi16(q, 4), m4);
            if constexpr (kHasHigh) {
                u_lo = _mm256_or_si256(u_lo, _mm256_and_si256(move_bit(qh, 2 * k, 4), bit4));
                u_hi = _mm256_or_si256(u_hi, _mm256_and_si256(move_bit(qh, 2 * k + 1, 4), bit4));
            }
            const __m256i p_lo = scaled_dot32(
                u_lo, aq + 64 * k, _mm256_shuffle_epi8(sm, load32(kK4Ctrl.scale[2 * k])));
            const __m256i p_hi = scaled_dot32(
                u_hi, aq + 64 * k + 32, _mm256_shuffle_epi8(sm, load32(kK4Ctrl.scale[2 * k + 1])));
            sumi = _mm256_add_epi32(sumi, _mm256_add_epi32(p_lo, p_hi));
        }
        acc = _mm256_fmadd_ps(_mm256_broadcastss_ps(dd), _mm256_cvtepi32_ps(sumi), acc);
    }
    return hsum(_mm256_sub_ps(acc, acc_min));  // one horizontal sum: short rows are common
}

float dot_q4_k_avx2(int64_t n, const void* w, const void* a) {
    return dot_k4_style_avx2<BlockQ4_K, false>(n, w, a);
}

float dot_q5_k_avx2(int64_t n, const void* w, const void* a) {
    return dot_k4_style_avx2<BlockQ5_K, true>(n, w, a);
}

float dot_q6_k_avx2(int64_t n, const void* w, const void* a) {
    const auto* wb = static_cast<const uint8_t*>(w);
    const auto* ab = static_cast<const uint8_t*>(a);
    const __m256i m4 = _mm256_set1_epi8(0xF), bits45 = _mm256_set1_epi8(0x30);
    __m256 acc = _mm256_setzero_ps();
    for (int64_t i = 0; i < n / kQK_K; ++i, wb += sizeof(BlockQ6_K), ab += sizeof(ActQ8_256)) {
        const float d = half_at(wb + offsetof(BlockQ6_K, d)) * float_at(ab + kAct256D);
        const __m256i scales16 = _mm256_cvtepi8_epi16(load128(wb + offsetof(BlockQ6_K, scales)));
        const ScalePairs16 scales(scales16);
        // u = the unsigned 6-bit quant = q + 32; the bias comes off as 32 * scale * bsum.
        __m256i sumi = _mm256_slli_epi32(scaled_bsums(ab, scales16), 5);
        sumi = _mm256_sub_epi32(_mm256_setzero_si256(), sumi);
        const uint8_t* ql = wb + offsetof(BlockQ6_K, ql);
        const uint8_t* qhp = wb + offsetof(BlockQ6_K, qh);
        const uint8_t* aq = ab + kAct256Qs;
        // Element 128*half + 32*j + l: nibble j/2 of ql[64*half + 32*(j%2) + l],
        // high bits 2j of qh[32*half + l].
#pragma GCC unroll 2
        for (int half = 0; half < 2; ++half) {
            const __m256i l0 = load32(ql + 64 * half), l1 = load32(ql + 64 * half + 32);
            const __m256i qh = load32(qhp + 32 * half);
#pragma GCC unroll 4
            for (int j = 0; j < 4; ++j) {
                const __m256i l = j % 2 == 0 ? l0 : l1;
                const __m256i low = _mm256_and_si256(j < 2 ? l : _mm256_srli_epi16(l, 4), m4);
                const __m256i high = _mm256_and_si256(move_bit(qh, 2 * j, 4), bits45);
                const __m256i u = _mm256_or_si256(low, high);
                sumi = _mm256_add_epi32(
                    sumi, scaled_dot32(u, aq + 128 * half + 32 * j, scales.pair(4 * half + j)));
            }
        }
        acc = _mm256_fmadd_ps(_mm256_set1_ps(d), _mm256_cvtepi32_ps(sumi), acc);
    }
    return hsum(acc);
}

}  // namespace siliang::kernels::cpu::detail
