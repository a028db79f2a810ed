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

// The 16 signed 6-bit scales of a Q3_K block: low 4 bits in bytes 0-7
// (scales 0-7 in the low nibbles, 8-15 in the high nibbles), high 2 bits in
// bytes 8-11 (scale k in bits 2*(k/4) of byte 8 + k%4), stored with +32 bias.
inline int q3_k_scale(const uint8_t* s, int k) {
    const int low = k < 8 ? (s[k] & 0xF) : (s[k - 8] >> 4);
    const int high = (s[8 + k % 4] >> (2 * (k / 4))) & 3;
    return (low | (high << 4)) - 32;
}

// The unsigned quant of element e (0..255) of a Q2_K, Q3_K or Q6_K block, before
// its bias: element e = 128*half + 32*j + l.
//   Q2_K: bits 2j..2j+1 of qs[32*half + l]                          (0..3)
//   Q3_K: those low 2 bits plus 4 when hmask bit e/32 of byte l is set (0..7;
//         the value is q - 4)
//   Q6_K: nibble j/2 of ql[64*half + 32*(j%2) + l] and bits 2j of qh[32*half + l]
//         as the high 2 bits                                        (0..63; value q - 32)
inline int q2_k_quant(const BlockQ2_K& b, int e) {
    const int half = e / 128, j = (e % 128) / 32, l = e % 32;
    return (b.qs[32 * half + l] >> (2 * j)) & 3;
}
inline int q3_k_quant(const BlockQ3_K& b, int e) {
    const int half = e / 128, j = (e % 128) / 32, l = e % 32;
    const int low = (b.qs[32 * half + l] >> (2 * j)) & 3;
    return low + 4 * ((b.hmask[l] >> (e / 32)) & 1);
}
inline int q6_k_quant(const BlockQ6_K& b, int e) {
    const int half = e / 128, j = (e % 128) / 32, l = e % 32;
    const int low = (b.ql[64 * half + 32 * (j % 2) + l] >> (4 * (j / 2))) & 0xF;
    const int high = (b.qh[32 * half + l] >> (2 * j)) & 3;
    return low | (high << 4);
}

}  // namespace siliang::kernels::cpu::detail
