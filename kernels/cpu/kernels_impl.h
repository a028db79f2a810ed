// Per-type reference kernels behind dequantize_row() / quantize_row(). Each
// works on whole blocks: `src` / `dst` point at `n_blocks` packed blocks.
// Internal to siliang_kernels_cpu and its tests.
#pragma once

#include <cstdint>
#include <cstring>

#include "cpu/quant_blocks.h"

namespace siliang::kernels::cpu::detail {

// Reads block `i` of a packed array without alignment requirements.
template <typename Block>
inline Block load_block(const void* src, int64_t i) {
    Block b;
    std::memcpy(&b,
                static_cast<const unsigned char*>(src) + i * static_cast<int64_t>(sizeof(Block)),
                sizeof(Block));
    return b;
}

template <typename Block>
inline void store_block(void* dst, int64_t i, const Block& b) {
    std::memcpy(static_cast<unsigned char*>(dst) + i * static_cast<int64_t>(sizeof(Block)), &b,
                sizeof(Block));
}

void dequantize_q4_0(const void* src, float* dst, int64_t n_blocks);
void dequantize_q4_1(const void* src, float* dst, int64_t n_blocks);
void dequantize_q5_0(const void* src, float* dst, int64_t n_blocks);
void dequantize_q5_1(const void* src, float* dst, int64_t n_blocks);
void dequantize_q8_0(const void* src, float* dst, int64_t n_blocks);
void dequantize_q2_k(const void* src, float* dst, int64_t n_blocks);
void dequantize_q3_k(const void* src, float* dst, int64_t n_blocks);
void dequantize_q4_k(const void* src, float* dst, int64_t n_blocks);
void dequantize_q5_k(const void* src, float* dst, int64_t n_blocks);
void dequantize_q6_k(const void* src, float* dst, int64_t n_blocks);
void dequantize_q8_k(const void* src, float* dst, int64_t n_blocks);

void quantize_q4_0(const float* src, void* dst, int64_t n_blocks);
void quantize_q4_1(const float* src, void* dst, int64_t n_blocks);
void quantize_q5_0(const float* src, void* dst, int64_t n_blocks);
void quantize_q5_1(const float* src, void* dst, int64_t n_blocks);
void quantize_q8_0(const float* src, void* dst, int64_t n_blocks);
void quantize_q2_k(const float* src, void* dst, int64_t n_blocks);
void quantize_q3_k(const float* src, void* dst, int64_t n_blocks);
void quantize_q4_k(const float* src, void* dst, int64_t n_blocks);
void quantize_q5_k(const float* src, void* dst, int64_t n_blocks);
void quantize_q6_k(const float* src, void* dst, int64_t n_blocks);

// The 6-bit scale and min of sub-block j (0..7) of a Q4_K / Q5_K block,
// unpacked from the 12-byte layout (ggml's get_scale_min_k4):
//   bytes 0-3: scales 0-3 (low 6 bits), high 2 bits of scales 4-7
//   bytes 4-7: mins 0-3 (low 6 bits), high 2 bits of mins 4-7
//   bytes 8-11: low nibble = scale 4-7 low 4 bits, high nibble = min 4-7 low 4 bits
inline void scale_min_k4(int j, const uint8_t* q, uint8_t& scale, uint8_t& min) {
    if (j < 4) {
        scale = q[j] & 63;
        min = q[j + 4] & 63;
    } else {
        scale = static_cast<uint8_t>((q[j + 4] & 0xF) | ((q[j - 4] >> 6) << 4));
        min = static_cast<uint8_t>((q[j + 4] >> 4) | ((q[j] >> 6) << 4));
    }
}

}  // namespace siliang::kernels::cpu::detail
