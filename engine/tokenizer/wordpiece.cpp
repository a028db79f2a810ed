#include <algorithm>
#include <string>

#include "tokenizer/algorithms.h"
#include "tokenizer/unicode.h"
#include "tokenizer/vocab.h"

namespace siliang::tokenizer {

namespace {

// BERT's "Chinese character" blocks, as llama.cpp (and Hugging Face) test them.
bool is_chinese_char(uint32_t cp) {
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0x20000 && cp <= 0x2A6DF) || (cp >= 0x2A700 && cp <= 0x2B73F) ||
           (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B920 && cp <= 0x2CEAF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
}

// llama.cpp's llm_tokenizer_wpm_session::preprocess: NFD (first codepoint only, which strips
// accents from precomposed letters), drop controls, lowercase, split on whitespace, and make every
// punctuation mark, ASCII symbol and CJK ideograph a word of its own.
std::vector<std::string> preprocess(std::string_view text) {
    std::vector<std::string> words(1);
    for (uint32_t cp : unicode::decode_lenient(text)) {
        cp = unicode::nfd_first(cp);
        if (unicode::is_whitespace(cp)) {
            if (!words.back().empty()) words.emplace_back();
            continue;
        }
        const unicode::Category cat = unicode::category(cp);
        if (cp == 0 || cp == unicode::kReplacement || cat == unicode::Category::Control) continue;
        std::string s;
        unicode::append_utf8(s, unicode::to_lower(cp));
        if (cat == unicode::Category::Punctuation ||
            (cp < 0x7F && cat == unicode::Category::Symbol) || is_chinese_char(cp)) {
            if (!words.back().empty()) words.emplace_back();
            words.back() = std::move(s);
            words.emplace_back();
        } else {
            words.back() += s;
        }
    }
    if (words.back().empty()) words.pop_back();
    return words;
}

}  // namespace

void encode_wordpiece(const Vocab& vocab, std::string_view text, std::vector<int32_t>& out) {
    for (const std::string& word : preprocess(text)) {
        if (word.empty()) continue;
        const std::string marked = "\xE2\x96\x81" + word;  // U+2581 marks the start of a word
        const std::string_view w(marked);
        const size_t n = w.size();
        const size_t before = out.size();
        for (size_t i = 0; i < n; ++i) {
            bool found = false;
            for (size_t j = std::min(n, i + vocab.max_token_len + 1); j > i; --j) {
                if (const int32_t id = vocab.find(w.substr(i, j - i)); id >= 0) {
                    out.push_back(id);
                    found = true;
                    i = j - 1;
                    break;
                }
            }
            if (!found) {  // the word cannot be spelled: it becomes [UNK]
                out.resize(before);
                break;
            }
        }
        if (out.size() == before && vocab.special.unk >= 0) out.push_back(vocab.special.unk);
    }
}

}  // namespace siliang::tokenizer
