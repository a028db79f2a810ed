// Fallback chat templates for models whose GGUF carries none.
#include "chat/chat_template.h"

namespace siliang::chat {

namespace {

constexpr std::string_view kChatML = R"({%- for message in messages -%}
{{- '<|im_start|>' + message['role'] + '\n' + (message['content'] or '') + '<|im_end|>\n' -}}
{%- endfor -%}
{%- if add_generation_prompt -%}
{{- '<|im_start|>assistant\n' -}}
{%- endif -%}
)";

constexpr std::string_view kLlama3 = R"({{- bos_token -}}
{%- for message in messages -%}
{{- '<|start_header_id|>' + message['role'] + '<|end_header_id|>\n\n' + (message['content'] or '') | trim + '<|eot_id|>' -}}
{%- endfor -%}
{%- if add_generation_prompt -%}
{{- '<|start_header_id|>assistant<|end_header_id|>\n\n' -}}
{%- endif -%}
)";

constexpr std::string_view kLlama2 = R"({%- if messages and messages[0]['role'] == 'system' -%}
{%- set system = messages[0]['content'] -%}
{%- set loop_messages = messages[1:] -%}
{%- else -%}
{%- set system = none -%}
{%- set loop_messages = messages -%}
{%- endif -%}
{%- for message in loop_messages -%}
{%- if message['role'] == 'user' -%}
{{- bos_token + '[INST] ' -}}
{%- if loop.first and system -%}
{{- '<<SYS>>\n' + system + '\n<</SYS>>\n\n' -}}
{%- endif -%}
{{- (message['content'] or '') | trim + ' [/INST]' -}}
{%- elif message['role'] == 'assistant' -%}
{{- ' ' + (message['content'] or '') | trim + ' ' + eos_token -}}
{%- endif -%}
{%- endfor -%}
)";

constexpr std::string_view kGemma = R"({{- bos_token -}}
{%- if messages and messages[0]['role'] == 'system' -%}
{%- set first_user_prefix = messages[0]['content'] + '\n\n' -%}
{%- set loop_messages = messages[1:] -%}
{%- else -%}
{%- set first_user_prefix = '' -%}
{%- set loop_messages = messages -%}
{%- endif -%}
{%- for message in loop_messages -%}
{%- set role = 'model' if message['role'] == 'assistant' else message['role'] -%}
{{- '<start_of_turn>' + role + '\n' + (first_user_prefix if loop.first else '') + (message['content'] or '') | trim + '<end_of_turn>\n' -}}
{%- endfor -%}
{%- if add_generation_prompt -%}
{{- '<start_of_turn>model\n' -}}
{%- endif -%}
)";

constexpr std::string_view kPhi3 = R"({%- for message in messages -%}
{{- '<|' + message['role'] + '|>\n' + (message['content'] or '') + '<|end|>\n' -}}
{%- endfor -%}
{%- if add_generation_prompt -%}
{{- '<|assistant|>\n' -}}
{%- else -%}
{{- eos_token -}}
{%- endif -%}
)";

bool starts_with(std::string_view s, std::string_view p) {
    return s.substr(0, p.size()) == p;
}

}  // namespace

std::string_view default_template_for(std::string_view architecture,
                                      std::string_view tokenizer_pre) {
    if (starts_with(architecture, "gemma")) return kGemma;
    if (starts_with(architecture, "phi3")) return kPhi3;
    if (architecture == "llama") {
        if (tokenizer_pre == "llama-bpe" || tokenizer_pre == "llama3") return kLlama3;
        return kLlama2;  // SentencePiece Llama / Mistral style
    }
    return kChatML;  // qwen2, qwen3 and anything unknown
}

}  // namespace siliang::chat
