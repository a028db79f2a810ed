#include "tokenizer/vocab.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <limits>

#include "gguf/gguf_reader.h"
#include "tokenizer/pretokenizer.h"
#include "tokenizer/unicode.h"

namespace siliang::tokenizer {

namespace {

// llama.cpp's llama_token_type values in tokenizer.ggml.token_type.
enum TokenType : int32_t {
    kTypeUndefined = 0,
    kTypeNormal = 1,
    kTypeUnknown = 2,
    kTypeControl = 3,
    kTypeUserDefined = 4,
    kTypeUnused = 5,
    kTypeByte = 6,
};

uint16_t attr_from_type(int32_t type) {
    switch (type) {
        case kTypeNormal: return kAttrNormal;
        case kTypeUnknown: return kAttrUnknown;
        case kTypeControl: return kAttrControl;
        case kTypeUserDefined: return kAttrUserDefined;
        case kTypeUnused: return kAttrUnused;
        case kTypeByte: return kAttrByte;
        default: return kAttrUndefined;
    }
}

// Token texts that end generation (llama.cpp's list; they are forced to be control tokens).
constexpr std::string_view kEogTexts[] = {
    "<|eot_id|>",    "<|im_end|>", "<|end|>", "<|return|>", "<|call|>",        "<end_of_turn>",
    "<|endoftext|>", "<|eom_id|>", "<EOT>",   "_<EOT>",     "<|end_of_text|>", "<end_of_utterance>",
};
// Candidates for the EOT token when tokenizer.ggml.eot_token_id is absent, in priority order.
constexpr std::string_view kEotTexts[] = {
    "<|eot_id|>",
    "<|im_end|>",
    "<|end|>",
    "<end_of_turn>",
    "<|endoftext|>",
    "<|end_of_text|>",
    "<EOT>",
    "_<EOT>",
    "<\xEF\xBD\x9C"
    "end\xE2\x96\x81of\xE2\x96\x81sentence\xEF\xBD\x9C>",
    "<end_of_utterance>",
};

class Loader {
public:
    explicit Loader(const gguf::File& file) : file_(file) {}

    TokenizerError error(std::string_view key, std::string_view problem) const {
        return TokenizerError(file_.name() + ": " + std::string(key) + ": " + std::string(problem));
    }

    std::optional<std::string> string(std::string_view key) const {
        const gguf::Value* value = file_.find(key);
        if (!value) return std::nullopt;
        const auto s = value->as_string();
        if (!s) throw error(key, "not a string");
        return std::string(*s);
    }
    std::optional<bool> boolean(std::string_view key) const {
        const gguf::Value* value = file_.find(key);
        if (!value) return std::nullopt;
        const auto b = value->as_bool();
        if (!b) throw error(key, "not a boolean");
        return b;
    }
    // A token id: absent -> nullopt; negative or out of range -> nullopt (llama.cpp ignores it).
    std::optional<int32_t> token_id(std::string_view key, size_t n_tokens) const {
        const gguf::Value* value = file_.find(key);
        if (!value) return std::nullopt;
        const auto i = value->as_int();
        if (!i) throw error(key, "not an integer");
        if (*i < 0 || static_cast<uint64_t>(*i) >= n_tokens) return std::nullopt;
        return static_cast<int32_t>(*i);
    }
    const gguf::Array* array(std::string_view key, bool required) const {
        const gguf::Value* value = file_.find(key);
        if (!value) {
            if (required) throw error(key, "missing");
            return nullptr;
        }
        const gguf::Array* arr = value->as_array();
        if (!arr) throw error(key, "not an array");
        return arr;
    }
    const gguf::File& file() const { return file_; }

private:
    const gguf::File& file_;
};

void load_tokens(const Loader& in, Vocab& v) {
    const gguf::Array* tokens = in.array("tokenizer.ggml.tokens", true);
    if (tokens->element_type != gguf::ValueType::String)
        throw in.error("tokenizer.ggml.tokens", "not an array of strings");
    const size_t n = tokens->strings.size();
    if (n == 0) throw in.error("tokenizer.ggml.tokens", "empty");
    if (n > static_cast<size_t>(std::numeric_limits<int32_t>::max() / 2))
        throw in.error("tokenizer.ggml.tokens", "too many tokens");

    std::vector<float> scores;
    if (const gguf::Array* arr = in.array("tokenizer.ggml.scores", false)) {
        auto values = arr->to_f32s();
        if (!values) throw in.error("tokenizer.ggml.scores", "not an array of numbers");
        if (values->size() != n)
            throw in.error("tokenizer.ggml.scores", "has " + std::to_string(values->size()) +
                                                        " entries for " + std::to_string(n) +
                                                        " tokens");
        scores = std::move(*values);
    }
    std::vector<int32_t> types;
    if (const gguf::Array* arr = in.array("tokenizer.ggml.token_type", false)) {
        auto values = arr->to_i32s();
        if (!values) throw in.error("tokenizer.ggml.token_type", "not an array of integers");
        if (values->size() != n)
            throw in.error("tokenizer.ggml.token_type", "has " + std::to_string(values->size()) +
                                                            " entries for " + std::to_string(n) +
                                                            " tokens");
        types = std::move(*values);
    }

    size_t total = 0;
    for (std::string_view s : tokens->strings) total += s.empty() ? 24 : s.size();
    if (total > std::numeric_limits<uint32_t>::max())
        throw in.error("tokenizer.ggml.tokens", "token texts too large");
    v.arena.reserve(total);
    v.offsets.resize(n + 1);
    v.attrs.resize(n);
    v.scores = scores.empty() ? std::vector<float>(n, 0.0f) : std::move(scores);
    for (size_t i = 0; i < n; ++i) {
        v.offsets[i] = static_cast<uint32_t>(v.arena.size());
        std::string_view s = tokens->strings[i];
        if (s.empty()) {
            v.arena += "[EMPTY_" + std::to_string(i) + "]";  // as llama.cpp
        } else {
            v.arena.append(s);
        }
        v.attrs[i] = types.empty() ? uint16_t{kAttrNormal} : attr_from_type(types[i]);
    }
    v.offsets[n] = static_cast<uint32_t>(v.arena.size());
    v.ids.build(v.arena, v.offsets);
    for (size_t i = 0; i < n; ++i)
        v.max_token_len = std::max(v.max_token_len, v.text(static_cast<int32_t>(i)).size());
}

void load_merges(const Loader& in, Vocab& v) {
    const gguf::Array* merges = in.array("tokenizer.ggml.merges", true);
    if (merges->element_type != gguf::ValueType::String)
        throw in.error("tokenizer.ggml.merges", "not an array of strings");
    std::vector<MergeMap::Pair> pairs;
    pairs.reserve(merges->strings.size());
    // Three hash lookups per merge, pipelined: hashes are computed and their slots prefetched
    // kAhead merges before they are resolved, so the cache misses overlap.
    constexpr size_t kAhead = 8;
    struct Pending {
        std::string_view left, right;
        std::string joined;
        size_t left_hash = 0, right_hash = 0, joined_hash = 0;
        bool valid = false;
    };
    std::array<Pending, kAhead> ring;
    const size_t n = merges->strings.size();
    const auto resolve = [&](size_t rank) {
        const Pending& p = ring[rank % kAhead];
        if (!p.valid) return;
        const int32_t l = v.ids.find(p.left, p.left_hash), r = v.ids.find(p.right, p.right_hash);
        if (l >= 0 && r >= 0) {
            pairs.push_back(
                {l, r, {static_cast<int32_t>(rank), v.ids.find(p.joined, p.joined_hash)}});
        } else {
            std::string key(p.left);
            key += '\0';
            key.append(p.right);
            v.text_merges.emplace(std::move(key), static_cast<int32_t>(rank));
        }
    };
    for (size_t i = 0; i < n + kAhead; ++i) {
        if (i >= kAhead) resolve(i - kAhead);  // frees ring slot i % kAhead
        if (i >= n) continue;
        Pending& p = ring[i % kAhead];
        const std::string_view m = merges->strings[i];
        const size_t space = m.find(' ', 1);
        p.valid = space != std::string_view::npos;  // llama.cpp keeps an unusable ("", "") pair
        if (!p.valid) continue;
        p.left = m.substr(0, space);
        p.right = m.substr(space + 1);
        p.joined.assign(p.left);
        p.joined.append(p.right);
        p.left_hash = StringIdMap::hash_of(p.left);
        p.right_hash = StringIdMap::hash_of(p.right);
        p.joined_hash = StringIdMap::hash_of(p.joined);
        v.ids.prefetch(p.left_hash);
        v.ids.prefetch(p.right_hash);
        v.ids.prefetch(p.joined_hash);
    }
    v.merges.build(v.size(), pairs);
}

void load_special(const Loader& in, Vocab& v) {
    const size_t n = v.size();
    SpecialTokens& sp = v.special;
    const auto fallback = [n](int32_t id) { return static_cast<size_t>(id) < n ? id : -1; };
    switch (v.kind) {
        case Kind::SentencePiece:  // llama.cpp's defaults for LLaMA vocabularies
            sp.bos = fallback(1), sp.eos = fallback(2), sp.unk = fallback(0);
            sp.add_bos = true, sp.add_eos = false, sp.add_space_prefix = true;
            break;
        case Kind::BytePairEncoding: sp.add_bos = v.pre_tokenizer->add_bos(); break;
        case Kind::WordPiece:  // BERT's [CLS]=101 [UNK]=100 [SEP]=102 [PAD]=0 [MASK]=103
            sp.bos = fallback(101), sp.unk = fallback(100), sp.sep = fallback(102);
            sp.pad = fallback(0), sp.mask = fallback(103);
            sp.add_bos = true, sp.add_eos = true;
            break;
    }
    const std::pair<std::string_view, int32_t*> keys[] = {
        {"tokenizer.ggml.bos_token_id", &sp.bos},
        {"tokenizer.ggml.eos_token_id", &sp.eos},
        {"tokenizer.ggml.eot_token_id", &sp.eot},
        {"tokenizer.ggml.eom_token_id", &sp.eom},
        {"tokenizer.ggml.unknown_token_id", &sp.unk},
        {"tokenizer.ggml.seperator_token_id", &sp.sep},
        {"tokenizer.ggml.padding_token_id", &sp.pad},
        {"tokenizer.ggml.cls_token_id", &sp.cls},
        {"tokenizer.ggml.mask_token_id", &sp.mask},
    };
    for (const auto& [key, id] : keys) {
        if (const auto value = in.token_id(key, n)) *id = *value;
    }
    if (v.kind == Kind::WordPiece) {
        if (sp.cls < 0) sp.cls = sp.bos;
        if (!in.file().find("tokenizer.ggml.bos_token_id") && sp.cls >= 0) sp.bos = sp.cls;
    }
    if (const auto b = in.boolean("tokenizer.ggml.add_bos_token")) sp.add_bos = *b;
    if (const auto b = in.boolean(v.kind == Kind::WordPiece ? "tokenizer.ggml.add_sep_token"
                                                            : "tokenizer.ggml.add_eos_token"))
        sp.add_eos = *b;
    if (const auto b = in.boolean("tokenizer.ggml.add_space_prefix")) sp.add_space_prefix = *b;

    // End of turn / generation, detected by text as llama.cpp does.
    const auto force_control = [&v](int32_t id) {
        if (!(v.attrs[id] & kAttrControl)) v.attrs[id] = kAttrControl;
    };
    if (sp.eot < 0) {
        for (std::string_view text : kEotTexts) {
            if (const int32_t id = v.find(text); id >= 0) {
                sp.eot = id;
                force_control(id);
                break;
            }
        }
    }
    if (sp.eom < 0 && (sp.eom = v.find("<|eom_id|>")) >= 0) force_control(sp.eom);
    v.eog_flags.assign(n, 0);
    for (std::string_view text : kEogTexts) {
        if (const int32_t id = v.find(text); id >= 0) {
            v.eog_flags[id] = 1;
            force_control(id);
        }
    }
    for (const int32_t id : {sp.eos, sp.eot, sp.eom}) {
        if (id >= 0) v.eog_flags[id] = 1;
    }
    for (size_t i = 0; i < n; ++i) {
        if (v.eog_flags[i]) sp.eog.push_back(static_cast<int32_t>(i));
    }
}

void set_attr(Vocab& v, std::string_view text, uint16_t bit, bool on) {
    const int32_t id = v.find(text);
    if (id < 0) return;
    v.attrs[id] = on ? (v.attrs[id] | bit) : (v.attrs[id] & ~bit);
}

void load_added_tokens(const Loader& in, Vocab& v) {
    for (size_t i = 0; i < v.size(); ++i) {
        if (v.attrs[i] & (kAttrControl | kAttrUserDefined | kAttrUnknown))
            v.added_tokens.push_back(static_cast<int32_t>(i));
    }
    std::stable_sort(v.added_tokens.begin(), v.added_tokens.end(),
                     [&v](int32_t a, int32_t b) { return v.text(a).size() > v.text(b).size(); });
    // Per-model strip attributes that the GGUF does not carry (llama.cpp sets them by name).
    std::string name = in.string("general.name").value_or("");
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    const std::string arch = in.string("general.architecture").value_or("");
    if (v.pre == "jina-v2-de" || v.pre == "jina-v2-es" || v.pre == "jina-v2-code" ||
        arch == "nomic-bert-moe" || arch == "jina-bert-v3") {
        set_attr(v, "<mask>", kAttrLStrip, true);
    } else if (name.find("phi-3") != std::string::npos || name.find("phi3") != std::string::npos) {
        for (const int32_t id : v.added_tokens) v.attrs[id] |= kAttrRStrip;
        set_attr(v, "</s>", kAttrRStrip, true);
        for (std::string_view text : {"<unk>", "<s>", "<|endoftext|>"})
            set_attr(v, text, kAttrRStrip, false);
    }
}

void load_byte_tokens(Vocab& v) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    for (int b = 0; b < 256; ++b) {
        int32_t id = -1;
        if (v.kind == Kind::SentencePiece) {
            const char name[6] = {'<', '0', 'x', kHex[b >> 4], kHex[b & 15], '>'};
            id = v.find(std::string_view(name, 6));
            if (id < 0) id = v.find(std::string(1, static_cast<char>(b)));
        } else if (v.kind == Kind::BytePairEncoding) {
            id = v.find(unicode::byte_to_utf8(static_cast<uint8_t>(b)));
        }
        v.byte_tokens[b] = id;
    }
}

}  // namespace

std::unique_ptr<Vocab> Vocab::load(const gguf::File& file) {
    const Loader in(file);
    auto v = std::make_unique<Vocab>();
    v->file_name = file.name();
    const auto model = in.string("tokenizer.ggml.model");
    if (!model) throw in.error("tokenizer.ggml.model", "missing");
    v->model = *model;
    if (v->model == "llama") {
        v->kind = Kind::SentencePiece;
    } else if (v->model == "gpt2") {
        v->kind = Kind::BytePairEncoding;
    } else if (v->model == "bert") {
        v->kind = Kind::WordPiece;
    } else {
        throw in.error("tokenizer.ggml.model", "unsupported tokenizer model '" + v->model +
                                                   "' (supported: llama, gpt2, bert)");
    }
    if (auto pre = in.string("tokenizer.ggml.pre"); pre && !pre->empty()) v->pre = std::move(*pre);
    if (v->kind == Kind::BytePairEncoding) {
        v->pre_tokenizer = PreTokenizer::create(v->pre);
        if (!v->pre_tokenizer)
            throw in.error("tokenizer.ggml.pre", "unknown pre-tokenizer '" + v->pre + "'");
        v->ignore_merges = v->pre_tokenizer->ignore_merges();
    }
    load_tokens(in, *v);
    if (v->kind == Kind::BytePairEncoding) load_merges(in, *v);
    load_special(in, *v);
    load_added_tokens(in, *v);
    load_byte_tokens(*v);
    return v;
}

}  // namespace siliang::tokenizer
