// Jinja2's built-in tests (`x is defined`, `n is divisibleby 3`...).
#include <map>
#include <stdexcept>

#include "chat/jinja_filters.h"
#include "chat/jinja_ops.h"
#include "chat/jinja_strings.h"

namespace siliang::chat::jinja {

namespace {

using TestFn = bool (*)(const Value&, CallArgs&);

void require_defined(const Value& v) {
    if (v.is_undefined()) throw std::runtime_error(undefined_message(v));
}

PStr soft_str(const Value& v) {
    return v.to_pstr();
}

bool t_defined(const Value& v, CallArgs&) {
    return !v.is_undefined();
}
bool t_undefined(const Value& v, CallArgs&) {
    return v.is_undefined();
}
bool t_none(const Value& v, CallArgs&) {
    return v.is_none();
}
bool t_string(const Value& v, CallArgs&) {
    return v.is_string();
}
bool t_number(const Value& v, CallArgs&) {
    return v.is_number();
}
bool t_integer(const Value& v, CallArgs&) {
    return v.is_int();
}
bool t_float(const Value& v, CallArgs&) {
    return v.is_float();
}
bool t_boolean(const Value& v, CallArgs&) {
    return v.is_bool();
}
bool t_true(const Value& v, CallArgs&) {
    return v.is_bool() && v.as_bool();
}
bool t_false(const Value& v, CallArgs&) {
    return v.is_bool() && !v.as_bool();
}
bool t_mapping(const Value& v, CallArgs&) {
    return v.is_dict() && !v.dict_data().is_namespace;
}
bool t_iterable(const Value& v, CallArgs&) {
    return v.is_undefined() || v.is_string() || v.is_list() ||
           (v.is_dict() && !v.dict_data().is_namespace);
}
bool t_sequence(const Value& v, CallArgs&) {
    return v.is_undefined() || v.is_string() || (v.is_list() && !v.list_data().generator) ||
           (v.is_dict() && !v.dict_data().is_namespace);
}
bool t_callable(const Value& v, CallArgs&) {
    return v.is_func();
}
int64_t int_of(const Value& v) {
    if (v.is_int() || v.is_bool()) return v.as_int();
    require_defined(v);
    throw std::runtime_error("not all arguments converted during string formatting");
}
bool t_odd(const Value& v, CallArgs&) {
    return (int_of(v) % 2) != 0;
}
bool t_even(const Value& v, CallArgs&) {
    return (int_of(v) % 2) == 0;
}
bool t_divisibleby(const Value& v, CallArgs& a) {
    int64_t d = int_of(a.get(0, "num"));
    if (d == 0) throw std::runtime_error("integer division or modulo by zero");
    return int_of(v) % d == 0;
}
bool t_eq(const Value& v, CallArgs& a) {
    return py_equal(v, a.get(0, "other"));
}
bool t_ne(const Value& v, CallArgs& a) {
    return !py_equal(v, a.get(0, "other"));
}
bool t_lt(const Value& v, CallArgs& a) {
    return py_compare(v, a.get(0, "other")) < 0;
}
bool t_le(const Value& v, CallArgs& a) {
    return py_compare(v, a.get(0, "other")) <= 0;
}
bool t_gt(const Value& v, CallArgs& a) {
    return py_compare(v, a.get(0, "other")) > 0;
}
bool t_ge(const Value& v, CallArgs& a) {
    return py_compare(v, a.get(0, "other")) >= 0;
}
bool t_in(const Value& v, CallArgs& a) {
    return py_contains(a.get(0, "seq"), v);
}
bool t_sameas(const Value& v, CallArgs& a) {
    Value o = a.get(0, "other");
    if (v.type() != o.type()) return false;
    if (v.is_none() || v.is_undefined()) return true;
    if (v.is_bool()) return v.as_bool() == o.as_bool();
    if (v.is_int()) return v.as_int() == o.as_int() && v.as_int() >= -5 && v.as_int() <= 256;
    if (v.is_list()) return &v.list_data() == &o.list_data();
    if (v.is_dict()) return &v.dict_data() == &o.dict_data();
    return false;
}
bool t_lower(const Value& v, CallArgs&) {
    PStr s = soft_str(v);
    return py_lower(s).s == s.s;
}
bool t_upper(const Value& v, CallArgs&) {
    PStr s = soft_str(v);
    return py_upper(s).s == s.s;
}
bool t_filter(const Value& v, CallArgs&) {
    return v.is_string() && is_known_filter(v.text());
}
bool t_test(const Value& v, CallArgs&) {
    return v.is_string() && is_known_test(v.text());
}
bool t_escaped(const Value&, CallArgs&) {
    return false;
}

const std::map<std::string, TestFn, std::less<>>& tests() {
    static const std::map<std::string, TestFn, std::less<>> table = {
        {"!=", t_ne},
        {"<", t_lt},
        {"<=", t_le},
        {"==", t_eq},
        {">", t_gt},
        {">=", t_ge},
        {"boolean", t_boolean},
        {"callable", t_callable},
        {"defined", t_defined},
        {"divisibleby", t_divisibleby},
        {"eq", t_eq},
        {"equalto", t_eq},
        {"escaped", t_escaped},
        {"even", t_even},
        {"false", t_false},
        {"filter", t_filter},
        {"float", t_float},
        {"ge", t_ge},
        {"greaterthan", t_gt},
        {"gt", t_gt},
        {"in", t_in},
        {"integer", t_integer},
        {"iterable", t_iterable},
        {"le", t_le},
        {"lessthan", t_lt},
        {"lower", t_lower},
        {"lt", t_lt},
        {"mapping", t_mapping},
        {"ne", t_ne},
        {"none", t_none},
        {"number", t_number},
        {"odd", t_odd},
        {"sameas", t_sameas},
        {"sequence", t_sequence},
        {"string", t_string},
        {"test", t_test},
        {"true", t_true},
        {"undefined", t_undefined},
        {"upper", t_upper},
    };
    return table;
}

}  // namespace

bool is_known_test(std::string_view name) {
    return tests().count(name) > 0;
}

bool apply_test(const std::string& name, const Value& input, CallArgs& args) {
    auto it = tests().find(name);
    if (it == tests().end()) throw std::runtime_error("no test named '" + name + "'");
    return it->second(input, args);
}

}  // namespace siliang::chat::jinja
