// What a GGUF file says about the model inside it, read from the header alone
// (no weights touched): the summary `siliang-cli inspect` prints and the model
// list shows.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "gguf/gguf_reader.h"

namespace siliang::model {

struct SpecialTokenInfo {
    std::string role;  // "bos", "eos", "eot", ...
    int64_t id = -1;
    std::string text;  // the vocabulary entry, empty when the id is out of range
};

struct TensorTypeCount {
    std::string type;  // "Q4_K"
    uint64_t tensors = 0;
    uint64_t elements = 0;
    uint64_t bytes = 0;
};

struct ModelInfo {
    std::string file_name;
    uint64_t file_size = 0;
    uint32_t gguf_version = 0;
    std::string architecture;  // general.architecture, "" when absent
    std::string name;          // general.name
    std::string quantization;  // from general.file_type, e.g. "Q4_K_M"; "" when absent
    uint64_t parameters = 0;   // sum of tensor elements
    std::vector<TensorTypeCount> tensor_types;  // sorted by type name
    // Hyper-parameters from "<arch>.*" keys; absent keys are left out.
    std::optional<uint64_t> context_length, embedding_length, block_count, feed_forward_length,
        head_count, head_count_kv;
    std::string tokenizer_model;  // tokenizer.ggml.model: llama / gpt2 / bert ...
    std::string tokenizer_pre;    // tokenizer.ggml.pre
    uint64_t vocab_size = 0;
    std::vector<SpecialTokenInfo> special_tokens;
    bool has_chat_template = false;
    uint64_t chat_template_bytes = 0;
};

ModelInfo read_model_info(const gguf::File& file);

// llama.cpp's names for general.file_type values ("Q4_K_M"); "" for unknown numbers.
std::string file_type_name(uint64_t file_type);

// Human name of a tokenizer.ggml.model value ("byte-level BPE" for gpt2).
std::string tokenizer_kind_name(const std::string& tokenizer_model);

}  // namespace siliang::model
