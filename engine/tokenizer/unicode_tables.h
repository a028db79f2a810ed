// Generated Unicode tables (see gen_unicode_tables.py) used by the WordPiece normaliser.
#pragma once

#include <cstddef>
#include <cstdint>

namespace siliang::tokenizer::unicode_tables {

// Codepoints first, first + stride, ..., last map to codepoint + delta.
struct StrideRange {
    uint32_t first, last, stride;
    int32_t delta;
};
// Codepoints first..last all map to target.
struct TargetRange {
    uint32_t first, last, target;
};

// str.lower()[0] for every codepoint where it differs (sorted by first).
extern const StrideRange kLowercase[];
extern const size_t kLowercase_size;
// First codepoint of the NFD decomposition where it differs (sorted; Hangul syllables excluded).
extern const TargetRange kNfdFirst[];
extern const size_t kNfdFirst_size;

}  // namespace siliang::tokenizer::unicode_tables
