// Recursive-descent parser for Jinja2 templates (the subset chat templates use).
#pragma once

#include <string>
#include <string_view>

#include "chat/jinja_ast.h"

namespace siliang::chat::jinja {

// Returns a Body node. Throws TemplateError naming the line for syntax errors, unsupported tags,
// and (like Jinja2) unknown filters or tests used outside an `if`.
NodePtr parse_template(std::string_view source, const std::string& name);

}  // namespace siliang::chat::jinja
