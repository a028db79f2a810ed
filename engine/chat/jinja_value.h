// Runtime values of the Jinja interpreter, with Python semantics, and strings that remember
// which of their bytes came from message data (provenance).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "chat/json.h"

namespace siliang::chat::jinja {

using Ranges = std::vector<std::pair<size_t, size_t>>;

// A string plus the sorted, disjoint, non-adjacent byte ranges that came from input data.
struct PStr {
    std::string s;
    Ranges data;

    PStr() = default;
    PStr(std::string text) : s(std::move(text)) {}
    PStr(const char* text) : s(text) {}
    static PStr tainted(std::string text);

    void append(const PStr& other);
    void append(std::string_view literal) { s.append(literal); }
    void append(const std::string& literal) { s.append(literal); }
    void append(const char* literal) { s.append(literal); }
    void append_tainted(std::string_view text, bool tainted);
    // Appends s[begin, end) of `src` with its provenance.
    void append_slice(const PStr& src, size_t begin, size_t end);
    PStr slice(size_t begin, size_t end) const;
    bool any_tainted() const { return !data.empty(); }
    void mark_all_tainted();
};

// Walks a PStr's bytes in increasing order answering "is byte i data?" in amortised O(1).
class TaintCursor {
public:
    explicit TaintCursor(const PStr& str) : ranges_(str.data) {}
    bool at(size_t i);

private:
    const Ranges& ranges_;
    size_t k_ = 0;
};

class Value;
struct CallArgs;
class Interpreter;

struct ListData {
    std::vector<Value> items;
    bool tuple = false;      // prints as (a, b)
    bool generator = false;  // result of map/select...: always truthy, has no length
};

struct DictData {
    std::vector<std::pair<Value, Value>> items;
    bool is_namespace = false;  // jinja2 namespace(): attributes settable with {% set ns.x %}
    const Value* find(const Value& key) const;
    const Value* find(std::string_view key) const;
    void set(Value key, Value value);
};

using NativeFunction = std::function<Value(CallArgs&)>;
struct FuncData {
    std::string name;
    NativeFunction fn;
};

enum class VType { Undefined, None, Bool, Int, Float, String, List, Dict, Func };

class Value {
public:
    Value() = default;  // undefined
    static Value undefined(std::string hint = {});
    static Value none();
    Value(bool b) : t_(VType::Bool), b_(b) {}
    Value(int i) : t_(VType::Int), i_(i) {}
    Value(int64_t i) : t_(VType::Int), i_(i) {}
    Value(double d) : t_(VType::Float), f_(d) {}
    Value(PStr s) : t_(VType::String), str_(std::make_shared<PStr>(std::move(s))) {}
    Value(std::string s) : Value(PStr(std::move(s))) {}
    Value(const char* s) : Value(PStr(s)) {}
    static Value list(std::vector<Value> items = {}, bool tuple = false);
    static Value dict();
    static Value function(std::string name, NativeFunction fn);
    // markupsafe.Markup: a string marked safe; `+` with a plain string HTML-escapes the other side.
    static Value markup(PStr s);
    // Converts message data; every string becomes tainted (data) when `tainted`.
    static Value from_json(const Json& j, bool tainted);

    VType type() const { return t_; }
    bool is_undefined() const { return t_ == VType::Undefined; }
    bool is_none() const { return t_ == VType::None; }
    bool is_bool() const { return t_ == VType::Bool; }
    bool is_int() const { return t_ == VType::Int; }
    bool is_float() const { return t_ == VType::Float; }
    bool is_number() const { return t_ == VType::Int || t_ == VType::Float || t_ == VType::Bool; }
    bool is_string() const { return t_ == VType::String; }
    bool is_list() const { return t_ == VType::List; }
    bool is_dict() const { return t_ == VType::Dict; }
    bool is_func() const { return t_ == VType::Func; }
    bool is_markup() const { return t_ == VType::String && markup_; }

    bool as_bool() const { return b_; }
    int64_t as_int() const { return t_ == VType::Bool ? int64_t(b_) : i_; }
    double as_double() const;
    const PStr& str() const { return *str_; }
    const std::string& text() const { return str_->s; }
    ListData& list_data() const { return *list_; }
    DictData& dict_data() const { return *dict_; }
    FuncData& func_data() const { return *func_; }
    const std::string& undefined_hint() const { return hint_; }

    bool truthy() const;
    // Python str(); provenance follows the strings inside.
    PStr to_pstr() const;
    std::string to_str() const { return to_pstr().s; }
    PStr repr() const;
    std::string type_name() const;  // Python type name for messages: 'str', 'dict'...
    Json to_json() const;           // throws std::runtime_error for undefined / functions

private:
    VType t_ = VType::Undefined;
    bool b_ = false;
    int64_t i_ = 0;
    double f_ = 0;
    std::shared_ptr<PStr> str_;
    std::shared_ptr<ListData> list_;
    std::shared_ptr<DictData> dict_;
    std::shared_ptr<FuncData> func_;
    bool markup_ = false;
    std::string hint_;  // for undefined: what was looked up, for error messages
};

struct CallArgs {
    std::vector<Value> pos;
    std::vector<std::pair<std::string, Value>> kw;
    int line = 0;
    // Positional `index` or keyword `name`, else `fallback`.
    Value get(size_t index, std::string_view name, Value fallback = Value()) const;
    bool has(size_t index, std::string_view name) const;
};

// Python semantics. Errors (TypeError...) are thrown as std::runtime_error with Python's message.
bool py_equal(const Value& a, const Value& b);
int py_compare(const Value& a, const Value& b);  // <0, 0, >0; throws for unorderable types
bool py_contains(const Value& container, const Value& item);

// UTF-8 helpers: strings index by code point like Python.
size_t utf8_length(std::string_view s);
std::vector<size_t> utf8_offsets(std::string_view s);  // byte offset of each code point + end
bool is_py_space(std::string_view s, size_t i, size_t* len);  // Unicode whitespace at byte i

}  // namespace siliang::chat::jinja
