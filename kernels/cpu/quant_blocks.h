// Block layouts of ggml's quantized types, byte for byte as ggml-common.h
// defines them (QK_K = 256). Half-precision fields are kept as raw uint16_t
// bit patterns. Kernels read a block by memcpy into one of these structs, so
// tensor data needs no alignment and no object lifetime games.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>

namespace siliang::kernels::cpu {

static_assert(std::endian::native == std::endian::little,
              "GGUF data is little-endian; the block structs are read by memcpy");

inline constexpr int kQK4_0 = 32;
inline constexpr int kQK4_1 = 32;
inline constexpr int kQK5_0 = 32;
inline constexpr int kQK5_1 = 32;
inline constexpr int kQK8_0 = 32;
inline constexpr int kQK_K = 256;
inline constexpr int kKScaleSize = 12;  // packed 6-bit scales and mins of Q4_K / Q5_K

struct BlockQ4_0 {
    uint16_t d;              // scale
    uint8_t qs[kQK4_0 / 2];  // nibbles: element j low, element j + 16 high
};
struct BlockQ4_1 {
    uint16_t d;  // scale
    uint16_t m;  // offset (the block minimum)
    uint8_t qs[kQK4_1 / 2];
};
struct BlockQ5_0 {
    uint16_t d;
    uint8_t qh[4];  // 5th bit of each element, little-endian uint32
    uint8_t qs[kQK5_0 / 2];
};
struct BlockQ5_1 {
    uint16_t d;
    uint16_t m;
    uint8_t qh[4];
    uint8_t qs[kQK5_1 / 2];
};
struct BlockQ8_0 {
    uint16_t d;
    int8_t qs[kQK8_0];
};
// K-quants: a super-block of 256 elements in sub-blocks of 16 or 32.
struct BlockQ2_K {
    uint8_t scales[kQK_K / 16];  // low nibble: scale, high nibble: min
    uint8_t qs[kQK_K / 4];       // 2-bit quants
    uint16_t d;                  // super-block scale of the scales
    uint16_t dmin;               // super-block scale of the mins
};
struct BlockQ3_K {
    uint8_t hmask[kQK_K / 8];  // high bit of each quant
    uint8_t qs[kQK_K / 4];     // low 2 bits
    uint8_t scales[12];        // 16 scales of 6 bits
    uint16_t d;
};
struct BlockQ4_K {
    uint16_t d;
    uint16_t dmin;
    uint8_t scales[kKScaleSize];  // 8 scales and 8 mins of 6 bits
    uint8_t qs[kQK_K / 2];
};
struct BlockQ5_K {
    uint16_t d;
    uint16_t dmin;
    uint8_t scales[kKScaleSize];
    uint8_t qh[kQK_K / 8];
    uint8_t qs[kQK_K / 2];
};
struct BlockQ6_K {
    uint8_t ql[kQK_K / 2];      // low 4 bits
    uint8_t qh[kQK_K / 4];      // high 2 bits
    int8_t scales[kQK_K / 16];  // 8-bit signed sub-block scales
    uint16_t d;
};
struct BlockQ8_K {
    float d;  // float32, not half: Q8_K is ggml's dot-product operand
    int8_t qs[kQK_K];
    int16_t bsums[kQK_K / 16];  // sums of groups of 16 quants (unused by dequantization)
};

static_assert(sizeof(BlockQ4_0) == 18 && sizeof(BlockQ4_1) == 20);
static_assert(sizeof(BlockQ5_0) == 22 && sizeof(BlockQ5_1) == 24);
static_assert(sizeof(BlockQ8_0) == 34);
static_assert(sizeof(BlockQ2_K) == 84 && sizeof(BlockQ3_K) == 110);
static_assert(sizeof(BlockQ4_K) == 144 && sizeof(BlockQ5_K) == 176);
static_assert(sizeof(BlockQ6_K) == 210 && sizeof(BlockQ8_K) == 292);

}  // namespace siliang::kernels::cpu
