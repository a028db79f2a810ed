// From a conversation to the exact token ids a model sees: the model's own chat
// template (or the family default), tokenized so that special tokens are only
// recognised in text the template wrote, never in what the user typed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "chat/chat_template.h"
#include "chat/reasoning_splitter.h"

namespace siliang::gguf {
class File;
}
namespace siliang::tokenizer {
class Tokenizer;
}

namespace siliang::chat {

struct FormattedPrompt {
    std::string text;
    std::vector<int32_t> tokens;
    ReasoningFormat reasoning;  // whether the prompt already opened a think block
};

class PromptFormatter {
public:
    // The template stored in the GGUF (tokenizer.chat_template), else the family default.
    // bos/eos texts come from the vocabulary. The File is not kept.
    PromptFormatter(const gguf::File& file, const tokenizer::Tokenizer& tokenizer);
    PromptFormatter(ChatTemplate tmpl, std::string bos_token, std::string eos_token,
                    const tokenizer::Tokenizer& tokenizer);

    // Renders and tokenizes. BOS is added when the vocabulary asks for it and the
    // template did not already write it. Throws TemplateError.
    FormattedPrompt format(const RenderOptions& options) const;

    // `options` with bos/eos filled in, for callers that only want the text.
    RenderedPrompt render(RenderOptions options) const;

    const ChatTemplate& chat_template() const { return template_; }
    bool template_from_model() const { return from_model_; }

private:
    bool from_model_ = false;  // declared first: the constructor's template_of() sets it
    ChatTemplate template_;
    std::string bos_token_, eos_token_;
    const tokenizer::Tokenizer* tokenizer_;
};

}  // namespace siliang::chat
