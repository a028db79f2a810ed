// The reference path's float dot product, shared by its matmul and attention so
// both sum in exactly the same order.
#pragma once

#include <cstddef>

namespace siliang::kernels::cpu {

// Eight partial sums: a fixed order (so results never depend on the batch) that the compiler
// can keep in vector registers.
inline float reference_dot(const float* a, const float* b, size_t n) {
    float s[8] = {};
    size_t i = 0;
    for (; i + 8 <= n; i += 8)
        for (int j = 0; j < 8; ++j) s[j] += a[i + j] * b[i + j];
    for (; i < n; ++i) s[i % 8] += a[i] * b[i];
    return ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
}

}  // namespace siliang::kernels::cpu
