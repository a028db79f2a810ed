// Dequantization of ggml's original block types: Q4_0, Q4_1, Q5_0, Q5_1, Q8_0
// (32 elements per block, one or two half-precision block parameters).
//
// Each formula is written in the association gguf-py's numpy code uses, which
// for these types is also ggml's dequantize_row_*: `d * q` for the symmetric
// types and `(d * q) + m` for the ones with an offset. d is a half (11
// significant bits) and q has at most 5, so d * q is exact in float32; the
// only rounding is the addition of m, and a fused multiply-add would give the
// same result.
#include <cstring>

#include "cpu/fp16.h"
#include "cpu/kernels_impl.h"

namespace siliang::kernels::cpu::detail {

void dequantize_q4_0(const void* src, float* dst, int64_t n_blocks) {
    for (int64_t i = 0; i < n_blocks; ++i) {
        const auto b = load_block<BlockQ4_0>(src, i);
        const float d = fp16_to_fp32(b.d);
        float* y = dst + i * kQK4_0;
        for (int j = 0; j < kQK4_0 / 2; ++j) {
            const int q0 = (b.qs[j] & 0x0F) - 8;
            const int q1 = (b.qs[j] >> 4) - 8;
            y[j] = d * static_cast<float>(q0);
            y[j + kQK4_0 / 2] = d * static_cast<float>(q1);
        }
    }
}

void dequantize_q4_1(const void* src, float* dst, int64_t n_blocks) {
    for (int64_t i = 0; i < n_blocks; ++i) {
        const auto b = load_block<BlockQ4_1>(src, i);
        const float d = fp16_to_fp32(b.d);
        const float m = fp16_to_fp32(b.m);
        float* y = dst + i * kQK4_1;
        for (int j = 0; j < kQK4_1 / 2; ++j) {
            const int q0 = b.qs[j] & 0x0F;
            const int q1 = b.qs[j] >> 4;
            y[j] = d * static_cast<float>(q0) + m;
            y[j + kQK4_1 / 2] = d * static_cast<float>(q1) + m;
        }
    }
}

void dequantize_q5_0(const void* src, float* dst, int64_t n_blocks) {
    for (int64_t i = 0; i < n_blocks; ++i) {
        const auto b = load_block<BlockQ5_0>(src, i);
        const float d = fp16_to_fp32(b.d);
        uint32_t qh;
        std::memcpy(&qh, b.qh, sizeof qh);
        float* y = dst + i * kQK5_0;
        // Bit j of qh is the 5th bit of element j (elements 16..31 use bits 16..31).
        for (int j = 0; j < kQK5_0 / 2; ++j) {
            const int h0 = static_cast<int>((qh >> j) & 1u) << 4;
            const int h1 = static_cast<int>((qh >> (j + kQK5_0 / 2)) & 1u) << 4;
            const int q0 = ((b.qs[j] & 0x0F) | h0) - 16;
            const int q1 = ((b.qs[j] >> 4) | h1) - 16;
            y[j] = d * static_cast<float>(q0);
            y[j + kQK5_0 / 2] = d * static_cast<float>(q1);
        }
    }
}

void dequantize_q5_1(const void* src, float* dst, int64_t n_blocks) {
    for (int64_t i = 0; i < n_blocks; ++i) {
        const auto b = load_block<BlockQ5_1>(src, i);
        const float d = fp16_to_fp32(b.d);
        const float m = fp16_to_fp32(b.m);
        uint32_t qh;
        std::memcpy(&qh, b.qh, sizeof qh);
        float* y = dst + i * kQK5_1;
        for (int j = 0; j < kQK5_1 / 2; ++j) {
            const int h0 = static_cast<int>((qh >> j) & 1u) << 4;
            const int h1 = static_cast<int>((qh >> (j + kQK5_1 / 2)) & 1u) << 4;
            const int q0 = (b.qs[j] & 0x0F) | h0;
            const int q1 = (b.qs[j] >> 4) | h1;
            y[j] = d * static_cast<float>(q0) + m;
            y[j + kQK5_1 / 2] = d * static_cast<float>(q1) + m;
        }
    }
}

void dequantize_q8_0(const void* src, float* dst, int64_t n_blocks) {
    for (int64_t i = 0; i < n_blocks; ++i) {
        const auto b = load_block<BlockQ8_0>(src, i);
        const float d = fp16_to_fp32(b.d);
        float* y = dst + i * kQK8_0;
        for (int j = 0; j < kQK8_0; ++j) y[j] = static_cast<float>(b.qs[j]) * d;
    }
}

}  // namespace siliang::kernels::cpu::detail
