// libFuzzer target: the strict JSON parser used for conversations and tool definitions.
// Whatever parses must dump and re-parse to an equal value.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "chat/json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        siliang::chat::Json j = siliang::chat::Json::parse(text);
        std::string dumped = j.dump();
        if (!(siliang::chat::Json::parse(dumped) == j)) __builtin_trap();
    } catch (const siliang::chat::JsonError&) {
    }
    return 0;
}
