// Unicode helpers for the tokenizers: UTF-8 coding, the replacement rules, character classes
// (from PCRE2's Unicode tables), lowercase / NFD-first maps and GPT-2's byte <-> unicode mapping.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace siliang::tokenizer::unicode {

constexpr uint32_t kReplacement = 0xFFFD;

// Length of the UTF-8 sequence a lead byte announces, as llama.cpp's unicode_len_utf8: 1 for ASCII
// and for stray continuation bytes, else 2, 3 or 4.
size_t sequence_length(uint8_t lead);

void append_utf8(std::string& out, uint32_t cp);

// llama.cpp's lenient decoding: a byte that does not start a sequence with enough continuation
// bytes becomes U+FFFD and decoding resumes at the next byte. Surrogates and values above U+10FFFF
// also become U+FFFD (llama.cpp would pass them through or fail), so the result is always valid.
std::vector<uint32_t> decode_lenient(std::string_view text);
// decode_lenient re-encoded as UTF-8; returns `text` unchanged when it is already valid.
std::string sanitize_lenient(std::string_view text);

// Strict conversion (Unicode's "maximal subpart" practice): appends `in` to `out` with every
// ill-formed subsequence replaced by one U+FFFD. When `final` is false an incomplete sequence at
// the end is left unconsumed. Returns the number of bytes of `in` consumed.
size_t append_valid_utf8(std::string_view in, std::string& out, bool final);
bool is_valid_utf8(std::string_view text);

// White_Space as llama.cpp's unicode tables define it.
bool is_whitespace(uint32_t cp);
// Whitespace outside ASCII (the pre-tokenizer maps these onto \v, as llama.cpp does).
inline bool is_non_ascii_whitespace(uint32_t cp) {
    return cp >= 0x80 && is_whitespace(cp);
}

enum class Category : uint8_t {
    Unassigned,  // Cn
    Letter,
    Number,
    Punctuation,
    Symbol,
    Mark,
    Separator,
    Control,  // Cc, Cf, Cs, Co
};
Category category(uint32_t cp);  // general category group, from PCRE2

uint32_t to_lower(uint32_t cp);   // first codepoint of str.lower()
uint32_t nfd_first(uint32_t cp);  // first codepoint of the NFD decomposition

// GPT-2 byte-level mapping: each byte is shown as one printable codepoint.
uint32_t byte_to_codepoint(uint8_t byte);
const std::string& byte_to_utf8(uint8_t byte);
int codepoint_to_byte(uint32_t cp);  // -1 when cp is not the image of a byte

}  // namespace siliang::tokenizer::unicode
