#include "tokenizer/pretokenizer.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <stdexcept>

#include "tokenizer/tokenizer.h"
#include "tokenizer/unicode.h"

namespace siliang::tokenizer {

namespace {

// The regexes below are llama.cpp's (llm_tokenizer_bpe), in PCRE2 syntax. llama.cpp matches them
// with std::regex after replacing every non-ASCII whitespace codepoint by U+000B (\v); split()
// does the same, so \s (compiled without PCRE2_UCP) means ASCII whitespace plus those codepoints,
// and a literal class never matches non-ASCII whitespace (e.g. U+3000 in deepseek-llm's class).
// `$` is written `\z` (std::regex's `$` does not match before a final newline).

constexpr std::string_view kGpt2 =
    R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S))";
constexpr std::string_view kLlama3 =
    R"((?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";
constexpr std::string_view kQwen2 =
    R"((?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";
constexpr std::string_view kSeedCoder =
    R"((?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1}| ?[^\s\p{L}\p{N}\r\n]+|\s*[\r\n]+|\s+(?!\S)|\s+)";
// Cased letters as listed in DeepSeek's tokenizer.json.
constexpr std::string_view kDeepseekLetters =
    R"(\s?[\x{41}-\x{5A}\x{61}-\x{7A}\x{B5}\x{C0}-\x{D6}\x{D8}-\x{F6}\x{F8}-\x{1BA}\x{1BC}-\x{1BF})"
    R"(\x{1C4}-\x{293}\x{295}-\x{2AF}\x{370}-\x{373}\x{376}\x{377}\x{37B}-\x{37D}\x{37F}\x{386})"
    R"(\x{388}-\x{38A}\x{38C}\x{38E}-\x{3A1}\x{3A3}-\x{3F5}\x{3F7}-\x{481}\x{48A}-\x{52F})"
    R"(\x{531}-\x{556}\x{10A0}-\x{10C5}\x{13A0}-\x{13F5}\x{13F8}-\x{13FD}\x{1C90}-\x{1CBA})"
    R"(\x{1CBD}-\x{1CBF}\x{1D00}-\x{1D2B}\x{1D6B}-\x{1D77}\x{1D79}-\x{1D9A}\x{1E00}-\x{1F15})"
    R"(\x{1F18}-\x{1F1D}\x{1F20}-\x{1F45}\x{1F48}-\x{1F4D}\x{1F50}-\x{1F57}\x{1F59}\x{1F5B})"
    R"(\x{1F5D}\x{1F5F}-\x{1F7D}\x{1F80}-\x{1FB4}\x{1FB6}-\x{1FBC}\x{1FBE}\x{1FC2}-\x{1FC4})"
    R"(\x{1FC6}-\x{1FCC}\x{1FD0}-\x{1FD3}\x{1FD6}-\x{1FDB}\x{1FE0}-\x{1FEC}\x{1FF2}-\x{1FF4})"
    R"(\x{1FF6}-\x{1FFC}\x{2102}\x{2107}\x{210A}-\x{2113}\x{2115}\x{2119}-\x{211D}\x{2124})"
    R"(\x{2126}\x{2128}\x{212A}-\x{212D}\x{212F}-\x{2134}\x{2139}\x{213C}-\x{213F})"
    R"(\x{2145}-\x{2149}\x{214E}\x{2183}\x{2184}\x{2C00}-\x{2C7B}\x{2C7E}-\x{2CE4})"
    R"(\x{2CEB}-\x{2CEE}\x{2CF2}\x{2CF3}\x{A640}-\x{A66D}\x{A680}-\x{A69B}\x{A722}-\x{A76F})"
    R"(\x{A771}-\x{A787}\x{A78B}-\x{A78E}\x{AB70}-\x{ABBF}\x{FB00}-\x{FB06}\x{FB13}-\x{FB17})"
    R"(\x{FF21}-\x{FF3A}\x{FF41}-\x{FF5A}\x{10400}-\x{1044F}\x{104B0}-\x{104D3})"
    R"(\x{104D8}-\x{104FB}\x{10C80}-\x{10CB2}\x{10CC0}-\x{10CF2}\x{118A0}-\x{118DF})"
    R"(\x{1E900}-\x{1E943}]+)";
constexpr std::string_view kDeepseekPunct =
    R"(\s?[!-/:-~\x{FF01}-\x{FF0F}\x{FF1A}-\x{FF5E}\x{2018}-\x{201F}\x{3000}-\x{3002}]+)";
constexpr std::string_view kDeepseekCjk =
    R"([\x{4E00}-\x{9FA5}\x{0800}-\x{4E00}\x{AC00}-\x{D7FF}]+)";
constexpr std::string_view kDeepseek3Main =
    R"([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~][A-Za-z]+|[^\r\n\p{L}\p{P}\p{S}]?[\p{L}\p{M}]+| ?[\p{P}\p{S}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";
constexpr std::string_view kPoro =
    R"( ?[^(\s|.,!?\x{2026}\x{3002}\x{FF0C}\x{3001}\x{0964}\x{06D4}\x{060C})]+)";

struct Definition {
    std::vector<std::string_view> names;
    std::vector<std::string_view> regexes;
    bool ignore_merges = false;
    bool add_bos = false;
};

const std::vector<Definition>& definitions() {
    static const std::vector<Definition> defs = {
        {{"default"}, {R"([\p{P}\$\+<=>\^~\|]+)", kGpt2, R"(\p{N}+)", R"([0-9][0-9][0-9])"}},
        {{"llama3", "llama-v3", "llama-bpe", "falcon3", "falcon-h1", "pixtral", "midm-2.0", "lfm2"},
         {kLlama3},
         true,
         true},
        {{"dbrx", "chatglm-bpe"}, {kLlama3}},
        {{"deepseek-llm"},
         {"[\r\n]", kDeepseekLetters, kDeepseekPunct, R"(\s+\z)", kDeepseekCjk, R"(\p{N}+)"}},
        {{"deepseek-v3"},
         {R"(\p{N}{1,3})", R"([\x{4E00}-\x{9FA5}\x{3040}-\x{309F}\x{30A0}-\x{30FF}]+)",
          kDeepseek3Main}},
        {{"deepseek-coder"}, {"[\r\n]", R"(\s?\p{L}+)", R"(\s?\p{P}+)", kDeepseekCjk, R"(\p{N})"}},
        {{"falcon"}, {R"([\p{P}\$\+<=>\^~\|`]+)", kGpt2, R"([0-9][0-9][0-9])"}},
        {{"starcoder", "refact", "command-r", "smollm", "codeshell", "exaone", "minerva-7b"},
         {R"(\p{N})", kGpt2}},
        {{"gpt-2", "phi-2", "jina-es", "jina-de", "gigachat", "jina-v2-es", "jina-v2-de",
          "jina-v1-en", "jina-v2-code", "roberta-bpe", "a.x-4.0", "mellum", "mpt", "olmo", "jais",
          "trillion"},
         {kGpt2}},
        {{"qwen2", "deepseek-r1-qwen", "stablelm2", "megrez", "hunyuan"}, {kQwen2}},
        {{"poro-chat", "bloom", "gpt3-finnish"}, {kPoro}},
        {{"viking"}, {kPoro, R"(\p{N})"}},
        {{"seed-coder"}, {kSeedCoder}},
    };
    return defs;
}

struct CodeDeleter {
    void operator()(pcre2_code* code) const { pcre2_code_free(code); }
};
struct MatchDataDeleter {
    void operator()(pcre2_match_data* data) const { pcre2_match_data_free(data); }
};

}  // namespace

struct PreTokenizer::Regex {
    std::unique_ptr<pcre2_code, CodeDeleter> code;
};

PreTokenizer::~PreTokenizer() = default;

std::vector<std::string_view> PreTokenizer::known_names() {
    std::vector<std::string_view> names;
    for (const Definition& def : definitions())
        names.insert(names.end(), def.names.begin(), def.names.end());
    return names;
}

std::shared_ptr<const PreTokenizer> PreTokenizer::create(std::string_view name) {
    for (const Definition& def : definitions()) {
        bool found = false;
        for (std::string_view n : def.names) found = found || n == name;
        if (!found) continue;
        std::shared_ptr<PreTokenizer> pre(new PreTokenizer());
        pre->ignore_merges_ = def.ignore_merges;
        pre->add_bos_ = def.add_bos;
        for (std::string_view pattern : def.regexes) {
            int error = 0;
            PCRE2_SIZE error_offset = 0;
            pcre2_code* code =
                pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                              PCRE2_UTF, &error, &error_offset, nullptr);
            if (!code) {
                PCRE2_UCHAR message[256];
                pcre2_get_error_message(error, message, sizeof(message));
                throw std::logic_error("pre-tokenizer '" + std::string(name) +
                                       "': regex error at " + std::to_string(error_offset) + ": " +
                                       reinterpret_cast<const char*>(message));
            }
            pcre2_jit_compile(code,
                              PCRE2_JIT_COMPLETE);  // optional: the interpreter is the fallback
            auto regex = std::make_unique<Regex>();
            regex->code.reset(code);
            pre->regexes_.push_back(std::move(regex));
        }
        return pre;
    }
    return nullptr;
}

namespace {

using Pieces = std::vector<std::pair<size_t, size_t>>;

// Matches and gaps of `code` within subject[begin, end), which the regex sees as the whole string.
void split_piece(const pcre2_code* code, pcre2_match_data* data, std::string_view subject,
                 size_t begin, size_t end, Pieces& out) {
    const auto* base = reinterpret_cast<PCRE2_SPTR>(subject.data() + begin);
    const size_t length = end - begin;
    size_t gap_start = 0, pos = 0;
    while (pos <= length) {
        int rc = pcre2_match(code, base, length, pos, PCRE2_NO_UTF_CHECK, data, nullptr);
        if (rc == PCRE2_ERROR_JIT_STACKLIMIT)  // fall back to the (heap-based) interpreter
            rc = pcre2_match(code, base, length, pos, PCRE2_NO_UTF_CHECK | PCRE2_NO_JIT, data,
                             nullptr);
        if (rc == PCRE2_ERROR_NOMATCH) break;
        if (rc < 0)
            throw TokenizerError("pre-tokenizer: regex match failed (PCRE2 error " +
                                 std::to_string(rc) + ")");
        const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(data);
        const size_t ms = ov[0], me = ov[1];
        if (me == ms) {  // an empty match only splits
            if (ms > gap_start) out.emplace_back(begin + gap_start, begin + ms);
            gap_start = ms;
            if (ms >= length) break;
            pos = ms + unicode::sequence_length(static_cast<uint8_t>(subject[begin + ms]));
            continue;
        }
        if (ms > gap_start) out.emplace_back(begin + gap_start, begin + ms);
        out.emplace_back(begin + ms, begin + me);
        gap_start = pos = me;
    }
    if (gap_start < length) out.emplace_back(begin + gap_start, end);
}

}  // namespace

void PreTokenizer::split(std::string_view text, Pieces& pieces) const {
    if (text.empty()) return;
    // Non-ASCII whitespace -> \v, remembering where each byte came from.
    std::string mapped;
    std::vector<size_t> origin;
    std::string_view subject = text;
    for (size_t i = 0; i < text.size();) {
        const auto lead = static_cast<uint8_t>(text[i]);
        const size_t len = unicode::sequence_length(lead);
        uint32_t cp = lead;
        if (len > 1) {
            cp = lead & (0xFF >> (len + 1));
            for (size_t k = 1; k < len; ++k)
                cp = (cp << 6) | (static_cast<uint8_t>(text[i + k]) & 0x3F);
        }
        const bool ws = len > 1 && unicode::is_non_ascii_whitespace(cp);
        if (ws && origin.empty()) {  // first one: start the mapped copy
            mapped.assign(text.substr(0, i));
            origin.resize(i);
            for (size_t k = 0; k < i; ++k) origin[k] = k;
        }
        if (!origin.empty() || ws) {
            if (ws) {
                mapped += '\v';
                origin.push_back(i);
            } else {
                mapped.append(text.substr(i, len));
                for (size_t k = 0; k < len; ++k) origin.push_back(i + k);
            }
        }
        i += len;
    }
    if (!origin.empty()) {
        origin.push_back(text.size());
        subject = mapped;
    }

    std::unique_ptr<pcre2_match_data, MatchDataDeleter> data(pcre2_match_data_create(1, nullptr));
    Pieces current{{0, subject.size()}}, next;
    for (const auto& regex : regexes_) {
        next.clear();
        for (const auto& [begin, end] : current)
            split_piece(regex->code.get(), data.get(), subject, begin, end, next);
        current.swap(next);
    }
    for (const auto& [begin, end] : current) {
        if (origin.empty()) {
            pieces.emplace_back(begin, end);
        } else {
            pieces.emplace_back(origin[begin], origin[end]);
        }
    }
}

}  // namespace siliang::tokenizer
