#include "chat/reasoning_splitter.h"

#include <stdexcept>
#include <utility>

#include "runtime/stop_strings.h"

namespace siliang::chat {

namespace {

struct TagPair {
    std::string_view open, close;
};

// Tag pairs models in the wild use for their reasoning.
constexpr TagPair kKnownPairs[] = {
    {"<think>", "</think>"},            // DeepSeek-R1, Qwen3, QwQ, MiniMax, GLM, SmolLM3...
    {"<seed:think>", "</seed:think>"},  // ByteDance Seed-OSS
    {"[THINK]", "[/THINK]"},            // Magistral, Ministral reasoning
    {"\u25c1think\u25b7", "\u25c1/think\u25b7"},  // Kimi-VL: ◁think▷ ◁/think▷
};

constexpr std::string_view kNewlines = "\r\n";
constexpr std::string_view kWhitespace = " \t\r\n";

}  // namespace

ReasoningFormat reasoning_format_for_prompt(std::string_view rendered_prompt) {
    const TagPair* chosen = &kKnownPairs[0];
    size_t chosen_at = 0;
    bool found = false;
    for (const TagPair& pair : kKnownPairs) {
        for (std::string_view tag : {pair.open, pair.close}) {
            const size_t at = rendered_prompt.rfind(tag);
            if (at != std::string_view::npos && (!found || at > chosen_at)) {
                chosen = &pair;
                chosen_at = at;
                found = true;
            }
        }
    }
    // Seed-OSS prompts name no tag, but the model opens <seed:think> itself.
    if (!found && rendered_prompt.find("<seed:bos>") != std::string_view::npos)
        chosen = &kKnownPairs[1];
    ReasoningFormat format;
    format.open_tag = chosen->open;
    format.close_tag = chosen->close;
    const size_t end = rendered_prompt.find_last_not_of(kWhitespace);
    const std::string_view trimmed =
        end == std::string_view::npos ? std::string_view{} : rendered_prompt.substr(0, end + 1);
    format.starts_in_reasoning = trimmed.ends_with(chosen->open);
    return format;
}

ReasoningSplitter::ReasoningSplitter(ReasoningFormat format)
    : format_(std::move(format)),
      mode_(format_.starts_in_reasoning ? StreamKind::Reasoning : StreamKind::Answer) {
    if (format_.open_tag.empty() || format_.close_tag.empty())
        throw std::invalid_argument("ReasoningSplitter: the open and close tags must not be empty");
}

void ReasoningSplitter::add_segment(std::vector<StreamSegment>& out, StreamKind kind,
                                    std::string_view text) const {
    if (text.empty()) return;
    if (!out.empty() && out.back().kind == kind) {
        out.back().text.append(text);
    } else {
        out.push_back({kind, std::string(text)});
    }
}

std::vector<StreamSegment> ReasoningSplitter::push(std::string_view delta) {
    std::vector<StreamSegment> out;
    pending_.append(delta);
    while (!pending_.empty()) {
        if (mode_ == StreamKind::Reasoning) {
            if (at_block_start_) {
                const size_t first = pending_.find_first_not_of(kNewlines);
                pending_.erase(0, first == std::string::npos ? pending_.size() : first);
                if (pending_.empty()) break;
                // R1 distills whose prompt opened the block often open it again.
                if (pending_.starts_with(format_.open_tag)) {
                    pending_.erase(0, format_.open_tag.size());
                    continue;
                }
                if (std::string_view(format_.open_tag).starts_with(pending_)) break;
            }
            const size_t close = pending_.find(format_.close_tag);
            if (close != std::string::npos) {
                add_segment(out, StreamKind::Reasoning,
                            std::string_view(pending_).substr(0, close));
                pending_.erase(0, close + format_.close_tag.size());
                mode_ = StreamKind::Answer;
                answer_started_ = false;
                continue;
            }
            const size_t ready =
                pending_.size() - runtime::partial_match_suffix(pending_, format_.close_tag);
            if (ready > 0) at_block_start_ = false;
            add_segment(out, StreamKind::Reasoning, std::string_view(pending_).substr(0, ready));
            pending_.erase(0, ready);
            break;
        }
        if (!answer_started_) {
            const size_t first = pending_.find_first_not_of(kWhitespace);
            pending_.erase(0, first == std::string::npos ? pending_.size() : first);
            if (pending_.empty()) break;
            if (pending_.starts_with(format_.open_tag)) {
                pending_.erase(0, format_.open_tag.size());
                mode_ = StreamKind::Reasoning;
                at_block_start_ = true;
                continue;
            }
            if (std::string_view(format_.open_tag).starts_with(pending_)) break;  // may become it
            answer_started_ = true;
        }
        add_segment(out, StreamKind::Answer, pending_);
        pending_.clear();
    }
    return out;
}

std::vector<StreamSegment> ReasoningSplitter::finish() {
    std::vector<StreamSegment> out;
    // Whatever is held is a partial tag that never completed: literal text.
    if (!pending_.empty() && mode_ == StreamKind::Answer) answer_started_ = true;
    if (!pending_.empty() && mode_ == StreamKind::Reasoning) at_block_start_ = false;
    add_segment(out, mode_, pending_);
    pending_.clear();
    return out;
}

std::string strip_reasoning(std::string_view assistant_text, const ReasoningFormat& format) {
    ReasoningSplitter splitter(format);
    std::string answer;
    auto take = [&](const std::vector<StreamSegment>& segments) {
        for (const StreamSegment& s : segments)
            if (s.kind == StreamKind::Answer) answer += s.text;
    };
    take(splitter.push(assistant_text));
    take(splitter.finish());
    return answer;
}

}  // namespace siliang::chat
