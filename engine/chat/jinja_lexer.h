// Jinja2 lexer configured like Hugging Face: trim_blocks and lstrip_blocks on, `-`/`+` markers.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace siliang::chat::jinja {

enum class Tok { Text, VarBegin, VarEnd, BlockBegin, BlockEnd, Name, String, Int, Float, Op, Eof };

struct Token {
    Tok type;
    std::string text;  // Text/Name/String contents, Op spelling
    int64_t int_value = 0;
    double float_value = 0;
    int line = 1;
};

// Throws TemplateError(name, line, ...) on unterminated tags, strings or bad characters.
std::vector<Token> tokenize(std::string_view source, const std::string& name);

}  // namespace siliang::chat::jinja
