// Prompt processing on Intel AMX (Sapphire Rapids and later): gemm.h's packed weights and
// 8-bit activations multiplied by the tile unit, with the same integer products as the
// AVX-512 VNNI tiles and so the same precision (no bf16 rounding anywhere).
//
// One AMX instruction (TDPBSUD) multiplies 16 tokens x 32 signed activation bytes by
// 32 x 16 unsigned weight bytes into 16 x 16 int32 sums: 8192 multiply-adds, where a
// VNNI instruction does 64. Its sums span the 32 elements of one block, so after each
// block the tile is stored and scaled into float accumulators (16 registers, one per
// token of the tile): s (the weight row's scale, one per lane) times d (the token's
// scale), plus the block's offset term o * d * sum(x). That needs one scale and offset
// per 32 elements, which the types with 32-element blocks or sub-blocks have: Q4_0,
// Q4_1, Q5_0, Q5_1, Q8_0, Q4_K, Q5_K (amx_packable). Q2_K, Q3_K and Q6_K scale every 16
// and stay on the VNNI tiles.
//
// Layouts (K padded with zeros to gemm.h's kGemmK; rows of a weight tile to 32):
//   activations  gemm.h's GemmRows, used in place: an A tile is 16 tokens x 32 bytes,
//                rows `quants` apart (the batch is padded to whole 16-token tiles);
//   weights      [block of 32][2 halves of 16 rows][8 quads][16 rows][4 bytes]: the B
//                tile of a (block, half) is 512 bytes, the 4-byte groups AMX wants;
//                scales and offsets [block][32 rows], so a half's 16 are one vector.
// Internal to siliang_kernels_cpu and its tests.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "cpu/gemm.h"
#include "gguf/gguf_types.h"

namespace siliang::kernels::cpu {

inline constexpr size_t kAmxRows = 32;       // weight rows per tile
inline constexpr size_t kAmxMinTokens = 32;  // shorter batches take the VNNI tiles

// Weight types whose scales come per 32 elements (see above).
inline bool amx_packable(gguf::TensorType type) {
    using T = gguf::TensorType;
    return type == T::Q4_0 || type == T::Q4_1 || type == T::Q5_0 || type == T::Q5_1 ||
           type == T::Q8_0 || type == T::Q4_K || type == T::Q5_K;
}

// One thread's weight tile: packed rows in gemm.h's form and their AMX layout.
struct AmxWeightTile {
    GemmRows packed;
    std::vector<uint8_t> b;            // blocks * 2 * 512 bytes
    std::vector<float> scale, offset;  // blocks * kAmxRows
    size_t blocks = 0;
};

#if defined(SILIANG_KERNELS_AMX)
namespace detail {
// Rows [0, count) (count <= kAmxRows; the rest are zeros) of an amx_packable weight,
// `row_bytes` apart, each n elements, into tile.
void amx_pack_weights(gguf::TensorType type, const void* w, size_t row_bytes, size_t count,
                      int64_t n, AmxWeightTile& tile);
// y[t * y_stride + r] = row r of the tile . token t, for r < rows, t < tokens, with the
// tokens packed by pack_activations() into `acts` (at least tokens rounded up to 16 rows).
// Loads the tile configuration for the calling thread.
void amx_multiply(const AmxWeightTile& tile, size_t rows, const GemmRows& acts, size_t tokens,
                  float* y, size_t y_stride);
}  // namespace detail
#endif

}  // namespace siliang::kernels::cpu
