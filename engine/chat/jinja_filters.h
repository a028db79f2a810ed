// Jinja2 built-in filters and tests (plus Hugging Face's tojson), with Python semantics.
#pragma once

#include <string>
#include <string_view>

#include "chat/jinja_value.h"

namespace siliang::chat::jinja {

bool is_known_filter(std::string_view name);
bool is_known_test(std::string_view name);

// Throw std::runtime_error (the interpreter adds the line) for bad arguments or unknown names.
Value apply_filter(const std::string& name, const Value& input, CallArgs& args);
bool apply_test(const std::string& name, const Value& input, CallArgs& args);

}  // namespace siliang::chat::jinja
