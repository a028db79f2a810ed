#include "runtime/generator.h"

#include <algorithm>
#include <chrono>

#include "runtime/session.h"
#include "runtime/stop_strings.h"
#include "tokenizer/tokenizer.h"

namespace siliang::runtime {

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

bool cancelled(const std::atomic<bool>* cancel) {
    return cancel != nullptr && cancel->load(std::memory_order_relaxed);
}

// Turns text into events: splits reasoning from answer and measures the reasoning time.
class EventSink {
public:
    EventSink(const GenerateOptions& options, const EventCallback& on_event,
              Clock::time_point start, GenerationStats& stats)
        : splitter_(options.reasoning),
          split_(options.split_reasoning),
          on_event_(on_event),
          start_(start),
          stats_(stats) {}

    void text(std::string_view text, int32_t token) {
        if (!split_) {
            if (!text.empty()) emit(chat::StreamKind::Answer, std::string(text), token);
            return;
        }
        for (chat::StreamSegment& segment : splitter_.push(text))
            emit(segment.kind, std::move(segment.text), token);
    }

    void finish(int32_t token) {
        if (split_) {
            for (chat::StreamSegment& segment : splitter_.finish())
                emit(segment.kind, std::move(segment.text), token);
        }
        if (reasoning_started_ && !answer_started_)
            stats_.reasoning_ms = ms_since(start_) - reasoning_start_ms_;
    }

private:
    void emit(chat::StreamKind kind, std::string text, int32_t token) {
        double now = ms_since(start_);
        if (kind == chat::StreamKind::Reasoning && !reasoning_started_) {
            reasoning_started_ = true;
            reasoning_start_ms_ = now;
        }
        if (kind == chat::StreamKind::Answer && !answer_started_) {
            answer_started_ = true;
            if (reasoning_started_) stats_.reasoning_ms = now - reasoning_start_ms_;
        }
        if (on_event_) on_event_(GenerationEvent{kind, std::move(text), token, now});
    }

    chat::ReasoningSplitter splitter_;
    bool split_;
    const EventCallback& on_event_;
    Clock::time_point start_;
    GenerationStats& stats_;
    bool reasoning_started_ = false;
    bool answer_started_ = false;
    double reasoning_start_ms_ = 0;
};

}  // namespace

const char* stop_reason_name(StopReason reason) {
    switch (reason) {
        case StopReason::EndOfGeneration: return "end_of_generation";
        case StopReason::StopString: return "stop_string";
        case StopReason::MaxTokens: return "max_tokens";
        case StopReason::ContextFull: return "context_full";
        case StopReason::Cancelled: return "cancelled";
    }
    return "unknown";
}

double GenerationStats::prompt_tokens_per_second() const {
    return prompt_ms > 0 ? 1000.0 * static_cast<double>(prompt_evaluated) / prompt_ms : 0.0;
}

double GenerationStats::generation_tokens_per_second() const {
    return generation_ms > 0 ? 1000.0 * static_cast<double>(generated_tokens) / generation_ms : 0.0;
}

GenerationStats generate(Session& session, const tokenizer::Tokenizer& tokenizer,
                         std::span<const int32_t> prompt, const GenerateOptions& options,
                         const EventCallback& on_event) {
    const Clock::time_point start = Clock::now();
    GenerationStats stats;
    stats.prompt_tokens = prompt.size();
    EventSink sink(options, on_event, start, stats);

    try {
        stats.prompt_evaluated = session.prefill(prompt, options.cancel);
    } catch (const Cancelled&) {
        stats.prompt_ms = ms_since(start);
        stats.stop_reason = StopReason::Cancelled;
        return stats;
    }
    stats.prompt_ms = ms_since(start);

    Sampler sampler(options.sampler, tokenizer.vocab_size());
    // The penalties look back over the recent context, prompt included, as llama.cpp does.
    const size_t window = static_cast<size_t>(std::max(options.sampler.repeat_last_n, 0));
    for (size_t i = prompt.size() > window ? prompt.size() - window : 0; i < prompt.size(); ++i)
        sampler.accept(prompt[i]);

    tokenizer::StreamDecoder decoder(tokenizer);
    StopStringMatcher stops(options.stop_strings);
    const Clock::time_point decode_start = Clock::now();
    int32_t token = -1;
    for (;;) {
        if (cancelled(options.cancel)) {
            stats.stop_reason = StopReason::Cancelled;
            break;
        }
        if (options.max_tokens >= 0 &&
            stats.generated_tokens >= static_cast<size_t>(options.max_tokens)) {
            stats.stop_reason = StopReason::MaxTokens;
            break;
        }
        token = sampler.sample(session.last_logits());
        sampler.accept(token);
        ++stats.generated_tokens;
        if (stats.generated_tokens == 1) stats.first_token_ms = ms_since(start);
        if (tokenizer.is_eog(token)) {
            stats.stop_reason = StopReason::EndOfGeneration;
            break;
        }
        StopResult result = stops.push(decoder.push(token));
        sink.text(result.text, token);
        if (result.stopped) {
            stats.stop_reason = StopReason::StopString;
            break;
        }
        if (session.tokens().size() >= session.context()) {
            stats.stop_reason = StopReason::ContextFull;
            break;
        }
        try {
            const int32_t next[1] = {token};
            session.evaluate(next, false, options.cancel);
        } catch (const Cancelled&) {
            stats.stop_reason = StopReason::Cancelled;
            break;
        }
    }
    // Text held back for a possible stop string or a partial UTF-8 sequence is real output.
    if (stats.stop_reason != StopReason::StopString) {
        std::string tail = decoder.finish();
        StopResult result = stops.push(tail);
        sink.text(result.text + stops.finish(), token);
    }
    sink.finish(token);
    stats.generation_ms =
        std::chrono::duration<double, std::milli>(Clock::now() - decode_start).count();
    return stats;
}

}  // namespace siliang::runtime
