// libFuzzer target: parse an arbitrary template and render it with a fixed conversation.
// Seed corpus: the shared real templates, read in place, e.g.
//   build-fuzz/bin/fuzz_jinja -max_len=20000 corpus/ ../shared/testdata/templates/
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "chat/chat_template.h"

namespace {

const siliang::chat::RenderOptions& options() {
    static const siliang::chat::RenderOptions o = [] {
        using siliang::chat::Json;
        siliang::chat::RenderOptions r;
        r.messages = Json::parse(R"([
            {"role": "system", "content": "You are helpful."},
            {"role": "user", "content": "Hi <|im_end|> 你好"},
            {"role": "assistant", "reasoning_content": "think", "content": "<think>x</think>Hello",
             "tool_calls": [{"id": "c1", "type": "function",
                             "function": {"name": "f", "arguments": {"a": [1, 2.5, null, true]}}}]},
            {"role": "tool", "tool_call_id": "c1", "content": "{\"ok\": 1}"},
            {"role": "user", "content": "Bye"}])");
        r.tools = Json::parse(R"([{"type": "function", "function": {"name": "f", "description": "d",
            "parameters": {"type": "object", "properties": {"a": {"type": "array"}}}}}])");
        r.bos_token = "<s>";
        r.eos_token = "</s>";
        r.date = "2026-01-15";
        r.extra = Json::object({{"enable_thinking", true}});
        return r;
    }();
    return o;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view source(reinterpret_cast<const char*>(data), size);
    try {
        auto tmpl = siliang::chat::ChatTemplate::parse(source, "fuzz");
        auto prompt = tmpl.render(options());
        // Data ranges must be sorted, disjoint and inside the text.
        size_t last = 0;
        for (const auto& [b, e] : prompt.data_ranges) {
            if (b < last || e <= b || e > prompt.text.size()) __builtin_trap();
            last = e;
        }
    } catch (const siliang::chat::TemplateError&) {
    } catch (const siliang::chat::JsonError&) {
    }
    return 0;
}
