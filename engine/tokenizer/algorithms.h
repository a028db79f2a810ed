// The per-model tokenization algorithms and the added-token partition, internal to
// engine/tokenizer. Each appends token ids to `out`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace siliang::tokenizer {

struct Vocab;

// A piece of the input: text [begin, end) when token < 0, else an added token found in the text.
struct Fragment {
    size_t begin = 0, end = 0;
    int32_t token = -1;
};

// llama.cpp's tokenizer_st_partition: splits `text` on added tokens, longest first. Control and
// unknown tokens only when parse_special; nothing that overlaps a no_special range. Tokens with the
// lstrip / rstrip attribute swallow the ASCII whitespace before / after them.
std::vector<Fragment> partition(const Vocab& vocab, std::string_view text, bool parse_special,
                                const std::vector<std::pair<size_t, size_t>>& no_special_ranges);

// SentencePiece-style BPE over token scores. `text` is already whitespace-escaped (U+2581).
void encode_spm(const Vocab& vocab, std::string_view text, std::vector<int32_t>& out);
// Byte-level BPE over merge ranks, after the vocabulary's pre-tokenizer.
void encode_bpe(const Vocab& vocab, std::string_view text, std::vector<int32_t>& out);
// WordPiece: lowercase, accent stripping (first codepoint of NFD), punctuation / CJK split,
// greedy longest match with "▁" marking word starts, [UNK] for unmatched words.
void encode_wordpiece(const Vocab& vocab, std::string_view text, std::vector<int32_t>& out);

}  // namespace siliang::tokenizer
