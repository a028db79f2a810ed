#include <algorithm>
#include <queue>

#include "tokenizer/algorithms.h"
#include "tokenizer/unicode.h"
#include "tokenizer/vocab.h"

namespace siliang::tokenizer {

namespace {

struct Symbol {
    size_t start = 0, n = 0;
    int32_t prev = -1, next = -1;
};

struct Bigram {
    float score = 0;
    int32_t left = 0, right = 0;
    size_t size = 0;
};

// Highest score first; among equal scores the leftmost (llama.cpp's llm_bigram_spm::comparator).
struct BigramOrder {
    bool operator()(const Bigram& a, const Bigram& b) const {
        return a.score < b.score || (a.score == b.score && a.left > b.left);
    }
};

}  // namespace

// llama.cpp's llm_tokenizer_spm_session: start from UTF-8 characters, repeatedly merge the adjacent
// pair whose concatenation is the best-scoring token, then emit each symbol's token or its bytes.
// (llama.cpp's rev_merge re-segmentation is never reached: every merged symbol is a token.)
void encode_spm(const Vocab& vocab, std::string_view text, std::vector<int32_t>& out) {
    if (text.empty()) return;
    std::vector<Symbol> symbols;
    symbols.reserve(text.size());
    for (size_t offset = 0; offset < text.size();) {
        Symbol sym;
        sym.start = offset;
        sym.n = std::min(unicode::sequence_length(static_cast<uint8_t>(text[offset])),
                         text.size() - offset);
        offset += sym.n;
        sym.prev = static_cast<int32_t>(symbols.size()) - 1;
        sym.next = offset == text.size() ? -1 : static_cast<int32_t>(symbols.size()) + 1;
        symbols.push_back(sym);
    }

    std::priority_queue<Bigram, std::vector<Bigram>, BigramOrder> queue;
    const auto try_add = [&](int32_t left, int32_t right) {
        if (left < 0 || right < 0) return;
        const std::string_view joined =
            text.substr(symbols[left].start, symbols[left].n + symbols[right].n);
        const int32_t id = vocab.find(joined);
        if (id < 0) return;
        queue.push({vocab.scores[id], left, right, joined.size()});
    };
    for (size_t i = 1; i < symbols.size(); ++i)
        try_add(static_cast<int32_t>(i - 1), static_cast<int32_t>(i));

    while (!queue.empty()) {
        const Bigram bigram = queue.top();
        queue.pop();
        Symbol& left = symbols[bigram.left];
        Symbol& right = symbols[bigram.right];
        if (left.n == 0 || right.n == 0 || left.n + right.n != bigram.size) continue;  // outdated
        left.n += right.n;
        right.n = 0;
        left.next = right.next;
        if (right.next >= 0) symbols[right.next].prev = bigram.left;
        try_add(left.prev, bigram.left);
        try_add(bigram.left, left.next);
    }

    for (int32_t i = 0; i != -1; i = symbols[i].next) {
        const Symbol& sym = symbols[i];
        const int32_t id = vocab.find(text.substr(sym.start, sym.n));
        if (id >= 0) {
            out.push_back(id);
            continue;
        }
        for (size_t k = 0; k < sym.n; ++k) {  // byte fallback
            const int32_t byte_id = vocab.byte_tokens[static_cast<uint8_t>(text[sym.start + k])];
            if (byte_id >= 0) {
                out.push_back(byte_id);
            } else if (vocab.special.unk >= 0) {
                out.push_back(vocab.special.unk);
            }
        }
    }
}

}  // namespace siliang::tokenizer
