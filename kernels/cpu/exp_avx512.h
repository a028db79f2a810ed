// exp(x) on 16 floats with AVX-512, for the files compiled with the AVX-512 flags (the
// attention softmax, the SiLU / GELU activations). Internal linkage, like simd_x86.h.
#pragma once

#include "cpu/simd_x86.h"  // immintrin.h, with GCC 12 header warnings silenced

namespace siliang::kernels::cpu {
namespace {

// exp(x) as exp8 in cpu_attention_avx2.cpp (Cephes polynomial, 2^n through the exponent
// bits; flushed to 0 below -87, and x is capped at 88, where e^x is still finite),
// 16 lanes at a time. Relative error about 1e-7.
inline __m512 exp16(__m512 x) {
    const __m512 lo = _mm512_set1_ps(-87.0f);
    const auto keep = static_cast<__mmask16>(~_mm512_cmp_ps_mask(x, lo, _CMP_LT_OQ));
    x = _mm512_min_ps(_mm512_max_ps(x, lo), _mm512_set1_ps(88.0f));
    const __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(1.44269504088896341f)),
                                          _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(0.693359375f), x);
    r = _mm512_fnmadd_ps(n, _mm512_set1_ps(-2.12194440e-4f), r);
    __m512 p = _mm512_set1_ps(1.9875691500e-4f);
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.3981999507e-3f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(8.3334519073e-3f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(4.1665795894e-2f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.6666665459e-1f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(5.0000001201e-1f));
    const __m512 r2 = _mm512_mul_ps(r, r);
    const __m512 e = _mm512_add_ps(_mm512_fmadd_ps(p, r2, r), _mm512_set1_ps(1.0f));
    const __m512i bits =
        _mm512_slli_epi32(_mm512_add_epi32(_mm512_cvtps_epi32(n), _mm512_set1_epi32(127)), 23);
    return _mm512_maskz_mul_ps(keep, e, _mm512_castsi512_ps(bits));
}

}  // namespace
}  // namespace siliang::kernels::cpu
