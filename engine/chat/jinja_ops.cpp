#include "chat/jinja_ops.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <stdexcept>

#include "chat/jinja_strings.h"

namespace siliang::chat::jinja {

std::string undefined_message(const Value& v) {
    return v.undefined_hint().empty() ? "value is undefined" : v.undefined_hint();
}

namespace {

[[noreturn]] void type_error(const std::string& op, const Value& a, const Value& b) {
    throw std::runtime_error("unsupported operand type(s) for " + op + ": '" + a.type_name() +
                             "' and '" + b.type_name() + "'");
}

void check_defined(const Value& v) {
    if (v.is_undefined()) throw std::runtime_error(undefined_message(v));
}

template <typename Op>
int64_t checked(Op op, int64_t a, int64_t b) {
    int64_t r = 0;
    if (op(a, b, &r)) throw std::runtime_error("integer overflow");
    return r;
}
bool add_ovf(int64_t a, int64_t b, int64_t* r) {
    return __builtin_add_overflow(a, b, r);
}
bool sub_ovf(int64_t a, int64_t b, int64_t* r) {
    return __builtin_sub_overflow(a, b, r);
}
bool mul_ovf(int64_t a, int64_t b, int64_t* r) {
    return __builtin_mul_overflow(a, b, r);
}

int64_t floordiv(int64_t a, int64_t b) {
    if (b == 0) throw std::runtime_error("integer division or modulo by zero");
    if (a == std::numeric_limits<int64_t>::min() && b == -1)
        throw std::runtime_error("integer overflow");
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
    return q;
}

Value list_concat(const Value& a, const Value& b) {
    std::vector<Value> items = a.list_data().items;
    items.insert(items.end(), b.list_data().items.begin(), b.list_data().items.end());
    return Value::list(std::move(items), a.list_data().tuple);
}

Value list_repeat(const Value& l, int64_t n) {
    std::vector<Value> items;
    const auto& src = l.list_data().items;
    if (n > 0 && !src.empty()) {
        if (src.size() * size_t(n) > 1'000'000) throw std::runtime_error("list too large");
        for (int64_t i = 0; i < n; ++i) items.insert(items.end(), src.begin(), src.end());
    }
    return Value::list(std::move(items), l.list_data().tuple);
}

bool is_int_like(const Value& v) {
    return v.is_int() || v.is_bool();
}

}  // namespace

Value unary_minus(const Value& a) {
    check_defined(a);
    if (a.is_float()) return Value(-a.as_double());
    if (is_int_like(a)) {
        if (a.as_int() == std::numeric_limits<int64_t>::min())
            throw std::runtime_error("integer overflow");
        return Value(-a.as_int());
    }
    throw std::runtime_error("bad operand type for unary -: '" + a.type_name() + "'");
}

Value binary_op(const std::string& op, const Value& a, const Value& b) {
    if (op == "~") {
        PStr out = a.to_pstr();
        out.append(b.to_pstr());
        check_string_size(out.s.size());
        return Value(std::move(out));
    }
    check_defined(a);
    check_defined(b);
    bool ints = is_int_like(a) && is_int_like(b);
    bool nums = a.is_number() && b.is_number();
    if (op == "+") {
        if (ints) return Value(checked(add_ovf, a.as_int(), b.as_int()));
        if (nums) return Value(a.as_double() + b.as_double());
        if (a.is_string() && b.is_string()) {
            bool markup = a.is_markup() || b.is_markup();
            PStr out = markup && !a.is_markup() ? html_escape(a.str()) : a.str();
            out.append(markup && !b.is_markup() ? html_escape(b.str()) : b.str());
            check_string_size(out.s.size());
            return markup ? Value::markup(std::move(out)) : Value(std::move(out));
        }
        if (a.is_list() && b.is_list() && a.list_data().tuple == b.list_data().tuple)
            return list_concat(a, b);
        type_error("+", a, b);
    }
    if (op == "-") {
        if (ints) return Value(checked(sub_ovf, a.as_int(), b.as_int()));
        if (nums) return Value(a.as_double() - b.as_double());
        type_error("-", a, b);
    }
    if (op == "*") {
        if (ints) return Value(checked(mul_ovf, a.as_int(), b.as_int()));
        if (nums) return Value(a.as_double() * b.as_double());
        if (a.is_string() && is_int_like(b))
            return a.is_markup() ? Value::markup(py_repeat(a.str(), b.as_int()))
                                 : Value(py_repeat(a.str(), b.as_int()));
        if (b.is_string() && is_int_like(a)) return Value(py_repeat(b.str(), a.as_int()));
        if (a.is_list() && is_int_like(b)) return list_repeat(a, b.as_int());
        if (b.is_list() && is_int_like(a)) return list_repeat(b, a.as_int());
        type_error("*", a, b);
    }
    if (op == "/") {
        if (!nums) type_error("/", a, b);
        if (b.as_double() == 0) throw std::runtime_error("division by zero");
        return Value(a.as_double() / b.as_double());
    }
    if (op == "//") {
        if (ints) return Value(floordiv(a.as_int(), b.as_int()));
        if (!nums) type_error("//", a, b);
        if (b.as_double() == 0) throw std::runtime_error("float floor division by zero");
        return Value(std::floor(a.as_double() / b.as_double()));
    }
    if (op == "%") {
        if (a.is_string()) return Value(py_percent_format(a.str(), b));
        if (ints) {
            int64_t q = floordiv(a.as_int(), b.as_int());
            return Value(a.as_int() - q * b.as_int());
        }
        if (!nums) type_error("%", a, b);
        double x = a.as_double(), y = b.as_double();
        if (y == 0) throw std::runtime_error("float modulo");
        double m = std::fmod(x, y);
        if (m != 0 && ((m < 0) != (y < 0))) m += y;
        return Value(m);
    }
    if (op == "**") {
        if (ints && b.as_int() >= 0) {
            int64_t base = a.as_int(), result = 1;
            for (int64_t e = b.as_int(); e > 0; --e) {
                if (__builtin_mul_overflow(result, base, &result))
                    throw std::runtime_error("integer overflow");
                if (result == 0 || result == 1) break;
            }
            return Value(result);
        }
        if (!nums) type_error("** or pow()", a, b);
        return Value(std::pow(a.as_double(), b.as_double()));
    }
    throw std::runtime_error("unknown operator " + op);
}

// ---------------------------------------------------------------- methods

namespace {

int64_t to_index(const Value& v, const char* what) {
    if (!is_int_like(v)) throw std::runtime_error(std::string(what) + " must be an integer");
    return v.as_int();
}

Value make_list(const std::vector<PStr>& parts) {
    std::vector<Value> items;
    for (const auto& p : parts) items.emplace_back(p);
    return Value::list(std::move(items));
}

bool match_affix(const Value& self, const Value& arg, bool prefix) {
    auto one = [&](const Value& a) {
        if (!a.is_string())
            throw std::runtime_error("startswith/endswith argument must be str or a tuple of str");
        const std::string& s = self.text();
        const std::string& x = a.text();
        if (x.size() > s.size()) return false;
        return prefix ? s.compare(0, x.size(), x) == 0
                      : s.compare(s.size() - x.size(), x.size(), x) == 0;
    };
    if (arg.is_list() && arg.list_data().tuple) {
        for (const auto& a : arg.list_data().items)
            if (one(a)) return true;
        return false;
    }
    return one(arg);
}

Value string_method(const Value& self, const std::string& name) {
    auto bind = [&](NativeFunction fn) { return Value::function("str." + name, std::move(fn)); };
    const PStr& s = self.str();
    if (name == "strip" || name == "lstrip" || name == "rstrip") {
        bool l = name != "rstrip", r = name != "lstrip";
        return bind([s, l, r](CallArgs& a) { return Value(py_strip(s, a.get(0, "chars"), l, r)); });
    }
    if (name == "split" || name == "rsplit") {
        bool rev = name == "rsplit";
        return bind([s, rev](CallArgs& a) {
            int64_t max = a.has(1, "maxsplit") ? to_index(a.get(1, "maxsplit"), "maxsplit") : -1;
            return make_list(rev ? py_rsplit(s, a.get(0, "sep"), max)
                                 : py_split(s, a.get(0, "sep"), max));
        });
    }
    if (name == "splitlines")
        return bind([s](CallArgs& a) {
            return make_list(py_splitlines(s, a.get(0, "keepends").truthy()));
        });
    if (name == "startswith" || name == "endswith") {
        bool prefix = name == "startswith";
        return bind([self, prefix](CallArgs& a) {
            return Value(match_affix(self, a.get(0, "prefix"), prefix));
        });
    }
    if (name == "replace")
        return bind([s](CallArgs& a) {
            Value old = a.get(0, "old"), repl = a.get(1, "new");
            if (!old.is_string() || !repl.is_string())
                throw std::runtime_error("replace() arguments must be str");
            int64_t count = a.has(2, "count") ? to_index(a.get(2, "count"), "count") : -1;
            return Value(py_replace(s, old.text(), repl.str(), count));
        });
    if (name == "upper") return bind([s](CallArgs&) { return Value(py_upper(s)); });
    if (name == "lower") return bind([s](CallArgs&) { return Value(py_lower(s)); });
    if (name == "capitalize") return bind([s](CallArgs&) { return Value(py_capitalize(s)); });
    if (name == "title") return bind([s](CallArgs&) { return Value(jinja_title(s)); });
    if (name == "find" || name == "rfind" || name == "index" || name == "rindex" ||
        name == "count") {
        return bind([s, name](CallArgs& a) {
            Value sub = a.get(0, "sub");
            if (!sub.is_string()) throw std::runtime_error("must be str, not " + sub.type_name());
            const std::string& t = sub.text();
            if (name == "count") {
                if (t.empty()) return Value(int64_t(utf8_length(s.s) + 1));
                int64_t n = 0;
                for (size_t p = s.s.find(t); p != std::string::npos; p = s.s.find(t, p + t.size()))
                    ++n;
                return Value(n);
            }
            size_t p = name[0] == 'r' ? s.s.rfind(t) : s.s.find(t);
            if (p == std::string::npos) {
                if (name.find("index") != std::string::npos)
                    throw std::runtime_error("substring not found");
                return Value(int64_t(-1));
            }
            return Value(int64_t(utf8_length(std::string_view(s.s).substr(0, p))));
        });
    }
    if (name == "isdigit" || name == "isalpha" || name == "isspace" || name == "isalnum" ||
        name == "isupper" || name == "islower") {
        return bind([s, name](CallArgs&) {
            if (s.s.empty()) return Value(false);
            bool any_cased = false;
            for (unsigned char c : s.s) {
                bool up = c >= 'A' && c <= 'Z', lo = c >= 'a' && c <= 'z',
                     dig = c >= '0' && c <= '9';
                bool sp = c == ' ' || (c >= 9 && c <= 13);
                if (name == "isdigit" && !dig) return Value(false);
                if (name == "isalpha" && !(up || lo)) return Value(false);
                if (name == "isalnum" && !(up || lo || dig)) return Value(false);
                if (name == "isspace" && !sp) return Value(false);
                if (name == "isupper" && lo) return Value(false);
                if (name == "islower" && up) return Value(false);
                any_cased = any_cased || up || lo;
            }
            return Value(name == "isupper" || name == "islower" ? any_cased : true);
        });
    }
    if (name == "join")
        return bind([s](CallArgs& a) {
            PStr out;
            bool first = true;
            for (const auto& x : iterate(a.get(0, "iterable"))) {
                if (!x.is_string())
                    throw std::runtime_error("sequence item: expected str instance, " +
                                             x.type_name() + " found");
                if (!first) out.append(s);
                out.append(x.str());
                first = false;
            }
            return Value(out);
        });
    if (name == "format")
        return Value::undefined("str.format() is not supported by this template engine");
    return Value::undefined("'str object' has no attribute '" + name + "'");
}

Value unsafe_method(const std::string& type, const std::string& name) {
    return Value::function(type + "." + name, [type, name](CallArgs&) -> Value {
        throw std::runtime_error("access to attribute '" + name + "' of '" + type +
                                 "' object is unsafe.");
    });
}

Value dict_method(const Value& self, const std::string& name) {
    auto bind = [&](NativeFunction fn) { return Value::function("dict." + name, std::move(fn)); };
    if (name == "get")
        return bind([self](CallArgs& a) {
            const Value* v = self.dict_data().find(a.get(0, "key"));
            return v ? *v : a.get(1, "default", Value::none());
        });
    if (name == "items")
        return bind([self](CallArgs&) {
            std::vector<Value> items;
            for (const auto& [k, v] : self.dict_data().items)
                items.push_back(Value::list({k, v}, true));
            return Value::list(std::move(items));
        });
    if (name == "keys" || name == "values")
        return bind([self, name](CallArgs&) {
            std::vector<Value> items;
            for (const auto& [k, v] : self.dict_data().items)
                items.push_back(name == "keys" ? k : v);
            return Value::list(std::move(items));
        });
    if (name == "copy")
        return bind([self](CallArgs&) {
            Value d = Value::dict();
            d.dict_data().items = self.dict_data().items;
            return d;
        });
    if (name == "pop" || name == "popitem" || name == "update" || name == "setdefault" ||
        name == "clear")
        return unsafe_method("dict", name);
    return Value::undefined("__missing__");
}

Value list_method(const Value& self, const std::string& name) {
    if (name == "append" || name == "pop" || name == "extend" || name == "insert" ||
        name == "remove" || name == "clear" || name == "sort" || name == "reverse")
        return unsafe_method(self.list_data().tuple ? "tuple" : "list", name);
    if (name == "index" || name == "count")
        return Value::function("list." + name, [self, name](CallArgs& a) {
            Value x = a.get(0, "value");
            int64_t n = 0, i = 0;
            for (const auto& item : self.list_data().items) {
                if (py_equal(item, x)) {
                    if (name == "index") return Value(i);
                    ++n;
                }
                ++i;
            }
            if (name == "index") throw std::runtime_error("value is not in list");
            return Value(n);
        });
    return Value::undefined("'list object' has no attribute '" + name + "'");
}

}  // namespace

// ---------------------------------------------------------------- lookup

Value get_attribute(const Value& obj, const std::string& name) {
    switch (obj.type()) {
        case VType::Undefined: throw std::runtime_error(undefined_message(obj));
        case VType::String: return string_method(obj, name);
        case VType::List: return list_method(obj, name);
        case VType::Dict: {
            if (obj.dict_data().is_namespace) {
                const Value* v = obj.dict_data().find(std::string_view(name));
                return v ? *v
                         : Value::undefined("'Namespace object' has no attribute '" + name + "'");
            }
            Value m = dict_method(obj, name);
            if (!m.is_undefined()) return m;
            const Value* v = obj.dict_data().find(std::string_view(name));
            return v ? *v : Value::undefined("'dict object' has no attribute '" + name + "'");
        }
        default:
            return Value::undefined("'" + obj.type_name() + " object' has no attribute '" + name +
                                    "'");
    }
}

Value get_item(const Value& obj, const Value& key) {
    switch (obj.type()) {
        case VType::Undefined: throw std::runtime_error(undefined_message(obj));
        case VType::Dict: {
            if (!obj.dict_data().is_namespace) {
                const Value* v = obj.dict_data().find(key);
                if (v) return *v;
            }
            if (key.is_string()) return get_attribute(obj, key.text());
            return Value::undefined("'dict object' has no attribute " + key.repr().s);
        }
        case VType::List:
            if (is_int_like(key) && !obj.list_data().generator) {
                const auto& items = obj.list_data().items;
                int64_t i = key.as_int();
                if (i < 0) i += int64_t(items.size());
                if (i >= 0 && i < int64_t(items.size())) return items[size_t(i)];
                return Value::undefined(obj.type_name() + " object has no element " +
                                        std::to_string(key.as_int()));
            }
            if (key.is_string()) return get_attribute(obj, key.text());
            break;
        case VType::String:
            if (is_int_like(key)) {
                auto offs = utf8_offsets(obj.text());
                int64_t n = int64_t(offs.size()) - 1, i = key.as_int();
                if (i < 0) i += n;
                if (i >= 0 && i < n)
                    return Value(obj.str().slice(offs[size_t(i)], offs[size_t(i) + 1]));
                return Value::undefined("str object has no element " +
                                        std::to_string(key.as_int()));
            }
            if (key.is_string()) return get_attribute(obj, key.text());
            break;
        default: break;
    }
    return Value::undefined("'" + obj.type_name() + " object' has no attribute " + key.repr().s);
}

Value slice_value(const Value& obj, const Value& start, const Value& stop, const Value& step) {
    auto opt = [](const Value& v, const char* what) -> std::optional<int64_t> {
        if (v.is_undefined() || v.is_none()) return std::nullopt;
        return to_index(v, what);
    };
    int64_t st = opt(step, "slice step").value_or(1);
    if (st == 0) throw std::runtime_error("slice step cannot be zero");
    bool is_str = obj.is_string();
    if (obj.is_undefined()) throw std::runtime_error(undefined_message(obj));
    if (!is_str && !obj.is_list())
        throw std::runtime_error("'" + obj.type_name() + "' object is not subscriptable");
    std::vector<size_t> offs;
    int64_t n;
    if (is_str) {
        offs = utf8_offsets(obj.text());
        n = int64_t(offs.size()) - 1;
    } else {
        n = int64_t(obj.list_data().items.size());
    }
    auto clamp = [&](std::optional<int64_t> v, int64_t dflt) {
        if (!v) return dflt;
        int64_t x = *v;
        if (x < 0) x += n;
        if (st > 0) return std::clamp<int64_t>(x, 0, n);
        return std::clamp<int64_t>(x, -1, n - 1);
    };
    int64_t b = clamp(opt(start, "slice index"), st > 0 ? 0 : n - 1);
    int64_t e = clamp(opt(stop, "slice index"), st > 0 ? n : -1);
    if (is_str) {
        PStr out;
        if (st == 1) {
            if (b < e) out = obj.str().slice(offs[size_t(b)], offs[size_t(e)]);
        } else {
            for (int64_t i = b; st > 0 ? i < e : i > e; i += st)
                out.append_slice(obj.str(), offs[size_t(i)], offs[size_t(i) + 1]);
        }
        return Value(std::move(out));
    }
    std::vector<Value> items;
    const auto& src = obj.list_data().items;
    for (int64_t i = b; st > 0 ? i < e : i > e; i += st) items.push_back(src[size_t(i)]);
    return Value::list(std::move(items), obj.list_data().tuple);
}

std::vector<Value> iterate(const Value& v) {
    switch (v.type()) {
        case VType::Undefined: return {};
        case VType::List: return v.list_data().items;
        case VType::Dict: {
            if (v.dict_data().is_namespace) break;
            std::vector<Value> keys;
            for (const auto& kv : v.dict_data().items) keys.push_back(kv.first);
            return keys;
        }
        case VType::String: {
            std::vector<Value> chars;
            auto offs = utf8_offsets(v.text());
            for (size_t i = 0; i + 1 < offs.size(); ++i)
                chars.emplace_back(v.str().slice(offs[i], offs[i + 1]));
            return chars;
        }
        default: break;
    }
    throw std::runtime_error("'" + v.type_name() + "' object is not iterable");
}

}  // namespace siliang::chat::jinja
