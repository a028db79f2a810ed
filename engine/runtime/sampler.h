// Token sampling: turns one step's logits into a token id.
//
// The chain is llama.cpp's common default: penalties -> top-k -> top-p -> min-p
// -> temperature -> draw from the softmax. Filters see the untempered
// probabilities, temperature only shapes the final draw.
//
// Reproducibility: a seed, the settings and the sequence of logits and accepted
// tokens determine the output on every platform. The random stream is our own
// (rng.h), exponentials come from det_exp() (only IEEE +,-,*,/ and exact
// scaling, built without FMA contraction), and every sum runs in a fixed order.
// This assumes IEEE-754 doubles rounding to nearest, as on every SSE2, NEON and
// later target (not the x87 unit of 32-bit x86 without SSE2).
// A non-greedy sample() consumes exactly one random number whatever the logits.
//
// Non-finite logits: NaN and -inf tokens are never chosen. A +inf logit means
// certainty: the lowest-id +inf token is returned. If no token is finite or +inf
// sample() throws std::runtime_error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "runtime/rng.h"

namespace siliang::runtime {

struct SamplerSettings {
    float temperature = 0.8f;  // <= 0: greedy (argmax of the penalised logits, ties -> lowest id)
    int top_k = 40;            // <= 0 or >= vocabulary: off
    float top_p = 0.95f;       // >= 1: off
    float min_p = 0.05f;       // <= 0: off; keeps p >= min_p * p_max
    float repeat_penalty = 1.0f;  // 1: off; logit > 0 ? logit / p : logit * p (llama.cpp)
    int repeat_last_n = 64;       // how many recent accepted tokens the penalties see; 0: off
    // OpenAI semantics: logit -= count * frequency_penalty + (count > 0) * presence_penalty.
    float presence_penalty = 0.0f, frequency_penalty = 0.0f;
    uint64_t seed = 0;
};

class Sampler {
public:
    // Throws std::invalid_argument for a zero vocabulary, repeat_last_n < 0,
    // repeat_penalty <= 0 or any NaN setting.
    Sampler(const SamplerSettings& settings, size_t vocab_size);

    // `logits` must hold vocab_size values; it is not modified. Buffers are
    // allocated by the constructor, so a call allocates nothing.
    int32_t sample(std::span<const float> logits);

    // Records a generated (or prompt) token for the penalties; throws
    // std::out_of_range for an id outside the vocabulary.
    void accept(int32_t token);

    // Forgets the history and restarts the random stream from the seed.
    void reset();

    const SamplerSettings& settings() const { return settings_; }

private:
    struct Candidate {
        float logit;
        int32_t id;
        double weight;  // exp(logit - max), relative to the best candidate
    };

    float penalised(float logit, int32_t id) const;
    void collect_top(std::span<const float> logits, size_t m, bool skip_window);
    void collect_all(std::span<const float> logits);
    void fix_penalised(std::span<const float> logits, bool ordered_by_id);
    bool penalties_active() const;

    SamplerSettings settings_;
    size_t vocab_size_;
    Rng rng_;

    std::vector<Candidate> candidates_;  // capacity vocab_size
    std::vector<int32_t> history_;       // ring of the last repeat_last_n accepted tokens
    size_t history_head_ = 0, history_size_ = 0;
    std::vector<int32_t> counts_;    // occurrences of each id inside the window
    std::vector<int32_t> distinct_;  // ids with counts_ > 0; their order never shows in results
};

// e^x for x <= 0, within a few ulp and bit-identical everywhere: a 32-entry
// table of 2^(j/32), a degree-6 polynomial and exact scaling, only IEEE
// operations. Returns 0 below -745.
double det_exp(double x);

}  // namespace siliang::runtime
