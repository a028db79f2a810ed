// Tiny random-weight GGUF models of each supported architecture, written with
// the engine's GGUF writer, for tests that need a real file to load but not
// meaningful outputs (config parsing, load errors, KV-cache behaviour).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "gguf/gguf_types.h"

namespace siliang::test {

struct TinySpec {
    std::string arch = "llama";  // llama, qwen2, qwen3, gemma3, or anything (error tests)
    uint32_t n_layer = 2, n_embd = 64, n_head = 4, n_head_kv = 2, head_dim = 16, n_ff = 96;
    uint32_t n_vocab = 48;
    uint32_t sliding_window = 0;                           // gemma3
    gguf::TensorType weight_type = gguf::TensorType::F32;  // matrices (n_embd-wide rows)
    bool tied = true;                                      // no output.weight
    std::vector<std::string> omit;                         // tensor names to leave out
    std::string unsupported_type_tensor;                   // written as IQ2_XXS instead
    std::string rope_scaling;                              // "" or "linear"
    uint32_t seed = 1;
};

std::vector<std::byte> tiny_model_bytes(const TinySpec& spec);
std::filesystem::path write_tiny_model(const std::filesystem::path& dir, const TinySpec& spec);

}  // namespace siliang::test
