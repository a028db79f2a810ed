#include "chat/jinja_value.h"

#include <algorithm>
#include <stdexcept>

namespace siliang::chat::jinja {

// ---------------------------------------------------------------- PStr

PStr PStr::tainted(std::string text) {
    PStr p(std::move(text));
    p.mark_all_tainted();
    return p;
}

void PStr::mark_all_tainted() {
    data.clear();
    if (!s.empty()) data.emplace_back(0, s.size());
}

static void add_range(Ranges& r, size_t b, size_t e) {
    if (b >= e) return;
    if (!r.empty() && r.back().second >= b) {
        r.back().second = std::max(r.back().second, e);
        return;
    }
    r.emplace_back(b, e);
}

void PStr::append(const PStr& other) {
    size_t base = s.size();
    s += other.s;
    for (const auto& [b, e] : other.data) add_range(data, base + b, base + e);
}

void PStr::append_tainted(std::string_view text, bool is_tainted) {
    size_t base = s.size();
    s.append(text);
    if (is_tainted) add_range(data, base, s.size());
}

void PStr::append_slice(const PStr& src, size_t begin, size_t end) {
    end = std::min(end, src.s.size());
    if (begin >= end) return;
    size_t base = s.size();
    s.append(src.s, begin, end - begin);
    for (const auto& [b, e] : src.data) {
        if (e <= begin || b >= end) continue;
        add_range(data, base + std::max(b, begin) - begin, base + std::min(e, end) - begin);
    }
}

PStr PStr::slice(size_t begin, size_t end) const {
    PStr out;
    out.append_slice(*this, begin, end);
    return out;
}

bool TaintCursor::at(size_t i) {
    while (k_ < ranges_.size() && ranges_[k_].second <= i) ++k_;
    return k_ < ranges_.size() && ranges_[k_].first <= i;
}

// ---------------------------------------------------------------- UTF-8

size_t utf8_length(std::string_view s) {
    size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

std::vector<size_t> utf8_offsets(std::string_view s) {
    std::vector<size_t> out;
    out.reserve(s.size() + 1);
    for (size_t i = 0; i < s.size(); ++i)
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) out.push_back(i);
    out.push_back(s.size());
    return out;
}

static uint32_t decode_at(std::string_view s, size_t i, size_t* len) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    if (i + n > s.size()) n = 1;
    uint32_t cp = n == 1 ? c : n == 2 ? c & 0x1F : n == 3 ? c & 0x0F : c & 0x07;
    for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    *len = n;
    return cp;
}

bool is_py_space(std::string_view s, size_t i, size_t* len) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
        *len = 1;
        return c == ' ' || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F);
    }
    uint32_t cp = decode_at(s, i, len);
    return cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
           cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

// ---------------------------------------------------------------- DictData

const Value* DictData::find(const Value& key) const {
    for (const auto& kv : items)
        if (py_equal(kv.first, key)) return &kv.second;
    return nullptr;
}

const Value* DictData::find(std::string_view key) const {
    for (const auto& kv : items)
        if (kv.first.is_string() && kv.first.text() == key) return &kv.second;
    return nullptr;
}

void DictData::set(Value key, Value value) {
    for (auto& kv : items) {
        if (py_equal(kv.first, key)) {
            kv.second = std::move(value);
            return;
        }
    }
    items.emplace_back(std::move(key), std::move(value));
}

// ---------------------------------------------------------------- Value

Value Value::undefined(std::string hint) {
    Value v;
    v.hint_ = std::move(hint);
    return v;
}

Value Value::none() {
    Value v;
    v.t_ = VType::None;
    return v;
}

Value Value::list(std::vector<Value> items, bool tuple) {
    Value v;
    v.t_ = VType::List;
    v.list_ = std::make_shared<ListData>();
    v.list_->items = std::move(items);
    v.list_->tuple = tuple;
    return v;
}

Value Value::dict() {
    Value v;
    v.t_ = VType::Dict;
    v.dict_ = std::make_shared<DictData>();
    return v;
}

Value Value::function(std::string name, NativeFunction fn) {
    Value v;
    v.t_ = VType::Func;
    v.func_ = std::make_shared<FuncData>(FuncData{std::move(name), std::move(fn)});
    return v;
}

Value Value::markup(PStr s) {
    Value v(std::move(s));
    v.markup_ = true;
    return v;
}

Value Value::from_json(const Json& j, bool tainted) {
    switch (j.type()) {
        case Json::Type::Null: return none();
        case Json::Type::Bool: return Value(j.as_bool());
        case Json::Type::Integer: return Value(j.as_integer());
        case Json::Type::Number: return Value(j.as_number());
        case Json::Type::String:
            return Value(tainted ? PStr::tainted(j.as_string()) : PStr(j.as_string()));
        case Json::Type::Array: {
            std::vector<Value> items;
            for (const auto& x : j.items()) items.push_back(from_json(x, tainted));
            return list(std::move(items));
        }
        case Json::Type::Object: {
            Value d = dict();
            for (size_t i = 0; i < j.size(); ++i)
                d.dict_->items.emplace_back(
                    Value(tainted ? PStr::tainted(j.keys()[i]) : PStr(j.keys()[i])),
                    from_json(j.items()[i], tainted));
            return d;
        }
    }
    return none();
}

double Value::as_double() const {
    switch (t_) {
        case VType::Float: return f_;
        case VType::Int: return double(i_);
        case VType::Bool: return b_ ? 1.0 : 0.0;
        default: return 0;
    }
}

bool Value::truthy() const {
    switch (t_) {
        case VType::Undefined:
        case VType::None: return false;
        case VType::Bool: return b_;
        case VType::Int: return i_ != 0;
        case VType::Float: return f_ != 0;
        case VType::String: return !str_->s.empty();
        case VType::List: return list_->generator || !list_->items.empty();
        case VType::Dict: return dict_->is_namespace || !dict_->items.empty();
        case VType::Func: return true;
    }
    return false;
}

std::string Value::type_name() const {
    switch (t_) {
        case VType::Undefined: return "Undefined";
        case VType::None: return "NoneType";
        case VType::Bool: return "bool";
        case VType::Int: return "int";
        case VType::Float: return "float";
        case VType::String: return "str";
        case VType::List: return list_->generator ? "generator" : list_->tuple ? "tuple" : "list";
        case VType::Dict: return dict_->is_namespace ? "Namespace" : "dict";
        case VType::Func: return "function";
    }
    return "object";
}

static bool is_printable(uint32_t cp) {
    if (cp < 0x20 || cp == 0x7F) return false;
    if (cp >= 0x80 && cp <= 0xA0) return false;
    if (cp == 0xAD) return false;
    if ((cp >= 0x2000 && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202F) ||
        (cp >= 0x205F && cp <= 0x206F) || cp == 0x3000 || cp == 0xFEFF || cp == 0x1680)
        return false;
    if (cp >= 0xD800 && cp <= 0xDFFF) return false;
    return true;
}

PStr Value::repr() const {
    if (t_ != VType::String) {
        if (t_ == VType::Undefined) return PStr("Undefined");
        return to_pstr();
    }
    const PStr& src = *str_;
    const std::string& s = src.s;
    char quote =
        (s.find('\'') != std::string::npos && s.find('"') == std::string::npos) ? '"' : '\'';
    static const char* hex = "0123456789abcdef";
    PStr out;
    out.append(std::string_view(&quote, 1));
    TaintCursor cur(src);
    for (size_t i = 0; i < s.size();) {
        size_t len = 1;
        uint32_t cp = decode_at(s, i, &len);
        bool t = cur.at(i);
        std::string piece;
        if (cp == '\\')
            piece = "\\\\";
        else if (cp == uint32_t(quote))
            piece = std::string("\\") + quote;
        else if (cp == '\n')
            piece = "\\n";
        else if (cp == '\r')
            piece = "\\r";
        else if (cp == '\t')
            piece = "\\t";
        else if (!is_printable(cp)) {
            if (cp < 0x100)
                piece = std::string("\\x") + hex[cp >> 4] + hex[cp & 15];
            else {
                piece = "\\u";
                for (int sh = 12; sh >= 0; sh -= 4) piece += hex[(cp >> sh) & 15];
            }
        } else {
            piece = s.substr(i, len);
        }
        out.append_tainted(piece, t);
        i += len;
    }
    out.append(std::string_view(&quote, 1));
    return out;
}

PStr Value::to_pstr() const {
    switch (t_) {
        case VType::Undefined: return PStr();
        case VType::None: return PStr("None");
        case VType::Bool: return PStr(b_ ? "True" : "False");
        case VType::Int: return PStr(std::to_string(i_));
        case VType::Float: return PStr(python_float_repr(f_));
        case VType::String: return *str_;
        case VType::List: {
            if (list_->generator) return PStr("<generator object>");
            PStr out(list_->tuple ? "(" : "[");
            for (size_t i = 0; i < list_->items.size(); ++i) {
                if (i) out.append(std::string_view(", "));
                out.append(list_->items[i].repr());
            }
            if (list_->tuple && list_->items.size() == 1) out.append(std::string_view(","));
            out.append(std::string_view(list_->tuple ? ")" : "]"));
            return out;
        }
        case VType::Dict: {
            PStr out(dict_->is_namespace ? "<Namespace {" : "{");
            for (size_t i = 0; i < dict_->items.size(); ++i) {
                if (i) out.append(std::string_view(", "));
                out.append(dict_->items[i].first.repr());
                out.append(std::string_view(": "));
                out.append(dict_->items[i].second.repr());
            }
            out.append(std::string_view(dict_->is_namespace ? "}>" : "}"));
            return out;
        }
        case VType::Func: return PStr("<function " + func_->name + ">");
    }
    return PStr();
}

Json Value::to_json() const {
    switch (t_) {
        case VType::None: return Json();
        case VType::Bool: return Json(b_);
        case VType::Int: return Json(i_);
        case VType::Float: return Json(f_);
        case VType::String: return Json(str_->s);
        case VType::List: {
            Json a = Json::array();
            for (const auto& x : list_->items) a.push_back(x.to_json());
            return a;
        }
        case VType::Dict: {
            if (dict_->is_namespace) break;
            Json o = Json::object();
            for (const auto& [k, v] : dict_->items) o.set(k.to_str(), v.to_json());
            return o;
        }
        default: break;
    }
    throw std::runtime_error("Object of type " + type_name() + " is not JSON serializable");
}

// ---------------------------------------------------------------- CallArgs

Value CallArgs::get(size_t index, std::string_view name, Value fallback) const {
    for (const auto& [k, v] : kw)
        if (k == name) return v;
    if (index < pos.size()) return pos[index];
    return fallback;
}

bool CallArgs::has(size_t index, std::string_view name) const {
    for (const auto& kv : kw)
        if (kv.first == name) return true;
    return index < pos.size();
}

// ---------------------------------------------------------------- comparisons

bool py_equal(const Value& a, const Value& b) {
    if (a.is_number() && b.is_number()) {
        if (a.is_float() || b.is_float()) return a.as_double() == b.as_double();
        return a.as_int() == b.as_int();
    }
    if (a.type() != b.type()) return false;
    switch (a.type()) {
        case VType::Undefined:
        case VType::None: return true;
        case VType::String: return a.text() == b.text();
        case VType::List: {
            const auto& x = a.list_data();
            const auto& y = b.list_data();
            if (&x == &y) return true;
            if (x.tuple != y.tuple || x.items.size() != y.items.size()) return false;
            for (size_t i = 0; i < x.items.size(); ++i)
                if (!py_equal(x.items[i], y.items[i])) return false;
            return true;
        }
        case VType::Dict: {
            const auto& x = a.dict_data();
            const auto& y = b.dict_data();
            if (&x == &y) return true;
            if (x.is_namespace || y.is_namespace || x.items.size() != y.items.size()) return false;
            for (const auto& [k, v] : x.items) {
                const Value* o = y.find(k);
                if (!o || !py_equal(v, *o)) return false;
            }
            return true;
        }
        case VType::Func: return &a.func_data() == &b.func_data();
        default: return false;
    }
}

int py_compare(const Value& a, const Value& b) {
    if (a.is_number() && b.is_number()) {
        if (a.is_float() || b.is_float()) {
            double x = a.as_double(), y = b.as_double();
            return x < y ? -1 : x > y ? 1 : 0;
        }
        int64_t x = a.as_int(), y = b.as_int();
        return x < y ? -1 : x > y ? 1 : 0;
    }
    if (a.is_string() && b.is_string()) {
        int c = a.text().compare(b.text());
        return c < 0 ? -1 : c > 0 ? 1 : 0;
    }
    if (a.is_list() && b.is_list() && a.list_data().tuple == b.list_data().tuple) {
        const auto& x = a.list_data().items;
        const auto& y = b.list_data().items;
        for (size_t i = 0; i < x.size() && i < y.size(); ++i) {
            if (py_equal(x[i], y[i])) continue;
            return py_compare(x[i], y[i]);
        }
        return x.size() < y.size() ? -1 : x.size() > y.size() ? 1 : 0;
    }
    throw std::runtime_error("'<' not supported between instances of '" + a.type_name() +
                             "' and '" + b.type_name() + "'");
}

bool py_contains(const Value& container, const Value& item) {
    switch (container.type()) {
        case VType::Undefined: return false;
        case VType::String:
            if (!item.is_string())
                throw std::runtime_error("'in <string>' requires string as left operand, not " +
                                         item.type_name());
            return container.text().find(item.text()) != std::string::npos;
        case VType::List:
            for (const auto& x : container.list_data().items)
                if (py_equal(x, item)) return true;
            return false;
        case VType::Dict:
            if (container.dict_data().is_namespace) break;
            return container.dict_data().find(item) != nullptr;
        default: break;
    }
    throw std::runtime_error("argument of type '" + container.type_name() + "' is not iterable");
}

}  // namespace siliang::chat::jinja
