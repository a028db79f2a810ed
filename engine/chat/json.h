// JSON value type for chat messages and tool definitions: strict parser, Python-compatible dump.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace siliang::chat {

// Thrown by Json::parse; the message starts with "line L, column C: ".
class JsonError : public std::runtime_error {
public:
    JsonError(int line, int column, const std::string& message);
    int line() const { return line_; }
    int column() const { return column_; }

private:
    int line_;
    int column_;
};

class Json {
public:
    enum class Type { Null, Bool, Integer, Number, String, Array, Object };

    Json() = default;  // null
    Json(std::nullptr_t) {}
    Json(bool b) : type_(Type::Bool), bool_(b) {}
    // Any integer type (int, size_t, uint32_t...); unsigned values above INT64_MAX wrap.
    template <typename T,
              std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>, int> = 0>
    Json(T i) : type_(Type::Integer), int_(static_cast<int64_t>(i)) {}
    Json(double d) : type_(Type::Number), double_(d) {}
    Json(const char* s) : type_(Type::String), string_(s) {}
    Json(std::string s) : type_(Type::String), string_(std::move(s)) {}
    Json(std::string_view s) : type_(Type::String), string_(s) {}

    static Json array(std::vector<Json> items = {});
    static Json object();
    // object({{"role", "user"}, {"content", "hi"}})
    static Json object(std::initializer_list<std::pair<std::string, Json>> members);

    // Strict RFC 8259 JSON (no comments, no trailing commas, no NaN). Throws JsonError.
    static Json parse(std::string_view text);
    // Python json.dumps(x, ensure_ascii=False) with default separators (", ", ": ").
    std::string dump() const;

    Type type() const { return type_; }
    bool is_null() const { return type_ == Type::Null; }
    bool is_bool() const { return type_ == Type::Bool; }
    bool is_integer() const { return type_ == Type::Integer; }
    bool is_number() const { return type_ == Type::Number || type_ == Type::Integer; }
    bool is_string() const { return type_ == Type::String; }
    bool is_array() const { return type_ == Type::Array; }
    bool is_object() const { return type_ == Type::Object; }

    bool as_bool() const { return bool_; }
    int64_t as_integer() const { return int_; }
    double as_number() const { return type_ == Type::Integer ? double(int_) : double_; }
    const std::string& as_string() const { return string_; }

    // Arrays: element count; objects: member count; otherwise 0.
    size_t size() const { return items_.size(); }
    const Json& operator[](size_t index) const { return items_.at(index); }
    Json& operator[](size_t index) { return items_.at(index); }
    void push_back(Json value);                                // turns null into an array
    const std::vector<Json>& items() const { return items_; }  // array elements / object values

    // Objects keep insertion order. A missing key reads as a shared null.
    bool contains(std::string_view key) const;
    const Json& operator[](std::string_view key) const;
    const Json* find(std::string_view key) const;
    void set(std::string key, Json value);  // replaces an existing key in place; null -> object
    const std::vector<std::string>& keys() const { return keys_; }

    bool operator==(const Json& other) const;

private:
    Type type_ = Type::Null;
    bool bool_ = false;
    int64_t int_ = 0;
    double double_ = 0;
    std::string string_;
    std::vector<std::string> keys_;  // object keys, parallel to items_
    std::vector<Json> items_;        // array elements or object values
};

// Python repr() of a float: shortest round-trip digits, "1.0", "1e-05", "1e+16", "inf", "nan".
std::string python_float_repr(double value);
// Appends `text` as a JSON string literal (quotes included), escaping like Python json.dumps.
void append_json_string(std::string& out, std::string_view text, bool ensure_ascii = false);

}  // namespace siliang::chat
