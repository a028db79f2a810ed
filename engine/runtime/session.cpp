#include "runtime/session.h"

#include <algorithm>
#include <string>

namespace siliang::runtime {

Session::Session(model::Model& model, const SessionOptions& options)
    : model_(model), options_(options) {
    if (options_.context == 0) throw std::invalid_argument("session: context must be positive");
    if (options_.batch == 0) throw std::invalid_argument("session: batch must be positive");
    cache_ = model_.create_kv_cache(options_.context, options_.kv_f16);
}

std::vector<float> Session::evaluate(std::span<const int32_t> tokens, bool all_logits,
                                     const std::atomic<bool>* cancel) {
    if (tokens_.size() + tokens.size() > options_.context)
        throw std::length_error("context overflow: " + std::to_string(tokens_.size()) +
                                " cached + " + std::to_string(tokens.size()) +
                                " new tokens exceed the context of " +
                                std::to_string(options_.context));
    const size_t n_vocab = model_.config().n_vocab;
    std::vector<float> result(all_logits ? tokens.size() * n_vocab : 0);
    for (size_t done = 0; done < tokens.size();) {
        if (cancel && cancel->load(std::memory_order_relaxed))
            throw Cancelled("evaluation cancelled");
        const size_t n = std::min<size_t>(options_.batch, tokens.size() - done);
        const auto batch = tokens.subspan(done, n);
        // Logits of every token of the batch when all are wanted, else only after the very last
        // batch: intermediate batches skip the LM head.
        const bool want = all_logits || done + n == tokens.size();
        std::vector<float> logits(want ? (all_logits ? n : 1) * n_vocab : 0);
        if (!model_.forward(batch, static_cast<uint32_t>(tokens_.size()), *cache_, all_logits,
                            logits, cancel))
            throw Cancelled("evaluation cancelled");
        tokens_.insert(tokens_.end(), batch.begin(), batch.end());
        if (all_logits) std::copy(logits.begin(), logits.end(), result.begin() + done * n_vocab);
        if (want) last_logits_.assign(logits.end() - static_cast<ptrdiff_t>(n_vocab), logits.end());
        done += n;
    }
    if (!all_logits) result = last_logits_;
    return result;
}

size_t Session::prefill(std::span<const int32_t> prompt, const std::atomic<bool>* cancel) {
    if (prompt.empty()) throw std::invalid_argument("prefill: empty prompt");
    size_t common = 0;
    while (common < tokens_.size() && common < prompt.size() && tokens_[common] == prompt[common])
        ++common;
    // Re-evaluate at least the last prompt token so that last_logits() belongs to this prompt.
    if (common == prompt.size()) --common;
    truncate(common);
    evaluate(prompt.subspan(common), false, cancel);
    return prompt.size() - common;
}

std::span<const float> Session::last_logits() const {
    return last_logits_;
}

const std::vector<int32_t>& Session::tokens() const {
    return tokens_;
}

void Session::truncate(size_t n_tokens) {
    // Positions >= n_tokens are simply overwritten by the next evaluation; attention never
    // reads past the current position.
    if (n_tokens < tokens_.size()) {
        tokens_.resize(n_tokens);
        last_logits_.clear();
    }
}

size_t Session::context() const {
    return options_.context;
}

}  // namespace siliang::runtime
