// Splits streamed model text into the reasoning trace and the answer.
//
// Reasoning models wrap their thinking in a tag pair ("<think>...</think>",
// "[THINK]...[/THINK]", ...). The splitter sees the text as the detokenizer
// emits it, so a tag may arrive cut anywhere ("</th" + "ink>"); text that could
// still become a tag is held back until the next delta decides it. It is
// clock-free: the runtime that calls it times the reasoning.
//
// Rules:
//  - In reasoning, the close tag ends the block. An open tag at the very start
//    of the block is dropped (R1 distills repeat the one their prompt ended
//    with); anywhere else it is literal text.
//  - In the answer, an open tag starts reasoning only while no answer text has
//    been emitted (leading whitespace aside); later it is literal (models quote
//    "<think>" in answers). A close tag in the answer is literal.
//  - Leading newlines of a reasoning block are dropped (the "\n" after
//    "<think>"); the rest of the reasoning is kept exactly.
//  - Leading whitespace of the answer is dropped (the "\n\n" after "</think>").
//  - A block that is never closed stays reasoning; finish() returns the rest.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace siliang::chat {

enum class StreamKind { Reasoning, Answer };

struct StreamSegment {
    StreamKind kind;
    std::string text;
    bool operator==(const StreamSegment&) const = default;
};

struct ReasoningFormat {
    std::string open_tag = "<think>";
    std::string close_tag = "</think>";
    // The prompt already opened the block (DeepSeek-R1 distills end the prompt
    // with "<think>\n"), so generation starts inside it.
    bool starts_in_reasoning = false;
};

// Decides the format from the rendered prompt. The tag pair is the known pair
// (<think>, <seed:think>, [THINK], ◁think▷) that the prompt mentions last, else
// <seed:think> for a Seed-OSS prompt, else <think>. Generation starts in
// reasoning when the prompt ends, but for whitespace, with that open tag
// ("...<｜Assistant｜><think>\n"); a prompt that closes the block itself (Qwen3
// with enable_thinking=false ends with "<think>\n\n</think>\n\n") starts in the
// answer. An open tag elsewhere, say quoted in a user message, does not count.
ReasoningFormat reasoning_format_for_prompt(std::string_view rendered_prompt);

class ReasoningSplitter {
public:
    explicit ReasoningSplitter(ReasoningFormat format = {});

    // Text that is now certain, in order, adjacent segments of one kind merged,
    // never empty. A possible partial tag at the end is held back.
    std::vector<StreamSegment> push(std::string_view delta);

    // End of generation: releases held text (a partial tag is literal text; an
    // unclosed block stays reasoning).
    std::vector<StreamSegment> finish();

    bool in_reasoning() const { return mode_ == StreamKind::Reasoning; }

private:
    void add_segment(std::vector<StreamSegment>& out, StreamKind kind, std::string_view text) const;

    ReasoningFormat format_;
    StreamKind mode_;
    std::string pending_;          // received, not yet emitted
    bool at_block_start_ = true;   // in reasoning: no reasoning text emitted since the open tag
    bool answer_started_ = false;  // in the answer: non-whitespace answer text emitted
};

// The answer part of a complete assistant message, as the splitter would show
// it: for templates that would otherwise feed earlier turns' reasoning back into
// the next prompt.
std::string strip_reasoning(std::string_view assistant_text, const ReasoningFormat& format);

}  // namespace siliang::chat
