// A conversation's state on one model: the KV cache and the tokens it holds.
// evaluate() appends tokens; prefill() reuses the longest common prefix of
// what is cached and a new prompt (DESIGN.md, "One chat turn", step 4).
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <stdexcept>
#include <vector>

#include "backend/backend.h"
#include "model/model.h"

namespace siliang::runtime {

struct SessionOptions {
    uint32_t context = 4096;
    uint32_t batch = 256;
    bool kv_f16 = true;
};

struct Cancelled : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class Session {
public:
    Session(model::Model& model, const SessionOptions& options);
    // Appends tokens at the current position and evaluates them in batches. Returns the logits of
    // every evaluated token (all_logits, n_tokens x n_vocab row-major) or of the last one only
    // (n_vocab). Throws a clear error when the context would overflow. `cancel` (may be null) is
    // checked between batches and between layers; when set, evaluation stops and throws
    // runtime::Cancelled. The batches completed before that stay in the cache.
    std::vector<float> evaluate(std::span<const int32_t> tokens, bool all_logits = false,
                                const std::atomic<bool>* cancel = nullptr);
    // Keeps the longest common prefix of the cached tokens and `prompt`, evaluates only the rest
    // (at least the last token, so logits are fresh). Returns the number of tokens evaluated.
    size_t prefill(std::span<const int32_t> prompt, const std::atomic<bool>* cancel = nullptr);
    std::span<const float> last_logits() const;
    const std::vector<int32_t>& tokens() const;  // what the KV cache holds
    void truncate(size_t n_tokens);              // drop cached positions >= n
    size_t context() const;

private:
    model::Model& model_;
    SessionOptions options_;
    std::unique_ptr<backend::KvCache> cache_;
    std::vector<int32_t> tokens_;
    std::vector<float> last_logits_;  // empty until something is evaluated
};

}  // namespace siliang::runtime
