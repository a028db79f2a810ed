// Decode over 16 interleaved rows (x16.h, layouts in x16_layout.h) on 256-bit registers, for
// CPUs without AVX-512. The groups are the ones the AVX-512 kernels read: each 64-byte vector
// of 16 rows is two halves, rows 0-7 and rows 8-15, so every step runs per half and the two
// halves' sums are stored side by side; the algorithms are those of gemv_x16_avx512.cpp,
// whose comments say why. Row by row these CPUs read about half of what memory gives
// (SILIANG_CPU_ISA=avx2 on this project's Emerald Rapids VM: 0.44-0.48 of a plain read on
// every kind of the 0.5B Q8_0 file, siliang-matvec-bench).
//
// Included by two files, one per instantiation of kVnni:
//  - true (gemv_x16_avxvnni.cpp, -mavxvnni): the VEX forms of vpdpbusd / vpdpwssd, which
//    Intel's CPUs have since Alder Lake and AMD's since Zen 5;
//  - false (gemv_x16_avx2.cpp, plain AVX2): each vpdpbusd as vpmaddubsw + vpmaddwd + vpaddd
//    and each vpdpwssd as vpmaddwd + vpaddd. vpmaddubsw saturates a pair's sum at int16, so
//    the unsigned operand must stay at or below 128 (128 * 127 * 2 = 32512): Q4_0, Q5_0, Q4_K
//    and Q6_K quants do (15, 31, 15, 63); Q8_0's q + 128 does not, so that kernel multiplies |q| by
//    x with q's sign (vpsignb) instead, and Q4_K's high nibbles are shifted down rather than taken
//    16 times over.
// Internal to siliang_kernels_cpu.
#pragma once

#include <cstddef>
#include <cstring>

#include "cpu/simd_x86.h"
#include "cpu/x16.h"
#include "cpu/x16_layout.h"

namespace siliang::kernels::cpu::detail {
// Internal linkage: the two files compile this with different target flags, so none of it
// may be shared between them by the linker.
namespace x16_avx2 {
namespace {

constexpr int64_t kAct32 = sizeof(ActQ8_32);

// Four activation quants at p as one int32, in every lane. A volatile asm statement, so that
// GCC neither shares one broadcast between the two halves' passes nor hoists them: kept live
// across a pass, the broadcasts do not fit AVX2's 16 registers and spill to the stack.
__m256i quad(const uint8_t* p) {
    __m256i r;
    __asm__ volatile("vpbroadcastd %1, %0" : "=x"(r) : "m"(*reinterpret_cast<const int32_t*>(p)));
    return r;
}

// Half h (rows 8h..8h+7) of the 64-byte vector at p.
__m256i half(const uint8_t* p, int h) {
    return _mm256_load_si256(reinterpret_cast<const __m256i*>(p + 32 * h));
}

// Rows 8h..8h+7 of a tail array of 16 fp16 values, as floats.
__m256 halves(const uint8_t* p, int h) {
    return _mm256_cvtph_ps(_mm_load_si128(reinterpret_cast<const __m128i*>(p + 16 * h)));
}

// The line kPrefetchAhead bytes past p, into L2 (gemv_x16_avx512.cpp).
void prefetch(const uint8_t* p, int ahead = kPrefetchAhead) {
    _mm_prefetch(reinterpret_cast<const char*>(p) + ahead, _MM_HINT_T1);
}

// acc + u · x per 32-bit lane (four unsigned bytes of u by four signed bytes of x).
template <bool kVnni>
__m256i dpbusd(__m256i acc, __m256i u, __m256i x) {
#if defined(__AVXVNNI__)
    if constexpr (kVnni) return _mm256_dpbusd_avx_epi32(acc, u, x);
#endif
    return _mm256_add_epi32(acc,
                            _mm256_madd_epi16(_mm256_maddubs_epi16(u, x), _mm256_set1_epi16(1)));
}

// acc + a · b per 32-bit lane (two int16 pairs).
template <bool kVnni>
__m256i dpwssd(__m256i acc, __m256i a, __m256i b) {
#if defined(__AVXVNNI__)
    if constexpr (kVnni) return _mm256_dpwssd_avx_epi32(acc, a, b);
#endif
    return _mm256_add_epi32(acc, _mm256_madd_epi16(a, b));
}

// 16 in each byte i of the result whose bit i is set in the 32-bit mask at p (Q5_0's fifth
// bits, x16_layout.h: the half's 32 bits of a quad's 64-bit byte mask).
__m256i fifth_bits(const uint8_t* p) {
    // Byte i takes mask byte i / 8 (vpshufb stays within 16-byte lanes, and every lane holds
    // all four mask bytes), then tests bit i % 8 of it.
    const __m256i spread = _mm256_setr_epi8(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2,
                                            2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3);
    const __m256i bit = _mm256_set1_epi64x(static_cast<int64_t>(0x8040201008040201ull));
    const __m256i bytes = _mm256_shuffle_epi8(_mm256_set1_epi32(int_at(p)), spread);
    return _mm256_and_si256(_mm256_cmpeq_epi8(_mm256_and_si256(bytes, bit), bit),
                            _mm256_set1_epi8(0x10));
}

void store(float* y, const __m256 (&acc)[2]) {
    _mm256_storeu_ps(y, acc[0]);
    _mm256_storeu_ps(y + 8, acc[1]);
}

// Q8_0, Q4_0 and Q5_0: per block, quads k = 0..7 (Q8_0: vector k; Q4_0 / Q5_0: low nibbles
// of vector k for k < 4, high nibbles of vector k - 4 after, plus 16 where a Q5_0 fifth bit is
// set), unsigned, minus offset x sum x (Q8_0 without VNNI: signed, no offset).
template <gguf::TensorType kType, bool kVnni>
void gemv_32(const uint8_t* group, int64_t blocks, const void* act, float* y) {
    constexpr bool kQ8 = kType == gguf::TensorType::Q8_0;
    constexpr bool kSigned = kQ8 && !kVnni;
    const X16Layout& l = *x16_layout(kType);
    constexpr bool kFifth = kType == gguf::TensorType::Q5_0;
    constexpr int kOffset = kSigned ? 0 : kQ8 ? 128 : kFifth ? 16 : 8;
    const __m256i flip = _mm256_set1_epi8(static_cast<char>(0x80));
    // Q8_0 quads: vpdpbusd's operands, or |q| and x with q's sign.
    const auto q8 = [&](__m256i acc, __m256i u, __m256i x) {
        if constexpr (!kSigned) return dpbusd<kVnni>(acc, u, x);
        const __m256i q = _mm256_xor_si256(u, flip);
        return dpbusd<kVnni>(acc, _mm256_abs_epi8(q), _mm256_sign_epi8(x, q));
    };
    const __m256i low4 = _mm256_set1_epi8(0x0F);
    const uint8_t* a = bytes(act);
    __m256 acc[2] = {_mm256_setzero_ps(), _mm256_setzero_ps()};
    for (int64_t b = 0; b < blocks; ++b) {
        const uint8_t* q = x16_chunk(group, l, b);
        const uint8_t* x = a + b * kAct32;
        const __m256 xd = _mm256_set1_ps(float_at(x + kActD));
        const __m256i off = _mm256_set1_epi32(kOffset * int_at(x + kActSum));
#pragma GCC unroll 2
        for (int h = 0; h < 2; ++h) {
            __m256i s0 = _mm256_setzero_si256(), s1 = _mm256_setzero_si256();
            if constexpr (kQ8) {
#pragma GCC unroll 4
                for (int k = 0; k < 8; k += 2) {
                    if (h == 0) {
                        prefetch(q + 64 * k);
                        prefetch(q + 64 * k + 64);
                    }
                    s0 = q8(s0, half(q + 64 * k, h), quad(x + kActQs + 4 * k));
                    s1 = q8(s1, half(q + 64 * k + 64, h), quad(x + kActQs + 4 * k + 4));
                }
            } else {
#pragma GCC unroll 4
                for (int k = 0; k < 4; ++k) {
                    if (h == 0) prefetch(q + 64 * k);
                    if (kFifth && h == 0 && k == 0) prefetch(q + 256);
                    const __m256i v = half(q + 64 * k, h);
                    __m256i lo = _mm256_and_si256(v, low4);
                    __m256i hi = _mm256_and_si256(_mm256_srli_epi16(v, 4), low4);
                    if constexpr (kFifth) {
                        lo = _mm256_add_epi8(lo, fifth_bits(q + 256 + 8 * k + 4 * h));
                        hi = _mm256_add_epi8(hi, fifth_bits(q + 256 + 8 * (k + 4) + 4 * h));
                    }
                    s0 = dpbusd<kVnni>(s0, lo, quad(x + kActQs + 4 * k));
                    s1 = dpbusd<kVnni>(s1, hi, quad(x + kActQs + 16 + 4 * k));
                }
            }
            const __m256i dot = _mm256_sub_epi32(_mm256_add_epi32(s0, s1), off);
            const __m256 d = _mm256_mul_ps(halves(x16_tail(group, l, blocks, b), h), xd);
            acc[h] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(dot), d, acc[h]);
        }
    }
    store(y, acc);
}

// Byte k of each lane of v, by the first 32 bytes of one of kX16Q4KShuffles' controls
// (x16_layout.h).
__m256i byte_k(__m256i v, const uint8_t (&control)[64]) {
    return _mm256_shuffle_epi8(v, _mm256_load_si256(reinterpret_cast<const __m256i*>(control)));
}

// The low (kHigh false) or high 16 bits of each 32-bit lane, as 8 floats from fp16.
template <bool kHigh>
__m256 fp16_words(__m256i v) {
    // Per 16-byte lane, the four halves into its low 8 bytes; then the two lanes' low 8 bytes
    // side by side.
    const __m256i pick =
        kHigh ? _mm256_setr_epi8(2, 3, 6, 7, 10, 11, 14, 15, -1, -1, -1, -1, -1, -1, -1, -1, 2, 3,
                                 6, 7, 10, 11, 14, 15, -1, -1, -1, -1, -1, -1, -1, -1)
              : _mm256_setr_epi8(0, 1, 4, 5, 8, 9, 12, 13, -1, -1, -1, -1, -1, -1, -1, -1, 0, 1, 4,
                                 5, 8, 9, 12, 13, -1, -1, -1, -1, -1, -1, -1, -1);
    const __m256i packed = _mm256_permute4x64_epi64(_mm256_shuffle_epi8(v, pick), 0x08);
    return _mm256_cvtph_ps(_mm256_castsi256_si128(packed));
}

template <bool kVnni>
void gemv_q4_k(const uint8_t* group, int64_t blocks, const void* act, float* y) {
    const X16Layout& l = kX16Q4_K;
    constexpr size_t kScales = 2048, kD = 2240;
    constexpr int64_t kAct = sizeof(ActQ8_256);
    constexpr int kBsums = offsetof(ActQ8_256, bsums), kQs = offsetof(ActQ8_256, qs);
    const __m256i low4 = _mm256_set1_epi8(0x0F), low6 = _mm256_set1_epi8(0x3F);
    const __m256i top2 = _mm256_set1_epi8(0x30), high4 = _mm256_set1_epi8(static_cast<char>(0xF0));
    const uint8_t* a = bytes(act);
    __m256 acc[2] = {_mm256_setzero_ps(), _mm256_setzero_ps()};
    for (int64_t b = 0; b < blocks; ++b) {
        const uint8_t* q = x16_chunk(group, l, b);
        const uint8_t* x = a + b * kAct;
        for (size_t line = kScales; line < l.chunk_bytes; line += 64) prefetch(q + line);
        const __m256 xd = _mm256_set1_ps(float_at(x));
#pragma GCC unroll 1  // a pass per half; quad() keeps the two from sharing broadcasts
        for (int h = 0; h < 2; ++h) {
            __m256i sum_lo = _mm256_setzero_si256(), sum_hi = _mm256_setzero_si256();
            __m256i min_sum = _mm256_setzero_si256();
#pragma GCC unroll 4
            for (int k = 0; k < 4; ++k) {
                const uint8_t* qk = q + 512 * k;
                const uint8_t* xk = x + kQs + 64 * k;
                __m256i lo[2] = {_mm256_setzero_si256(), _mm256_setzero_si256()};
                __m256i hi[2] = {_mm256_setzero_si256(), _mm256_setzero_si256()};
#pragma GCC unroll 8
                for (int s = 0; s < 8; ++s) {
                    if (h == 0) prefetch(qk + 64 * s);
                    const __m256i v = half(qk + 64 * s, h);
                    lo[s % 2] =
                        dpbusd<kVnni>(lo[s % 2], _mm256_and_si256(v, low4), quad(xk + 4 * s));
                    // 16 times the high nibbles (one instruction), or the nibbles themselves
                    // where vpmaddubsw would saturate on 16 times them.
                    const __m256i high = kVnni ? _mm256_and_si256(v, high4)
                                               : _mm256_and_si256(_mm256_srli_epi16(v, 4), low4);
                    hi[s % 2] = dpbusd<kVnni>(hi[s % 2], high, quad(xk + 32 + 4 * s));
                }
                // The scales and mins of sub-blocks 2k and 2k + 1 (word k / 2), decoded here
                // from the chunk (in L1 by now): kept across the loop above, they would not
                // fit AVX2's 16 registers.
                const __m256i v0 = half(q + kScales, h), v1 = half(q + kScales + 64, h);
                __m256i scales, mins;
                if (k < 2) {
                    scales = _mm256_and_si256(v0, low6);
                    mins = _mm256_and_si256(v1, low6);
                } else {
                    const __m256i v2 = half(q + kScales + 128, h);
                    scales = _mm256_or_si256(_mm256_and_si256(v2, low4),
                                             _mm256_and_si256(_mm256_srli_epi32(v0, 2), top2));
                    mins = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi32(v2, 4), low4),
                                           _mm256_and_si256(_mm256_srli_epi32(v1, 2), top2));
                }
                const __m256i sc_lo = byte_k(scales, kX16Q4KShuffles.spread[(2 * k) % 4]);
                const __m256i sc_hi = byte_k(scales, kX16Q4KShuffles.spread[(2 * k + 1) % 4]);
                sum_lo = dpwssd<kVnni>(dpwssd<kVnni>(sum_lo, lo[0], sc_lo), lo[1], sc_lo);
                sum_hi = _mm256_add_epi32(
                    sum_hi, _mm256_mullo_epi32(_mm256_add_epi32(hi[0], hi[1]), sc_hi));
                min_sum = dpwssd<kVnni>(min_sum, byte_k(mins, kX16Q4KShuffles.twice[(2 * k) % 4]),
                                        quad(x + kBsums + 8 * k));
                min_sum =
                    dpwssd<kVnni>(min_sum, byte_k(mins, kX16Q4KShuffles.twice[(2 * k + 1) % 4]),
                                  quad(x + kBsums + 8 * k + 4));
            }
            const __m256i dm = half(q + kD, h);
            const __m256 d = _mm256_mul_ps(fp16_words<false>(dm), xd);
            const __m256 dmin = _mm256_mul_ps(fp16_words<true>(dm), xd);
            acc[h] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(_mm256_add_epi32(
                                         sum_lo, kVnni ? _mm256_srai_epi32(sum_hi, 4) : sum_hi)),
                                     d, acc[h]);
            acc[h] = _mm256_fnmadd_ps(_mm256_cvtepi32_ps(min_sum), dmin, acc[h]);
        }
    }
    store(y, acc);
}

// Q6_K: as the AVX-512 kernel, with each quant's vpternlogd (low nibble where 0x0F is set,
// the shifted bit pair elsewhere) as an and, an andnot and an or.
template <bool kVnni>
void gemv_q6_k(const uint8_t* group, int64_t blocks, const void* act, float* y) {
    const X16Layout& l = kX16Q6_K;
    constexpr size_t kPairs = 2048, kScales = 3072;
    constexpr int kAhead = 2 * 3328;  // whole chunks ahead (gemv_x16_avx512.cpp)
    constexpr int64_t kAct = sizeof(ActQ8_256);
    constexpr int kBsums = offsetof(ActQ8_256, bsums), kQs = offsetof(ActQ8_256, qs);
    const __m256i low4 = _mm256_set1_epi8(0x0F), pairs = _mm256_set1_epi8(0x33);
    const auto merge = [&](__m256i nibbles, __m256i pair_bits) {
        return _mm256_or_si256(_mm256_and_si256(nibbles, low4),
                               _mm256_andnot_si256(low4, pair_bits));
    };
    const uint8_t* a = bytes(act);
    __m256 acc[2] = {_mm256_setzero_ps(), _mm256_setzero_ps()};
    for (int64_t b = 0; b < blocks; ++b) {
        const uint8_t* q = x16_chunk(group, l, b);
        const uint8_t* x = a + b * kAct;
        for (size_t line = kScales; line < l.chunk_bytes; line += 64) prefetch(q + line, kAhead);
        const __m256 xd = _mm256_set1_ps(float_at(x));
#pragma GCC unroll 1                      // as in Q4_K
        for (int hr = 0; hr < 2; ++hr) {  // rows 8hr..8hr+7
            __m256i sum = _mm256_setzero_si256();
            // Per half h of the super-block, steps m = 4p..4p+3 give the sums of sub-blocks
            // 8h + 2j + p (j < 4): four accumulators at a time, as AVX2 has 16 registers.
#pragma GCC unroll 4
            for (int hp = 0; hp < 4; ++hp) {
                const int h = hp / 2, p = hp % 2;
                const uint8_t* xh = x + kQs + 128 * h;
                __m256i c[4];
#pragma GCC unroll 4
                for (int j = 0; j < 4; ++j) c[j] = _mm256_setzero_si256();
#pragma GCC unroll 4
                for (int m = 4 * p; m < 4 * p + 4; ++m) {
                    const uint8_t* pa = q + 64 * (16 * h + m);
                    const uint8_t* ph = q + kPairs + 64 * (8 * h + m);
                    if (hr == 0) {
                        prefetch(pa, kAhead);
                        prefetch(pa + 64 * 8, kAhead);
                        prefetch(ph, kAhead);
                    }
                    const __m256i va = half(pa, hr), vb = half(pa + 64 * 8, hr);
                    const __m256i vh = half(ph, hr);
                    const __m256i hm = _mm256_and_si256(vh, pairs);
                    const __m256i hn = _mm256_and_si256(_mm256_srli_epi16(vh, 2), pairs);
                    c[0] =
                        dpbusd<kVnni>(c[0], merge(va, _mm256_slli_epi16(hm, 4)), quad(xh + 4 * m));
                    c[1] = dpbusd<kVnni>(c[1], merge(vb, _mm256_slli_epi16(hn, 4)),
                                         quad(xh + 32 + 4 * m));
                    c[2] = dpbusd<kVnni>(c[2], merge(_mm256_srli_epi16(va, 4), hm),
                                         quad(xh + 64 + 4 * m));
                    c[3] = dpbusd<kVnni>(c[3], merge(_mm256_srli_epi16(vb, 4), hn),
                                         quad(xh + 96 + 4 * m));
                }
#pragma GCC unroll 4
                for (int j = 0; j < 4; ++j) {
                    const int sb = 8 * h + 2 * j + p;
                    // Scale sb: byte sb % 4 of each row's word in vector sb / 4, sign-extended.
                    const __m256i sc = _mm256_srai_epi32(
                        _mm256_slli_epi32(half(q + kScales + 64 * (sb / 4), hr), 24 - 8 * (sb % 4)),
                        24);
                    int16_t bsum;
                    std::memcpy(&bsum, x + kBsums + 2 * sb, sizeof bsum);
                    const __m256i dot = _mm256_sub_epi32(c[j], _mm256_set1_epi32(32 * bsum));
                    sum = _mm256_add_epi32(sum, _mm256_mullo_epi32(dot, sc));
                }
            }
            const __m256 d = _mm256_mul_ps(halves(x16_tail(group, l, blocks, b), hr), xd);
            acc[hr] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(sum), d, acc[hr]);
        }
    }
    store(y, acc);
}

}  // namespace
}  // namespace x16_avx2
}  // namespace siliang::kernels::cpu::detail
