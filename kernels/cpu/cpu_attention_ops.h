// The inner loops of the fast attention path (cpu_attention.h), one table per ISA. A header
// of its own, with no standard-library includes beyond the integer types, because
// cpu_attention_avx2.cpp is compiled with AVX2 flags and must not instantiate shared inline code.
#pragma once

#include <cstddef>
#include <cstdint>

namespace siliang::kernels::cpu {

// The inner loops of the fast path, per ISA. Rows are `stride` elements apart; d is the head
// dimension.
struct AttentionOps {
    // s[j] = scale * dot(q, k_j), j < m.
    void (*scores_f16)(const float* q, const uint16_t* k, size_t stride, size_t m, uint32_t d,
                       float scale, float* s);
    void (*scores_f32)(const float* q, const float* k, size_t stride, size_t m, uint32_t d,
                       float scale, float* s);
    // s[j] = exp(s[j] - max); returns the sum.
    float (*exp_sum)(float* s, size_t m, float max);
    // acc[i] += sum over j < m of e[j] * v_j[i], i < d.
    void (*accumulate_f16)(const float* e, const uint16_t* v, size_t stride, size_t m, uint32_t d,
                           float* acc);
    void (*accumulate_f32)(const float* e, const float* v, size_t stride, size_t m, uint32_t d,
                           float* acc);
    // The same for two query heads of a GQA group at once, so each key and value vector is
    // loaded (and converted) once for both; null where an ISA has no such form (the caller then
    // goes head by head).
    void (*scores2_f16)(const float* q0, const float* q1, const uint16_t* k, size_t stride,
                        size_t m, uint32_t d, float scale, float* s0, float* s1) = nullptr;
    void (*scores2_f32)(const float* q0, const float* q1, const float* k, size_t stride, size_t m,
                        uint32_t d, float scale, float* s0, float* s1) = nullptr;
    void (*accumulate2_f16)(const float* e0, const float* e1, const uint16_t* v, size_t stride,
                            size_t m, uint32_t d, float* acc0, float* acc1) = nullptr;
    void (*accumulate2_f32)(const float* e0, const float* e1, const float* v, size_t stride,
                            size_t m, uint32_t d, float* acc0, float* acc1) = nullptr;
};

// Portable scalar loops (any CPU), AVX2+FMA+F16C ones and AVX-512 ones (null when not
// built for x86-64).
const AttentionOps& attention_ops_scalar();
const AttentionOps* attention_ops_avx2();
const AttentionOps* attention_ops_avx512();

}  // namespace siliang::kernels::cpu
