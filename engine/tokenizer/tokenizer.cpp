#include "tokenizer/tokenizer.h"

#include <algorithm>

#include "gguf/gguf_reader.h"
#include "tokenizer/algorithms.h"
#include "tokenizer/unicode.h"
#include "tokenizer/vocab.h"

namespace siliang::tokenizer {

struct Tokenizer::Impl {
    std::unique_ptr<Vocab> vocab;

    void check(int32_t id) const {
        if (id < 0 || static_cast<size_t>(id) >= vocab->size()) {
            throw TokenizerError(vocab->file_name + ": token id " + std::to_string(id) +
                                 " out of range (vocabulary has " + std::to_string(vocab->size()) +
                                 " tokens)");
        }
    }
};

Tokenizer::Tokenizer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Tokenizer::Tokenizer(Tokenizer&&) noexcept = default;
Tokenizer& Tokenizer::operator=(Tokenizer&&) noexcept = default;
Tokenizer::~Tokenizer() = default;

Tokenizer Tokenizer::from_gguf(const gguf::File& file) {
    auto impl = std::make_unique<Impl>();
    impl->vocab = Vocab::load(file);
    return Tokenizer(std::move(impl));
}

Kind Tokenizer::kind() const {
    return impl_->vocab->kind;
}
const std::string& Tokenizer::model() const {
    return impl_->vocab->model;
}
const std::string& Tokenizer::pre() const {
    return impl_->vocab->pre;
}
size_t Tokenizer::vocab_size() const {
    return impl_->vocab->size();
}
const SpecialTokens& Tokenizer::special() const {
    return impl_->vocab->special;
}

std::vector<int32_t> Tokenizer::encode(std::string_view text, const EncodeOptions& options) const {
    const Vocab& v = *impl_->vocab;
    std::vector<int32_t> out;
    out.reserve(text.size() / 3 + 4);
    if (options.add_bos && v.special.bos >= 0) out.push_back(v.special.bos);
    const std::vector<Fragment> fragments =
        partition(v, text, options.parse_special, options.no_special_ranges);
    bool after_special =
        true;  // SentencePiece: a space is prefixed to text at the start or after an added token
    std::string escaped;
    for (const Fragment& fragment : fragments) {
        if (fragment.token >= 0) {
            out.push_back(fragment.token);
            after_special = true;
            continue;
        }
        const std::string_view piece = text.substr(fragment.begin, fragment.end - fragment.begin);
        switch (v.kind) {
            case Kind::SentencePiece: {
                escaped.clear();
                if (v.special.add_space_prefix && after_special) escaped += "\xE2\x96\x81";
                for (const char c : piece) {
                    if (c == ' ') {
                        escaped += "\xE2\x96\x81";  // U+2581
                    } else {
                        escaped += c;
                    }
                }
                encode_spm(v, escaped, out);
                break;
            }
            case Kind::BytePairEncoding: encode_bpe(v, piece, out); break;
            case Kind::WordPiece: encode_wordpiece(v, piece, out); break;
        }
        after_special = false;
    }
    if (options.add_eos) {
        const int32_t eos =
            v.kind == Kind::WordPiece && v.special.sep >= 0 ? v.special.sep : v.special.eos;
        if (eos >= 0) out.push_back(eos);
    }
    return out;
}

namespace {

std::string piece_of(const Vocab& v, int32_t id, bool render_special) {
    const uint16_t attr = v.attrs[id];
    const std::string_view text = v.text(id);
    if (attr & kAttrControl) return render_special ? std::string(text) : std::string();
    if (attr & (kAttrUnknown | kAttrUserDefined)) return std::string(text);
    switch (v.kind) {
        case Kind::SentencePiece:
        case Kind::WordPiece: {
            if (attr & kAttrNormal) {
                std::string out;
                out.reserve(text.size());
                for (size_t i = 0; i < text.size(); ++i) {
                    if (text.compare(i, 3, "\xE2\x96\x81") == 0) {
                        out += ' ';
                        i += 2;
                    } else {
                        out += text[i];
                    }
                }
                return out;
            }
            if (attr & kAttrByte) {
                if (text.size() == 6 && text.substr(0, 3) == "<0x" && text[5] == '>') {
                    return std::string(1, static_cast<char>(std::stoi(
                                              std::string(text.substr(3, 2)), nullptr, 16)));
                }
                return std::string(text);
            }
            return {};  // unused / undefined tokens render as nothing (llama.cpp)
        }
        case Kind::BytePairEncoding: {
            if (!(attr & (kAttrNormal | kAttrByte))) return {};
            std::string out;
            out.reserve(text.size());
            for (const uint32_t cp : unicode::decode_lenient(text)) {
                const int byte = unicode::codepoint_to_byte(cp);
                if (byte >= 0) {
                    out += static_cast<char>(byte);
                } else {
                    unicode::append_utf8(out, cp);  // not a byte image: kept as it is
                }
            }
            return out;
        }
    }
    return {};
}

}  // namespace

std::string Tokenizer::token_piece(int32_t id) const {
    impl_->check(id);
    return piece_of(*impl_->vocab, id, true);
}

std::string Tokenizer::decode(std::span<const int32_t> ids) const {
    return decode(ids, true);
}

std::string Tokenizer::decode(std::span<const int32_t> ids, bool render_special) const {
    const Vocab& v = *impl_->vocab;
    for (const int32_t id : ids) impl_->check(id);
    std::string out;
    for (size_t i = 0; i < ids.size(); ++i) {
        std::string piece = piece_of(v, ids[i], render_special);
        if (i == 0 && v.special.add_space_prefix && !piece.empty() && piece[0] == ' ')
            piece.erase(0, 1);
        out += piece;
    }
    return out;
}

std::string_view Tokenizer::token_text(int32_t id) const {
    impl_->check(id);
    return impl_->vocab->text(id);
}

float Tokenizer::token_score(int32_t id) const {
    impl_->check(id);
    return impl_->vocab->scores[id];
}

bool Tokenizer::is_special(int32_t id) const {
    impl_->check(id);
    return impl_->vocab->has(kAttrControl | kAttrUserDefined, id);
}

bool Tokenizer::is_control(int32_t id) const {
    impl_->check(id);
    return impl_->vocab->has(kAttrControl, id);
}

bool Tokenizer::is_eog(int32_t id) const {
    impl_->check(id);
    return impl_->vocab->eog_flags[id] != 0;
}

std::optional<int32_t> Tokenizer::find_token(std::string_view text) const {
    const int32_t id = impl_->vocab->find(text);
    if (id < 0) return std::nullopt;
    return id;
}

}  // namespace siliang::tokenizer
