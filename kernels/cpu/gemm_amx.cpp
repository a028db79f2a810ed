// AMX INT8 prompt processing (gemm_amx.h). Compiled with AMX-TILE and AMX-INT8 on top of
// the AVX-512 flags; only called once amx_usable() said yes.
//
// A result tile is 16 tokens x 16 weight rows. For each 32-element block the tile unit
// computes the integer sums and the vector unit scales them into 16 float accumulators,
// one per token (a row of the tile), which stay in registers across the whole row
// length. Two blocks are in flight at once (two sets of tile registers), so the tile
// unit works on the next block while the vector unit scales the last one.
#include "cpu/gemm_amx.h"

#include <algorithm>
#include <cstring>

#include "cpu/simd_x86.h"  // immintrin.h, with GCC 12 header warnings silenced
#include "cpu/x16_avx512.h"
#include "cpu/x16_layout.h"

namespace siliang::kernels::cpu {

using gguf::TensorType;

namespace detail {

namespace {

constexpr int kTileTokens = 16;  // rows of an A tile

// The LDTILECFG operand (Intel SDM: palette 1, bytes per row and rows of each tile).
struct TileConfig {
    uint8_t palette = 1;
    uint8_t start_row = 0;
    uint8_t reserved[14] = {};
    uint16_t colsb[16] = {};
    uint8_t rows[16] = {};
};
static_assert(sizeof(TileConfig) == 64);

// tmm0 / tmm3: sums (16 tokens x 16 int32); tmm1 / tmm4: tokens (16 x `block` bytes);
// tmm2 / tmm5: weights (block / 4 quads x 16 rows x 4 bytes).
constexpr TileConfig make_tile_config(size_t block) {
    TileConfig config;
    for (int t : {0, 3}) {
        config.colsb[t] = 64;
        config.rows[t] = 16;
    }
    for (int t : {1, 4}) {
        config.colsb[t] = static_cast<uint16_t>(block);
        config.rows[t] = 16;
    }
    for (int t : {2, 5}) {
        config.colsb[t] = 64;
        config.rows[t] = static_cast<uint8_t>(block / 4);
    }
    return config;
}
// Constants, not locals: GCC 12 does not see _tile_loadconfig read its operand and drops
// the stores that fill a local one.
alignas(64) constexpr TileConfig kConfig16 = make_tile_config(16);
alignas(64) constexpr TileConfig kConfig32 = make_tile_config(32);

template <size_t kBlock>
void multiply(const AmxWeightTile& tile, size_t rows, const GemmRows& acts, size_t tokens, float* y,
              size_t y_stride) {
    constexpr size_t kBTile = kBlock * 16;           // bytes of one B tile
    constexpr size_t kGroups = kBlock / kGemmGroup;  // activation groups per block
    _tile_loadconfig(kBlock == 32 ? &kConfig32 : &kConfig16);
    const size_t stride = static_cast<size_t>(acts.quants);
    const size_t blocks = tile.blocks;  // even: quants are padded to 64
    alignas(64) int32_t sums[2][16][16];
    for (size_t t0 = 0; t0 < tokens; t0 += kTileTokens) {
        const uint8_t* a = acts.q_row(t0);
        const size_t valid_tokens = std::min<size_t>(kTileTokens, tokens - t0);
        for (size_t half = 0; 16 * half < rows; ++half) {
            __m512 acc[16];
            for (__m512& v : acc) v = _mm512_setzero_ps();
            // Adds block b's sums (in `s`) times the scales into acc.
            const auto scale_block = [&](const int32_t(*s)[16], size_t b) {
                const __m512 ws = _mm512_loadu_ps(tile.scale.data() + b * kAmxRows + 16 * half);
                const __m512 wo = _mm512_loadu_ps(tile.offset.data() + b * kAmxRows + 16 * half);
#pragma GCC unroll 16
                for (int j = 0; j < 16; ++j) {
                    const size_t t = t0 + static_cast<size_t>(j);
                    // The token's scale is per 32 (its two 16-groups hold the same d).
                    const float d = acts.scale_row(t)[kGroups * b];
                    const float* ds = acts.offset_row(t) + kGroups * b;
                    const float xsum = kGroups == 2 ? ds[0] + ds[kGroups - 1] : ds[0];
                    const __m512 v = _mm512_cvtepi32_ps(_mm512_load_si512(s[j]));
                    acc[j] = _mm512_fmadd_ps(_mm512_mul_ps(v, ws), _mm512_set1_ps(d), acc[j]);
                    acc[j] = _mm512_fmadd_ps(wo, _mm512_set1_ps(xsum), acc[j]);
                }
            };
            const uint8_t* b_tiles = tile.b.data() + half * kBTile;
            for (size_t b = 0; b < blocks; b += 2) {
                _tile_zero(0);
                _tile_zero(3);
                _tile_loadd(1, a + kBlock * b, stride);
                _tile_loadd(2, b_tiles + 2 * b * kBTile, 64);
                _tile_loadd(4, a + kBlock * (b + 1), stride);
                _tile_loadd(5, b_tiles + 2 * (b + 1) * kBTile, 64);
                _tile_dpbsud(0, 1, 2);
                _tile_dpbsud(3, 4, 5);
                _tile_stored(0, sums[0], 64);
                _tile_stored(3, sums[1], 64);
                scale_block(sums[0], b);
                scale_block(sums[1], b + 1);
            }
            const size_t valid_rows = std::min<size_t>(16, rows - 16 * half);
            const auto mask = static_cast<__mmask16>((1u << valid_rows) - 1);
            for (size_t j = 0; j < valid_tokens; ++j)
                _mm512_mask_storeu_ps(y + (t0 + j) * y_stride + 16 * half, mask, acc[j]);
        }
    }
    _tile_release();
}

}  // namespace

void amx_pack_weights(TensorType type, const void* w, size_t row_bytes, size_t count, int64_t n,
                      AmxWeightTile& tile) {
    pack_rows(type, w, row_bytes, count, n, tile.packed);
    const GemmRows& p = tile.packed;
    const size_t block = amx_block(type);
    const size_t b_tile = block * 16, groups = block / kGemmGroup;
    tile.block = block;
    tile.blocks = static_cast<size_t>(p.quants) / block;
    if (tile.b.size() < tile.blocks * 2 * b_tile) tile.b.resize(tile.blocks * 2 * b_tile);
    if (tile.scale.size() < tile.blocks * kAmxRows) {
        tile.scale.resize(tile.blocks * kAmxRows);
        tile.offset.resize(tile.blocks * kAmxRows);
    }
    // The rows past `count` multiply to nothing.
    if (count < kAmxRows) {
        std::memset(tile.b.data(), 0, tile.blocks * 2 * b_tile);
        for (size_t b = 0; b < tile.blocks; ++b)
            for (size_t r = count; r < kAmxRows; ++r) {
                tile.scale[b * kAmxRows + r] = 0.0f;
                tile.offset[b * kAmxRows + r] = 0.0f;
            }
    }
    // Quad k (elements 4k..4k+3) of a block is row k of its B tile, at column r % 16:
    // the block's quads scatter 64 bytes apart.
    const __m256i quads = _mm256_setr_epi32(0, 16, 32, 48, 64, 80, 96, 112);
    for (size_t r = 0; r < count; ++r) {
        const uint8_t* q = p.q_row(r);
        auto* column = reinterpret_cast<int*>(tile.b.data() + (r / 16) * b_tile + 4 * (r % 16));
        for (size_t b = 0; b < tile.blocks; ++b) {
            int* dst = column + b * 2 * b_tile / 4;
            if (block == 32)
                _mm256_i32scatter_epi32(
                    dst, quads, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(q + block * b)),
                    4);
            else
                _mm_i32scatter_epi32(
                    dst, _mm256_castsi256_si128(quads),
                    _mm_loadu_si128(reinterpret_cast<const __m128i*>(q + block * b)), 4);
            // In the 32-blocks both 16-groups share one scale and offset.
            tile.scale[b * kAmxRows + r] = p.scale_row(r)[groups * b];
            tile.offset[b * kAmxRows + r] = p.offset_row(r)[groups * b];
        }
    }
}

void amx_x16_weights(const X16Weight& w, uint64_t r0, size_t count, AmxWeightTile& tile) {
    constexpr size_t kBTile = 32 * 16;
    const X16Layout& l = *x16_layout(w.type());
    const auto blocks = static_cast<size_t>(w.blocks());
    tile.block = 32;
    tile.blocks = (blocks + 1) / 2 * 2;  // multiply() takes blocks in pairs
    if (tile.b.size() < tile.blocks * 2 * kBTile) tile.b.resize(tile.blocks * 2 * kBTile);
    if (tile.scale.size() < tile.blocks * kAmxRows) {
        tile.scale.resize(tile.blocks * kAmxRows);
        tile.offset.resize(tile.blocks * kAmxRows);
    }
    // The offsets of gemm_pack.cpp's packed form: the quant is q + 128 (Q8_0), q + 8 (Q4_0)
    // or q + 16 (Q5_0) of the signed value.
    const float offset = w.type() == gguf::TensorType::Q8_0   ? -128.0f
                         : w.type() == gguf::TensorType::Q5_0 ? -16.0f
                                                              : -8.0f;
    for (size_t half = 0; half < 2; ++half) {
        const bool present = 16 * half < count;
        const uint8_t* group = present ? w.group(r0 / kX16Rows + half) : nullptr;
        for (size_t b = 0; b < tile.blocks; ++b) {
            uint8_t* dst = tile.b.data() + (2 * b + half) * kBTile;
            float* scale = tile.scale.data() + b * kAmxRows + 16 * half;
            float* off = tile.offset.data() + b * kAmxRows + 16 * half;
            if (!present || b >= blocks) {  // rows past count, the pad block: nothing
                std::memset(dst, 0, kBTile);
                _mm512_storeu_ps(scale, _mm512_setzero_ps());
                _mm512_storeu_ps(off, _mm512_setzero_ps());
                continue;
            }
            const uint8_t* chunk = x16_chunk(group, l, static_cast<int64_t>(b));
            if (w.type() == gguf::TensorType::Q8_0) {
                std::memcpy(dst, chunk, kBTile);
            } else {
                __m512i quads[8];
                if (w.type() == gguf::TensorType::Q5_0)
                    x16_nibble_quads<true>(chunk, quads);
                else
                    x16_nibble_quads<false>(chunk, quads);
                for (int k = 0; k < 8; ++k) _mm512_storeu_si512(dst + 64 * k, quads[k]);
            }
            const __m512 d = _mm512_cvtph_ps(_mm256_load_si256(reinterpret_cast<const __m256i*>(
                x16_tail(group, l, static_cast<int64_t>(blocks), static_cast<int64_t>(b)))));
            _mm512_storeu_ps(scale, d);
            _mm512_storeu_ps(off, _mm512_mul_ps(d, _mm512_set1_ps(offset)));
        }
    }
}

void amx_multiply(const AmxWeightTile& tile, size_t rows, const GemmRows& acts, size_t tokens,
                  float* y, size_t y_stride) {
    if (tile.block == 32)
        multiply<32>(tile, rows, acts, tokens, y, y_stride);
    else
        multiply<16>(tile, rows, acts, tokens, y, y_stride);
}

}  // namespace detail

}  // namespace siliang::kernels::cpu
