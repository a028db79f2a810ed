#include "chat/prompt_format.h"

#include "gguf/gguf_reader.h"
#include "tokenizer/tokenizer.h"

namespace siliang::chat {

namespace {

std::string token_text_or_empty(const tokenizer::Tokenizer& tok, int32_t id) {
    if (id < 0 || static_cast<size_t>(id) >= tok.vocab_size()) return {};
    return std::string(tok.token_text(id));
}

ChatTemplate template_of(const gguf::File& file, bool& from_model) {
    if (auto source = file.get_string("tokenizer.chat_template")) {
        from_model = true;
        return ChatTemplate::parse(*source, file.name());
    }
    from_model = false;
    return ChatTemplate::parse(
        default_template_for(file.get_string("general.architecture").value_or(""),
                             file.get_string("tokenizer.ggml.pre").value_or("")),
        "default template");
}

}  // namespace

PromptFormatter::PromptFormatter(const gguf::File& file, const tokenizer::Tokenizer& tokenizer)
    : template_(template_of(file, from_model_)),
      bos_token_(token_text_or_empty(tokenizer, tokenizer.special().bos)),
      eos_token_(token_text_or_empty(tokenizer, tokenizer.special().eos)),
      tokenizer_(&tokenizer) {}

PromptFormatter::PromptFormatter(ChatTemplate tmpl, std::string bos_token, std::string eos_token,
                                 const tokenizer::Tokenizer& tokenizer)
    : template_(std::move(tmpl)),
      bos_token_(std::move(bos_token)),
      eos_token_(std::move(eos_token)),
      tokenizer_(&tokenizer) {}

RenderedPrompt PromptFormatter::render(RenderOptions options) const {
    if (options.bos_token.empty()) options.bos_token = bos_token_;
    if (options.eos_token.empty()) options.eos_token = eos_token_;
    return template_.render(options);
}

FormattedPrompt PromptFormatter::format(const RenderOptions& options) const {
    RenderedPrompt rendered = render(options);
    tokenizer::EncodeOptions encode;
    encode.parse_special = true;
    encode.no_special_ranges = rendered.data_ranges;
    FormattedPrompt prompt;
    prompt.tokens = tokenizer_->encode(rendered.text, encode);
    const int32_t bos = tokenizer_->special().bos;
    if (tokenizer_->special().add_bos && bos >= 0 &&
        (prompt.tokens.empty() || prompt.tokens.front() != bos))
        prompt.tokens.insert(prompt.tokens.begin(), bos);
    prompt.reasoning = reasoning_format_for_prompt(rendered.text);
    prompt.text = std::move(rendered.text);
    return prompt;
}

}  // namespace siliang::chat
