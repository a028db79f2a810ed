// Tree-walking evaluator for parsed Jinja templates, with scoping like Jinja2 and resource limits.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "chat/jinja_ast.h"
#include "chat/jinja_value.h"

namespace siliang::chat::jinja {

struct Limits {
    size_t max_output_bytes = 32u << 20;
    uint64_t max_steps = 5'000'000;  // statements + expressions evaluated
    int max_call_depth = 64;         // nested macro calls
};

class Interpreter {
public:
    Interpreter(std::string name, Limits limits = {});
    // Renders `root` (a Body) with the given global variables. Throws TemplateError.
    PStr render(const Node& root, const std::vector<std::pair<std::string, Value>>& globals);

private:
    struct Scope;
    using ScopePtr = std::shared_ptr<Scope>;
    enum class Flow { Normal, Break, Continue };

    Flow exec_body(const std::vector<NodePtr>& body, const ScopePtr& scope, PStr& out);
    Flow exec(const Node& n, const ScopePtr& scope, PStr& out);
    void exec_for(const Node& n, const ScopePtr& scope, PStr& out);
    void exec_set(const Node& n, const ScopePtr& scope);
    Value make_macro(const Node& n, const ScopePtr& scope);
    Value call_macro(const Node& n, const ScopePtr& defining, CallArgs& args);
    Value eval(const Node& n, const ScopePtr& scope);
    Value eval_inner(const Node& n, const ScopePtr& scope);
    CallArgs eval_args(const Node& n, const ScopePtr& scope, size_t first = 0);
    Value call(const Value& callee, CallArgs& args, const Node& n);
    Value apply_filter_node(const Node& f, const Value& input, const ScopePtr& scope);
    void step(const Node& n);
    void append(PStr& out, const PStr& piece, const Node& n);
    [[noreturn]] void fail(const Node& n, const std::string& message) const;

    std::string name_;
    Limits limits_;
    uint64_t steps_ = 0;
    int call_depth_ = 0;
};

}  // namespace siliang::chat::jinja
