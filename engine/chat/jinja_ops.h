// Python operators, attribute/item lookup with Jinja2's rules, iteration and built-in methods.
// Errors are thrown as std::runtime_error; the interpreter adds the template line.
#pragma once

#include <string>
#include <vector>

#include "chat/jinja_value.h"

namespace siliang::chat::jinja {

// + - * / // % ** ~  (comparison and membership are in jinja_value.h)
Value binary_op(const std::string& op, const Value& a, const Value& b);
Value unary_minus(const Value& a);

// `obj.name`: methods first (dict.get, str.strip...), then items; else undefined.
Value get_attribute(const Value& obj, const std::string& name);
// `obj[key]`: items first, then attributes for string keys; else undefined.
Value get_item(const Value& obj, const Value& key);
Value slice_value(const Value& obj, const Value& start, const Value& stop, const Value& step);

// Items a `for` loop sees: list items, dict keys, string characters; undefined is empty.
std::vector<Value> iterate(const Value& v);

// Error text for using an undefined value ("'x' is undefined").
std::string undefined_message(const Value& v);

}  // namespace siliang::chat::jinja
