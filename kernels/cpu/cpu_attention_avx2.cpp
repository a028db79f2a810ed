// The fast attention path's inner loops with AVX2, FMA and F16C. This file alone is compiled
// with -mavx2 -mfma -mf16c (kernels/cpu/CMakeLists.txt) and only runs when the CPU has them
// (the backend picks these ops when kernels().isa is AVX2 or better). It uses intrinsics and
// its own helpers only, no standard-library templates: an inline function instantiated here
// with AVX encodings could otherwise be the copy the linker keeps for the whole program.
//
// Loops over arrays of registers (acc[8], a[4]) carry `#pragma GCC unroll`: without it GCC -O2
// kept such an array on the stack, a load, FMA and store per step, and decode attention over
// 4096 positions took 0.55 ms per layer instead of 0.38 (Qwen2.5-0.5B heads, F16 cache, 2
// threads, SILIANG_CPU_ISA=avx2).
#include "cpu/cpu_attention_ops.h"

#if defined(SILIANG_KERNELS_X86_SIMD)
#include <immintrin.h>

namespace siliang::kernels::cpu {
namespace {

inline float hsum(__m256 v) {
    __m128 x = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    x = _mm_add_ps(x, _mm_movehl_ps(x, x));
    x = _mm_add_ss(x, _mm_movehdup_ps(x));
    return _mm_cvtss_f32(x);
}

inline __m256 load8(const float* p) {
    return _mm256_loadu_ps(p);
}
inline __m256 load8(const uint16_t* p) {
    return _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
}
inline float load1(const float* p) {
    return *p;
}
inline float load1(const uint16_t* p) {
    return _mm_cvtss_f32(_mm_cvtph_ps(_mm_cvtsi32_si128(*p)));
}

// The sums of eight vectors, as one vector: lane r holds the sum of a[r]'s lanes. One
// transposing reduction for eight scores instead of eight horizontal sums.
inline __m256 hsum8(const __m256* a) {
    const __m256 s01 = _mm256_hadd_ps(a[0], a[1]), s23 = _mm256_hadd_ps(a[2], a[3]);
    const __m256 s45 = _mm256_hadd_ps(a[4], a[5]), s67 = _mm256_hadd_ps(a[6], a[7]);
    // Per 128-bit half: [a0, a1, a2, a3] (resp. a4..a7) summed over that half's lanes.
    const __m256 s0123 = _mm256_hadd_ps(s01, s23), s4567 = _mm256_hadd_ps(s45, s67);
    return _mm256_add_ps(_mm256_permute2f128_ps(s0123, s4567, 0x20),
                         _mm256_permute2f128_ps(s0123, s4567, 0x31));
}

template <typename T>
void scores(const float* q, const T* k, size_t stride, size_t m, uint32_t d, float scale,
            float* s) {
    size_t j = 0;
    if (d % 8 == 0) {
        // Eight keys at a time against one query: q is loaded once per eight keys.
        const __m256 vscale = _mm256_set1_ps(scale);
        for (; j + 8 <= m; j += 8) {
            __m256 acc[8];
#pragma GCC unroll 8
            for (int r = 0; r < 8; ++r) acc[r] = _mm256_setzero_ps();
            const T* rows = k + j * stride;
            for (uint32_t i = 0; i < d; i += 8) {
                const __m256 qv = _mm256_loadu_ps(q + i);
#pragma GCC unroll 8
                for (int r = 0; r < 8; ++r)
                    acc[r] = _mm256_fmadd_ps(load8(rows + size_t(r) * stride + i), qv, acc[r]);
            }
            _mm256_storeu_ps(s + j, _mm256_mul_ps(hsum8(acc), vscale));
        }
    }
    for (; j < m; ++j) {
        const T* row = k + j * stride;
        __m256 a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps();
        uint32_t i = 0;
        for (; i + 16 <= d; i += 16) {
            a0 = _mm256_fmadd_ps(load8(row + i), _mm256_loadu_ps(q + i), a0);
            a1 = _mm256_fmadd_ps(load8(row + i + 8), _mm256_loadu_ps(q + i + 8), a1);
        }
        for (; i + 8 <= d; i += 8) a0 = _mm256_fmadd_ps(load8(row + i), _mm256_loadu_ps(q + i), a0);
        float tail = 0;
        for (; i < d; ++i) tail += load1(row + i) * q[i];
        s[j] = (hsum(_mm256_add_ps(a0, a1)) + tail) * scale;
    }
}

// The sums of four vectors as four floats: lane r holds the sum of a[r]'s lanes.
inline __m128 hsum4(const __m256* a) {
    const __m256 s = _mm256_hadd_ps(_mm256_hadd_ps(a[0], a[1]), _mm256_hadd_ps(a[2], a[3]));
    return _mm_add_ps(_mm256_castps256_ps128(s), _mm256_extractf128_ps(s, 1));
}

// Two query heads of a GQA group (q0, q1) against the same keys, into s0 and s1: each key
// vector is loaded (and converted from F16) once for both. Four keys at a time, so the eight
// accumulators, two queries and a key fit AVX2's sixteen registers.
template <typename T>
void scores2(const float* q0, const float* q1, const T* k, size_t stride, size_t m, uint32_t d,
             float scale, float* s0, float* s1) {
    size_t j = 0;
    if (d % 8 == 0) {
        const __m128 vscale = _mm_set1_ps(scale);
        for (; j + 4 <= m; j += 4) {
            __m256 a0[4], a1[4];
#pragma GCC unroll 4
            for (int r = 0; r < 4; ++r) a0[r] = _mm256_setzero_ps(), a1[r] = _mm256_setzero_ps();
            const T* rows = k + j * stride;
            for (uint32_t i = 0; i < d; i += 8) {
                const __m256 qv0 = _mm256_loadu_ps(q0 + i), qv1 = _mm256_loadu_ps(q1 + i);
#pragma GCC unroll 4
                for (int r = 0; r < 4; ++r) {
                    const __m256 kv = load8(rows + size_t(r) * stride + i);
                    a0[r] = _mm256_fmadd_ps(kv, qv0, a0[r]);
                    a1[r] = _mm256_fmadd_ps(kv, qv1, a1[r]);
                }
            }
            _mm_storeu_ps(s0 + j, _mm_mul_ps(hsum4(a0), vscale));
            _mm_storeu_ps(s1 + j, _mm_mul_ps(hsum4(a1), vscale));
        }
    }
    if (j < m) {
        scores(q0, k + j * stride, stride, m - j, d, scale, s0 + j);
        scores(q1, k + j * stride, stride, m - j, d, scale, s1 + j);
    }
}

// exp(x) for x <= 0 (scores minus their maximum): x = n ln2 + r, |r| <= ln2/2, e^r by the
// Cephes expf polynomial (relative error ~1e-7), 2^n through the exponent bits. Below -87
// the result is flushed to 0 (the float exponent would underflow).
inline __m256 exp8(__m256 x) {
    const __m256 lo = _mm256_set1_ps(-87.0f);
    const __m256 underflow = _mm256_cmp_ps(x, lo, _CMP_LT_OQ);
    x = _mm256_max_ps(x, lo);
    const __m256 n = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(1.44269504088896341f)),
                                     _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693359375f), x);
    r = _mm256_fnmadd_ps(n, _mm256_set1_ps(-2.12194440e-4f), r);
    __m256 p = _mm256_set1_ps(1.9875691500e-4f);
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.3981999507e-3f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(8.3334519073e-3f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(4.1665795894e-2f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.6666665459e-1f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(5.0000001201e-1f));
    const __m256 r2 = _mm256_mul_ps(r, r);
    const __m256 e = _mm256_add_ps(_mm256_fmadd_ps(p, r2, r), _mm256_set1_ps(1.0f));
    const __m256i bits =
        _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127)), 23);
    const __m256 y = _mm256_mul_ps(e, _mm256_castsi256_ps(bits));
    return _mm256_andnot_ps(underflow, y);
}

float exp_sum(float* s, size_t m, float max) {
    const __m256 vmax = _mm256_set1_ps(max);
    __m256 acc = _mm256_setzero_ps();
    size_t j = 0;
    for (; j + 8 <= m; j += 8) {
        const __m256 e = exp8(_mm256_sub_ps(_mm256_loadu_ps(s + j), vmax));
        _mm256_storeu_ps(s + j, e);
        acc = _mm256_add_ps(acc, e);
    }
    if (j < m) {  // the tail through the same polynomial, padded with -inf -> 0
        alignas(32) float tmp[8];
        for (size_t i = 0; i < 8; ++i) tmp[i] = j + i < m ? s[j + i] - max : -1e30f;
        const __m256 e = exp8(_mm256_load_ps(tmp));
        _mm256_store_ps(tmp, e);
        for (size_t i = 0; j + i < m; ++i) s[j + i] = tmp[i];
        acc = _mm256_add_ps(acc, e);
    }
    return hsum(acc);
}

template <typename T>
void accumulate(const float* e, const T* v, size_t stride, size_t m, uint32_t d, float* acc) {
    // 64 output dimensions at a time live in 8 registers across all m rows.
    uint32_t i0 = 0;
    for (; i0 + 64 <= d; i0 += 64) {
        __m256 a[8];
#pragma GCC unroll 8
        for (int r = 0; r < 8; ++r) a[r] = _mm256_loadu_ps(acc + i0 + 8 * r);
        for (size_t j = 0; j < m; ++j) {
            const __m256 w = _mm256_set1_ps(e[j]);
            const T* row = v + j * stride + i0;
#pragma GCC unroll 8
            for (int r = 0; r < 8; ++r) a[r] = _mm256_fmadd_ps(w, load8(row + 8 * r), a[r]);
        }
#pragma GCC unroll 8
        for (int r = 0; r < 8; ++r) _mm256_storeu_ps(acc + i0 + 8 * r, a[r]);
    }
    for (; i0 + 8 <= d; i0 += 8) {
        __m256 a = _mm256_loadu_ps(acc + i0);
        for (size_t j = 0; j < m; ++j)
            a = _mm256_fmadd_ps(_mm256_set1_ps(e[j]), load8(v + j * stride + i0), a);
        _mm256_storeu_ps(acc + i0, a);
    }
    for (; i0 < d; ++i0)
        for (size_t j = 0; j < m; ++j) acc[i0] += e[j] * load1(v + j * stride + i0);
}

// accumulate() for two heads' weights (e0, e1) over the same value rows, into acc0 and acc1:
// each value vector is loaded (and converted) once for both; 32 dimensions at a time.
template <typename T>
void accumulate2(const float* e0, const float* e1, const T* v, size_t stride, size_t m, uint32_t d,
                 float* acc0, float* acc1) {
    uint32_t i0 = 0;
    for (; i0 + 32 <= d; i0 += 32) {
        __m256 a0[4], a1[4];
#pragma GCC unroll 4
        for (int r = 0; r < 4; ++r)
            a0[r] = _mm256_loadu_ps(acc0 + i0 + 8 * r), a1[r] = _mm256_loadu_ps(acc1 + i0 + 8 * r);
        for (size_t j = 0; j < m; ++j) {
            const __m256 w0 = _mm256_set1_ps(e0[j]), w1 = _mm256_set1_ps(e1[j]);
            const T* row = v + j * stride + i0;
#pragma GCC unroll 4
            for (int r = 0; r < 4; ++r) {
                const __m256 vv = load8(row + 8 * r);
                a0[r] = _mm256_fmadd_ps(w0, vv, a0[r]);
                a1[r] = _mm256_fmadd_ps(w1, vv, a1[r]);
            }
        }
#pragma GCC unroll 4
        for (int r = 0; r < 4; ++r)
            _mm256_storeu_ps(acc0 + i0 + 8 * r, a0[r]), _mm256_storeu_ps(acc1 + i0 + 8 * r, a1[r]);
    }
    if (i0 < d) {
        accumulate(e0, v + i0, stride, m, d - i0, acc0 + i0);
        accumulate(e1, v + i0, stride, m, d - i0, acc1 + i0);
    }
}

}  // namespace

const AttentionOps* attention_ops_avx2() {
    static const AttentionOps ops{scores<uint16_t>,     scores<float>,         exp_sum,
                                  accumulate<uint16_t>, accumulate<float>,     scores2<uint16_t>,
                                  scores2<float>,       accumulate2<uint16_t>, accumulate2<float>};
    return &ops;
}

}  // namespace siliang::kernels::cpu

#else

namespace siliang::kernels::cpu {
const AttentionOps* attention_ops_avx2() {
    return nullptr;
}
}  // namespace siliang::kernels::cpu

#endif
