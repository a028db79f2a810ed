// Matrix-matrix products for prompt processing: many tokens times the same weight rows.
//
// Decode reads each weight once per token and is bound by memory; a batch of tokens
// reuses every weight row n times and is bound by arithmetic, so there the weights
// are first unpacked, a tile of rows at a time, into one common form that the
// integer multiply units eat directly, and that unpacking is paid once per tile
// instead of once per (row, token):
//
//   packed row: per 16-element group g, 16 unsigned bytes q, a scale s[g] and an
//               offset o[g], with element e = s[e / 16] * q[e] + o[e / 16].
//
// Every quantized type fits it exactly (see gemm_pack.cpp: Q8_0 is q + 128 with
// o = -128 d, the K-quants' sub-block scales and mins become s and o). Activations
// are quantized per 32 elements as for the decode dots (same rounding, same bytes)
// and laid out plainly: int8 quants, and per 16-element group the scale d and
// d * (sum of the group's quants). A (row, token) dot is then
//   sum_g  s[g] * d[g] * (q_g · x_g)  +  o[g] * (d[g] * sum x_g),
// the first term by 8-bit integer dot products (AVX-512 VNNI: vpdpbusd), the
// second a short float dot product.
//
// Lengths are padded to kGemmK (zero quants, zero scales and offsets), so the
// kernels never handle a tail.
// Internal to siliang_kernels_cpu and its tests.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "gguf/gguf_types.h"

namespace siliang::kernels::cpu {

inline constexpr int64_t kGemmK = 64;        // quants per step of the kernels
inline constexpr int64_t kGemmGroup = 16;    // elements per scale / offset
inline constexpr int64_t kGemmOffsets = 16;  // offsets per step of the offset loop

// Padded sizes of one row of n elements.
inline int64_t gemm_quants(int64_t n) {
    return (n + kGemmK - 1) / kGemmK * kGemmK;
}
inline int64_t gemm_groups(int64_t n) {
    const int64_t g = gemm_quants(n) / kGemmGroup;
    return (g + kGemmOffsets - 1) / kGemmOffsets * kGemmOffsets;
}

// Weight types pack_rows() handles: every quantized type of vec_dot.h (not the floats).
bool gemm_packable(gguf::TensorType type);

// A tile of packed weight rows, or a batch of activation rows: rows of `quants`
// bytes and of `groups` scales and offsets (activations: d and d * sum).
struct GemmRows {
    int64_t n = 0;  // elements per row before padding
    int64_t quants = 0, groups = 0;
    size_t rows = 0;
    std::vector<uint8_t> q;  // weights: unsigned; activations: int8 stored as bytes
    std::vector<float> scale, offset;

    void resize(size_t row_count, int64_t elements);
    const uint8_t* q_row(size_t r) const { return q.data() + r * static_cast<size_t>(quants); }
    const float* scale_row(size_t r) const {
        return scale.data() + r * static_cast<size_t>(groups);
    }
    const float* offset_row(size_t r) const {
        return offset.data() + r * static_cast<size_t>(groups);
    }
};

// Unpacks rows [0, count) of weight type `type` (rows of n elements, `row_bytes`
// apart from `w`) into rows [0, count) of out (resized first unless it already has
// that row length and at least `count` rows: a tile buffer is reused as it is). Throws
// std::invalid_argument for a type that is not gemm_packable or an n that is not a multiple of the
// type's block.
void pack_rows(gguf::TensorType type, const void* w, size_t row_bytes, size_t count, int64_t n,
               GemmRows& out);

// Activations: rows [begin, end) of `out` (already resize()d to the batch and its
// row length, a multiple of 32) from floats at x + t * stride, quantized by
// `quantize_q8_32` (a vec_dot.h ActQ8_32 quantizer: the bytes of the decode path).
// Rows are independent: threads may fill disjoint ranges at once.
using QuantizeQ8_32Fn = void (*)(const float* x, void* dst, int64_t n);
void pack_activations(QuantizeQ8_32Fn quantize_q8_32, const float* x, size_t stride, size_t begin,
                      size_t end, GemmRows& out);

// out[t * out_stride + r] = dot(weight row w_row0 + r, activation row a_row0 + t)
// for r < nr, t < nt (nr, nt in 1..kGemmMaxRows / kGemmMaxTokens).
inline constexpr int kGemmMaxRows = 4;
inline constexpr int kGemmMaxTokens = 4;
using GemmTileFn = void (*)(const GemmRows& w, size_t w_row0, int nr, const GemmRows& a,
                            size_t a_row0, int nt, float* out, size_t out_stride);

namespace detail {
// Scalar, in the order the formula above is written: the oracle of the SIMD tiles.
void gemm_tile_ref(const GemmRows& w, size_t w_row0, int nr, const GemmRows& a, size_t a_row0,
                   int nt, float* out, size_t out_stride);
#if defined(SILIANG_KERNELS_X86_SIMD)
void gemm_tile_avx512(const GemmRows& w, size_t w_row0, int nr, const GemmRows& a, size_t a_row0,
                      int nt, float* out, size_t out_stride);
#endif
}  // namespace detail

}  // namespace siliang::kernels::cpu
