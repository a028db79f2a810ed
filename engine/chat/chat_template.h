// Chat templates: render a conversation with a model's Jinja template, byte-identical to
// Hugging Face's apply_chat_template (Jinja2 with trim_blocks and lstrip_blocks).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "chat/json.h"
#include "chat/template_error.h"

namespace siliang::chat {

namespace jinja {
struct Node;
}

struct RenderOptions {
    Json messages;  // array of {role, content, optional reasoning_content, tool_calls, ...}
    Json tools;     // null = not passed (undefined in the template); array = passed
    bool add_generation_prompt = true;
    std::string bos_token, eos_token;
    std::string date = "";  // "YYYY-MM-DD" seen by strftime_now; empty = today (local time)
    Json extra;             // object of extra variables (e.g. enable_thinking), may be null
};

struct RenderedPrompt {
    std::string text;
    // Byte ranges [first, second) of `text` that came from message data (contents, reasoning,
    // tool arguments, tool definitions, extra variables) rather than from the template's literals.
    // The tokenizer must not parse special tokens inside them.
    std::vector<std::pair<size_t, size_t>> data_ranges;
};

class ChatTemplate {
public:
    // Throws TemplateError for syntax errors, unsupported tags and unknown filters/tests.
    static ChatTemplate parse(std::string_view source, std::string name = "template");
    // Throws TemplateError (with the template line) for runtime errors, raise_exception() and
    // exceeded limits (steps, output size, recursion).
    RenderedPrompt render(const RenderOptions& options) const;

    const std::string& name() const { return name_; }
    const std::string& source() const { return source_; }

private:
    std::string name_;
    std::string source_;
    std::shared_ptr<const jinja::Node> root_;
};

// A sensible template when a GGUF has none, chosen by the model family (general.architecture,
// e.g. "llama", "qwen2", "qwen3", "gemma3", "phi3"; tokenizer.ggml.pre as a hint). Jinja source.
std::string_view default_template_for(std::string_view architecture,
                                      std::string_view tokenizer_pre);

}  // namespace siliang::chat
