#include "chat/jinja_interpreter.h"

#include <stdexcept>

#include "chat/jinja_filters.h"
#include "chat/jinja_ops.h"
#include "chat/jinja_strings.h"
#include "chat/template_error.h"

namespace siliang::chat::jinja {

struct Interpreter::Scope {
    std::vector<std::pair<std::string, Value>> vars;
    ScopePtr parent;

    explicit Scope(ScopePtr p = nullptr) : parent(std::move(p)) {}
    const Value* find(const std::string& name) const {
        for (const Scope* s = this; s; s = s->parent.get())
            for (const auto& kv : s->vars)
                if (kv.first == name) return &kv.second;
        return nullptr;
    }
    void set(const std::string& name, Value v) {
        for (auto& kv : vars) {
            if (kv.first == name) {
                kv.second = std::move(v);
                return;
            }
        }
        vars.emplace_back(name, std::move(v));
    }
};

Interpreter::Interpreter(std::string name, Limits limits)
    : name_(std::move(name)), limits_(limits) {}

void Interpreter::fail(const Node& n, const std::string& message) const {
    throw TemplateError(name_, n.line, message);
}

void Interpreter::step(const Node& n) {
    if (++steps_ > limits_.max_steps) fail(n, "template exceeded the execution step limit");
}

void Interpreter::append(PStr& out, const PStr& piece, const Node& n) {
    out.append(piece);
    if (out.s.size() > limits_.max_output_bytes) fail(n, "template output exceeds the size limit");
}

PStr Interpreter::render(const Node& root,
                         const std::vector<std::pair<std::string, Value>>& globals) {
    auto global_scope = std::make_shared<Scope>();
    global_scope->vars = globals;
    auto scope = std::make_shared<Scope>(global_scope);
    PStr out;
    exec_body(root.kids, scope, out);
    return out;
}

Interpreter::Flow Interpreter::exec_body(const std::vector<NodePtr>& body, const ScopePtr& scope,
                                         PStr& out) {
    for (const auto& st : body) {
        Flow f = exec(*st, scope, out);
        if (f != Flow::Normal) return f;
    }
    return Flow::Normal;
}

static void unpack(const std::vector<std::string>& names, const Value& v,
                   std::vector<std::pair<std::string, Value>>& out) {
    if (names.size() == 1) {
        out.emplace_back(names[0], v);
        return;
    }
    std::vector<Value> items = iterate(v);
    if (items.size() != names.size())
        throw std::runtime_error(
            items.size() > names.size()
                ? "too many values to unpack (expected " + std::to_string(names.size()) + ")"
                : "not enough values to unpack (expected " + std::to_string(names.size()) +
                      ", got " + std::to_string(items.size()) + ")");
    for (size_t i = 0; i < names.size(); ++i) out.emplace_back(names[i], items[i]);
}

Interpreter::Flow Interpreter::exec(const Node& n, const ScopePtr& scope, PStr& out) {
    step(n);
    switch (n.kind) {
        case NodeKind::Text: append(out, n.value.str(), n); return Flow::Normal;
        case NodeKind::Output: append(out, eval(*n.a, scope).to_pstr(), n); return Flow::Normal;
        case NodeKind::If:
            for (size_t i = 0; i < n.kids.size(); ++i)
                if (eval(*n.kids[i], scope).truthy())
                    return exec_body(n.kids2[i]->kids, scope, out);
            if (n.kids2.size() > n.kids.size()) return exec_body(n.kids2.back()->kids, scope, out);
            return Flow::Normal;
        case NodeKind::For: exec_for(n, scope, out); return Flow::Normal;
        case NodeKind::Set: exec_set(n, scope); return Flow::Normal;
        case NodeKind::SetBlock:
        case NodeKind::FilterBlock: {
            PStr buf;
            exec_body(n.kids, scope, buf);
            Value v(std::move(buf));
            for (const auto& f : n.kids2) v = apply_filter_node(*f, v, scope);
            if (n.kind == NodeKind::SetBlock)
                scope->set(n.names[0], v);
            else
                append(out, v.to_pstr(), n);
            return Flow::Normal;
        }
        case NodeKind::Macro: scope->set(n.name, make_macro(n, scope)); return Flow::Normal;
        case NodeKind::CallBlock: {
            std::weak_ptr<Scope> weak = scope;
            Value caller = Value::function("caller", [this, &n, weak](CallArgs& a) -> Value {
                ScopePtr parent = weak.lock();
                if (!parent) throw std::runtime_error("caller() used after its block ended");
                auto inner = std::make_shared<Scope>(parent);
                for (size_t i = 0; i < n.names.size(); ++i) {
                    Value v = a.get(i, n.names[i]);
                    if (!a.has(i, n.names[i]) && n.kids2[i]) v = eval(*n.kids2[i], inner);
                    inner->set(n.names[i], v);
                }
                PStr buf;
                exec_body(n.kids, inner, buf);
                return Value(std::move(buf));
            });
            const Node& call_node = *n.a;
            Value callee = eval(*call_node.a, scope);
            CallArgs args = eval_args(call_node, scope);
            args.kw.emplace_back("caller", caller);
            append(out, call(callee, args, call_node).to_pstr(), n);
            return Flow::Normal;
        }
        case NodeKind::With: {
            auto inner = std::make_shared<Scope>(scope);
            for (size_t i = 0; i < n.names.size(); ++i)
                inner->set(n.names[i], eval(*n.kids2[i], scope));
            return exec_body(n.kids, inner, out);
        }
        case NodeKind::Body: return exec_body(n.kids, scope, out);
        case NodeKind::Break: return Flow::Break;
        case NodeKind::Continue: return Flow::Continue;
        default: fail(n, "expression used as a statement");
    }
}

void Interpreter::exec_for(const Node& n, const ScopePtr& scope, PStr& out) {
    Value iterable = eval(*n.a, scope);
    std::vector<Value> items;
    try {
        items = iterate(iterable);
    } catch (const std::exception& e) {
        fail(n, e.what());
    }
    steps_ += items.size();  // building the sequence is work too (range(), dict keys...)
    step(n);
    std::vector<std::pair<std::string, Value>> bound;
    if (n.b) {
        std::vector<Value> kept;
        for (const auto& item : items) {
            auto probe = std::make_shared<Scope>(scope);
            bound.clear();
            try {
                unpack(n.names, item, bound);
            } catch (const std::exception& e) {
                fail(n, e.what());
            }
            probe->vars = bound;
            if (eval(*n.b, probe).truthy()) kept.push_back(item);
        }
        items = std::move(kept);
    }
    if (items.empty()) {
        auto inner = std::make_shared<Scope>(scope);
        exec_body(n.kids2, inner, out);
        return;
    }
    const int64_t length = int64_t(items.size());
    static const Value k_index("index"), k_index0("index0"), k_revindex("revindex"),
        k_revindex0("revindex0"), k_first("first"), k_last("last"), k_length("length"),
        k_depth("depth"), k_depth0("depth0"), k_previtem("previtem"), k_nextitem("nextitem"),
        k_cycle("cycle");
    auto current = std::make_shared<int64_t>(0);
    const Value cycle = Value::function("loop.cycle", [current](CallArgs& a) -> Value {
        if (a.pos.empty()) throw std::runtime_error("no items for cycling given");
        return a.pos[size_t(*current) % a.pos.size()];
    });
    for (int64_t i = 0; i < length; ++i) {
        step(n);
        *current = i;
        auto inner = std::make_shared<Scope>(scope);
        bound.clear();
        try {
            unpack(n.names, items[size_t(i)], bound);
        } catch (const std::exception& e) {
            fail(n, e.what());
        }
        inner->vars = bound;
        Value loop = Value::dict();
        auto& d = loop.dict_data().items;
        d.reserve(12);
        d.emplace_back(k_index, Value(i + 1));
        d.emplace_back(k_index0, Value(i));
        d.emplace_back(k_revindex, Value(length - i));
        d.emplace_back(k_revindex0, Value(length - i - 1));
        d.emplace_back(k_first, Value(i == 0));
        d.emplace_back(k_last, Value(i == length - 1));
        d.emplace_back(k_length, Value(length));
        d.emplace_back(k_depth, Value(int64_t(1)));
        d.emplace_back(k_depth0, Value(int64_t(0)));
        if (i > 0) d.emplace_back(k_previtem, items[size_t(i - 1)]);
        if (i + 1 < length) d.emplace_back(k_nextitem, items[size_t(i + 1)]);
        d.emplace_back(k_cycle, cycle);
        inner->set("loop", loop);
        Flow f = exec_body(n.kids, inner, out);
        if (f == Flow::Break) break;
    }
}

void Interpreter::exec_set(const Node& n, const ScopePtr& scope) {
    Value v = eval(*n.a, scope);
    if (!n.name.empty()) {
        const Value* target = scope->find(n.names[0]);
        if (!target || !target->is_dict() || !target->dict_data().is_namespace)
            fail(n, "cannot assign attribute on non-namespace object");
        target->dict_data().set(Value(n.name), v);
        return;
    }
    std::vector<std::pair<std::string, Value>> bound;
    try {
        unpack(n.names, v, bound);
    } catch (const std::exception& e) {
        fail(n, e.what());
    }
    for (auto& [k, x] : bound) scope->set(k, x);
}

Value Interpreter::make_macro(const Node& n, const ScopePtr& scope) {
    std::weak_ptr<Scope> weak = scope;
    return Value::function(n.name, [this, &n, weak](CallArgs& a) -> Value {
        ScopePtr defining = weak.lock();
        if (!defining) throw std::runtime_error("macro '" + n.name + "' called outside its scope");
        return call_macro(n, defining, a);
    });
}

Value Interpreter::call_macro(const Node& n, const ScopePtr& defining, CallArgs& args) {
    if (call_depth_ >= limits_.max_call_depth) fail(n, "maximum macro call depth exceeded");
    struct DepthGuard {
        int& d;
        ~DepthGuard() { --d; }
    } guard{++call_depth_};
    auto scope = std::make_shared<Scope>(defining);
    for (size_t i = 0; i < n.names.size(); ++i) {
        const std::string& p = n.names[i];
        if (args.has(i, p))
            scope->set(p, args.get(i, p));
        else if (n.kids2[i])
            scope->set(p, eval(*n.kids2[i], scope));
        else
            scope->set(p, Value::undefined("'" + p + "' is undefined"));
    }
    std::vector<Value> varargs;
    for (size_t i = n.names.size(); i < args.pos.size(); ++i) varargs.push_back(args.pos[i]);
    Value kwargs = Value::dict();
    for (const auto& [k, v] : args.kw) {
        bool is_param = false;
        for (const auto& p : n.names) is_param = is_param || p == k;
        if (k == "caller")
            scope->set("caller", v);
        else if (!is_param)
            kwargs.dict_data().set(Value(k), v);
    }
    scope->set("varargs", Value::list(std::move(varargs), true));
    scope->set("kwargs", kwargs);
    PStr buf;
    exec_body(n.kids, scope, buf);
    return Value(std::move(buf));
}

CallArgs Interpreter::eval_args(const Node& n, const ScopePtr& scope, size_t first) {
    CallArgs args;
    args.line = n.line;
    for (size_t i = first; i < n.kids.size(); ++i) args.pos.push_back(eval(*n.kids[i], scope));
    for (size_t i = 0; i < n.names.size(); ++i)
        args.kw.emplace_back(n.names[i], eval(*n.kids2[i], scope));
    return args;
}

Value Interpreter::call(const Value& callee, CallArgs& args, const Node& n) {
    if (callee.is_undefined()) fail(n, undefined_message(callee));
    if (!callee.is_func()) fail(n, "'" + callee.type_name() + "' object is not callable");
    try {
        return callee.func_data().fn(args);
    } catch (const TemplateError&) {
        throw;
    } catch (const std::exception& e) {
        fail(n, e.what());
    }
}

Value Interpreter::apply_filter_node(const Node& f, const Value& input, const ScopePtr& scope) {
    CallArgs args = eval_args(f, scope);
    try {
        return apply_filter(f.name, input, args);
    } catch (const TemplateError&) {
        throw;
    } catch (const std::exception& e) {
        fail(f, e.what());
    }
}

Value Interpreter::eval(const Node& n, const ScopePtr& scope) {
    step(n);
    try {
        Value v = eval_inner(n, scope);
        // Charge for the bytes and items produced, so repeated big concatenations hit the limit.
        if (v.is_string())
            steps_ += v.text().size() / 256;
        else if (v.is_list())
            steps_ += v.list_data().items.size() / 16;
        return v;
    } catch (const TemplateError&) {
        throw;
    } catch (const std::exception& e) {
        fail(n, e.what());
    }
}

Value Interpreter::eval_inner(const Node& n, const ScopePtr& scope) {
    switch (n.kind) {
        case NodeKind::Const: return n.value;
        case NodeKind::Name: {
            const Value* v = scope->find(n.name);
            return v ? *v : Value::undefined("'" + n.name + "' is undefined");
        }
        case NodeKind::ListLit:
        case NodeKind::TupleLit: {
            std::vector<Value> items;
            for (const auto& k : n.kids) items.push_back(eval(*k, scope));
            return Value::list(std::move(items), n.kind == NodeKind::TupleLit);
        }
        case NodeKind::DictLit: {
            Value d = Value::dict();
            for (size_t i = 0; i < n.kids.size(); ++i)
                d.dict_data().set(eval(*n.kids[i], scope), eval(*n.kids2[i], scope));
            return d;
        }
        case NodeKind::GetAttr: return get_attribute(eval(*n.a, scope), n.name);
        case NodeKind::GetItem: return get_item(eval(*n.a, scope), eval(*n.b, scope));
        case NodeKind::Slice: {
            Value obj = eval(*n.a, scope);
            Value b = n.b ? eval(*n.b, scope) : Value::none();
            Value c = n.c ? eval(*n.c, scope) : Value::none();
            Value d = n.d ? eval(*n.d, scope) : Value::none();
            return slice_value(obj, b, c, d);
        }
        case NodeKind::Call: {
            Value callee = eval(*n.a, scope);
            CallArgs args = eval_args(n, scope);
            return call(callee, args, n);
        }
        case NodeKind::Filter: return apply_filter_node(n, eval(*n.a, scope), scope);
        case NodeKind::Test: {
            Value input = eval(*n.a, scope);
            CallArgs args = eval_args(n, scope);
            return Value(apply_test(n.name, input, args) != n.flag);
        }
        case NodeKind::Unary: {
            Value v = eval(*n.a, scope);
            if (n.name == "not") return Value(!v.truthy());
            if (n.name == "-") return unary_minus(v);
            if (!v.is_number())
                throw std::runtime_error("bad operand type for unary +: '" + v.type_name() + "'");
            return v.is_bool() ? Value(v.as_int()) : v;
        }
        case NodeKind::Binary: {
            const std::string& op = n.name;
            if (op == "and") {
                Value l = eval(*n.a, scope);
                return l.truthy() ? eval(*n.b, scope) : l;
            }
            if (op == "or") {
                Value l = eval(*n.a, scope);
                return l.truthy() ? l : eval(*n.b, scope);
            }
            Value l = eval(*n.a, scope);
            Value r = eval(*n.b, scope);
            if (op == "in") return Value(py_contains(r, l));
            if (op == "notin") return Value(!py_contains(r, l));
            if (op == "==") return Value(py_equal(l, r));
            if (op == "!=") return Value(!py_equal(l, r));
            if (op == "<" || op == "<=" || op == ">" || op == ">=") {
                if (l.is_undefined() || r.is_undefined())
                    throw std::runtime_error(undefined_message(l.is_undefined() ? l : r));
                int c = py_compare(l, r);
                return Value(op == "<" ? c < 0 : op == "<=" ? c <= 0 : op == ">" ? c > 0 : c >= 0);
            }
            return binary_op(op, l, r);
        }
        case NodeKind::CondExpr:
            if (eval(*n.b, scope).truthy()) return eval(*n.a, scope);
            return n.c ? eval(*n.c, scope)
                       : Value::undefined("conditional expression had no else branch");
        default: fail(n, "statement used as an expression");
    }
}

}  // namespace siliang::chat::jinja
