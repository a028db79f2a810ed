// Shared helpers for the tokenizer tests: the llama.cpp vocabulary fixtures in
// SILIANG_TESTDATA_DIR/vocab (ggml-vocab-NAME.gguf with .inp test strings and .out token ids).
#pragma once

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace siliang::tokenizer::testing {

inline std::string vocab_path(const std::string& name) {
    return std::string(SILIANG_TESTDATA_DIR) + "/vocab/ggml-vocab-" + name + ".gguf";
}

inline bool read_file(const std::string& path, std::string& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream buffer;
    buffer << in.rdbuf();
    out = buffer.str();
    return true;
}

// Strings separated (and terminated) by "\n__ggml_vocab_test__\n".
inline std::vector<std::string> split_inp(const std::string& text) {
    static const std::string kSep = "\n__ggml_vocab_test__\n";
    std::vector<std::string> out;
    size_t pos = 0;
    for (size_t found; (found = text.find(kSep, pos)) != std::string::npos;
         pos = found + kSep.size())
        out.push_back(text.substr(pos, found - pos));
    return out;
}

// One line of space-separated ids per string.
inline std::vector<std::vector<int32_t>> parse_out(const std::string& text) {
    std::vector<std::vector<int32_t>> out;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
        std::istringstream ids(line);
        std::vector<int32_t> row;
        for (long id; ids >> id;) row.push_back(static_cast<int32_t>(id));
        out.push_back(std::move(row));
    }
    return out;
}

inline std::string format_ids(const std::vector<int32_t>& ids) {
    std::string s;
    for (size_t i = 0; i < ids.size(); ++i) s += (i ? " " : "") + std::to_string(ids[i]);
    return s;
}

}  // namespace siliang::tokenizer::testing
