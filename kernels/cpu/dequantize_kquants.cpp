// Dequantization of the K-quants (super-blocks of 256 elements): Q2_K, Q3_K,
// Q4_K, Q5_K, Q6_K, and Q8_K.
//
// Float association follows gguf-py's numpy code, which here agrees with
// ggml's dequantize_row_*:
//   Q2_K, Q4_K, Q5_K:  (d * scale) * q - (dmin * min)
//   Q3_K, Q6_K:        (d * scale) * q          (scale signed, q signed)
//   Q8_K:              d * q                    (d is float32)
// gguf-py has no Q8_K; it follows ggml's dequantize_row_q8_K.
//
// Why the grouping of the products does not matter (and the tests could not
// tell it apart): d and dmin are halves (11 significant bits) and scale * q
// needs at most 12 bits (Q6_K: |127 * 31|), so every product is exact in
// float32, in any order, fused or not. The one rounding is the final
// subtraction of the min, which must come last, as written here.
#include "cpu/fp16.h"
#include "cpu/kernels_impl.h"

namespace siliang::kernels::cpu::detail {

void dequantize_q2_k(const void* src, float* dst, int64_t n_blocks) {
    for (int64_t i = 0; i < n_blocks; ++i) {
        const auto b = load_block<BlockQ2_K>(src, i);
        const float d = fp16_to_fp32(b.d);
        const float dmin = fp16_to_fp32(b.dmin);
        float* y = dst + i * kQK_K;
        // Sub-block e / 16 's 4-bit scale (low nibble) and min (high nibble).
        for (int e = 0; e < kQK_K; ++e) {
            const uint8_t sc = b.scales[e / 16];
            const float dl = d * static_cast<float>(sc & 0xF);
            const float ml = dmin * static_cast<float>(sc >> 4);
            y[e] = dl * static_cast<float>(q2_k_quant(b, e)) - ml;
        }
    }
}

void dequantize_q3_k(const void* src, float* dst, int64_t n_blocks) {
    for (int64_t i = 0; i < n_blocks; ++i) {
        const auto b = load_block<BlockQ3_K>(src, i);
        const float d = fp16_to_fp32(b.d);
        float* y = dst + i * kQK_K;
        for (int e = 0; e < kQK_K; ++e) {
            const float dl = d * static_cast<float>(q3_k_scale(b.scales, e / 16));
            y[e] = dl * static_cast<float>(q3_k_quant(b, e) - 4);
        }
    }
}

void dequantize_q4_k(const void* src, float* dst, int64_t n_blocks) {
    for (int64_t i = 0; i < n_blocks; ++i) {
        const auto b = load_block<BlockQ4_K>(src, i);
        const float d = fp16_to_fp32(b.d);
        const float dmin = fp16_to_fp32(b.dmin);
        float* y = dst + i * kQK_K;
        // Sub-block s (32 elements): nibble s%2 of qs[32*(s/2) + l].
        for (int s = 0; s < kQK_K / 32; ++s) {
            uint8_t sc, m;
            scale_min_k4(s, b.scales, sc, m);
            const float ds = d * static_cast<float>(sc);
            const float ms = dmin * static_cast<float>(m);
            const int shift = 4 * (s % 2);
            for (int l = 0; l < 32; ++l) {
                const int q = (b.qs[32 * (s / 2) + l] >> shift) & 0xF;
                y[32 * s + l] = ds * static_cast<float>(q) - ms;
            }
        }
    }
}

void dequantize_q5_k(const void* src, float* dst, int64_t n_blocks) {
    for (int64_t i = 0; i < n_blocks; ++i) {
        const auto b = load_block<BlockQ5_K>(src, i);
        const float d = fp16_to_fp32(b.d);
        const float dmin = fp16_to_fp32(b.dmin);
        float* y = dst + i * kQK_K;
        // As Q4_K, with the 5th bit of sub-block s's element l in bit s of qh[l].
        for (int s = 0; s < kQK_K / 32; ++s) {
            uint8_t sc, m;
            scale_min_k4(s, b.scales, sc, m);
            const float ds = d * static_cast<float>(sc);
            const float ms = dmin * static_cast<float>(m);
            const int shift = 4 * (s % 2);
            for (int l = 0; l < 32; ++l) {
                const int low = (b.qs[32 * (s / 2) + l] >> shift) & 0xF;
                const int high = (b.qh[l] >> s) & 1;
                y[32 * s + l] = ds * static_cast<float>(low | (high << 4)) - ms;
            }
        }
    }
}

void dequantize_q6_k(const void* src, float* dst, int64_t n_blocks) {
    for (int64_t i = 0; i < n_blocks; ++i) {
        const auto b = load_block<BlockQ6_K>(src, i);
        const float d = fp16_to_fp32(b.d);
        float* y = dst + i * kQK_K;
        for (int e = 0; e < kQK_K; ++e) {
            const float ds = d * static_cast<float>(b.scales[e / 16]);
            y[e] = ds * static_cast<float>(q6_k_quant(b, e) - 32);
        }
    }
}

void dequantize_q8_k(const void* src, float* dst, int64_t n_blocks) {
    for (int64_t i = 0; i < n_blocks; ++i) {
        const auto b = load_block<BlockQ8_K>(src, i);
        float* y = dst + i * kQK_K;
        for (int e = 0; e < kQK_K; ++e) y[e] = b.d * static_cast<float>(b.qs[e]);
    }
}

}  // namespace siliang::kernels::cpu::detail
