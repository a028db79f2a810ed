// The gated activations (cpu_activation_ops.h) 16 floats at a time with AVX-512, through
// exp16 (relative error about 1e-7, so the products differ from the scalar std::exp path
// by a few float roundings). Compiled with the AVX-512 flags; no standard-library
// templates (see cpu_attention_avx512.cpp).
#include "cpu/cpu_activation_ops.h"

#if defined(SILIANG_KERNELS_X86_SIMD)
#include "cpu/exp_avx512.h"

namespace siliang::kernels::cpu {
namespace {

inline __mmask16 tail(size_t left) {
    return static_cast<__mmask16>(left >= 16 ? 0xFFFF : (1u << left) - 1);
}

// g = f(g) * u over n floats, the last vector masked.
template <typename F>
void gated(float* g, const float* u, size_t n, F f) {
    for (size_t i = 0; i < n; i += 16) {
        const __mmask16 m = tail(n - i);
        const __m512 v = _mm512_maskz_loadu_ps(m, g + i);
        _mm512_mask_storeu_ps(g + i, m, _mm512_mul_ps(f(v), _mm512_maskz_loadu_ps(m, u + i)));
    }
}

void silu_mul(float* g, const float* u, size_t n) {
    gated(g, u, n, [](__m512 v) {
        const __m512 one = _mm512_set1_ps(1.0f);
        return _mm512_div_ps(v, _mm512_add_ps(one, exp16(_mm512_sub_ps(_mm512_setzero_ps(), v))));
    });
}

// 0.5 v (1 + tanh(y)), y = sqrt(2/pi) v (1 + 0.044715 v^2), with 1 + tanh(y) = 2 - 2 / (e^2y + 1)
// (exact in the limits: e^2y -> inf gives 2, e^2y -> 0 gives 0).
void gelu_mul(float* g, const float* u, size_t n) {
    gated(g, u, n, [](__m512 v) {
        const __m512 one = _mm512_set1_ps(1.0f), two = _mm512_set1_ps(2.0f);
        const __m512 k = _mm512_set1_ps(0.7978845608028654f);
        const __m512 inner = _mm512_fmadd_ps(_mm512_mul_ps(v, v), _mm512_set1_ps(0.044715f), one);
        const __m512 y2 = _mm512_mul_ps(_mm512_mul_ps(two, k), _mm512_mul_ps(v, inner));
        const __m512 one_plus_tanh =
            _mm512_sub_ps(two, _mm512_div_ps(two, _mm512_add_ps(exp16(y2), one)));
        return _mm512_mul_ps(_mm512_mul_ps(_mm512_set1_ps(0.5f), v), one_plus_tanh);
    });
}

}  // namespace

const ActivationOps* activation_ops_avx512() {
    static const ActivationOps ops{silu_mul, gelu_mul};
    return &ops;
}

}  // namespace siliang::kernels::cpu

#else

namespace siliang::kernels::cpu {
const ActivationOps* activation_ops_avx512() {
    return nullptr;
}
}  // namespace siliang::kernels::cpu

#endif
