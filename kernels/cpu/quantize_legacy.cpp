// Quantization to Q4_0, Q4_1, Q5_0, Q5_1 and Q8_0 with ggml's reference
// algorithms (quantize_row_*_ref), which gguf-py reimplements in numpy; for
// finite input our bytes equal both.
//
// The float steps are the same as theirs, one rounding each, in order:
// d = max / -8 (or (max - min) / 15 ...), id = 1 / d, x * id + 8.5, truncate.
// Only the conversion to an integer differs in form: the value is clamped
// before the cast, so NaN or infinite input gives a defined (if meaningless)
// block instead of undefined behaviour; for finite input the result is the
// same as ggml's `MIN(15, (int8_t)v)` and gguf-py's `trunc(v).clip(0, 15)`.
#include <cmath>
#include <cstring>
#include <limits>

#include "cpu/fp16.h"
#include "cpu/kernels_impl.h"

namespace siliang::kernels::cpu::detail {

namespace {

// trunc(v) clamped to [0, hi]; NaN gives 0.
int trunc_clamped(float v, int hi) {
    if (!(v > 0.0f)) return 0;
    if (v >= static_cast<float>(hi)) return hi;
    return static_cast<int>(v);
}

// The element of largest magnitude (the first one on ties), with its sign.
float signed_absmax(const float* x, int n) {
    float amax = 0.0f;
    float max = 0.0f;
    for (int j = 0; j < n; ++j) {
        if (amax < std::fabs(x[j])) {
            amax = std::fabs(x[j]);
            max = x[j];
        }
    }
    return max;
}

void min_max(const float* x, int n, float& min, float& max) {
    min = std::numeric_limits<float>::max();
    max = -std::numeric_limits<float>::max();
    for (int j = 0; j < n; ++j) {
        if (x[j] < min) min = x[j];
        if (x[j] > max) max = x[j];
    }
}

float inverse_or_zero(float d) {
    return d != 0.0f ? 1.0f / d : 0.0f;
}

}  // namespace

void quantize_q4_0(const float* src, void* dst, int64_t n_blocks) {
    for (int64_t i = 0; i < n_blocks; ++i) {
        const float* x = src + i * kQK4_0;
        // The signed extreme maps to -8, so the other side's extreme lands on
        // +8 and is clipped to 7: the full [-8, 7] range is used.
        const float d = signed_absmax(x, kQK4_0) / -8.0f;
        const float id = inverse_or_zero(d);
        BlockQ4_0 b{};
        b.d = fp32_to_fp16(d);
        for (int j = 0; j < kQK4_0 / 2; ++j) {
            const int q0 = trunc_clamped(x[j] * id + 8.5f, 15);
            const int q1 = trunc_clamped(x[j + kQK4_0 / 2] * id + 8.5f, 15);
            b.qs[j] = static_cast<uint8_t>(q0 | (q1 << 4));
        }
        store_block(dst, i, b);
    }
}

void quantize_q4_1(const float* src, void* dst, int64_t n_blocks) {
    for (int64_t i = 0; i < n_blocks; ++i) {
        const float* x = src + i * kQK4_1;
        float min, max;
        min_max(x, kQK4_1, min, max);
        const float d = (max - min) / 15.0f;
        const float id = inverse_or_zero(d);
        BlockQ4_1 b{};
        b.d = fp32_to_fp16(d);
        b.m = fp32_to_fp16(min);
        for (int j = 0; j < kQK4_1 / 2; ++j) {
            const int q0 = trunc_clamped((x[j] - min) * id + 0.5f, 15);
            const int q1 = trunc_clamped((x[j + kQK4_1 / 2] - min) * id + 0.5f, 15);
            b.qs[j] = static_cast<uint8_t>(q0 | (q1 << 4));
        }
        store_block(dst, i, b);
    }
}

void quantize_q5_0(const float* src, void* dst, int64_t n_blocks) {
    for (int64_t i = 0; i < n_blocks; ++i) {
        const float* x = src + i * kQK5_0;
        const float d = signed_absmax(x, kQK5_0) / -16.0f;
        const float id = inverse_or_zero(d);
        BlockQ5_0 b{};
        b.d = fp32_to_fp16(d);
        uint32_t qh = 0;
        for (int j = 0; j < kQK5_0 / 2; ++j) {
            const int q0 = trunc_clamped(x[j] * id + 16.5f, 31);
            const int q1 = trunc_clamped(x[j + kQK5_0 / 2] * id + 16.5f, 31);
            b.qs[j] = static_cast<uint8_t>((q0 & 0x0F) | ((q1 & 0x0F) << 4));
            qh |= static_cast<uint32_t>(q0 >> 4) << j;
            qh |= static_cast<uint32_t>(q1 >> 4) << (j + kQK5_0 / 2);
        }
        std::memcpy(b.qh, &qh, sizeof qh);
        store_block(dst, i, b);
    }
}

void quantize_q5_1(const float* src, void* dst, int64_t n_blocks) {
    for (int64_t i = 0; i < n_blocks; ++i) {
        const float* x = src + i * kQK5_1;
        float min, max;
        min_max(x, kQK5_1, min, max);
        const float d = (max - min) / 31.0f;
        const float id = inverse_or_zero(d);
        BlockQ5_1 b{};
        b.d = fp32_to_fp16(d);
        b.m = fp32_to_fp16(min);
        uint32_t qh = 0;
        for (int j = 0; j < kQK5_1 / 2; ++j) {
            const int q0 = trunc_clamped((x[j] - min) * id + 0.5f, 31);
            const int q1 = trunc_clamped((x[j + kQK5_1 / 2] - min) * id + 0.5f, 31);
            b.qs[j] = static_cast<uint8_t>((q0 & 0x0F) | ((q1 & 0x0F) << 4));
            qh |= static_cast<uint32_t>(q0 >> 4) << j;
            qh |= static_cast<uint32_t>(q1 >> 4) << (j + kQK5_1 / 2);
        }
        std::memcpy(b.qh, &qh, sizeof qh);
        store_block(dst, i, b);
    }
}

void quantize_q8_0(const float* src, void* dst, int64_t n_blocks) {
    for (int64_t i = 0; i < n_blocks; ++i) {
        const float* x = src + i * kQK8_0;
        float amax = 0.0f;
        for (int j = 0; j < kQK8_0; ++j) amax = std::fabs(x[j]) > amax ? std::fabs(x[j]) : amax;
        const float d = amax / 127.0f;
        const float id = inverse_or_zero(d);
        BlockQ8_0 b{};
        b.d = fp32_to_fp16(d);
        for (int j = 0; j < kQK8_0; ++j) {
            // roundf: halves away from zero (gguf-py's np_roundf does the same).
            const float r = std::round(x[j] * id);
            const float c = r > 127.0f ? 127.0f : (r < -127.0f ? -127.0f : (r == r ? r : 0.0f));
            b.qs[j] = static_cast<int8_t>(c);
        }
        store_block(dst, i, b);
    }
}

}  // namespace siliang::kernels::cpu::detail
