#include "chat/json.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace siliang::chat {

JsonError::JsonError(int line, int column, const std::string& message)
    : std::runtime_error("line " + std::to_string(line) + ", column " + std::to_string(column) +
                         ": " + message),
      line_(line),
      column_(column) {}

Json Json::array(std::vector<Json> items) {
    Json j;
    j.type_ = Type::Array;
    j.items_ = std::move(items);
    return j;
}

Json Json::object() {
    Json j;
    j.type_ = Type::Object;
    return j;
}

Json Json::object(std::initializer_list<std::pair<std::string, Json>> members) {
    Json j = object();
    for (const auto& [k, v] : members) j.set(k, v);
    return j;
}

void Json::push_back(Json value) {
    if (type_ == Type::Null) type_ = Type::Array;
    if (type_ != Type::Array) throw std::logic_error("Json::push_back on a non-array");
    items_.push_back(std::move(value));
}

bool Json::contains(std::string_view key) const {
    return find(key) != nullptr;
}

const Json* Json::find(std::string_view key) const {
    if (type_ != Type::Object) return nullptr;
    for (size_t i = 0; i < keys_.size(); ++i)
        if (keys_[i] == key) return &items_[i];
    return nullptr;
}

const Json& Json::operator[](std::string_view key) const {
    static const Json null_json;
    const Json* j = find(key);
    return j ? *j : null_json;
}

void Json::set(std::string key, Json value) {
    if (type_ == Type::Null) type_ = Type::Object;
    if (type_ != Type::Object) throw std::logic_error("Json::set on a non-object");
    for (size_t i = 0; i < keys_.size(); ++i) {
        if (keys_[i] == key) {
            items_[i] = std::move(value);
            return;
        }
    }
    keys_.push_back(std::move(key));
    items_.push_back(std::move(value));
}

bool Json::operator==(const Json& o) const {
    if (is_number() && o.is_number()) {
        if (type_ == Type::Integer && o.type_ == Type::Integer) return int_ == o.int_;
        return as_number() == o.as_number();
    }
    if (type_ != o.type_) return false;
    switch (type_) {
        case Type::Null: return true;
        case Type::Bool: return bool_ == o.bool_;
        case Type::String: return string_ == o.string_;
        case Type::Array: return items_ == o.items_;
        case Type::Object:
            if (keys_.size() != o.keys_.size()) return false;
            for (size_t i = 0; i < keys_.size(); ++i) {
                const Json* other = o.find(keys_[i]);
                if (!other || !(*other == items_[i])) return false;
            }
            return true;
        default: return false;
    }
}

// ---------------------------------------------------------------- parser

namespace {

constexpr int kMaxDepth = 512;

class Parser {
public:
    explicit Parser(std::string_view text) : s_(text) {}

    Json parse_document() {
        skip_ws();
        Json value = parse_value(0);
        skip_ws();
        if (pos_ != s_.size()) fail("unexpected data after the JSON value");
        return value;
    }

private:
    [[noreturn]] void fail(const std::string& message) const {
        int line = 1, column = 1;
        for (size_t i = 0; i < pos_ && i < s_.size(); ++i) {
            if (s_[i] == '\n') {
                ++line;
                column = 1;
            } else if ((static_cast<unsigned char>(s_[i]) & 0xC0) != 0x80) {
                ++column;
            }
        }
        throw JsonError(line, column, message);
    }

    void skip_ws() {
        while (pos_ < s_.size() &&
               (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r'))
            ++pos_;
    }

    bool consume_literal(std::string_view word) {
        if (s_.substr(pos_, word.size()) != word) return false;
        pos_ += word.size();
        return true;
    }

    Json parse_value(int depth) {
        if (depth > kMaxDepth) fail("nesting deeper than 512 levels");
        if (pos_ >= s_.size()) fail("unexpected end of input, expected a value");
        char c = s_[pos_];
        if (c == '{') return parse_object(depth);
        if (c == '[') return parse_array(depth);
        if (c == '"') return Json(parse_string());
        if (c == '-' || (c >= '0' && c <= '9')) return parse_number();
        if (consume_literal("true")) return Json(true);
        if (consume_literal("false")) return Json(false);
        if (consume_literal("null")) return Json();
        fail(std::string("unexpected character '") + c + "'");
    }

    Json parse_object(int depth) {
        ++pos_;  // {
        Json obj = Json::object();
        skip_ws();
        if (pos_ < s_.size() && s_[pos_] == '}') {
            ++pos_;
            return obj;
        }
        while (true) {
            skip_ws();
            if (pos_ >= s_.size() || s_[pos_] != '"') fail("expected a string key");
            std::string key = parse_string();
            skip_ws();
            if (pos_ >= s_.size() || s_[pos_] != ':') fail("expected ':' after an object key");
            ++pos_;
            skip_ws();
            obj.set(std::move(key), parse_value(depth + 1));
            skip_ws();
            if (pos_ >= s_.size()) fail("unexpected end of input inside an object");
            if (s_[pos_] == ',') {
                ++pos_;
                continue;
            }
            if (s_[pos_] == '}') {
                ++pos_;
                return obj;
            }
            fail("expected ',' or '}' in an object");
        }
    }

    Json parse_array(int depth) {
        ++pos_;  // [
        Json arr = Json::array();
        skip_ws();
        if (pos_ < s_.size() && s_[pos_] == ']') {
            ++pos_;
            return arr;
        }
        while (true) {
            skip_ws();
            arr.push_back(parse_value(depth + 1));
            skip_ws();
            if (pos_ >= s_.size()) fail("unexpected end of input inside an array");
            if (s_[pos_] == ',') {
                ++pos_;
                continue;
            }
            if (s_[pos_] == ']') {
                ++pos_;
                return arr;
            }
            fail("expected ',' or ']' in an array");
        }
    }

    static void append_utf8(std::string& out, uint32_t cp) {
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

    uint32_t parse_hex4() {
        if (pos_ + 4 > s_.size()) fail("truncated \\u escape");
        uint32_t v = 0;
        for (int i = 0; i < 4; ++i) {
            char c = s_[pos_++];
            v <<= 4;
            if (c >= '0' && c <= '9')
                v |= uint32_t(c - '0');
            else if (c >= 'a' && c <= 'f')
                v |= uint32_t(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F')
                v |= uint32_t(c - 'A' + 10);
            else
                fail("invalid hex digit in \\u escape");
        }
        return v;
    }

    // Length of the valid UTF-8 sequence at pos_, or 0.
    size_t utf8_length() const {
        auto b = [&](size_t i) { return static_cast<unsigned char>(s_[pos_ + i]); };
        unsigned char c = b(0);
        size_t n = c < 0xC2 ? 0 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : c < 0xF5 ? 4 : 0;
        if (n == 0 || pos_ + n > s_.size()) return 0;
        for (size_t i = 1; i < n; ++i)
            if ((b(i) & 0xC0) != 0x80) return 0;
        if (c == 0xE0 && b(1) < 0xA0) return 0;
        if (c == 0xF0 && b(1) < 0x90) return 0;
        if (c == 0xF4 && b(1) > 0x8F) return 0;
        return n;
    }

    std::string parse_string() {
        ++pos_;  // opening quote
        std::string out;
        while (true) {
            if (pos_ >= s_.size()) fail("unterminated string");
            unsigned char c = static_cast<unsigned char>(s_[pos_]);
            if (c == '"') {
                ++pos_;
                return out;
            }
            if (c < 0x20) fail("control character in string");
            if (c >= 0x80) {
                size_t n = utf8_length();
                if (n == 0) fail("invalid UTF-8 in string");
                out.append(s_.substr(pos_, n));
                pos_ += n;
                continue;
            }
            if (c != '\\') {
                out += char(c);
                ++pos_;
                continue;
            }
            ++pos_;
            if (pos_ >= s_.size()) fail("unterminated escape");
            char e = s_[pos_++];
            switch (e) {
                case '"': out += '"'; break;
                case '\\': out += '\\'; break;
                case '/': out += '/'; break;
                case 'b': out += '\b'; break;
                case 'f': out += '\f'; break;
                case 'n': out += '\n'; break;
                case 'r': out += '\r'; break;
                case 't': out += '\t'; break;
                case 'u': {
                    uint32_t cp = parse_hex4();
                    if (cp >= 0xD800 && cp < 0xDC00 && s_.substr(pos_, 2) == "\\u") {
                        size_t save = pos_;
                        pos_ += 2;
                        uint32_t lo = parse_hex4();
                        if (lo >= 0xDC00 && lo < 0xE000)
                            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                        else
                            pos_ = save;
                    }
                    if (cp >= 0xD800 && cp < 0xE000) cp = 0xFFFD;  // lone surrogate
                    append_utf8(out, cp);
                    break;
                }
                default: --pos_; fail(std::string("invalid escape '\\") + e + "'");
            }
        }
    }

    Json parse_number() {
        size_t start = pos_;
        bool is_float = false;
        if (s_[pos_] == '-') ++pos_;
        auto digits = [&] {
            size_t n = 0;
            while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_, ++n;
            return n;
        };
        if (pos_ < s_.size() && s_[pos_] == '0') {
            ++pos_;
            if (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9')
                fail("leading zeros are not allowed");
        } else if (digits() == 0) {
            fail("expected digits");
        }
        if (pos_ < s_.size() && s_[pos_] == '.') {
            ++pos_;
            is_float = true;
            if (digits() == 0) fail("expected digits after '.'");
        }
        if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
            ++pos_;
            is_float = true;
            if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
            if (digits() == 0) fail("expected digits in exponent");
        }
        std::string_view text = s_.substr(start, pos_ - start);
        if (!is_float) {
            int64_t v = 0;
            auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
            if (ec == std::errc() && p == text.data() + text.size()) return Json(v);
        }
        double d = 0;
        auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), d);
        if (ec == std::errc::result_out_of_range)
            d = text[0] == '-' ? -HUGE_VAL : HUGE_VAL;
        else if (ec != std::errc())
            fail("invalid number");
        return Json(d);
    }

    std::string_view s_;
    size_t pos_ = 0;
};

void dump_to(std::string& out, const Json& j) {
    switch (j.type()) {
        case Json::Type::Null: out += "null"; break;
        case Json::Type::Bool: out += j.as_bool() ? "true" : "false"; break;
        case Json::Type::Integer: out += std::to_string(j.as_integer()); break;
        case Json::Type::Number: {
            double d = j.as_number();
            if (std::isnan(d))
                out += "NaN";
            else if (std::isinf(d))
                out += d > 0 ? "Infinity" : "-Infinity";
            else
                out += python_float_repr(d);
            break;
        }
        case Json::Type::String: append_json_string(out, j.as_string()); break;
        case Json::Type::Array:
            out += '[';
            for (size_t i = 0; i < j.size(); ++i) {
                if (i) out += ", ";
                dump_to(out, j[i]);
            }
            out += ']';
            break;
        case Json::Type::Object:
            out += '{';
            for (size_t i = 0; i < j.size(); ++i) {
                if (i) out += ", ";
                append_json_string(out, j.keys()[i]);
                out += ": ";
                dump_to(out, j.items()[i]);
            }
            out += '}';
            break;
    }
}

}  // namespace

Json Json::parse(std::string_view text) {
    return Parser(text).parse_document();
}

std::string Json::dump() const {
    std::string out;
    dump_to(out, *this);
    return out;
}

std::string python_float_repr(double value) {
    if (std::isnan(value)) return "nan";
    if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
    if (value == 0) return std::signbit(value) ? "-0.0" : "0.0";
    char buf[64];
    auto res = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
    std::string sci(buf, res.ptr);
    std::string out;
    if (sci[0] == '-') {
        out += '-';
        sci.erase(0, 1);
    }
    size_t e = sci.find('e');
    std::string digits = sci.substr(0, e);
    int exponent = std::stoi(sci.substr(e + 1));
    digits.erase(std::remove(digits.begin(), digits.end(), '.'), digits.end());
    int decpt = exponent + 1;
    int nd = int(digits.size());
    if (decpt > -4 && decpt <= 16) {
        if (decpt <= 0) {
            out += "0.";
            out.append(size_t(-decpt), '0');
            out += digits;
        } else if (decpt >= nd) {
            out += digits;
            out.append(size_t(decpt - nd), '0');
            out += ".0";
        } else {
            out.append(digits, 0, size_t(decpt));
            out += '.';
            out.append(digits, size_t(decpt));
        }
    } else {
        out += digits.substr(0, 1);
        if (nd > 1) {  // appended piecewise: GCC 12's -Wrestrict misfires on "." + string
            out += '.';
            out.append(digits, 1);
        }
        char eb[16];
        std::snprintf(eb, sizeof eb, "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
        out += eb;
    }
    return out;
}

void append_json_string(std::string& out, std::string_view text, bool ensure_ascii) {
    static const char* hex = "0123456789abcdef";
    out += '"';
    for (size_t i = 0; i < text.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        switch (c) {
            case '"': out += "\\\""; continue;
            case '\\': out += "\\\\"; continue;
            case '\n': out += "\\n"; continue;
            case '\r': out += "\\r"; continue;
            case '\t': out += "\\t"; continue;
            case '\b': out += "\\b"; continue;
            case '\f': out += "\\f"; continue;
            default: break;
        }
        auto u_escape = [&](uint32_t v) {
            out += "\\u";
            for (int s = 12; s >= 0; s -= 4) out += hex[(v >> s) & 0xF];
        };
        if (c < 0x20) {
            u_escape(c);
        } else if (c >= 0x80 && ensure_ascii) {
            size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
            uint32_t cp = n == 4 ? c & 0x07 : n == 3 ? c & 0x0F : n == 2 ? c & 0x1F : 0xFFFD;
            for (size_t k = 1; k < n && i + k < text.size(); ++k)
                cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
            i += n - 1;
            if (cp >= 0x10000) {
                cp -= 0x10000;
                u_escape(0xD800 + (cp >> 10));
                u_escape(0xDC00 + (cp & 0x3FF));
            } else {
                u_escape(cp);
            }
        } else {
            out += char(c);
        }
    }
    out += '"';
}

}  // namespace siliang::chat
