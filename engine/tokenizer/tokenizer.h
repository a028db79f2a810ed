// Tokenizers for GGUF vocabularies, conforming to llama.cpp's tokenizer:
//   - SentencePiece-style BPE over scores ("llama": llama, phi-3, gemma, baichuan vocabularies),
//   - byte-level BPE over merge ranks with the pre-tokenizer named by tokenizer.ggml.pre ("gpt2"),
//   - WordPiece ("bert").
//
// Encoding follows llama.cpp's llama_tokenize(): the text is first partitioned on added tokens
// (longest first); user-defined added tokens are always recognised (as Hugging Face and llama.cpp
// do), control and unknown tokens only with EncodeOptions::parse_special, and none at all inside
// EncodeOptions::no_special_ranges. Each remaining piece is then tokenized by the vocabulary's
// algorithm.
//
// Invalid UTF-8 passed to encode() never fails: SentencePiece spells the bytes with byte-fallback
// tokens (as llama.cpp, an invalid lead byte takes the next bytes into its symbol, so a following
// space may come back as U+2581); byte-level BPE and WordPiece replace each byte that does not
// start a complete sequence by U+FFFD (llama.cpp's rule), as well as encoded surrogates and
// codepoints above U+10FFFF. Lossless vocabularies (SentencePiece with byte fallback, byte-level
// BPE) give decode(encode(s)) == s for every valid UTF-8 string s.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace siliang::gguf {
class File;
}

namespace siliang::tokenizer {

class TokenizerError : public std::runtime_error {
public:
    using runtime_error::runtime_error;
};

enum class Kind { SentencePiece, BytePairEncoding, WordPiece };

struct EncodeOptions {
    bool add_bos = false;        // prepend BOS (only if the vocabulary has one)
    bool parse_special = false;  // recognise special/control tokens written as text
    // With parse_special: byte ranges [first, second) of the text in which special tokens are NOT
    // recognised (user-supplied text inside a rendered chat template). A special token is only
    // matched if it lies entirely outside these ranges. Inside them no added token at all is
    // recognised, user-defined ones included.
    std::vector<std::pair<size_t, size_t>> no_special_ranges;
    // Append EOS (WordPiece: SEP, else EOS) if the vocabulary has one. Not in the original
    // contract; use special().add_eos to decide.
    bool add_eos = false;
};

struct SpecialTokens {  // -1 = absent
    int32_t bos = -1, eos = -1, eot = -1, eom = -1, unk = -1, pad = -1, sep = -1, cls = -1,
            mask = -1;
    // every end-of-generation token (eos, eot, eom, <|im_end|>, <end_of_turn>, <|eot_id|> ...)
    std::vector<int32_t> eog;
    bool add_bos = false, add_eos = false, add_space_prefix = false;
};

// Immutable once loaded: encode, decode and the lookups may run concurrently on several threads.
class Tokenizer {
public:
    // Copies what it needs from `file` (which may be closed afterwards). Throws TokenizerError
    // "<file>: <key>: <problem>" for missing or malformed keys and for an unknown
    // tokenizer.ggml.model or (byte-level BPE) tokenizer.ggml.pre.
    static Tokenizer from_gguf(const gguf::File& file);

    Tokenizer(Tokenizer&&) noexcept;
    Tokenizer& operator=(Tokenizer&&) noexcept;
    Tokenizer(const Tokenizer&) = delete;
    Tokenizer& operator=(const Tokenizer&) = delete;
    ~Tokenizer();

    Kind kind() const;
    const std::string& model() const;  // tokenizer.ggml.model: "llama", "gpt2", "bert"
    const std::string& pre() const;    // tokenizer.ggml.pre, "default" when absent
    size_t vocab_size() const;
    const SpecialTokens& special() const;

    std::vector<int32_t> encode(std::string_view text, const EncodeOptions& options = {}) const;

    // The concatenated pieces of `ids` (token_piece), as llama.cpp's detokenize with
    // remove_special = false, unparse_special = true and without its clean_up_tokenization_spaces
    // pass: control tokens are rendered as their text; for vocabularies that add a space prefix
    // (SentencePiece) one leading space of the first piece is removed, so that
    // decode(encode(s)) == s for lossless vocabularies. The result may hold invalid UTF-8 (byte
    // tokens); StreamDecoder yields the same text made valid.
    std::string decode(std::span<const int32_t> ids) const;
    // As decode(); with render_special = false control tokens contribute nothing.
    std::string decode(std::span<const int32_t> ids, bool render_special) const;

    std::string token_piece(int32_t id) const;      // the bytes this token contributes (byte
                                                    // tokens -> the byte; may be partial UTF-8)
    std::string_view token_text(int32_t id) const;  // raw vocabulary string
    float token_score(int32_t id) const;            // tokenizer.ggml.scores (0 when absent)
    bool is_special(int32_t id) const;              // control / user-defined tokens
    bool is_control(int32_t id) const;              // control tokens (and auto-detected EOG)
    bool is_eog(int32_t id) const;
    std::optional<int32_t> find_token(std::string_view text) const;

private:
    struct Impl;
    explicit Tokenizer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;  // a moved-from Tokenizer may only be assigned to or destroyed
};

// Streams text token by token: returns only complete UTF-8 and holds back a partial sequence
// until the next token completes it; finish() flushes what is left (invalid bytes -> U+FFFD, one
// per maximal ill-formed subsequence). The concatenation of all push() results and finish() equals
// decode() of the same ids with ill-formed sequences replaced the same way. finish() also resets
// the decoder for a new stream. push() throws TokenizerError for an out-of-range id (nothing is
// consumed). The tokenizer must outlive the decoder.
class StreamDecoder {
public:
    explicit StreamDecoder(const Tokenizer& tokenizer);
    std::string push(int32_t id);
    std::string finish();

private:
    const Tokenizer* tokenizer_;
    std::string pending_;
    bool first_ = true;
};

}  // namespace siliang::tokenizer
