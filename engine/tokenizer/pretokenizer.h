// Byte-level BPE pre-tokenizers: llama.cpp's regex sets per tokenizer.ggml.pre, run with PCRE2.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace siliang::tokenizer {

class PreTokenizer {
public:
    // nullptr for a name llama.cpp does not know (or that we do not support).
    static std::shared_ptr<const PreTokenizer> create(std::string_view name);
    // Every name create() accepts.
    static std::vector<std::string_view> known_names();

    PreTokenizer(const PreTokenizer&) = delete;
    PreTokenizer& operator=(const PreTokenizer&) = delete;
    ~PreTokenizer();

    bool ignore_merges() const { return ignore_merges_; }
    bool add_bos() const { return add_bos_; }

    // Splits valid UTF-8 `text` into pre-tokens, appended to `pieces` as [begin, end) byte ranges
    // that cover the text in order. Each regex of the set splits every piece the previous ones
    // produced into its matches and the gaps between them, as llama.cpp's unicode_regex_split.
    void split(std::string_view text, std::vector<std::pair<size_t, size_t>>& pieces) const;

    struct Regex;

private:
    PreTokenizer() = default;
    std::vector<std::unique_ptr<Regex>> regexes_;
    bool ignore_merges_ = false;
    bool add_bos_ = false;
};

}  // namespace siliang::tokenizer
