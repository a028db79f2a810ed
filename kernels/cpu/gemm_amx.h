// Prompt processing on Intel AMX (Sapphire Rapids and later): gemm.h's packed weights and
// 8-bit activations multiplied by the tile unit, with the same integer products as the
// AVX-512 VNNI tiles and so the same precision (no bf16 rounding anywhere).
//
// One AMX instruction (TDPBSUD) multiplies 16 tokens x 32 signed activation bytes by
// 32 x 16 unsigned weight bytes into 16 x 16 int32 sums: 8192 multiply-adds, where a
// VNNI instruction does 64. Its sums may span only elements that share a scale, so a
// product covers one block of amx_block() elements, and after each block the tile is
// stored and scaled into float accumulators (16 registers, one per token of the tile):
// s (the weight row's scale, one per lane) times d (the token's scale), plus the
// block's offset term o * d * sum(x).
//
// Layouts (K padded with zeros to gemm.h's kGemmK; rows of a weight tile to 32):
//   activations  gemm.h's GemmRows, used in place: an A tile is 16 tokens x block bytes,
//                rows `quants` apart (the batch is padded to whole 16-token tiles);
//   weights      [block][2 halves of 16 rows][block / 4 quads][16 rows][4 bytes]: the B
//                tile of a (block, half) is 16 * block bytes, the 4-byte groups AMX wants;
//                scales and offsets [block][32 rows], so a half's 16 are one vector.
// Internal to siliang_kernels_cpu and its tests.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "cpu/gemm.h"
#include "cpu/x16.h"
#include "gguf/gguf_types.h"

namespace siliang::kernels::cpu {

inline constexpr size_t kAmxRows = 32;       // weight rows per tile
inline constexpr size_t kAmxMinTokens = 32;  // shorter batches take the VNNI tiles

// Elements per scale of a gemm_packable type: 32 for Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, Q4_K
// and Q5_K; 16 for Q2_K, Q3_K and Q6_K (their tile products span 16 elements: half the
// work per product, twice the scaling per element, still far ahead of VNNI).
inline size_t amx_block(gguf::TensorType type) {
    using T = gguf::TensorType;
    return type == T::Q2_K || type == T::Q3_K || type == T::Q6_K ? 16 : 32;
}

// One thread's weight tile: packed rows in gemm.h's form and their AMX layout.
struct AmxWeightTile {
    GemmRows packed;
    std::vector<uint8_t> b;            // blocks * 2 * 512 bytes
    std::vector<float> scale, offset;  // blocks * kAmxRows
    size_t block = 32;                 // elements per block: amx_block(type)
    size_t blocks = 0;
};

#if defined(SILIANG_KERNELS_AMX)
namespace detail {
// Rows [0, count) (count <= kAmxRows; the rest are zeros) of a gemm_packable weight,
// `row_bytes` apart, each n elements, into tile.
void amx_pack_weights(gguf::TensorType type, const void* w, size_t row_bytes, size_t count,
                      int64_t n, AmxWeightTile& tile);
// The same from interleaved rows (x16.h), with no unpacking: an interleaved Q8_0 chunk is
// already a B tile (16 rows x 4-byte quads, q + 128), a Q4_0 / Q5_0 chunk becomes one by
// splitting its nibbles. Rows [r0, r0 + count), r0 a multiple of 16, count <= kAmxRows.
// Layouts of 32-element blocks only: Matmul unpacks interleaved Q4_K to GGUF rows instead.
void amx_x16_weights(const X16Weight& w, uint64_t r0, size_t count, AmxWeightTile& tile);
// y[t * y_stride + r] = row r of the tile . token t, for r < rows, t < tokens, with the
// tokens packed by pack_activations() into `acts` (at least tokens rounded up to 16 rows).
// Loads the tile configuration for the calling thread.
void amx_multiply(const AmxWeightTile& tile, size_t rows, const GemmRows& acts, size_t tokens,
                  float* y, size_t y_stride);
}  // namespace detail
#endif

}  // namespace siliang::kernels::cpu
