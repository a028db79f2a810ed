#include "tokenizer/unicode.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <algorithm>
#include <array>
#include <memory>
#include <stdexcept>

#include "tokenizer/unicode_tables.h"

namespace siliang::tokenizer::unicode {

size_t sequence_length(uint8_t lead) {
    if (lead < 0xC0) return 1;  // ASCII or a stray continuation byte
    if (lead < 0xE0) return 2;
    if (lead < 0xF0) return 3;
    return 4;
}

void append_utf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

namespace {

// Lenient decoding of one codepoint at `offset` (llama.cpp's unicode_cpt_from_utf8, plus the
// surrogate / range check). Advances `offset`.
uint32_t decode_one_lenient(std::string_view s, size_t& offset) {
    const auto byte = [&](size_t i) { return static_cast<uint8_t>(s[i]); };
    const auto cont = [&](size_t i) { return i < s.size() && (byte(i) & 0xC0) == 0x80; };
    const uint8_t b0 = byte(offset);
    if (b0 < 0x80) {
        offset += 1;
        return b0;
    }
    size_t n = 0;
    uint32_t cp = 0;
    if ((b0 & 0xE0) == 0xC0) {
        n = 2;
        cp = b0 & 0x1F;
    } else if ((b0 & 0xF0) == 0xE0) {
        n = 3;
        cp = b0 & 0x0F;
    } else if ((b0 & 0xF8) == 0xF0) {
        n = 4;
        cp = b0 & 0x07;
    } else {  // continuation byte or 0xF8..0xFF
        offset += 1;
        return kReplacement;
    }
    for (size_t i = 1; i < n; ++i) {
        if (!cont(offset + i)) {
            offset += 1;
            return kReplacement;
        }
        cp = (cp << 6) | (byte(offset + i) & 0x3F);
    }
    offset += n;
    if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return kReplacement;
    return cp;
}

}  // namespace

std::vector<uint32_t> decode_lenient(std::string_view text) {
    std::vector<uint32_t> out;
    out.reserve(text.size());
    size_t offset = 0;
    while (offset < text.size()) out.push_back(decode_one_lenient(text, offset));
    return out;
}

std::string sanitize_lenient(std::string_view text) {
    if (is_valid_utf8(text)) return std::string(text);
    std::string out;
    out.reserve(text.size() + 8);
    size_t offset = 0;
    while (offset < text.size()) append_utf8(out, decode_one_lenient(text, offset));
    return out;
}

size_t append_valid_utf8(std::string_view in, std::string& out, bool final) {
    static constexpr char kFffd[] = "\xEF\xBF\xBD";
    size_t i = 0;
    const size_t n = in.size();
    while (i < n) {
        const auto b0 = static_cast<uint8_t>(in[i]);
        if (b0 < 0x80) {
            out += static_cast<char>(b0);
            ++i;
            continue;
        }
        size_t len = 0;
        uint8_t lo = 0x80, hi = 0xBF;  // allowed range of the second byte
        if (b0 >= 0xC2 && b0 <= 0xDF) {
            len = 2;
        } else if (b0 >= 0xE0 && b0 <= 0xEF) {
            len = 3;
            if (b0 == 0xE0) lo = 0xA0;
            if (b0 == 0xED) hi = 0x9F;
        } else if (b0 >= 0xF0 && b0 <= 0xF4) {
            len = 4;
            if (b0 == 0xF0) lo = 0x90;
            if (b0 == 0xF4) hi = 0x8F;
        } else {
            out.append(kFffd, 3);
            ++i;
            continue;
        }
        size_t k = 1;
        for (; k < len; ++k) {
            if (i + k >= n) break;
            const auto b = static_cast<uint8_t>(in[i + k]);
            const uint8_t l = k == 1 ? lo : 0x80, h = k == 1 ? hi : 0xBF;
            if (b < l || b > h) break;
        }
        if (k == len) {
            out.append(in.substr(i, len));
            i += len;
        } else if (i + k >= n && !final) {
            return i;  // incomplete, may be completed by more bytes
        } else {
            out.append(kFffd, 3);
            i += k;
        }
    }
    return n;
}

bool is_valid_utf8(std::string_view text) {
    size_t i = 0;
    const size_t n = text.size();
    while (i < n) {
        // ASCII fast path, 8 bytes at a time.
        while (i + 8 <= n) {
            uint64_t word = 0;
            for (size_t k = 0; k < 8; ++k)
                word |= static_cast<uint64_t>(static_cast<uint8_t>(text[i + k])) << (8 * k);
            if (word & 0x8080808080808080ULL) break;
            i += 8;
        }
        if (i >= n) break;
        const auto b0 = static_cast<uint8_t>(text[i]);
        if (b0 < 0x80) {
            ++i;
            continue;
        }
        size_t len = 0;
        uint8_t lo = 0x80, hi = 0xBF;
        if (b0 >= 0xC2 && b0 <= 0xDF) {
            len = 2;
        } else if (b0 >= 0xE0 && b0 <= 0xEF) {
            len = 3;
            if (b0 == 0xE0) lo = 0xA0;
            if (b0 == 0xED) hi = 0x9F;
        } else if (b0 >= 0xF0 && b0 <= 0xF4) {
            len = 4;
            if (b0 == 0xF0) lo = 0x90;
            if (b0 == 0xF4) hi = 0x8F;
        } else {
            return false;
        }
        if (i + len > n) return false;
        for (size_t k = 1; k < len; ++k) {
            const auto b = static_cast<uint8_t>(text[i + k]);
            if (b < (k == 1 ? lo : 0x80) || b > (k == 1 ? hi : 0xBF)) return false;
        }
        i += len;
    }
    return true;
}

bool is_whitespace(uint32_t cp) {
    if (cp < 0x80) return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20;
    return cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
           cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

namespace {

struct CodeDeleter {
    void operator()(pcre2_code* code) const { pcre2_code_free(code); }
};
struct MatchDataDeleter {
    void operator()(pcre2_match_data* data) const { pcre2_match_data_free(data); }
};

// One anchored alternation whose matching group names the category (Cn is tested before \p{C},
// which includes it).
const pcre2_code* category_pattern() {
    static const std::unique_ptr<pcre2_code, CodeDeleter> code = [] {
        static constexpr char kPattern[] =
            R"((\p{Cn})|(\p{L})|(\p{N})|(\p{P})|(\p{S})|(\p{M})|(\p{Z})|(\p{C}))";
        int error = 0;
        PCRE2_SIZE error_offset = 0;
        pcre2_code* compiled =
            pcre2_compile(reinterpret_cast<PCRE2_SPTR>(kPattern), PCRE2_ZERO_TERMINATED,
                          PCRE2_UTF | PCRE2_UCP | PCRE2_ANCHORED, &error, &error_offset, nullptr);
        if (!compiled) throw std::logic_error("tokenizer: cannot compile the category pattern");
        pcre2_jit_compile(compiled, PCRE2_JIT_COMPLETE);  // optional: falls back to the interpreter
        return std::unique_ptr<pcre2_code, CodeDeleter>(compiled);
    }();
    return code.get();
}

Category category_uncached(uint32_t cp) {
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return Category::Control;
    thread_local std::unique_ptr<pcre2_match_data, MatchDataDeleter> data(
        pcre2_match_data_create(9, nullptr));
    std::string utf8;
    append_utf8(utf8, cp);
    const int rc = pcre2_match(category_pattern(), reinterpret_cast<PCRE2_SPTR>(utf8.data()),
                               utf8.size(), 0, PCRE2_NO_UTF_CHECK, data.get(), nullptr);
    if (rc < 2) return Category::Unassigned;
    static constexpr Category kByGroup[] = {
        Category::Unassigned, Category::Unassigned,  Category::Letter,
        Category::Number,     Category::Punctuation, Category::Symbol,
        Category::Mark,       Category::Separator,   Category::Control};
    return rc - 1 < 9 ? kByGroup[rc - 1] : Category::Unassigned;  // rc - 1 = matching group
}

}  // namespace

Category category(uint32_t cp) {
    // The Basic Multilingual Plane is classified once, on first use (about 64k small matches).
    static const std::vector<Category> bmp = [] {
        std::vector<Category> table(0x10000);
        for (uint32_t c = 0; c < 0x10000; ++c) table[c] = category_uncached(c);
        return table;
    }();
    return cp < 0x10000 ? bmp[cp] : category_uncached(cp);
}

uint32_t to_lower(uint32_t cp) {
    if (cp < 0x80) return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
    using unicode_tables::kLowercase;
    const auto* end = kLowercase + unicode_tables::kLowercase_size;
    const auto* it = std::upper_bound(
        kLowercase, end, cp,
        [](uint32_t c, const unicode_tables::StrideRange& r) { return c < r.first; });
    if (it == kLowercase) return cp;
    --it;
    if (cp > it->last || (cp - it->first) % it->stride != 0) return cp;
    return static_cast<uint32_t>(static_cast<int64_t>(cp) + it->delta);
}

uint32_t nfd_first(uint32_t cp) {
    if (cp < 0xC0) return cp;
    if (cp >= 0xAC00 && cp <= 0xD7A3) return 0x1100 + (cp - 0xAC00) / 588;  // Hangul: leading jamo
    using unicode_tables::kNfdFirst;
    const auto* end = kNfdFirst + unicode_tables::kNfdFirst_size;
    const auto* it = std::upper_bound(
        kNfdFirst, end, cp,
        [](uint32_t c, const unicode_tables::TargetRange& r) { return c < r.first; });
    if (it == kNfdFirst) return cp;
    --it;
    return cp <= it->last ? it->target : cp;
}

namespace {

struct ByteTables {
    std::array<uint32_t, 256> to_cp{};
    std::array<std::string, 256> to_utf8;
    std::array<int16_t, 324> from_cp{};  // images are < 324
    ByteTables() {
        from_cp.fill(-1);
        uint32_t next = 256;
        for (uint32_t b = 0; b < 256; ++b) {
            const bool printable =
                (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            to_cp[b] = printable ? b : next++;
            append_utf8(to_utf8[b], to_cp[b]);
            from_cp[to_cp[b]] = static_cast<int16_t>(b);
        }
    }
};

const ByteTables& byte_tables() {
    static const ByteTables tables;
    return tables;
}

}  // namespace

uint32_t byte_to_codepoint(uint8_t byte) {
    return byte_tables().to_cp[byte];
}
const std::string& byte_to_utf8(uint8_t byte) {
    return byte_tables().to_utf8[byte];
}
int codepoint_to_byte(uint32_t cp) {
    return cp < byte_tables().from_cp.size() ? byte_tables().from_cp[cp] : -1;
}

}  // namespace siliang::tokenizer::unicode
