// The type llama.cpp's quantizer gives each weight of a Q4_K_M file
// (llama_tensor_get_type in src/llama-quant.cpp for LLAMA_FTYPE_MOSTLY_Q4_K_M,
// dense non-Falcon models, no imatrix, no overrides), so that our random-weight
// benchmark files have the sizes and the kernel mix of the files people download.
#pragma once

#include <cstdint>
#include <string_view>

#include "gguf/gguf_types.h"

namespace siliang::test_models {

// `name` is the tensor name ("blk.3.attn_v.weight", "output.weight"), `layer` its
// block index (ignored outside blocks), `lm_head` whether it is the output
// projection (output.weight, or token_embd.weight when the model has no output.weight).
// The rules:
//  - LM head: Q8_0 when its rows are not whole 256-element blocks, else Q6_K;
//  - attn_v and ffn_down: Q6_K in the layers use_more_bits() picks, else Q4_K;
//  - every other matrix (the untied embedding included): Q4_K;
//  - then the fallback when the row is not whole blocks of that type (Q4_K -> Q5_0,
//    Q6_K -> Q8_0, and F16 if even that does not fit).
gguf::TensorType q4_k_m_type(std::string_view name, uint64_t row_length, int layer, int n_layer,
                             bool lm_head);

// llama.cpp's "more bits" layers: the first and last eighth, and every third in between.
bool use_more_bits(int layer, int n_layer);

// `type`, or llama.cpp's replacement when a row of `row_length` elements is not
// a whole number of its blocks (K-quants: 256 elements).
gguf::TensorType k_quant_fallback(gguf::TensorType type, uint64_t row_length);

}  // namespace siliang::test_models
