// Internal to the Jinja parser: the Parser class shared by jinja_parser.cpp (statements) and
// jinja_expr_parser.cpp (expressions). Not part of the engine's public API.
#pragma once

#include <algorithm>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "chat/jinja_ast.h"
#include "chat/jinja_lexer.h"
#include "chat/template_error.h"

namespace siliang::chat::jinja {

constexpr int kMaxNesting = 128;
constexpr int kMaxExpressionHeight = 200;  // keeps evaluation recursion shallow

class Parser {
public:
    Parser(std::vector<Token> tokens, const std::string& name)
        : toks_(std::move(tokens)), name_(name) {}

    NodePtr parse_all() {
        auto body = std::make_unique<Node>(NodeKind::Body, 1);
        body->kids = subparse({});
        if (cur().type != Tok::Eof) fail("unexpected '" + cur().text + "'");
        return body;
    }

private:
    // ------------------------------------------------------------ token helpers
    const Token& cur() const { return toks_[pos_]; }
    const Token& peek(size_t n = 1) const { return toks_[std::min(pos_ + n, toks_.size() - 1)]; }
    void next() {
        if (pos_ + 1 < toks_.size()) ++pos_;
    }
    bool is_op(std::string_view op) const { return cur().type == Tok::Op && cur().text == op; }
    bool is_name(std::string_view n) const { return cur().type == Tok::Name && cur().text == n; }
    [[noreturn]] void fail(const std::string& msg) const {
        throw TemplateError(name_, cur().line, msg);
    }
    static std::string describe(const Token& t) {
        switch (t.type) {
            case Tok::Eof: return "end of template";
            case Tok::BlockEnd: return "end of statement block";
            case Tok::VarEnd: return "end of print statement";
            case Tok::Text: return "template text";
            case Tok::String: return "string";
            default: return "'" + t.text + "'";
        }
    }
    void expect_op(std::string_view op) {
        if (!is_op(op)) fail("expected '" + std::string(op) + "', got " + describe(cur()));
        next();
    }
    std::string expect_name() {
        if (cur().type != Tok::Name) fail("expected a name, got " + describe(cur()));
        std::string n = cur().text;
        next();
        return n;
    }
    void expect_block_end() {
        if (cur().type != Tok::BlockEnd)
            fail("expected end of statement block, got " + describe(cur()));
        next();
    }
    NodePtr node(NodeKind k) { return std::make_unique<Node>(k, cur().line); }

    // Records the height of an expression node and rejects absurdly deep trees (1+1+1+...).
    NodePtr seal(NodePtr n) {
        int h = 0;
        for (const Node* c : {n->a.get(), n->b.get(), n->c.get(), n->d.get()})
            if (c) h = std::max(h, c->height);
        for (const auto& k : n->kids)
            if (k) h = std::max(h, k->height);
        for (const auto& k : n->kids2)
            if (k) h = std::max(h, k->height);
        n->height = h + 1;
        if (n->height > kMaxExpressionHeight)
            throw TemplateError(name_, n->line, "expression nested too deeply");
        return n;
    }

    struct DepthGuard {
        Parser& p;
        explicit DepthGuard(Parser& parser) : p(parser) {
            if (++p.depth_ > kMaxNesting) p.fail("template nesting too deep");
        }
        ~DepthGuard() { --p.depth_; }
    };
    struct SoftGuard {  // inside if/elif/else and conditional expressions (Jinja2's soft frames)
        Parser& p;
        bool saved;
        SoftGuard(Parser& parser, bool soft) : p(parser), saved(parser.soft_) { p.soft_ = soft; }
        ~SoftGuard() { p.soft_ = saved; }
    };

    std::string block_name() const { return peek().text; }  // at BlockBegin

    std::vector<Token> toks_;
    size_t pos_ = 0;
    const std::string& name_;
    int depth_ = 0;
    int loop_depth_ = 0;
    bool soft_ = false;

    // statements (jinja_parser.cpp)
    std::vector<NodePtr> subparse(std::initializer_list<std::string_view> end_names);
    void end_tag(std::string_view name);  // at BlockBegin: consumes `{% name %}`
    NodePtr parse_statement();
    NodePtr parse_if(int line);
    std::vector<std::string> parse_targets();
    NodePtr parse_for(int line);
    NodePtr parse_set(int line);
    void parse_params(Node& n);
    NodePtr parse_macro(int line);
    NodePtr parse_call_block(int line);
    NodePtr parse_filter_block(int line);
    NodePtr parse_with(int line);

    // expressions (jinja_expr_parser.cpp)
    NodePtr parse_tuple(bool with_condexpr = true);
    NodePtr parse_expression();
    NodePtr binary(std::string op, NodePtr l, NodePtr r, int line);
    NodePtr parse_or();
    NodePtr parse_and();
    NodePtr parse_not();
    NodePtr parse_compare();
    static NodePtr clone(const Node& n);
    NodePtr parse_math1();
    NodePtr parse_concat();
    NodePtr parse_math2();
    NodePtr parse_pow();
    NodePtr parse_unary(bool with_filter = true);
    NodePtr parse_primary();
    NodePtr parse_postfix(NodePtr n);
    NodePtr parse_subscript(NodePtr obj);
    void parse_call_args(Node& n);
    NodePtr parse_call(NodePtr callee);
    NodePtr parse_filter(NodePtr input);  // after `|` (input null in filter blocks)
    NodePtr parse_filter_expr(NodePtr n);
    NodePtr parse_test(NodePtr input);
};

}  // namespace siliang::chat::jinja
