// The vocabulary as the tokenizers see it: token texts, scores and attributes, lookup maps, special
// tokens and merges, copied out of a GGUF file. Internal to engine/tokenizer.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "tokenizer/flat_map.h"
#include "tokenizer/tokenizer.h"

namespace siliang::gguf {
class File;
}

namespace siliang::tokenizer {

class PreTokenizer;

// llama.cpp's llama_token_attr (a bit set).
enum TokenAttr : uint16_t {
    kAttrUndefined = 0,
    kAttrUnknown = 1 << 0,
    kAttrUnused = 1 << 1,
    kAttrNormal = 1 << 2,
    kAttrControl = 1 << 3,
    kAttrUserDefined = 1 << 4,
    kAttrByte = 1 << 5,
    kAttrLStrip = 1 << 7,
    kAttrRStrip = 1 << 8,
};

struct Vocab {
    Vocab() = default;
    Vocab(const Vocab&) = delete;  // ids views arena and offsets
    Vocab& operator=(const Vocab&) = delete;
    Kind kind = Kind::SentencePiece;
    std::string file_name;
    std::string model;
    std::string pre = "default";

    // Token texts, back to back; text(i) = arena[offsets[i], offsets[i + 1]).
    std::string arena;
    std::vector<uint32_t> offsets;
    std::vector<float> scores;
    std::vector<uint16_t> attrs;
    StringIdMap ids;  // views of arena and offsets: a Vocab is built in place and never moved
    size_t max_token_len = 0;

    SpecialTokens special;
    std::vector<uint8_t> eog_flags;  // per token
    // Added tokens recognised in text before tokenization, longest text first.
    std::vector<int32_t> added_tokens;
    // SentencePiece: <0xXX> (or the byte itself) per byte; byte-level BPE: the token of the byte's
    // printable codepoint. -1 when missing.
    std::array<int32_t, 256> byte_tokens{};

    // Byte-level BPE.
    MergeMap merges;
    // Merges with a side that is not itself a token, keyed "left\0right" -> rank (rarely used).
    std::unordered_map<std::string, int32_t> text_merges;
    std::shared_ptr<const PreTokenizer> pre_tokenizer;
    bool ignore_merges = false;  // llama-3 style: a pre-token that is a token is taken whole

    size_t size() const { return attrs.size(); }
    std::string_view text(int32_t id) const {
        return std::string_view(arena).substr(offsets[id], offsets[id + 1] - offsets[id]);
    }
    int32_t find(std::string_view text) const { return ids.find(text); }
    bool has(uint16_t attr_bits, int32_t id) const { return (attrs[id] & attr_bits) != 0; }

    // Reads and checks every key the tokenizers use; throws TokenizerError naming file and key.
    static std::unique_ptr<Vocab> load(const gguf::File& file);
};

}  // namespace siliang::tokenizer
