// Decode over 16 interleaved rows (x16.h, layouts in x16_layout.h) with AVX-512 VNNI. Every
// kernel keeps the 16 rows in the 16 int32 lanes of a register: a vpdpbusd multiplies four
// activation quants, broadcast (the signed operand), into each row's next four weight quants
// (the unsigned operand), and the per-block integer sums are scaled in vectors.
#include <cstddef>
#include <cstring>

#include "cpu/simd_x86.h"
#include "cpu/x16.h"
#include "cpu/x16_avx512.h"
#include "cpu/x16_layout.h"

namespace siliang::kernels::cpu::detail {
namespace {

constexpr int64_t kAct32 = sizeof(ActQ8_32);

// Four activation quants at p as one int32, in every lane.
__m512i quad(const uint8_t* p) {
    return _mm512_set1_epi32(int_at(p));
}

// acc + the 16 rows' unsigned quads u times the four signed activation quants at p (vpdpbusd),
// with p's word broadcast by the instruction's memory operand ({1to16}) instead of a separate
// vpbroadcastd: GCC does not fold _mm512_set1_epi32 into it.
__m512i dot_quad(__m512i acc, __m512i u, const uint8_t* p) {
    __asm__("vpdpbusd %2%{1to16%}, %1, %0"
            : "+v"(acc)
            : "v"(u), "m"(*reinterpret_cast<const int32_t*>(p)));
    return acc;
}

// 16 fp16 values (a tail array) as floats.
__m512 halves(const uint8_t* p) {
    return _mm512_cvtph_ps(_mm256_load_si256(reinterpret_cast<const __m256i*>(p)));
}

// The line kPrefetchAhead bytes past p (chunks are 64-byte aligned: one call per line), into
// L2 (T1): that keeps more lines in flight than T0 (siliang-matvec-bench, 1.5B file at t=2,
// ratio to a plain read: Q4_K 0.81-0.84 with T0, 0.85-0.89 with T1; Q8_0 0.90-0.98 with T0,
// 0.94-0.98 with T1). The kernels ask for each line next to the load of the line
// kPrefetchAhead before it, not for a block's lines in one burst: a burst stalls the core
// while the miss buffers are full (perf put 44% of Q4_K's samples right after it), and
// spread out Q4_K went from 0.88-0.94 to 0.92-0.97. One prefetch per line is needed (every
// other line: 0.77), and every extra instruction per line costs: a run-time choice of hint
// (a load, a compare and a branch per line) took Q8_0 from 0.94 to 0.76.
template <int kAhead = kPrefetchAhead>
void prefetch(const uint8_t* p) {
    _mm_prefetch(reinterpret_cast<const char*>(p) + kAhead, _MM_HINT_T1);
}

// The vector at p, and a prefetch of the line kAhead bytes past p, as one asm statement: GCC's
// scheduler hoists the prefetches of an unrolled loop to its top, making the burst described
// above; tied to its load, each stays where the loop asks for it (ratio to a plain read, 1.5B
// Q4_K_M file at t=2: Q4_K ffn_gate / ffn_up 0.93-0.97 -> 0.98-1.01, Q6_K LM head
// 0.84-0.89 -> 0.94-0.95). In gemv_32 (a chunk of 4 to 8 lines) the compiler's own placement
// measured as well or better.
template <int kAhead>
__m512i load_prefetch(const uint8_t* p) {
    __m512i r;
    __asm__("vmovdqa64 %1, %0\n\tprefetcht1 %2"
            : "=v"(r)
            : "m"(*reinterpret_cast<const __m512i*>(p)), "m"(p[kAhead]));
    return r;
}

// mask & the vector at p, with the prefetch as in load_prefetch (a load-and-and, one
// instruction where a load and an and are two).
template <int kAhead = kPrefetchAhead>
__m512i and_prefetch(__m512i mask, const uint8_t* p) {
    __m512i r;
    __asm__("vpandd %1, %2, %0\n\tprefetcht1 %3"
            : "=v"(r)
            : "m"(*reinterpret_cast<const __m512i*>(p)), "v"(mask), "m"(p[kAhead]));
    return r;
}

}  // namespace

// One loop for the three types: per block, the chunk's 8 quad vectors (each the 16 rows'
// unsigned quants 4k..4k+3) are multiplied into the activation quants in two chains of four,
// so the multiplies of one block overlap. The unsigned quants are the signed values plus an
// offset o (Q8_0: q + 128; Q4_0: q + 8; Q5_0: q + 16), so sum (q + o) x = q · x + o sum x,
// and the activation block carries sum x.
template <gguf::TensorType kType>
void gemv_32(const uint8_t* group, int64_t blocks, const void* act, float* y) {
    constexpr gguf::TensorType T = kType;
    const X16Layout& l = *x16_layout(T);
    constexpr int kOffset = T == gguf::TensorType::Q8_0   ? 128
                            : T == gguf::TensorType::Q5_0 ? 16
                                                          : 8;
    const uint8_t* a = bytes(act);
    __m512 acc0 = _mm512_setzero_ps(), acc1 = _mm512_setzero_ps();
    for (int64_t b = 0; b < blocks; ++b) {
        const uint8_t* q = x16_chunk(group, l, b);
        const uint8_t* x = a + b * kAct32;
        // The loops over quads[] are unrolled so that it lives in registers: otherwise GCC
        // stores the 8 vectors on the stack and loads them back (Q8_0 gate / up ratio to a
        // plain read 0.96-1.02 -> 1.02-1.05, with dot_quad's folded broadcast).
        __m512i quads[8];
        if constexpr (T == gguf::TensorType::Q8_0)
#pragma GCC unroll 8
            for (int k = 0; k < 8; ++k) quads[k] = _mm512_load_si512(q + 64 * k);
        else
            x16_nibble_quads<T == gguf::TensorType::Q5_0>(q, quads);
        __m512i s0 = _mm512_setzero_si512(), s1 = _mm512_setzero_si512();
#pragma GCC unroll 4
        for (int k = 0; k < 8; k += 2) {
            // Lines k / 2 and k / 2 + 4 of the chunk (4, 5 or 8 lines), one step at a time.
            prefetch(q + 32 * k);
            if (size_t(32 * k + 256) < l.chunk_bytes) prefetch(q + 32 * k + 256);
            s0 = dot_quad(s0, quads[k], x + kActQs + 4 * k);
            s1 = dot_quad(s1, quads[k + 1], x + kActQs + 4 * (k + 1));
        }
        const __m512i dot = _mm512_sub_epi32(_mm512_add_epi32(s0, s1),
                                             _mm512_set1_epi32(kOffset * int_at(x + kActSum)));
        const __m512 d = _mm512_mul_ps(halves(x16_tail(group, l, blocks, b)),
                                       _mm512_set1_ps(float_at(x + kActD)));
        if (b % 2 == 0)
            acc0 = _mm512_fmadd_ps(_mm512_cvtepi32_ps(dot), d, acc0);
        else
            acc1 = _mm512_fmadd_ps(_mm512_cvtepi32_ps(dot), d, acc1);
    }
    _mm512_storeu_ps(y, _mm512_add_ps(acc0, acc1));
}

void x16_gemv_q8_0_avx512(const uint8_t* group, int64_t blocks, const void* act, float* y) {
    gemv_32<gguf::TensorType::Q8_0>(group, blocks, act, y);
}

void x16_gemv_q4_0_avx512(const uint8_t* group, int64_t blocks, const void* act, float* y) {
    gemv_32<gguf::TensorType::Q4_0>(group, blocks, act, y);
}

void x16_gemv_q5_0_avx512(const uint8_t* group, int64_t blocks, const void* act, float* y) {
    gemv_32<gguf::TensorType::Q5_0>(group, blocks, act, y);
}

// Q4_K (layout in x16_layout.h): a super-block is 256 elements in 8 sub-blocks of 32, each with
// a 6-bit scale and a 6-bit min per row. Nibble vector 8k + s (k < 4) holds, for the 16 rows,
// quants 64k + 4s.. in its low nibbles (sub-block 2k) and 64k + 32 + 4s.. in its high ones
// (sub-block 2k + 1). A low sub-block's quants are summed in two chains of 16 products (at
// most 16 * 15 * 128 = 30720, so each int32 lane fits an int16) and then multiplied by the
// scale and added with one vpdpwssd (scale in the low half of each lane, high half zero). The
// high nibbles are taken in place, 16 times their value (v & 0xF0, one instruction where
// shift-and-mask is two: ratio to a plain read 0.87 -> 0.88 on ffn_gate / ffn_up, 0.82 -> 0.85
// on attn_q / attn_output); their sums, too large for an int16, are scaled with vpmulld and
// divided by 16 at the end, exactly. The mins meet the activation's 32-element sums with
// vpdpwssd as well: sum_k m_k (bsums 2k + bsums 2k+1), with each min in both halves of a lane
// against the pair of int16 bsums.
namespace {

// Byte k of each lane of v, by one of kX16Q4KShuffles' controls (x16_layout.h).
__m512i byte_k(__m512i v, const uint8_t (&control)[64]) {
    return _mm512_shuffle_epi8(v, _mm512_load_si512(control));
}

}  // namespace

void x16_gemv_q4_k_avx512(const uint8_t* group, int64_t blocks, const void* act, float* y) {
    const X16Layout& l = kX16Q4_K;
    constexpr size_t kScales = 2048, kD = 2240;
    constexpr int64_t kAct = sizeof(ActQ8_256);
    constexpr int kBsums = offsetof(ActQ8_256, bsums), kQs = offsetof(ActQ8_256, qs);
    const __m512i low4 = _mm512_set1_epi8(0x0F), low6 = _mm512_set1_epi8(0x3F);
    const __m512i top2 = _mm512_set1_epi8(0x30), high4 = _mm512_set1_epi8(static_cast<char>(0xF0));
    const uint8_t* a = bytes(act);
    __m512 acc = _mm512_setzero_ps();
    for (int64_t b = 0; b < blocks; ++b) {
        const uint8_t* q = x16_chunk(group, l, b);
        const uint8_t* x = a + b * kAct;
        for (size_t line = kScales; line < l.chunk_bytes; line += 64) prefetch(q + line);
        // The 12 scale bytes of each row, four per vector: the 6-bit scales and mins
        // (k4_scale_words in k4_scale_bits.h, on 16 rows at once).
        const __m512i v0 = _mm512_load_si512(q + kScales);
        const __m512i v1 = _mm512_load_si512(q + kScales + 64);
        const __m512i v2 = _mm512_load_si512(q + kScales + 128);
        const __m512i scales[2] = {
            _mm512_and_si512(v0, low6),
            _mm512_or_si512(_mm512_and_si512(v2, low4),
                            _mm512_and_si512(_mm512_srli_epi32(v0, 2), top2))};
        const __m512i mins[2] = {_mm512_and_si512(v1, low6),
                                 _mm512_or_si512(_mm512_and_si512(_mm512_srli_epi32(v2, 4), low4),
                                                 _mm512_and_si512(_mm512_srli_epi32(v1, 2), top2))};
        __m512i sum_lo = _mm512_setzero_si512(), sum_hi = _mm512_setzero_si512();
        __m512i min_sum = _mm512_setzero_si512();
#pragma GCC unroll 4
        for (int k = 0; k < 4; ++k) {
            const uint8_t* qk = q + 512 * k;
            const uint8_t* xk = x + kQs + 64 * k;
            __m512i lo[2] = {_mm512_setzero_si512(), _mm512_setzero_si512()};
            __m512i hi[2] = {_mm512_setzero_si512(), _mm512_setzero_si512()};
#pragma GCC unroll 8
            for (int s = 0; s < 8; ++s) {
                const uint8_t* v = qk + 64 * s;
                lo[s % 2] = dot_quad(lo[s % 2], and_prefetch(low4, v), xk + 4 * s);
                hi[s % 2] = dot_quad(hi[s % 2], _mm512_and_si512(_mm512_load_si512(v), high4),
                                     xk + 32 + 4 * s);
            }
            // Sub-blocks 2k and 2k + 1: scale and min byte (2k) % 4 of word (2k) / 4.
            const __m512i sc_lo = byte_k(scales[k / 2], kX16Q4KShuffles.spread[(2 * k) % 4]);
            const __m512i sc_hi = byte_k(scales[k / 2], kX16Q4KShuffles.spread[(2 * k + 1) % 4]);
            sum_lo = _mm512_dpwssd_epi32(_mm512_dpwssd_epi32(sum_lo, lo[0], sc_lo), lo[1], sc_lo);
            sum_hi =
                _mm512_add_epi32(sum_hi, _mm512_mullo_epi32(_mm512_add_epi32(hi[0], hi[1]), sc_hi));
            min_sum = _mm512_dpwssd_epi32(min_sum,
                                          byte_k(mins[k / 2], kX16Q4KShuffles.twice[(2 * k) % 4]),
                                          quad(x + kBsums + 8 * k));
            min_sum = _mm512_dpwssd_epi32(
                min_sum, byte_k(mins[k / 2], kX16Q4KShuffles.twice[(2 * k + 1) % 4]),
                quad(x + kBsums + 8 * k + 4));
        }
        // d in the low half of each row's word, dmin in the high half.
        const __m512i dm = _mm512_load_si512(q + kD);
        const __m512 xd = _mm512_set1_ps(float_at(x));
        const __m512 d = _mm512_mul_ps(_mm512_cvtph_ps(_mm512_cvtepi32_epi16(dm)), xd);
        const __m512 dmin =
            _mm512_mul_ps(_mm512_cvtph_ps(_mm512_cvtepi32_epi16(_mm512_srli_epi32(dm, 16))), xd);
        acc = _mm512_fmadd_ps(
            _mm512_cvtepi32_ps(_mm512_add_epi32(sum_lo, _mm512_srai_epi32(sum_hi, 4))), d, acc);
        acc = _mm512_fnmadd_ps(_mm512_cvtepi32_ps(min_sum), dmin, acc);
    }
    _mm512_storeu_ps(y, acc);
}

// Q6_K (layout in x16_layout.h): 256 elements in 16 sub-blocks of 16 with int8 scales; a
// quant is a low nibble plus a high bit pair, minus 32. Per half h and step m, nibble vectors
// A = 16h + m and B = 16h + 8 + m and bit-pair vector H = 8h + m give the 16 rows' quants
// 128h + 32j + 4m.. for j = 0..3 (A low, B low, A high, B high; H's pairs 0..3). With
// Hm = H & 0x33 (pairs 0 and 2 in bits 0-1 and 4-5) and Hn = (H >> 2) & 0x33 (pairs 1 and 3),
// each quant is one vpternlogd: low nibble where the mask 0x0F is set, the pair (shifted
// left by 4 for j < 2) where it is not; 16-bit shifts carry bits across bytes only into
// places the mask takes from the other operand. The unsigned quants u = q + 32 are summed
// per sub-block (4 steps: at most 16 * 63 * 127, too large for vpdpwssd's int16), the
// activation's sum for the sub-block times 32 comes off, and vpmulld applies the scale.
void x16_gemv_q6_k_avx512(const uint8_t* group, int64_t blocks, const void* act, float* y) {
    const X16Layout& l = kX16Q6_K;
    constexpr size_t kPairs = 2048, kScales = 3072;
    // A chunk is read out of order (three vectors from three places per step), so lines are
    // asked for a whole number of chunks ahead: each then has the same lead. A fixed 4 KiB
    // lands at varying points of a later chunk, some asked for barely before their use: 0.72
    // of a plain read (1.5B LM head) against 0.87-0.93 at one to three chunks.
    constexpr int kAhead = 2 * 3328;
    static_assert(kX16Q6_K.chunk_bytes == 3328);
    constexpr int64_t kAct = sizeof(ActQ8_256);
    constexpr int kBsums = offsetof(ActQ8_256, bsums), kQs = offsetof(ActQ8_256, qs);
    constexpr int kLowOrPair = 0xE4;  // vpternlogd: c ? a : b, bit by bit
    const __m512i low4 = _mm512_set1_epi8(0x0F), pairs = _mm512_set1_epi8(0x33);
    const uint8_t* a = bytes(act);
    __m512 acc = _mm512_setzero_ps();
    for (int64_t b = 0; b < blocks; ++b) {
        const uint8_t* q = x16_chunk(group, l, b);
        const uint8_t* x = a + b * kAct;
        for (size_t line = kScales; line < l.chunk_bytes; line += 64) prefetch<kAhead>(q + line);
        __m512i scales[4];
        for (int v = 0; v < 4; ++v) scales[v] = _mm512_load_si512(q + kScales + 64 * v);
        __m512i sum = _mm512_setzero_si512();
#pragma GCC unroll 2
        for (int h = 0; h < 2; ++h) {
            // Sub-block 8h + 2j + m / 4 sums in c[m / 4][j].
            __m512i c[2][4];
#pragma GCC unroll 8
            for (int i = 0; i < 8; ++i) c[i / 4][i % 4] = _mm512_setzero_si512();
            const uint8_t* xh = x + kQs + 128 * h;
#pragma GCC unroll 8
            for (int m = 0; m < 8; ++m) {
                const uint8_t* pa = q + 64 * (16 * h + m);
                const __m512i va = load_prefetch<kAhead>(pa);
                const __m512i vb = load_prefetch<kAhead>(pa + 64 * 8);
                const __m512i vh = load_prefetch<kAhead>(q + kPairs + 64 * (8 * h + m));
                const __m512i hm = _mm512_and_si512(vh, pairs);
                const __m512i hn = _mm512_and_si512(_mm512_srli_epi16(vh, 2), pairs);
                const __m512i u[4] = {
                    _mm512_ternarylogic_epi32(va, _mm512_slli_epi16(hm, 4), low4, kLowOrPair),
                    _mm512_ternarylogic_epi32(vb, _mm512_slli_epi16(hn, 4), low4, kLowOrPair),
                    _mm512_ternarylogic_epi32(_mm512_srli_epi16(va, 4), hm, low4, kLowOrPair),
                    _mm512_ternarylogic_epi32(_mm512_srli_epi16(vb, 4), hn, low4, kLowOrPair)};
#pragma GCC unroll 4
                for (int j = 0; j < 4; ++j)
                    c[m / 4][j] = dot_quad(c[m / 4][j], u[j], xh + 32 * j + 4 * m);
            }
#pragma GCC unroll 8
            for (int k = 0; k < 8; ++k) {
                const int sb = 8 * h + k;
                // Scale sb: byte sb % 4 of each row's word in vector sb / 4, sign-extended.
                const __m512i sc =
                    _mm512_srai_epi32(_mm512_slli_epi32(scales[sb / 4], 24 - 8 * (sb % 4)), 24);
                int16_t bsum;
                std::memcpy(&bsum, x + kBsums + 2 * sb, sizeof bsum);
                const __m512i dot = _mm512_sub_epi32(c[k % 2][k / 2], _mm512_set1_epi32(32 * bsum));
                sum = _mm512_add_epi32(sum, _mm512_mullo_epi32(dot, sc));
            }
        }
        const __m512 d =
            _mm512_mul_ps(halves(x16_tail(group, l, blocks, b)), _mm512_set1_ps(float_at(x)));
        acc = _mm512_fmadd_ps(_mm512_cvtepi32_ps(sum), d, acc);
    }
    _mm512_storeu_ps(y, acc);
}

}  // namespace siliang::kernels::cpu::detail
