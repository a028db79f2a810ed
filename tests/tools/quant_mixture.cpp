#include "quant_mixture.h"

namespace siliang::test_models {

namespace {

using gguf::TensorType;

bool whole_blocks(TensorType type, uint64_t row_length) {
    const auto traits = gguf::type_traits(type);
    return traits && row_length % traits->block_size == 0;
}

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

bool use_more_bits(int layer, int n_layer) {
    // (layer - n_layer/8) is only negative where the first clause already holds.
    return layer < n_layer / 8 || layer >= 7 * n_layer / 8 || (layer - n_layer / 8) % 3 == 2;
}

TensorType k_quant_fallback(TensorType type, uint64_t row_length) {
    if (whole_blocks(type, row_length)) return type;
    switch (type) {
        case TensorType::Q4_K: type = TensorType::Q5_0; break;
        case TensorType::Q5_K: type = TensorType::Q5_1; break;
        case TensorType::Q6_K: type = TensorType::Q8_0; break;
        default: break;
    }
    return whole_blocks(type, row_length) ? type : TensorType::F16;
}

TensorType q4_k_m_type(std::string_view name, uint64_t row_length, int layer, int n_layer,
                       bool lm_head) {
    TensorType type = TensorType::Q4_K;
    if (lm_head) {
        // llama.cpp tests the row against the default type's block (Q4_K: 256) and
        // goes straight to Q8_0, not through the Q6_K fallback.
        type = whole_blocks(TensorType::Q4_K, row_length) ? TensorType::Q6_K : TensorType::Q8_0;
    } else if ((ends_with(name, "attn_v.weight") || ends_with(name, "ffn_down.weight")) &&
               use_more_bits(layer, n_layer)) {
        type = TensorType::Q6_K;
    }
    return k_quant_fallback(type, row_length);
}

}  // namespace siliang::test_models
