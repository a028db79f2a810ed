#include "chat/jinja_strings.h"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

namespace siliang::chat::jinja {

void check_string_size(size_t bytes) {
    if (bytes > kMaxStringBytes)
        throw std::runtime_error("string too large (" + std::to_string(bytes) + " bytes)");
}

namespace {

size_t cp_len(const std::string& s, size_t i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    return std::min(n, s.size() - i);
}

// Code points of `chars` as separate strings.
std::vector<std::string> code_points(const std::string& chars) {
    std::vector<std::string> out;
    for (size_t i = 0; i < chars.size();) {
        size_t n = cp_len(chars, i);
        out.push_back(chars.substr(i, n));
        i += n;
    }
    return out;
}

bool in_set(const std::vector<std::string>& set, const std::string& s, size_t i, size_t n) {
    for (const auto& c : set)
        if (c.size() == n && s.compare(i, n, c) == 0) return true;
    return false;
}

// Maps one code point's UTF-8 bytes to upper or lower case where the encoding keeps its length.
void map_case(std::string& s, size_t i, size_t n, bool upper) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (n == 1) {
        if (upper && c >= 'a' && c <= 'z') s[i] = char(c - 32);
        if (!upper && c >= 'A' && c <= 'Z') s[i] = char(c + 32);
        return;
    }
    if (n != 2) return;
    uint32_t cp = ((c & 0x1Fu) << 6) | (static_cast<unsigned char>(s[i + 1]) & 0x3Fu);
    uint32_t m = cp;
    if (upper) {
        if ((cp >= 0xE0 && cp <= 0xFE && cp != 0xF7) ||
            (cp >= 0x3B1 && cp <= 0x3C9 && cp != 0x3C2) || (cp >= 0x430 && cp <= 0x44F))
            m = cp - 0x20;
        else if (cp >= 0x450 && cp <= 0x45F)
            m = cp - 0x50;
    } else {
        if ((cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) ||
            (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2) || (cp >= 0x410 && cp <= 0x42F))
            m = cp + 0x20;
        else if (cp >= 0x400 && cp <= 0x40F)
            m = cp + 0x50;
    }
    if (m != cp) {
        s[i] = char(0xC0 | (m >> 6));
        s[i + 1] = char(0x80 | (m & 0x3F));
    }
}

PStr map_all(const PStr& in, bool upper) {
    PStr out = in;
    for (size_t i = 0; i < out.s.size();) {
        size_t n = cp_len(out.s, i);
        map_case(out.s, i, n, upper);
        i += n;
    }
    return out;
}

}  // namespace

PStr py_strip(const PStr& p, const Value& chars, bool left, bool right) {
    const std::string& s = p.s;
    bool ws = chars.is_none() || chars.is_undefined();
    std::vector<std::string> set = ws ? std::vector<std::string>{} : code_points(chars.to_str());
    auto strip_here = [&](size_t i, size_t* n) {
        if (ws) return is_py_space(s, i, n);
        *n = cp_len(s, i);
        return in_set(set, s, i, *n);
    };
    size_t b = 0, e = s.size();
    if (left) {
        size_t n;
        while (b < e && strip_here(b, &n)) b += n;
    }
    if (right) {
        while (e > b) {
            size_t start = e - 1;
            while (start > b && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
            size_t n;
            if (!strip_here(start, &n) || start + n != e) break;
            e = start;
        }
    }
    return p.slice(b, e);
}

std::vector<PStr> py_split(const PStr& p, const Value& sep, int64_t maxsplit) {
    const std::string& s = p.s;
    std::vector<PStr> out;
    if (sep.is_none() || sep.is_undefined()) {
        size_t i = 0, n = 0;
        while (true) {
            while (i < s.size() && is_py_space(s, i, &n)) i += n;
            if (i >= s.size()) break;
            if (maxsplit >= 0 && int64_t(out.size()) == maxsplit) {
                size_t e = s.size();
                // Python keeps the remainder but strips trailing whitespace only when splitting
                // fully.
                out.push_back(p.slice(i, e));
                break;
            }
            size_t start = i;
            while (i < s.size() && !is_py_space(s, i, &n)) i += cp_len(s, i);
            out.push_back(p.slice(start, i));
        }
        return out;
    }
    std::string d = sep.to_str();
    if (d.empty()) throw std::runtime_error("empty separator");
    size_t start = 0;
    while (maxsplit < 0 || int64_t(out.size()) < maxsplit) {
        size_t f = s.find(d, start);
        if (f == std::string::npos) break;
        out.push_back(p.slice(start, f));
        start = f + d.size();
    }
    out.push_back(p.slice(start, s.size()));
    return out;
}

std::vector<PStr> py_rsplit(const PStr& p, const Value& sep, int64_t maxsplit) {
    if (maxsplit < 0 || sep.is_none() || sep.is_undefined()) return py_split(p, sep, maxsplit);
    const std::string& s = p.s;
    std::string d = sep.to_str();
    if (d.empty()) throw std::runtime_error("empty separator");
    std::vector<PStr> out;
    size_t end = s.size();
    while (int64_t(out.size()) < maxsplit) {
        if (end < d.size()) break;
        size_t f = s.rfind(d, end - d.size());
        if (f == std::string::npos) break;
        out.push_back(p.slice(f + d.size(), end));
        end = f;
    }
    out.push_back(p.slice(0, end));
    std::reverse(out.begin(), out.end());
    return out;
}

std::vector<PStr> py_splitlines(const PStr& p, bool keepends) {
    const std::string& s = p.s;
    std::vector<PStr> out;
    size_t start = 0, i = 0;
    while (i < s.size()) {
        size_t brk = 0;
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n')
            brk = 2;
        else if (c == '\n' || c == '\r' || c == '\v' || c == '\f' || (c >= 0x1C && c <= 0x1E))
            brk = 1;
        else if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x85)
            brk = 2;
        else if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
                 (static_cast<unsigned char>(s[i + 2]) == 0xA8 ||
                  static_cast<unsigned char>(s[i + 2]) == 0xA9))
            brk = 3;
        if (brk) {
            out.push_back(p.slice(start, keepends ? i + brk : i));
            i += brk;
            start = i;
        } else {
            i += cp_len(s, i);
        }
    }
    if (start < s.size()) out.push_back(p.slice(start, s.size()));
    return out;
}

PStr py_replace(const PStr& p, const std::string& old, const PStr& repl, int64_t count) {
    const std::string& s = p.s;
    PStr out;
    int64_t done = 0;
    if (old.empty()) {
        for (size_t i = 0; i <= s.size();) {
            if (count < 0 || done < count) {
                out.append(repl);
                ++done;
            }
            if (i == s.size()) break;
            size_t n = cp_len(s, i);
            out.append_slice(p, i, i + n);
            i += n;
            check_string_size(out.s.size());
        }
        return out;
    }
    size_t start = 0;
    while (count < 0 || done < count) {
        size_t f = s.find(old, start);
        if (f == std::string::npos) break;
        out.append_slice(p, start, f);
        out.append(repl);
        check_string_size(out.s.size());
        start = f + old.size();
        ++done;
    }
    out.append_slice(p, start, s.size());
    return out;
}

PStr py_upper(const PStr& s) {
    return map_all(s, true);
}
PStr py_lower(const PStr& s) {
    return map_all(s, false);
}

PStr py_capitalize(const PStr& p) {
    PStr out = map_all(p, false);
    if (!out.s.empty()) map_case(out.s, 0, cp_len(out.s, 0), true);
    return out;
}

PStr jinja_title(const PStr& p) {
    // Jinja2: words start after runs of [-\s({[<]; each word gets item[0].upper() +
    // item[1:].lower().
    PStr out = map_all(p, false);
    std::string& s = out.s;
    bool word_start = true;
    for (size_t i = 0; i < s.size();) {
        size_t n = 0;
        bool delim = is_py_space(s, i, &n) || s[i] == '-' || s[i] == '(' || s[i] == '{' ||
                     s[i] == '[' || s[i] == '<';
        if (!delim) n = cp_len(s, i);
        if (delim) {
            word_start = true;
        } else {
            if (word_start) map_case(s, i, n, true);
            word_start = false;
        }
        i += n;
    }
    return out;
}

PStr py_center(const PStr& p, int64_t width) {
    int64_t len = int64_t(utf8_length(p.s));
    if (width <= len) return p;
    check_string_size(size_t(width));
    int64_t pad = width - len;
    int64_t left = pad / 2 + (pad & width & 1);
    PStr out(std::string(size_t(left), ' '));
    out.append(p);
    out.append(std::string(size_t(pad - left), ' '));
    return out;
}

PStr py_repeat(const PStr& p, int64_t times) {
    PStr out;
    if (times <= 0 || p.s.empty()) return out;
    check_string_size(p.s.size() * size_t(std::min<int64_t>(times, int64_t(kMaxStringBytes) + 1)));
    for (int64_t i = 0; i < times; ++i) out.append(p);
    return out;
}

PStr html_escape(const PStr& s) {
    PStr out;
    TaintCursor cur(s);
    for (size_t i = 0; i < s.s.size(); ++i) {
        char c = s.s[i];
        std::string_view rep = c == '&'    ? "&amp;"
                               : c == '<'  ? "&lt;"
                               : c == '>'  ? "&gt;"
                               : c == '"'  ? "&#34;"
                               : c == '\'' ? "&#39;"
                                           : std::string_view(&s.s[i], 1);
        out.append_tainted(rep, cur.at(i));
    }
    return out;
}

// ---------------------------------------------------------------- tojson

namespace {

void json_string(PStr& out, const PStr& src, bool ensure_ascii) {
    TaintCursor cur(src);
    const std::string& s = src.s;
    out.append(std::string_view("\""));
    for (size_t i = 0; i < s.size();) {
        size_t n = cp_len(s, i);
        std::string piece;
        append_json_string(piece, std::string_view(s).substr(i, n), ensure_ascii);
        out.append_tainted(std::string_view(piece).substr(1, piece.size() - 2), cur.at(i));
        i += n;
    }
    out.append(std::string_view("\""));
}

PStr json_key(const Value& k) {
    if (k.is_string()) return k.str();
    if (k.is_bool()) return PStr(k.as_bool() ? "true" : "false");
    if (k.is_none()) return PStr("null");
    if (k.is_int() || k.is_float()) return k.to_pstr();
    throw std::runtime_error("keys must be str, int, float, bool or None, not " + k.type_name());
}

void json_value(PStr& out, const Value& v, const JsonFormat& f, int level) {
    if (level > 256) throw std::runtime_error("maximum recursion depth exceeded in tojson");
    auto newline = [&](int lvl) {
        out.append(std::string_view("\n"));
        for (int i = 0; i < lvl; ++i) out.append(std::string_view(*f.indent));
    };
    switch (v.type()) {
        case VType::None: out.append(std::string_view("null")); return;
        case VType::Bool: out.append(std::string_view(v.as_bool() ? "true" : "false")); return;
        case VType::Int: out.append(std::to_string(v.as_int())); return;
        case VType::Float: {
            double d = v.as_double();
            if (d != d)
                out.append(std::string_view("NaN"));
            else if (d > 1.7976931348623157e308)
                out.append(std::string_view("Infinity"));
            else if (d < -1.7976931348623157e308)
                out.append(std::string_view("-Infinity"));
            else
                out.append(python_float_repr(d));
            return;
        }
        case VType::String: json_string(out, v.str(), f.ensure_ascii); return;
        case VType::List: {
            const auto& items = v.list_data().items;
            if (v.list_data().generator) break;
            if (items.empty()) {
                out.append(std::string_view("[]"));
                return;
            }
            out.append(std::string_view("["));
            for (size_t i = 0; i < items.size(); ++i) {
                if (i) out.append(f.item_sep);
                if (f.indent) newline(level + 1);
                json_value(out, items[i], f, level + 1);
            }
            if (f.indent) newline(level);
            out.append(std::string_view("]"));
            return;
        }
        case VType::Dict: {
            if (v.dict_data().is_namespace) break;
            std::vector<const std::pair<Value, Value>*> items;
            for (const auto& kv : v.dict_data().items) items.push_back(&kv);
            if (items.empty()) {
                out.append(std::string_view("{}"));
                return;
            }
            if (f.sort_keys)
                std::stable_sort(items.begin(), items.end(), [](auto* a, auto* b) {
                    return py_compare(a->first, b->first) < 0;
                });
            out.append(std::string_view("{"));
            for (size_t i = 0; i < items.size(); ++i) {
                if (i) out.append(f.item_sep);
                if (f.indent) newline(level + 1);
                json_string(out, json_key(items[i]->first), f.ensure_ascii);
                out.append(f.key_sep);
                json_value(out, items[i]->second, f, level + 1);
            }
            if (f.indent) newline(level);
            out.append(std::string_view("}"));
            return;
        }
        default: break;
    }
    throw std::runtime_error("Object of type " + v.type_name() + " is not JSON serializable");
}

}  // namespace

PStr to_json_pstr(const Value& v, const JsonFormat& fmt) {
    PStr out;
    json_value(out, v, fmt, 0);
    check_string_size(out.s.size());
    return out;
}

// ---------------------------------------------------------------- % formatting

PStr py_percent_format(const PStr& fmt, const Value& args) {
    std::vector<Value> list;
    if (args.is_list() && args.list_data().tuple)
        list = args.list_data().items;
    else
        list.push_back(args);
    size_t next = 0;
    const std::string& s = fmt.s;
    PStr out;
    size_t lit = 0;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '%') continue;
        out.append_slice(fmt, lit, i);
        size_t j = i + 1;
        if (j < s.size() && s[j] == '%') {
            out.append(std::string_view("%"));
            i = j;
            lit = j + 1;
            continue;
        }
        if (j < s.size() && s[j] == '(')
            throw std::runtime_error("%(name) formatting is not supported");
        std::string spec = "%";
        while (j < s.size() && std::string_view("-+ #0").find(s[j]) != std::string_view::npos)
            spec += s[j++];
        while (j < s.size() && s[j] >= '0' && s[j] <= '9') spec += s[j++];
        if (j < s.size() && s[j] == '.') {
            spec += s[j++];
            while (j < s.size() && s[j] >= '0' && s[j] <= '9') spec += s[j++];
        }
        if (j >= s.size()) throw std::runtime_error("incomplete format");
        char type = s[j];
        if (next >= list.size()) throw std::runtime_error("not enough arguments for format string");
        const Value& a = list[next++];
        char buf[512];
        switch (type) {
            case 's':
            case 'r': {
                PStr text = type == 's' ? a.to_pstr() : a.repr();
                int width = 0;
                bool left = spec.find('-') != std::string::npos;
                size_t p = 1;
                while (p < spec.size() && !(spec[p] >= '1' && spec[p] <= '9') && spec[p] != '.')
                    ++p;
                if (p < spec.size() && spec[p] != '.') width = std::atoi(spec.c_str() + p);
                size_t dot = spec.find('.');
                if (dot != std::string::npos) {
                    size_t prec = size_t(std::atoi(spec.c_str() + dot + 1));
                    auto offs = utf8_offsets(text.s);
                    if (prec + 1 < offs.size()) text = text.slice(0, offs[prec]);
                }
                int len = int(utf8_length(text.s));
                if (!left && width > len) out.append(std::string(size_t(width - len), ' '));
                out.append(text);
                if (left && width > len) out.append(std::string(size_t(width - len), ' '));
                break;
            }
            case 'd':
            case 'i':
            case 'x':
            case 'X':
            case 'o':
            case 'c': {
                if (!a.is_number())
                    throw std::runtime_error("%" + std::string(1, type) +
                                             " format: a real number is required, not " +
                                             a.type_name());
                long long v = a.is_float() ? (long long)a.as_double() : (long long)a.as_int();
                if (type == 'c') {
                    out.append(std::string(1, char(v)));
                    break;
                }
                std::string f = spec + "ll" + (type == 'i' ? 'd' : type);
                std::snprintf(buf, sizeof buf, f.c_str(), v);
                out.append(std::string(buf));
                break;
            }
            case 'f':
            case 'F':
            case 'e':
            case 'E':
            case 'g':
            case 'G': {
                if (!a.is_number())
                    throw std::runtime_error("must be real number, not " + a.type_name());
                std::string f = spec + type;
                std::snprintf(buf, sizeof buf, f.c_str(), a.as_double());
                out.append(std::string(buf));
                break;
            }
            default:
                throw std::runtime_error(std::string("unsupported format character '") + type +
                                         "'");
        }
        i = j;
        lit = j + 1;
    }
    out.append_slice(fmt, lit, s.size());
    if (next < list.size())
        throw std::runtime_error("not all arguments converted during string formatting");
    return out;
}

}  // namespace siliang::chat::jinja
