// Every hyper-parameter of a model, read from GGUF metadata with llama.cpp's
// key names ("<arch>.embedding_length" ...). One struct: forward.cpp reads
// nothing else from the file.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "gguf/gguf_reader.h"

namespace siliang::model {

class ModelError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Loading was cancelled through LoadOptions::progress.
class LoadCancelled : public ModelError {
public:
    using ModelError::ModelError;
};

enum class Architecture { Llama, Qwen2, Qwen3, Gemma3 };

struct ModelConfig {
    Architecture arch = Architecture::Llama;
    std::string arch_name;  // general.architecture
    uint32_t n_vocab = 0;   // rows of token_embd
    uint32_t n_embd = 0;
    uint32_t n_layer = 0;
    uint32_t n_ff = 0;
    uint32_t n_head = 0;
    uint32_t n_head_kv = 0;
    uint32_t head_dim_k = 0;  // attention.key_length, default n_embd / n_head
    uint32_t head_dim_v = 0;  // attention.value_length, default n_embd / n_head
    uint32_t n_rot = 0;       // rope.dimension_count, default head_dim_k
    float rms_eps = 1e-5f;
    uint32_t context_length = 0;  // training context

    bool rope_neox = false;           // rotate halves (qwen, gemma) vs adjacent pairs (llama)
    float rope_freq_base = 10000.0f;  // global (full-attention) layers
    float rope_freq_scale = 1.0f;     // 1 / rope.scaling.factor for linear scaling
    std::string rope_scaling_type;    // "", "none", "linear", "llama3", ...
    float rope_scaling_factor = 1.0f;
    uint32_t rope_original_context = 0;
    // YaRN (rope.scaling.type "yarn"): see backend::RopeParams.
    float rope_yarn_ext_factor = 0.0f;  // 0 = no YaRN blend; 1 for yarn models
    float rope_yarn_attn_factor = 1.0f;
    float rope_yarn_beta_fast = 32.0f, rope_yarn_beta_slow = 1.0f;
    float rope_freq_base_swa = 10000.0f;  // sliding-window layers (gemma3)

    uint32_t sliding_window = 0;      // 0: no sliding-window layers
    std::vector<bool> layer_sliding;  // n_layer flags: layer uses the sliding window

    float embedding_scale = 1.0f;      // gemma: sqrt(n_embd)
    float attention_scale = 1.0f;      // multiplies q·k
    float attn_logit_softcap = 0.0f;   // 0 = none
    float final_logit_softcap = 0.0f;  // 0 = none

    bool gelu_ffn = false;         // GELU-tanh gate (gemma) instead of SiLU
    bool qkv_bias = false;         // qwen2
    bool qk_norm = false;          // qwen3, gemma3: per-head RMSNorm of q and k
    bool post_norms = false;       // gemma3: norm after attention and after the FFN
    bool tied_embeddings = false;  // no output.weight: token_embd is the LM head
};

// Reads the config; throws ModelError "<file>: <key>: <problem>" for an unsupported architecture
// and for missing or out-of-range keys. Tensor-dependent fields (n_vocab, tied_embeddings,
// qkv_bias) are filled from the tensor list.
ModelConfig read_model_config(const gguf::File& file);

const char* architecture_name(Architecture arch);

}  // namespace siliang::model
