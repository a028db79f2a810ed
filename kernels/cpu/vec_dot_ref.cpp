// Reference (portable, scalar) dot products, the oracle of the SIMD kernels.
//
// Float weights (F32, F16, BF16) against float activations: one float
// accumulator, elements in order (the halves convert exactly).
//
// 32-element blocks against ActQ8_32: per block the integer sum of products
// q_w * q_a, exact in int32, then the block's float scale. With weight
// element w = d * q - o (Q4_0: o = 8d, Q5_0: o = 16d) or w = d * q + m (Q4_1,
// Q5_1) and activation a = d_a * q_a:
//   sum(w * a) = d * d_a * (sum(q * q_a) - 8 or 16 * sum(q_a))   Q4_0, Q5_0
//   sum(w * a) = d * d_a * sum(q * q_a) + m * d_a * sum(q_a)     Q4_1, Q5_1
// so the unsigned quants are multiplied as they are and the offset comes from
// the activation block's sum, as the SIMD kernels do it (their u8 x s8
// instructions want an unsigned operand).
#include <cstring>

#include "cpu/fp16.h"
#include "cpu/kernels_impl.h"
#include "cpu/vec_dot.h"
#include "cpu/vec_dot_impl.h"

namespace siliang::kernels::cpu::detail {

namespace {

float load_f32(const void* p, int64_t i) {
    float v;
    std::memcpy(&v, static_cast<const unsigned char*>(p) + i * 4, sizeof v);
    return v;
}

uint16_t load_u16(const void* p, int64_t i) {
    uint16_t v;
    std::memcpy(&v, static_cast<const unsigned char*>(p) + i * 2, sizeof v);
    return v;
}

// sum(q[j] * qa[j]) over a 32-block whose 4-bit quants are packed like Q4_0's
// (element j in the low nibble of byte j, element j + 16 in the high one) and
// whose 5th bits (Q5 types) are bit j of qh.
int32_t dot_nibbles(const uint8_t* qs, uint32_t qh, const int8_t* qa) {
    int32_t sum = 0;
    for (int j = 0; j < 16; ++j) {
        const int q0 = (qs[j] & 0x0F) | static_cast<int>(((qh >> j) & 1u) << 4);
        const int q1 = (qs[j] >> 4) | static_cast<int>(((qh >> (j + 16)) & 1u) << 4);
        sum += q0 * qa[j] + q1 * qa[j + 16];
    }
    return sum;
}

uint32_t load_qh(const uint8_t* qh) {
    uint32_t v;
    std::memcpy(&v, qh, sizeof v);
    return v;
}

}  // namespace

float dot_f32_ref(int64_t n, const float* a, const float* b) {
    float sum = 0.0f;
    for (int64_t i = 0; i < n; ++i) sum += a[i] * b[i];
    return sum;
}

float dot_f32w_ref(int64_t n, const void* w, const void* a) {
    float sum = 0.0f;
    for (int64_t i = 0; i < n; ++i) sum += load_f32(w, i) * load_f32(a, i);
    return sum;
}

float dot_f16_ref(int64_t n, const void* w, const void* a) {
    float sum = 0.0f;
    for (int64_t i = 0; i < n; ++i) sum += fp16_to_fp32(load_u16(w, i)) * load_f32(a, i);
    return sum;
}

float dot_bf16_ref(int64_t n, const void* w, const void* a) {
    float sum = 0.0f;
    for (int64_t i = 0; i < n; ++i) sum += bf16_to_fp32(load_u16(w, i)) * load_f32(a, i);
    return sum;
}

float dot_q4_0_ref(int64_t n, const void* w, const void* a) {
    float sum = 0.0f;
    for (int64_t i = 0; i < n / kQK4_0; ++i) {
        const auto b = load_block<BlockQ4_0>(w, i);
        const auto x = load_block<ActQ8_32>(a, i);
        const int32_t isum = dot_nibbles(b.qs, 0, x.qs) - 8 * x.sum;
        sum += fp16_to_fp32(b.d) * x.d * static_cast<float>(isum);
    }
    return sum;
}

float dot_q4_1_ref(int64_t n, const void* w, const void* a) {
    float sum = 0.0f;
    for (int64_t i = 0; i < n / kQK4_1; ++i) {
        const auto b = load_block<BlockQ4_1>(w, i);
        const auto x = load_block<ActQ8_32>(a, i);
        const int32_t isum = dot_nibbles(b.qs, 0, x.qs);
        sum += fp16_to_fp32(b.d) * x.d * static_cast<float>(isum);
        sum += fp16_to_fp32(b.m) * x.d * static_cast<float>(x.sum);
    }
    return sum;
}

float dot_q5_0_ref(int64_t n, const void* w, const void* a) {
    float sum = 0.0f;
    for (int64_t i = 0; i < n / kQK5_0; ++i) {
        const auto b = load_block<BlockQ5_0>(w, i);
        const auto x = load_block<ActQ8_32>(a, i);
        const int32_t isum = dot_nibbles(b.qs, load_qh(b.qh), x.qs) - 16 * x.sum;
        sum += fp16_to_fp32(b.d) * x.d * static_cast<float>(isum);
    }
    return sum;
}

float dot_q5_1_ref(int64_t n, const void* w, const void* a) {
    float sum = 0.0f;
    for (int64_t i = 0; i < n / kQK5_1; ++i) {
        const auto b = load_block<BlockQ5_1>(w, i);
        const auto x = load_block<ActQ8_32>(a, i);
        const int32_t isum = dot_nibbles(b.qs, load_qh(b.qh), x.qs);
        sum += fp16_to_fp32(b.d) * x.d * static_cast<float>(isum);
        sum += fp16_to_fp32(b.m) * x.d * static_cast<float>(x.sum);
    }
    return sum;
}

float dot_q8_0_ref(int64_t n, const void* w, const void* a) {
    float sum = 0.0f;
    for (int64_t i = 0; i < n / kQK8_0; ++i) {
        const auto b = load_block<BlockQ8_0>(w, i);
        const auto x = load_block<ActQ8_32>(a, i);
        int32_t isum = 0;
        for (int j = 0; j < kQK8_0; ++j) isum += b.qs[j] * x.qs[j];
        sum += fp16_to_fp32(b.d) * x.d * static_cast<float>(isum);
    }
    return sum;
}

}  // namespace siliang::kernels::cpu::detail
