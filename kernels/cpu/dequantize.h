// Reference (portable, scalar) dequantization and quantization of GGUF tensor
// rows. These are the kernels every SIMD variant and every GPU backend is
// checked against, so they favour obviously-correct code over speed.
//
// Results are bit-identical to the `gguf` Python package (gguf-py), whose
// numpy code is our oracle: every product and sum is evaluated in float32 in
// the same order as there (see the per-type comments in the .cpp files).
#pragma once

#include <cstdint>

#include "cpu/fp16.h"  // fp16_to_fp32, fp32_to_fp16, bf16_to_fp32, fp32_to_bf16
#include "gguf/gguf_types.h"

namespace siliang::kernels::cpu {

// True for the types dequantize_row() handles: F32, F16, BF16, Q4_0, Q4_1,
// Q5_0, Q5_1, Q8_0, Q2_K, Q3_K, Q4_K, Q5_K, Q6_K, Q8_K.
bool can_dequantize(gguf::TensorType type);

// Expands `n_elements` values (a whole number of blocks of `type`) stored at
// `src` into float32 at `dst`. `src` needs no alignment. Throws
// std::invalid_argument naming the type when the type is not supported or
// `n_elements` is negative or not a multiple of the block size.
void dequantize_row(gguf::TensorType type, const void* src, float* dst, int64_t n_elements);

// True for the types quantize_row() handles: F32, F16, BF16, Q4_0, Q4_1,
// Q5_0, Q5_1, Q8_0, Q2_K, Q3_K, Q4_K, Q5_K, Q6_K.
bool can_quantize(gguf::TensorType type);

// Encodes `n` floats (a whole number of blocks) as `type` into `dst`
// (n / block_size * type_size bytes, no alignment needed), with ggml's
// reference quantize_row_*_ref algorithms. For the types gguf-py can quantize
// (F16, BF16, Q4_0, Q4_1, Q5_0, Q5_1, Q8_0) the bytes equal gguf-py's for
// finite input. Throws std::invalid_argument like dequantize_row().
void quantize_row(gguf::TensorType type, const float* src, void* dst, int64_t n);

}  // namespace siliang::kernels::cpu
