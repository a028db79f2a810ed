#include <queue>
#include <string>

#include "tokenizer/algorithms.h"
#include "tokenizer/pretokenizer.h"
#include "tokenizer/unicode.h"
#include "tokenizer/vocab.h"

namespace siliang::tokenizer {

namespace {

// A run of bytes of the current pre-token and the token it spells (-1 if none).
struct Symbol {
    uint32_t start = 0, n = 0;
    int32_t id = -1;
    int32_t prev = -1, next = -1;
};

struct Bigram {
    int32_t rank = 0;
    int32_t left = 0, right = 0;
    uint32_t left_n = 0, right_n = 0;  // sizes when queued, to detect outdated entries
    int32_t result = -1;
};

// Lowest rank first; among equal ranks the leftmost (llama.cpp's llm_bigram_bpe::comparator).
struct BigramOrder {
    bool operator()(const Bigram& a, const Bigram& b) const {
        return a.rank > b.rank || (a.rank == b.rank && a.left > b.left);
    }
};

// The byte-level (GPT-2) spelling of raw bytes, as vocabulary texts and merges are written.
std::string byte_encode(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size() * 2);
    for (const char c : bytes) out += unicode::byte_to_utf8(static_cast<uint8_t>(c));
    return out;
}

class WordEncoder {
public:
    explicit WordEncoder(const Vocab& vocab) : vocab_(vocab) {}

    void encode(std::string_view word, std::vector<int32_t>& out) {
        if (word.empty()) return;
        if (vocab_.ignore_merges) {
            if (const int32_t id = vocab_.find(byte_encode(word)); id >= 0) {
                out.push_back(id);
                return;
            }
        }
        word_ = word;
        symbols_.clear();
        queue_ = {};
        for (uint32_t i = 0; i < word.size(); ++i) {
            Symbol sym;
            sym.start = i;
            sym.n = 1;
            sym.id = vocab_.byte_tokens[static_cast<uint8_t>(word[i])];
            sym.prev = static_cast<int32_t>(i) - 1;
            sym.next = i + 1 == word.size() ? -1 : static_cast<int32_t>(i) + 1;
            symbols_.push_back(sym);
        }
        for (size_t i = 1; i < symbols_.size(); ++i)
            add_bigram(static_cast<int32_t>(i - 1), static_cast<int32_t>(i));

        while (!queue_.empty()) {
            const Bigram bigram = queue_.top();
            queue_.pop();
            Symbol& left = symbols_[bigram.left];
            Symbol& right = symbols_[bigram.right];
            if (left.n != bigram.left_n || right.n != bigram.right_n || right.n == 0)
                continue;  // outdated
            left.n += right.n;
            left.id = bigram.result;
            right.n = 0;
            left.next = right.next;
            if (right.next >= 0) symbols_[right.next].prev = bigram.left;
            add_bigram(left.prev, bigram.left);
            add_bigram(bigram.left, left.next);
        }

        for (int32_t i = 0; i != -1; i = symbols_[i].next) {
            const Symbol& sym = symbols_[i];
            if (sym.id >= 0) {
                out.push_back(sym.id);
                continue;
            }
            // Not a token: llama.cpp looks up each byte of the byte-level spelling on its own.
            const std::string spelled = byte_encode(word_.substr(sym.start, sym.n));
            for (const char c : spelled) {
                if (const int32_t id = vocab_.find(std::string_view(&c, 1)); id >= 0)
                    out.push_back(id);
            }
        }
    }

private:
    void add_bigram(int32_t left, int32_t right) {
        if (left < 0 || right < 0) return;
        const Symbol& l = symbols_[left];
        const Symbol& r = symbols_[right];
        Bigram bigram{-1, left, right, l.n, r.n, -1};
        if (l.id >= 0 && r.id >= 0) {
            const MergeMap::Merge* merge = vocab_.merges.find(l.id, r.id);
            if (!merge) return;
            bigram.rank = merge->rank;
            bigram.result = merge->result;
        } else {
            if (vocab_.text_merges.empty()) return;
            const std::string a = byte_encode(word_.substr(l.start, l.n));
            const std::string b = byte_encode(word_.substr(r.start, r.n));
            const auto it = vocab_.text_merges.find(a + '\0' + b);
            if (it == vocab_.text_merges.end()) return;
            bigram.rank = it->second;
            bigram.result = vocab_.find(a + b);
        }
        queue_.push(bigram);
    }

    const Vocab& vocab_;
    std::string_view word_;
    std::vector<Symbol> symbols_;
    std::priority_queue<Bigram, std::vector<Bigram>, BigramOrder> queue_;
};

}  // namespace

// llama.cpp's llm_tokenizer_bpe_session: pre-tokenize, then within each pre-token start from the
// bytes and repeatedly apply the lowest-ranked merge of two adjacent symbols.
void encode_bpe(const Vocab& vocab, std::string_view text, std::vector<int32_t>& out) {
    const std::string clean = unicode::sanitize_lenient(text);
    std::vector<std::pair<size_t, size_t>> words;
    vocab.pre_tokenizer->split(clean, words);
    WordEncoder encoder(vocab);
    const std::string_view view(clean);
    for (const auto& [begin, end] : words) encoder.encode(view.substr(begin, end - begin), out);
}

}  // namespace siliang::tokenizer
