#include "chat/jinja_lexer.h"

#include <algorithm>

#include "chat/template_error.h"

namespace siliang::chat::jinja {

namespace {

bool is_ws(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_name_start(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_name_char(char c) {
    return is_name_start(c) || is_digit(c);
}

void append_utf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
        out += char(cp);
    } else if (cp < 0x800) {
        out += char(0xC0 | (cp >> 6));
        out += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += char(0xE0 | (cp >> 12));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    } else {
        out += char(0xF0 | (cp >> 18));
        out += char(0x80 | ((cp >> 12) & 0x3F));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    }
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Python "unicode-escape" decoding of a string literal body, as Jinja2 does.
std::string decode_escapes(std::string_view body) {
    std::string out;
    for (size_t i = 0; i < body.size(); ++i) {
        char c = body[i];
        if (c != '\\' || i + 1 >= body.size()) {
            out += c;
            continue;
        }
        char e = body[++i];
        switch (e) {
            case '\n': break;
            case '\\': out += '\\'; break;
            case '\'': out += '\''; break;
            case '"': out += '"'; break;
            case 'a': out += '\a'; break;
            case 'b': out += '\b'; break;
            case 'f': out += '\f'; break;
            case 'n': out += '\n'; break;
            case 'r': out += '\r'; break;
            case 't': out += '\t'; break;
            case 'v': out += '\v'; break;
            case 'x':
            case 'u':
            case 'U': {
                size_t n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                uint32_t cp = 0;
                bool ok = i + n < body.size();
                for (size_t k = 1; ok && k <= n; ++k) {
                    int h = hex_value(body[i + k]);
                    if (h < 0)
                        ok = false;
                    else
                        cp = (cp << 4) | uint32_t(h);
                }
                if (!ok || cp > 0x10FFFF) {
                    out += '\\';
                    out += e;
                    break;
                }
                append_utf8(out, cp);
                i += n;
                break;
            }
            default:
                if (e >= '0' && e <= '7') {
                    uint32_t cp = 0;
                    size_t k = 0;
                    while (k < 3 && i + k < body.size() && body[i + k] >= '0' && body[i + k] <= '7')
                        cp = cp * 8 + uint32_t(body[i + k++] - '0');
                    i += k - 1;
                    append_utf8(out, cp);
                } else {
                    out += '\\';
                    out += e;
                }
        }
    }
    return out;
}

class Lexer {
public:
    Lexer(std::string_view source, const std::string& name) : name_(name) {
        // Jinja2 normalises newlines and drops a single trailing newline.
        src_.reserve(source.size());
        for (size_t i = 0; i < source.size(); ++i) {
            if (source[i] == '\r') {
                src_ += '\n';
                if (i + 1 < source.size() && source[i + 1] == '\n') ++i;
            } else {
                src_ += source[i];
            }
        }
        if (!src_.empty() && src_.back() == '\n') src_.pop_back();
    }

    std::vector<Token> run() {
        size_t pos = 0;
        while (pos < src_.size()) {
            size_t tag = find_tag(pos);
            std::string text = src_.substr(pos, tag - pos);
            if (tag == src_.size()) {
                emit_text(text, pos);
                break;
            }
            char kind = src_[tag + 1];  // '{', '%' or '#'
            char sign = tag + 2 < src_.size() ? src_[tag + 2] : '\0';
            if (sign == '-') {
                size_t k = text.size();
                while (k > 0 && is_ws(text[k - 1])) --k;
                text.resize(k);
            } else if (sign != '+' && kind != '{') {
                size_t l_pos = text.rfind('\n');
                l_pos = l_pos == std::string::npos ? 0 : l_pos + 1;
                bool line_starting = pos == 0 || src_[pos - 1] == '\n';
                if ((l_pos > 0 || line_starting) && l_pos < text.size() &&
                    std::all_of(text.begin() + long(l_pos), text.end(), is_ws))
                    text.resize(l_pos);
            }
            emit_text(text, pos);
            size_t body = tag + 2 + ((sign == '-' || sign == '+') ? 1 : 0);
            if (kind == '#') {
                pos = skip_comment(tag, body);
            } else if (kind == '%' && is_raw_begin(body)) {
                pos = lex_raw(tag, body);
            } else {
                pos = lex_tag(kind == '{', body, tag);
            }
        }
        tokens_.push_back(Token{Tok::Eof, "", 0, 0, line_at(src_.size())});
        return std::move(tokens_);
    }

private:
    [[noreturn]] void fail(size_t pos, const std::string& msg) const {
        throw TemplateError(name_, line_at(pos), msg);
    }

    int line_at(size_t pos) const {
        // Counted incrementally: positions only move forward.
        while (line_pos_ < pos && line_pos_ < src_.size()) {
            if (src_[line_pos_] == '\n') ++line_;
            ++line_pos_;
        }
        if (pos < line_pos_) {
            int l = 1;
            for (size_t i = 0; i < pos; ++i)
                if (src_[i] == '\n') ++l;
            return l;
        }
        return line_;
    }

    size_t find_tag(size_t pos) const {
        for (size_t i = pos; i + 1 < src_.size(); ++i)
            if (src_[i] == '{' && (src_[i + 1] == '{' || src_[i + 1] == '%' || src_[i + 1] == '#'))
                return i;
        return src_.size();
    }

    void emit_text(const std::string& text, size_t pos) {
        if (!text.empty()) tokens_.push_back(Token{Tok::Text, text, 0, 0, line_at(pos)});
    }

    // After a closing marker: `-` strips all whitespace, plain `%}`/`#}` drops one newline.
    size_t after_end(size_t pos, char sign, bool trim_newline) const {
        if (sign == '-') {
            while (pos < src_.size() && is_ws(src_[pos])) ++pos;
        } else if (sign != '+' && trim_newline && pos < src_.size() && src_[pos] == '\n') {
            ++pos;
        }
        return pos;
    }

    size_t skip_comment(size_t tag, size_t body) {
        size_t end = src_.find("#}", body);
        if (end == std::string::npos) fail(tag, "missing end of comment tag");
        char sign =
            end > body && (src_[end - 1] == '-' || src_[end - 1] == '+') ? src_[end - 1] : 0;
        return after_end(end + 2, sign, true);
    }

    // `{% raw %}`, returns true with the position after it.
    bool match_word_tag(size_t body, std::string_view word, size_t* end, char* end_sign) const {
        size_t p = body;
        while (p < src_.size() && is_ws(src_[p])) ++p;
        if (src_.compare(p, word.size(), word) != 0) return false;
        p += word.size();
        if (p < src_.size() && is_name_char(src_[p])) return false;
        while (p < src_.size() && is_ws(src_[p])) ++p;
        char sign = 0;
        if (p < src_.size() && (src_[p] == '-' || src_[p] == '+')) sign = src_[p++];
        if (src_.compare(p, 2, "%}") != 0) return false;
        *end = p + 2;
        *end_sign = sign;
        return true;
    }

    bool is_raw_begin(size_t body) const {
        size_t end = 0;
        char sign = 0;
        return match_word_tag(body, "raw", &end, &sign);
    }

    size_t lex_raw(size_t tag, size_t body) {
        size_t start = body;
        char sign = 0;
        match_word_tag(body, "raw", &start, &sign);  // is_raw_begin() said it matches
        if (sign == '-') start = after_end(start, '-', false);
        for (size_t p = src_.find("{%", start); p != std::string::npos;
             p = src_.find("{%", p + 2)) {
            char begin_sign = p + 2 < src_.size() ? src_[p + 2] : 0;
            size_t b = p + 2 + ((begin_sign == '-' || begin_sign == '+') ? 1 : 0);
            size_t end;
            char end_sign;
            if (!match_word_tag(b, "endraw", &end, &end_sign)) continue;
            std::string text = src_.substr(start, p - start);
            if (begin_sign == '-') {
                size_t k = text.size();
                while (k > 0 && is_ws(text[k - 1])) --k;
                text.resize(k);
            }
            emit_text(text, start);
            return after_end(end, end_sign, true);
        }
        fail(tag, "missing end of raw directive");
    }

    size_t lex_tag(bool is_var, size_t pos, size_t tag) {
        tokens_.push_back(Token{is_var ? Tok::VarBegin : Tok::BlockBegin, "", 0, 0, line_at(tag)});
        int depth = 0;
        const char close = is_var ? '}' : '%';
        while (true) {
            while (pos < src_.size() && is_ws(src_[pos])) ++pos;
            if (pos >= src_.size())
                fail(tag, is_var ? "unexpected end of template, expected '}}'"
                                 : "unexpected end of template, expected '%}'");
            if (depth == 0) {
                char sign = 0;
                size_t p = pos;
                if (src_[p] == '-' || (src_[p] == '+' && !is_var)) sign = src_[p++];
                if (p + 1 < src_.size() && src_[p] == close && src_[p + 1] == '}') {
                    tokens_.push_back(
                        Token{is_var ? Tok::VarEnd : Tok::BlockEnd, "", 0, 0, line_at(pos)});
                    return after_end(p + 2, sign, !is_var);
                }
            }
            char c = src_[pos];
            int line = line_at(pos);
            if (is_name_start(c)) {
                size_t e = pos;
                while (e < src_.size() && is_name_char(src_[e])) ++e;
                tokens_.push_back(Token{Tok::Name, src_.substr(pos, e - pos), 0, 0, line});
                pos = e;
            } else if (is_digit(c)) {
                pos = lex_number(pos, line);
            } else if (c == '\'' || c == '"') {
                size_t e = pos + 1;
                while (e < src_.size() && src_[e] != c) e += src_[e] == '\\' ? 2 : 1;
                if (e >= src_.size()) fail(pos, "unterminated string literal");
                tokens_.push_back(
                    Token{Tok::String,
                          decode_escapes(std::string_view(src_).substr(pos + 1, e - pos - 1)), 0, 0,
                          line});
                pos = e + 1;
            } else {
                static const char* two[] = {"//", "**", "==", "!=", ">=", "<="};
                std::string op;
                for (const char* t : two)
                    if (src_.compare(pos, 2, t) == 0) op = t;
                if (op.empty()) {
                    if (std::string_view("+-/*%~[](){}<>=.:|,;").find(c) == std::string_view::npos)
                        fail(pos, std::string("unexpected char '") + c + "'");
                    op = std::string(1, c);
                }
                if (op == "(" || op == "[" || op == "{") ++depth;
                if (op == ")" || op == "]" || op == "}") {
                    if (depth == 0) fail(pos, "unexpected '" + op + "'");
                    --depth;
                }
                tokens_.push_back(Token{Tok::Op, op, 0, 0, line});
                pos += op.size();
            }
        }
    }

    size_t lex_number(size_t pos, int line) {
        size_t e = pos;
        auto digits = [&] {
            while (e < src_.size() &&
                   (is_digit(src_[e]) ||
                    (src_[e] == '_' && e + 1 < src_.size() && is_digit(src_[e + 1]))))
                ++e;
        };
        digits();
        bool is_float = false;
        bool after_dot = pos > 0 && src_[pos - 1] == '.';
        if (!after_dot && e + 1 < src_.size() && src_[e] == '.' && is_digit(src_[e + 1])) {
            ++e;
            digits();
            is_float = true;
        }
        if (!after_dot && e < src_.size() && (src_[e] == 'e' || src_[e] == 'E')) {
            size_t save = e++;
            if (e < src_.size() && (src_[e] == '+' || src_[e] == '-')) ++e;
            if (e < src_.size() && is_digit(src_[e])) {
                digits();
                is_float = true;
            } else {
                e = save;
            }
        }
        std::string text;
        for (size_t i = pos; i < e; ++i)
            if (src_[i] != '_') text += src_[i];
        Token t{is_float ? Tok::Float : Tok::Int, text, 0, 0, line};
        try {
            if (is_float)
                t.float_value = std::stod(text);
            else
                t.int_value = std::stoll(text);
        } catch (const std::exception&) {
            fail(pos, "number out of range: " + text);
        }
        tokens_.push_back(t);
        return e;
    }

    std::string name_;
    std::string src_;
    std::vector<Token> tokens_;
    mutable size_t line_pos_ = 0;
    mutable int line_ = 1;
};

}  // namespace

std::vector<Token> tokenize(std::string_view source, const std::string& name) {
    return Lexer(source, name).run();
}

}  // namespace siliang::chat::jinja
