// A loaded model: the GGUF file (kept mapped), its tokenizer, its config and
// its weights on a backend. forward() runs the architecture (forward.cpp) for
// a batch of tokens against a KV cache; runtime::Session manages the cache.
//
// One thread at a time: forward() reuses activation buffers kept in the Model (and the backend
// keeps scratch memory of its own), so a Model serves one Session at a time, from one thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "backend/backend.h"
#include "gguf/gguf_reader.h"
#include "model/model_config.h"
#include "tokenizer/tokenizer.h"

namespace siliang::model {

struct LoadOptions {
    std::string backend = "cpu";
    int threads = 0;                 // 0 = all hardware threads
    bool reference_kernels = false;  // backend::BackendOptions::reference_kernels
    // Called with 0..1 while loading; returning false cancels (load throws LoadCancelled).
    std::function<bool(float progress)> progress{};
};

// The weights of one transformer block; optional ones are null when absent.
struct LayerWeights {
    std::unique_ptr<backend::Weight> attn_norm, wq, wk, wv, wo, bq, bk, bv, q_norm, k_norm,
        attn_post_norm, ffn_norm, ffn_gate, ffn_up, ffn_down, ffn_post_norm;
};

class Model {
public:
    // Throws ModelError naming the file and the problem (unsupported architecture or tensor
    // type, missing tensor, wrong shape), LoadCancelled, or backend::BackendError.
    static std::unique_ptr<Model> load(const std::filesystem::path& path,
                                       const LoadOptions& options = {});
    ~Model();
    Model(const Model&) = delete;
    Model& operator=(const Model&) = delete;

    const ModelConfig& config() const { return config_; }
    const tokenizer::Tokenizer& tokenizer() const { return tokenizer_; }
    const gguf::File& file() const { return file_; }
    backend::Backend& backend() { return *backend_; }

    // A KV cache for `context` positions of every layer.
    std::unique_ptr<backend::KvCache> create_kv_cache(uint32_t context, bool f16);

    // Evaluates `tokens` at positions pos0.. (the cache must hold positions [0, pos0)), writing
    // their keys and values into `cache`. `logits` receives n_vocab floats per token when
    // all_logits, else those of the last token; an empty `logits` skips the LM head. Returns false,
    // leaving `logits` unspecified, when `cancel` was set (checked between layers).
    bool forward(std::span<const int32_t> tokens, uint32_t pos0, backend::KvCache& cache,
                 bool all_logits, std::span<float> logits, const std::atomic<bool>* cancel);

private:
    Model(gguf::File file, tokenizer::Tokenizer tokenizer, ModelConfig config);
    void load_weights(const LoadOptions& options);

    gguf::File file_;
    tokenizer::Tokenizer tokenizer_;
    ModelConfig config_;
    std::unique_ptr<backend::Backend> backend_;
    std::unique_ptr<backend::Weight> token_embd_, output_norm_, output_, rope_freqs_;
    std::vector<LayerWeights> layers_;

    // forward()'s activation buffers, grown to the largest batch seen (bounded by the session's
    // batch size) and then reused, so decoding allocates nothing per token.
    struct Activations {
        size_t tokens = 0, logit_rows = 0;  // capacities
        std::unique_ptr<backend::Buffer> x, h, a, q, k, v, o, gate, up, logits;
    };
    Activations act_;
};

}  // namespace siliang::model
