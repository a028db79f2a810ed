#include <cctype>

#include "tokenizer/algorithms.h"
#include "tokenizer/vocab.h"

namespace siliang::tokenizer {

namespace {

bool overlaps(const std::vector<std::pair<size_t, size_t>>& ranges, size_t begin, size_t end) {
    for (const auto& [first, second] : ranges) {
        if (begin < second && first < end) return true;
    }
    return false;
}

bool is_space(char c) {
    return std::isspace(static_cast<unsigned char>(c)) != 0;
}

}  // namespace

std::vector<Fragment> partition(const Vocab& vocab, std::string_view text, bool parse_special,
                                const std::vector<std::pair<size_t, size_t>>& no_special_ranges) {
    std::vector<Fragment> fragments;
    if (!text.empty()) fragments.push_back({0, text.size(), -1});
    std::vector<Fragment> next;
    for (const int32_t id : vocab.added_tokens) {
        const uint16_t attr = vocab.attrs[id];
        // Control and unknown tokens only when asked; user-defined ones always (as llama.cpp and
        // Hugging Face tokenizers do).
        if (!parse_special && (attr & (kAttrControl | kAttrUnknown))) continue;
        const std::string_view token = vocab.text(id);
        if (token.empty()) continue;
        bool changed = false;
        next.clear();
        for (const Fragment& fragment : fragments) {
            if (fragment.token >= 0) {
                next.push_back(fragment);
                continue;
            }
            size_t begin = fragment.begin;
            const size_t end = fragment.end;
            size_t search = begin;
            while (begin < end) {
                const std::string_view window = text.substr(0, end);
                size_t match = window.find(token, search);
                if (match == std::string_view::npos) break;
                if (overlaps(no_special_ranges, match, match + token.size())) {
                    search = match + 1;
                    continue;
                }
                size_t left_end = match;
                if (attr & kAttrLStrip) {
                    while (left_end > begin && is_space(text[left_end - 1])) --left_end;
                }
                if (left_end > begin) next.push_back({begin, left_end, -1});
                next.push_back({match, match + token.size(), id});
                begin = match + token.size();
                if (attr & kAttrRStrip) {
                    while (begin < end && is_space(text[begin])) ++begin;
                }
                search = begin;
                changed = true;
            }
            if (begin < end) next.push_back({begin, end, -1});
        }
        if (changed) fragments.swap(next);
    }
    return fragments;
}

}  // namespace siliang::tokenizer
