// One generation turn: prefill the prompt (reusing the Session's KV cache), then
// sample token by token, turning tokens into reasoning/answer text events. This is
// the loop the CLI and the GUI's worker thread both run.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "chat/reasoning_splitter.h"
#include "runtime/sampler.h"

namespace siliang::tokenizer {
class Tokenizer;
}

namespace siliang::runtime {

class Session;

enum class StopReason {
    EndOfGeneration,  // the model emitted one of its end-of-generation tokens
    StopString,       // a caller-given stop string appeared
    MaxTokens,        // the token budget is spent
    ContextFull,      // the KV cache has no room for another token
    Cancelled,        // the caller's cancel flag was set
};

const char* stop_reason_name(StopReason reason);

struct GenerationEvent {
    chat::StreamKind kind = chat::StreamKind::Answer;
    std::string text;       // complete UTF-8, possibly empty for a token that ends mid-character
    int32_t token = -1;     // the sampled token this text came from
    double elapsed_ms = 0;  // since generate() was called
};

struct GenerationStats {
    size_t prompt_tokens = 0;     // tokens in the prompt
    size_t prompt_evaluated = 0;  // of those, evaluated now (the rest came from the KV cache)
    size_t generated_tokens = 0;
    double prompt_ms = 0;
    double generation_ms = 0;   // from the first sampled token to the end
    double first_token_ms = 0;  // time to first token, from the call
    double reasoning_ms = 0;  // from the first reasoning text to the first answer text (or the end)
    StopReason stop_reason = StopReason::EndOfGeneration;

    double prompt_tokens_per_second() const;
    double generation_tokens_per_second() const;
};

struct GenerateOptions {
    SamplerSettings sampler;
    int max_tokens = -1;  // < 0: until end of generation or a full context
    std::vector<std::string> stop_strings;
    bool split_reasoning = true;  // false: everything is Answer text
    chat::ReasoningFormat reasoning;
    const std::atomic<bool>* cancel = nullptr;  // checked every token and between layers
};

using EventCallback = std::function<void(const GenerationEvent&)>;

// Runs one turn. Throws what the Session throws for real errors (not for cancellation,
// which ends the turn with StopReason::Cancelled).
GenerationStats generate(Session& session, const tokenizer::Tokenizer& tokenizer,
                         std::span<const int32_t> prompt, const GenerateOptions& options,
                         const EventCallback& on_event);

}  // namespace siliang::runtime
