// Python string operations on provenance strings, and serialisation (tojson, %-formatting).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "chat/jinja_value.h"

namespace siliang::chat::jinja {

constexpr size_t kMaxStringBytes = 64u << 20;  // any single string; guards '*' bombs
void check_string_size(size_t bytes);          // throws when over kMaxStringBytes

// chars: none/undefined strips Unicode whitespace, a string strips any of its characters.
PStr py_strip(const PStr& s, const Value& chars, bool left, bool right);
// sep: none/undefined splits on whitespace runs (Python str.split()); maxsplit < 0: no limit.
std::vector<PStr> py_split(const PStr& s, const Value& sep, int64_t maxsplit);
std::vector<PStr> py_rsplit(const PStr& s, const Value& sep, int64_t maxsplit);
std::vector<PStr> py_splitlines(const PStr& s, bool keepends = false);
PStr py_replace(const PStr& s, const std::string& old, const PStr& repl, int64_t count);
PStr py_upper(const PStr& s);
PStr py_lower(const PStr& s);
PStr py_capitalize(const PStr& s);
PStr jinja_title(const PStr& s);  // Jinja2's title filter
PStr py_center(const PStr& s, int64_t width);
PStr py_repeat(const PStr& s, int64_t times);
PStr html_escape(const PStr& s);  // markupsafe.escape: & < > " '

// json.dumps(value, ensure_ascii, indent, separators, sort_keys) keeping provenance of strings.
struct JsonFormat {
    std::optional<std::string> indent;  // nullopt: single line
    std::string item_sep = ", ";
    std::string key_sep = ": ";
    bool sort_keys = false;
    bool ensure_ascii = false;
};
PStr to_json_pstr(const Value& v, const JsonFormat& fmt);

// Python printf-style formatting: fmt % args (args: a tuple/list of values or a single value).
PStr py_percent_format(const PStr& fmt, const Value& args);

}  // namespace siliang::chat::jinja
