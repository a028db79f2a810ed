// Vector loops of the gated feed-forward activations, g[i] = act(g[i]) * u[i], for the CPU
// backend's fast path (its reference path keeps the scalar std::exp / std::tanh loop).
// Like cpu_attention_ops.h, a header with no standard-library includes beyond the integer
// types: the implementation is compiled with AVX-512 flags.
#pragma once

#include <cstddef>

namespace siliang::kernels::cpu {

struct ActivationOps {
    void (*silu_mul)(float* g, const float* u, size_t n);  // SiLU: v / (1 + e^-v)
    void (*gelu_mul)(float* g, const float* u, size_t n);  // GELU, tanh approximation
};

// The AVX-512 loops; null when the build has no x86 SIMD kernels.
const ActivationOps* activation_ops_avx512();

}  // namespace siliang::kernels::cpu
