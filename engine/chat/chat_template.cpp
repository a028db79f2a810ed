#include "chat/chat_template.h"

#include <cmath>
#include <cstdio>
#include <ctime>
#include <stdexcept>

#include "chat/jinja_interpreter.h"
#include "chat/jinja_ops.h"
#include "chat/jinja_parser.h"

namespace siliang::chat {

using jinja::CallArgs;
using jinja::Value;

namespace {

constexpr int64_t kMaxRange = 100000;  // Jinja2's sandbox MAX_RANGE

Value range_fn(CallArgs& a) {
    if (!a.kw.empty() || a.pos.empty() || a.pos.size() > 3)
        throw std::runtime_error("range expected 1 to 3 integer arguments");
    for (const auto& v : a.pos)
        if (!v.is_int() && !v.is_bool())
            throw std::runtime_error("'" + v.type_name() +
                                     "' object cannot be interpreted as an integer");
    int64_t start = 0, stop, step = 1;
    if (a.pos.size() == 1) {
        stop = a.pos[0].as_int();
    } else {
        start = a.pos[0].as_int();
        stop = a.pos[1].as_int();
        if (a.pos.size() == 3) step = a.pos[2].as_int();
    }
    if (step == 0) throw std::runtime_error("range() arg 3 must not be zero");
    double span = (double(stop) - double(start)) / double(step);
    if (span > double(kMaxRange) + 1)
        throw std::runtime_error(
            "Range too big. The sandbox blocks ranges larger than MAX_RANGE (100000).");
    int64_t n = span <= 0 ? 0 : int64_t(std::ceil(span));
    if (n > kMaxRange)
        throw std::runtime_error(
            "Range too big. The sandbox blocks ranges larger than MAX_RANGE (100000).");
    std::vector<Value> items;
    for (int64_t i = 0; i < n; ++i) items.emplace_back(start + i * step);
    return Value::list(std::move(items));
}

Value dict_from_args(CallArgs& a, bool is_namespace) {
    Value d = Value::dict();
    d.dict_data().is_namespace = is_namespace;
    if (a.pos.size() > 1) throw std::runtime_error("expected at most 1 positional argument");
    if (!a.pos.empty()) {
        const Value& src = a.pos[0];
        if (src.is_dict() && !src.dict_data().is_namespace) {
            for (const auto& [k, v] : src.dict_data().items) d.dict_data().set(k, v);
        } else if (src.is_list()) {
            for (const auto& pair : src.list_data().items) {
                auto kv = jinja::iterate(pair);
                if (kv.size() != 2)
                    throw std::runtime_error("dictionary update sequence element has wrong length");
                d.dict_data().set(kv[0], kv[1]);
            }
        } else {
            throw std::runtime_error("'" + src.type_name() + "' object is not iterable");
        }
    }
    for (const auto& [k, v] : a.kw) d.dict_data().set(Value(k), v);
    return d;
}

std::tm date_for(const std::string& date) {
    std::tm tm{};
    int y, m, d;
    if (!date.empty() && std::sscanf(date.c_str(), "%d-%d-%d", &y, &m, &d) == 3) {
        tm.tm_year = y - 1900;
        tm.tm_mon = m - 1;
        tm.tm_mday = d;
        tm.tm_hour = 12;
        std::time_t t = timegm(&tm);  // normalises and fills in the weekday and day of the year
        gmtime_r(&t, &tm);
        tm.tm_hour = 0;
        return tm;
    }
    std::time_t now = std::time(nullptr);
    localtime_r(&now, &tm);
    return tm;
}

}  // namespace

ChatTemplate ChatTemplate::parse(std::string_view source, std::string name) {
    ChatTemplate t;
    t.name_ = std::move(name);
    t.source_ = std::string(source);
    t.root_ = jinja::parse_template(t.source_, t.name_);
    return t;
}

RenderedPrompt ChatTemplate::render(const RenderOptions& o) const {
    std::vector<std::pair<std::string, Value>> globals;
    globals.emplace_back("range", Value::function("range", range_fn));
    globals.emplace_back(
        "dict", Value::function("dict", [](CallArgs& a) { return dict_from_args(a, false); }));
    globals.emplace_back("namespace", Value::function("namespace", [](CallArgs& a) {
                             return dict_from_args(a, true);
                         }));
    globals.emplace_back(
        "raise_exception", Value::function("raise_exception", [](CallArgs& a) -> Value {
            throw std::runtime_error("raise_exception: " + a.get(0, "message").to_str());
        }));
    std::tm tm = date_for(o.date);
    globals.emplace_back("strftime_now",
                         Value::function("strftime_now", [tm](CallArgs& a) -> Value {
                             std::string fmt = a.get(0, "format").to_str();
                             if (fmt.empty()) return Value("");
                             std::string buf(fmt.size() * 8 + 64, '\0');
                             size_t n = std::strftime(buf.data(), buf.size(), fmt.c_str(), &tm);
                             buf.resize(n);
                             return Value(buf);
                         }));
    globals.emplace_back("messages", Value::from_json(o.messages, true));
    if (!o.tools.is_null()) globals.emplace_back("tools", Value::from_json(o.tools, true));
    globals.emplace_back("add_generation_prompt", Value(o.add_generation_prompt));
    globals.emplace_back("bos_token", Value(o.bos_token));
    globals.emplace_back("eos_token", Value(o.eos_token));
    if (o.extra.is_object())
        for (size_t i = 0; i < o.extra.size(); ++i)
            globals.emplace_back(o.extra.keys()[i], Value::from_json(o.extra.items()[i], true));

    jinja::Interpreter interp(name_);
    jinja::PStr out = interp.render(*root_, globals);
    return RenderedPrompt{std::move(out.s), std::move(out.data)};
}

}  // namespace siliang::chat
