#include "chat/jinja_filters.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

#include "chat/jinja_ops.h"
#include "chat/jinja_strings.h"

namespace siliang::chat::jinja {

namespace {

using FilterFn = Value (*)(const Value&, CallArgs&);

Value generator(std::vector<Value> items) {
    Value v = Value::list(std::move(items));
    v.list_data().generator = true;
    return v;
}

// Jinja2's environment.getitem over a dotted attribute path ("a.b", "0").
Value attr_path(const Value& item, const std::string& path) {
    Value v = item;
    size_t start = 0;
    while (true) {
        size_t dot = path.find('.', start);
        std::string part =
            path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        bool numeric = !part.empty() && std::all_of(part.begin(), part.end(),
                                                    [](char c) { return c >= '0' && c <= '9'; });
        v = numeric ? get_item(v, Value(int64_t(std::stoll(part)))) : get_item(v, Value(part));
        if (dot == std::string::npos) return v;
        start = dot + 1;
    }
}

Value sort_key(const Value& v, bool case_sensitive) {
    if (!case_sensitive && v.is_string()) return Value(py_lower(v.str()));
    return v;
}

PStr soft_str(const Value& v) {
    return v.to_pstr();
}

int64_t int_arg(const Value& v, const char* what) {
    if (v.is_int() || v.is_bool()) return v.as_int();
    if (v.is_float()) return int64_t(v.as_double());
    throw std::runtime_error(std::string(what) + " must be an integer");
}

// ------------------------------------------------------------ filters

Value f_tojson(const Value& v, CallArgs& a) {
    JsonFormat f;
    f.ensure_ascii = a.get(0, "ensure_ascii", Value(false)).truthy();
    Value indent = a.get(1, "indent", Value::none());
    if (indent.is_string())
        f.indent = indent.text();
    else if (indent.is_int())
        f.indent =
            std::string(size_t(std::max<int64_t>(0, std::min<int64_t>(indent.as_int(), 64))), ' ');
    else if (!indent.is_none() && !indent.is_undefined())
        throw std::runtime_error("tojson: bad indent");
    Value seps = a.get(2, "separators", Value::none());
    if (seps.is_list() && seps.list_data().items.size() == 2) {
        f.item_sep = seps.list_data().items[0].to_str();
        f.key_sep = seps.list_data().items[1].to_str();
    } else if (f.indent) {
        f.item_sep = ",";
    }
    f.sort_keys = a.get(3, "sort_keys", Value(false)).truthy();
    return Value(to_json_pstr(v, f));
}

Value f_length(const Value& v, CallArgs&) {
    switch (v.type()) {
        case VType::Undefined: return Value(int64_t(0));
        case VType::String: return Value(int64_t(utf8_length(v.text())));
        case VType::List:
            if (v.list_data().generator) break;
            return Value(int64_t(v.list_data().items.size()));
        case VType::Dict:
            if (v.dict_data().is_namespace) break;
            return Value(int64_t(v.dict_data().items.size()));
        default: break;
    }
    throw std::runtime_error("object of type '" + v.type_name() + "' has no len()");
}

Value f_trim(const Value& v, CallArgs& a) {
    PStr r = py_strip(soft_str(v), a.get(0, "chars", Value::none()), true, true);
    return v.is_markup() ? Value::markup(std::move(r)) : Value(std::move(r));
}
Value f_upper(const Value& v, CallArgs&) {
    return Value(py_upper(soft_str(v)));
}
Value f_lower(const Value& v, CallArgs&) {
    return Value(py_lower(soft_str(v)));
}
Value f_capitalize(const Value& v, CallArgs&) {
    return Value(py_capitalize(soft_str(v)));
}
Value f_title(const Value& v, CallArgs&) {
    return Value(jinja_title(soft_str(v)));
}
Value f_string(const Value& v, CallArgs&) {
    return v.is_string() ? v : Value(soft_str(v));
}
Value f_safe(const Value& v, CallArgs&) {
    return v.is_markup() ? v : Value::markup(soft_str(v));
}

Value f_escape(const Value& v, CallArgs&) {
    if (v.is_markup()) return v;
    return Value::markup(html_escape(soft_str(v)));
}

Value f_default(const Value& v, CallArgs& a) {
    bool boolean = a.get(1, "boolean", Value(false)).truthy();
    if (v.is_undefined() || (boolean && !v.truthy())) return a.get(0, "default_value", Value(""));
    return v;
}

Value f_items(const Value& v, CallArgs&) {
    if (v.is_undefined()) return Value::list();
    if (!v.is_dict() || v.dict_data().is_namespace)
        throw std::runtime_error("can only get item pairs from a mapping.");
    std::vector<Value> items;
    for (const auto& [k, x] : v.dict_data().items) items.push_back(Value::list({k, x}, true));
    return generator(std::move(items));
}

Value f_list(const Value& v, CallArgs&) {
    return Value::list(iterate(v));
}

Value f_join(const Value& v, CallArgs& a) {
    Value sep = a.get(0, "d", Value(""));
    Value attr = a.get(1, "attribute", Value::none());
    PStr out;
    bool first = true;
    for (const auto& x : iterate(v)) {
        if (!first) out.append(soft_str(sep));
        first = false;
        out.append(soft_str(attr.is_none() ? x : attr_path(x, attr.to_str())));
        check_string_size(out.s.size());
    }
    return Value(out);
}

Value f_first(const Value& v, CallArgs&) {
    auto items = iterate(v);
    return items.empty() ? Value::undefined("No first item, sequence was empty.") : items.front();
}

Value f_last(const Value& v, CallArgs&) {
    auto items = iterate(v);
    return items.empty() ? Value::undefined("No last item, sequence was empty.") : items.back();
}

Value f_int(const Value& v, CallArgs& a) {
    Value dflt = a.get(0, "default", Value(int64_t(0)));
    if (v.is_int() || v.is_bool()) return Value(v.as_int());
    if (v.is_float()) {
        double d = v.as_double();
        if (!std::isfinite(d)) return dflt;
        return Value(int64_t(d));
    }
    if (v.is_string()) {
        std::string s = py_strip(v.str(), Value::none(), true, true).s;
        s.erase(std::remove(s.begin(), s.end(), '_'), s.end());
        try {
            size_t used = 0;
            long long r = std::stoll(s, &used, 10);
            if (used == s.size()) return Value(int64_t(r));
            double d = std::stod(s, &used);
            if (used == s.size() && std::isfinite(d)) return Value(int64_t(d));
        } catch (const std::exception&) {
        }
    }
    return dflt;
}

Value f_float(const Value& v, CallArgs& a) {
    Value dflt = a.get(0, "default", Value(0.0));
    if (v.is_number()) return Value(v.as_double());
    if (v.is_string()) {
        std::string s = py_strip(v.str(), Value::none(), true, true).s;
        try {
            size_t used = 0;
            double d = std::stod(s, &used);
            if (used == s.size()) return Value(d);
        } catch (const std::exception&) {
        }
    }
    return dflt;
}

Value f_abs(const Value& v, CallArgs&) {
    if (v.is_float()) return Value(std::fabs(v.as_double()));
    if (v.is_int() || v.is_bool()) return Value(v.as_int() < 0 ? -v.as_int() : v.as_int());
    throw std::runtime_error("bad operand type for abs(): '" + v.type_name() + "'");
}

Value f_round(const Value& v, CallArgs& a) {
    int64_t precision = int_arg(a.get(0, "precision", Value(int64_t(0))), "precision");
    std::string method = a.get(1, "method", Value("common")).to_str();
    if (!v.is_number()) throw std::runtime_error("round: a number is required");
    double x = v.as_double(), m = std::pow(10.0, double(precision));
    double scaled = x * m, r;
    if (method == "common")
        r = std::nearbyint(scaled);  // Python rounds half to even
    else if (method == "ceil")
        r = std::ceil(scaled);
    else if (method == "floor")
        r = std::floor(scaled);
    else
        throw std::runtime_error("method must be 'common', 'ceil' or 'floor'");
    return Value(r / m);
}

Value f_replace(const Value& v, CallArgs& a) {
    Value old = a.get(0, "old"), repl = a.get(1, "new");
    int64_t count = a.has(2, "count") && !a.get(2, "count").is_none()
                        ? int_arg(a.get(2, "count"), "count")
                        : -1;
    return Value(py_replace(soft_str(v), old.to_str(), soft_str(repl), count));
}

Value f_indent(const Value& v, CallArgs& a) {
    Value width = a.get(0, "width", Value(int64_t(4)));
    bool first = a.get(1, "first", Value(false)).truthy();
    bool blank = a.get(2, "blank", Value(false)).truthy();
    std::string ind =
        width.is_string()
            ? width.text()
            : std::string(size_t(std::clamp<int64_t>(int_arg(width, "width"), 0, 1024)), ' ');
    PStr s = soft_str(v);
    s.append(std::string_view("\n"));
    auto lines = py_splitlines(s);
    PStr out;
    if (blank) {
        for (size_t i = 0; i < lines.size(); ++i) {
            if (i) out.append("\n" + ind);
            out.append(lines[i]);
        }
    } else {
        if (!lines.empty()) out.append(lines[0]);
        for (size_t i = 1; i < lines.size(); ++i) {
            out.append(std::string_view("\n"));
            if (!lines[i].s.empty()) out.append(ind);
            out.append(lines[i]);
        }
    }
    if (first) {
        PStr pre(ind);
        pre.append(out);
        out = pre;
    }
    return Value(out);
}

Value f_center(const Value& v, CallArgs& a) {
    return Value(py_center(soft_str(v), int_arg(a.get(0, "width", Value(int64_t(80))), "width")));
}

Value f_wordcount(const Value& v, CallArgs&) {
    return Value(int64_t(py_split(soft_str(v), Value::none(), -1).size()));
}

Value f_format(const Value& v, CallArgs& a) {
    if (!a.kw.empty()) throw std::runtime_error("format: keyword arguments are not supported");
    return Value(py_percent_format(soft_str(v), Value::list(a.pos, true)));
}

Value f_reverse(const Value& v, CallArgs&) {
    if (v.is_string()) {
        auto offs = utf8_offsets(v.text());
        PStr out;
        for (size_t i = offs.size() - 1; i > 0; --i)
            out.append_slice(v.str(), offs[i - 1], offs[i]);
        return Value(out);
    }
    auto items = iterate(v);
    std::reverse(items.begin(), items.end());
    return generator(std::move(items));
}

Value f_sort(const Value& v, CallArgs& a) {
    bool reverse = a.get(0, "reverse", Value(false)).truthy();
    bool cs = a.get(1, "case_sensitive", Value(false)).truthy();
    Value attr = a.get(2, "attribute", Value::none());
    auto items = iterate(v);
    auto key = [&](const Value& x) {
        return sort_key(attr.is_none() ? x : attr_path(x, attr.to_str()), cs);
    };
    std::stable_sort(items.begin(), items.end(), [&](const Value& x, const Value& y) {
        return reverse ? py_compare(key(y), key(x)) < 0 : py_compare(key(x), key(y)) < 0;
    });
    return Value::list(std::move(items));
}

Value f_dictsort(const Value& v, CallArgs& a) {
    bool cs = a.get(0, "case_sensitive", Value(false)).truthy();
    std::string by = a.get(1, "by", Value("key")).to_str();
    bool reverse = a.get(2, "reverse", Value(false)).truthy();
    if (!v.is_dict()) throw std::runtime_error("dictsort: a mapping is required");
    std::vector<Value> items;
    for (const auto& [k, x] : v.dict_data().items) items.push_back(Value::list({k, x}, true));
    size_t pos = by == "key" ? 0 : by == "value" ? 1 : 2;
    if (pos == 2) throw std::runtime_error("You can only sort by either \"key\" or \"value\"");
    std::stable_sort(items.begin(), items.end(), [&](const Value& x, const Value& y) {
        Value kx = sort_key(x.list_data().items[pos], cs),
              ky = sort_key(y.list_data().items[pos], cs);
        return reverse ? py_compare(ky, kx) < 0 : py_compare(kx, ky) < 0;
    });
    return Value::list(std::move(items));
}

Value f_unique(const Value& v, CallArgs& a) {
    bool cs = a.get(0, "case_sensitive", Value(false)).truthy();
    Value attr = a.get(1, "attribute", Value::none());
    std::vector<Value> out, seen;
    for (const auto& x : iterate(v)) {
        Value k = sort_key(attr.is_none() ? x : attr_path(x, attr.to_str()), cs);
        bool dup = false;
        for (const auto& s : seen) dup = dup || py_equal(s, k);
        if (dup) continue;
        seen.push_back(k);
        out.push_back(x);
    }
    return generator(std::move(out));
}

Value f_map(const Value& v, CallArgs& a) {
    std::vector<Value> out;
    if (!v.truthy()) return generator({});  // Jinja2: `if value:` before iterating
    bool by_attr = false;
    for (const auto& kv : a.kw) by_attr = by_attr || kv.first == "attribute";
    if (by_attr) {
        std::string attr = a.get(99, "attribute").to_str();
        Value dflt = a.get(99, "default");
        for (const auto& x : iterate(v)) {
            Value r = attr_path(x, attr);
            out.push_back(r.is_undefined() && a.has(99, "default") ? dflt : r);
        }
        return generator(std::move(out));
    }
    if (a.pos.empty()) throw std::runtime_error("map requires a filter argument");
    std::string name = a.pos[0].to_str();
    CallArgs rest;
    rest.pos.assign(a.pos.begin() + 1, a.pos.end());
    rest.kw = a.kw;
    for (const auto& x : iterate(v)) {
        CallArgs copy = rest;
        out.push_back(apply_filter(name, x, copy));
    }
    return generator(std::move(out));
}

Value select_impl(const Value& v, CallArgs& a, bool by_attr, bool keep) {
    std::vector<Value> out;
    if (!v.truthy()) return generator({});  // Jinja2: `if value:` before iterating
    size_t first_arg = by_attr ? 1 : 0;
    std::string attr = by_attr ? a.get(0, "attr").to_str() : "";
    bool has_test = a.pos.size() > first_arg;
    std::string test = has_test ? a.pos[first_arg].to_str() : "";
    CallArgs rest;
    if (has_test) rest.pos.assign(a.pos.begin() + long(first_arg) + 1, a.pos.end());
    for (const auto& x : iterate(v)) {
        Value item = by_attr ? attr_path(x, attr) : x;
        bool r;
        if (has_test) {
            CallArgs copy = rest;
            r = apply_test(test, item, copy);
        } else {
            r = item.truthy();
        }
        if (r == keep) out.push_back(x);
    }
    return generator(std::move(out));
}
Value f_select(const Value& v, CallArgs& a) {
    return select_impl(v, a, false, true);
}
Value f_reject(const Value& v, CallArgs& a) {
    return select_impl(v, a, false, false);
}
Value f_selectattr(const Value& v, CallArgs& a) {
    return select_impl(v, a, true, true);
}
Value f_rejectattr(const Value& v, CallArgs& a) {
    return select_impl(v, a, true, false);
}

Value f_batch(const Value& v, CallArgs& a) {
    int64_t n = int_arg(a.get(0, "linecount"), "linecount");
    if (n <= 0) throw std::runtime_error("batch size must be positive");
    bool fill = a.has(1, "fill_with");
    Value fill_with = a.get(1, "fill_with");
    std::vector<Value> out, cur;
    for (const auto& x : iterate(v)) {
        cur.push_back(x);
        if (int64_t(cur.size()) == n) {
            out.push_back(Value::list(std::move(cur)));
            cur.clear();
        }
    }
    if (!cur.empty()) {
        if (fill)
            while (int64_t(cur.size()) < n) cur.push_back(fill_with);
        out.push_back(Value::list(std::move(cur)));
    }
    return generator(std::move(out));
}

Value f_sum(const Value& v, CallArgs& a) {
    Value attr = a.get(0, "attribute", Value::none());
    Value total = a.get(1, "start", Value(int64_t(0)));
    for (const auto& x : iterate(v))
        total = binary_op("+", total, attr.is_none() ? x : attr_path(x, attr.to_str()));
    return total;
}

Value minmax(const Value& v, CallArgs& a, bool want_max) {
    bool cs = a.get(0, "case_sensitive", Value(false)).truthy();
    Value attr = a.get(1, "attribute", Value::none());
    auto items = iterate(v);
    if (items.empty()) return Value::undefined("No aggregated item, sequence was empty.");
    Value best = items[0];
    auto key = [&](const Value& x) {
        return sort_key(attr.is_none() ? x : attr_path(x, attr.to_str()), cs);
    };
    for (const auto& x : items) {
        int c = py_compare(key(x), key(best));
        if (want_max ? c > 0 : c < 0) best = x;
    }
    return best;
}
Value f_min(const Value& v, CallArgs& a) {
    return minmax(v, a, false);
}
Value f_max(const Value& v, CallArgs& a) {
    return minmax(v, a, true);
}

Value f_attr(const Value& v, CallArgs& a) {
    return get_attribute(v, a.get(0, "name").to_str());
}

const std::map<std::string, FilterFn, std::less<>>& filters() {
    static const std::map<std::string, FilterFn, std::less<>> table = {
        {"abs", f_abs},
        {"attr", f_attr},
        {"batch", f_batch},
        {"capitalize", f_capitalize},
        {"center", f_center},
        {"count", f_length},
        {"d", f_default},
        {"default", f_default},
        {"dictsort", f_dictsort},
        {"e", f_escape},
        {"escape", f_escape},
        {"first", f_first},
        {"float", f_float},
        {"format", f_format},
        {"indent", f_indent},
        {"int", f_int},
        {"items", f_items},
        {"join", f_join},
        {"last", f_last},
        {"length", f_length},
        {"list", f_list},
        {"lower", f_lower},
        {"map", f_map},
        {"max", f_max},
        {"min", f_min},
        {"reject", f_reject},
        {"rejectattr", f_rejectattr},
        {"replace", f_replace},
        {"reverse", f_reverse},
        {"round", f_round},
        {"safe", f_safe},
        {"select", f_select},
        {"selectattr", f_selectattr},
        {"sort", f_sort},
        {"string", f_string},
        {"sum", f_sum},
        {"title", f_title},
        {"tojson", f_tojson},
        {"trim", f_trim},
        {"unique", f_unique},
        {"upper", f_upper},
        {"wordcount", f_wordcount},
    };
    return table;
}

}  // namespace

bool is_known_filter(std::string_view name) {
    return filters().count(name) > 0;
}

Value apply_filter(const std::string& name, const Value& input, CallArgs& args) {
    auto it = filters().find(name);
    if (it == filters().end()) throw std::runtime_error("no filter named '" + name + "'");
    // Filters that stringify accept undefined (prints as ""); the rest fail on it like Jinja2.
    static const char* undefined_ok[] = {
        "default",   "d",      "string",     "trim",   "upper",      "lower",      "length",
        "count",     "list",   "join",       "items",  "first",      "last",       "safe",
        "escape",    "e",      "capitalize", "title",  "replace",    "indent",     "center",
        "wordcount", "format", "select",     "reject", "selectattr", "rejectattr", "map",
        "unique",    "sort",   "reverse",    "batch",  "sum",        "min",        "max",
        "int",       "float"};
    if (input.is_undefined()) {
        bool ok = false;
        for (const char* n : undefined_ok) ok = ok || name == n;
        if (!ok) throw std::runtime_error(undefined_message(input));
    }
    return it->second(input, args);
}

}  // namespace siliang::chat::jinja
