// Expression grammar of the Jinja parser, following Jinja2's precedence:
// conditional < or < and < not < comparison < + - < ~ < * / // % < ** < unary < postfix/filters.
#include "chat/jinja_filters.h"
#include "chat/jinja_parser_impl.h"

namespace siliang::chat::jinja {

NodePtr Parser::parse_tuple(bool with_condexpr) {
    int line = cur().line;
    NodePtr first = with_condexpr ? parse_expression() : parse_or();
    if (!is_op(",")) return first;
    auto t = std::make_unique<Node>(NodeKind::TupleLit, line);
    t->kids.push_back(std::move(first));
    while (is_op(",")) {
        next();
        if (cur().type == Tok::VarEnd || cur().type == Tok::BlockEnd || is_op(")") ||
            is_name("if") || is_name("in"))
            break;
        t->kids.push_back(with_condexpr ? parse_expression() : parse_or());
    }
    return seal(std::move(t));
}

NodePtr Parser::parse_expression() {
    DepthGuard guard(*this);
    NodePtr expr = parse_or();
    while (is_name("if")) {
        auto n = node(NodeKind::CondExpr);
        next();
        SoftGuard soft(*this, true);
        n->a = std::move(expr);
        n->b = parse_or();
        if (is_name("else")) {
            next();
            n->c = parse_expression();
        }
        expr = seal(std::move(n));
    }
    return expr;
}

NodePtr Parser::binary(std::string op, NodePtr l, NodePtr r, int line) {
    auto n = std::make_unique<Node>(NodeKind::Binary, line);
    n->name = std::move(op);
    n->a = std::move(l);
    n->b = std::move(r);
    return seal(std::move(n));
}

NodePtr Parser::parse_or() {
    NodePtr l = parse_and();
    while (is_name("or")) {
        int line = cur().line;
        next();
        l = binary("or", std::move(l), parse_and(), line);
    }
    return l;
}

NodePtr Parser::parse_and() {
    NodePtr l = parse_not();
    while (is_name("and")) {
        int line = cur().line;
        next();
        l = binary("and", std::move(l), parse_not(), line);
    }
    return l;
}

NodePtr Parser::parse_not() {
    if (is_name("not")) {
        DepthGuard guard(*this);
        auto n = node(NodeKind::Unary);
        n->name = "not";
        next();
        n->a = parse_not();
        return seal(std::move(n));
    }
    return parse_compare();
}

NodePtr Parser::parse_compare() {
    NodePtr l = parse_math1();
    NodePtr result;
    while (true) {
        std::string op;
        int line = cur().line;
        if (cur().type == Tok::Op &&
            (cur().text == "==" || cur().text == "!=" || cur().text == "<" || cur().text == "<=" ||
             cur().text == ">" || cur().text == ">=")) {
            op = cur().text;
            next();
        } else if (is_name("in")) {
            op = "in";
            next();
        } else if (is_name("not") && peek().type == Tok::Name && peek().text == "in") {
            op = "notin";
            next();
            next();
        } else {
            break;
        }
        NodePtr r = parse_math1();
        // a < b < c  ==  (a < b) and (b < c); the middle operand is re-parsed as a copy.
        if (result) {
            NodePtr l2 = clone(*l);
            auto cmp = binary(op, std::move(l2), clone(*r), line);
            result = binary("and", std::move(result), std::move(cmp), line);
        } else {
            result = binary(op, clone(*l), clone(*r), line);
        }
        l = std::move(r);
    }
    return result ? std::move(result) : std::move(l);
}

NodePtr Parser::clone(const Node& n) {
    auto c = std::make_unique<Node>(n.kind, n.line);
    c->name = n.name;
    c->value = n.value;
    c->flag = n.flag;
    c->names = n.names;
    if (n.a) c->a = clone(*n.a);
    if (n.b) c->b = clone(*n.b);
    if (n.c) c->c = clone(*n.c);
    if (n.d) c->d = clone(*n.d);
    for (const auto& k : n.kids) c->kids.push_back(k ? clone(*k) : nullptr);
    for (const auto& k : n.kids2) c->kids2.push_back(k ? clone(*k) : nullptr);
    return c;
}

NodePtr Parser::parse_concat() {
    NodePtr l = parse_math2();
    while (is_op("~")) {
        int line = cur().line;
        next();
        l = binary("~", std::move(l), parse_math2(), line);
    }
    return l;
}

NodePtr Parser::parse_pow() {
    NodePtr l = parse_unary();
    while (is_op("**")) {
        int line = cur().line;
        next();
        l = binary("**", std::move(l), parse_unary(), line);
    }
    return l;
}

NodePtr Parser::parse_unary(bool with_filter) {
    DepthGuard guard(*this);
    NodePtr n;
    if (is_op("-") || is_op("+")) {
        n = node(NodeKind::Unary);
        n->name = cur().text;
        next();
        n->a = parse_unary(false);
    } else {
        n = parse_primary();
    }
    n = parse_postfix(std::move(n));
    if (with_filter) n = parse_filter_expr(std::move(n));
    return seal(std::move(n));
}

NodePtr Parser::parse_primary() {
    const Token& t = cur();
    if (t.type == Tok::Name) {
        auto n = node(NodeKind::Const);
        if (t.text == "true" || t.text == "True")
            n->value = Value(true);
        else if (t.text == "false" || t.text == "False")
            n->value = Value(false);
        else if (t.text == "none" || t.text == "None")
            n->value = Value::none();
        else {
            n->kind = NodeKind::Name;
            n->name = t.text;
        }
        next();
        return n;
    }
    if (t.type == Tok::String) {
        auto n = node(NodeKind::Const);
        std::string s;
        while (cur().type == Tok::String) {
            s += cur().text;
            next();
        }
        n->value = Value(s);
        return n;
    }
    if (t.type == Tok::Int || t.type == Tok::Float) {
        auto n = node(NodeKind::Const);
        n->value = t.type == Tok::Int ? Value(t.int_value) : Value(t.float_value);
        next();
        return n;
    }
    if (is_op("(")) {
        int line = t.line;
        next();
        if (is_op(")")) {
            next();
            return std::make_unique<Node>(NodeKind::TupleLit, line);
        }
        NodePtr inner = parse_tuple();
        if (inner->kind == NodeKind::TupleLit) inner->flag = true;
        expect_op(")");
        return inner;
    }
    if (is_op("[")) {
        auto n = node(NodeKind::ListLit);
        next();
        while (!is_op("]")) {
            if (!n->kids.empty()) expect_op(",");
            if (is_op("]")) break;
            n->kids.push_back(parse_expression());
        }
        next();
        return seal(std::move(n));
    }
    if (is_op("{")) {
        auto n = node(NodeKind::DictLit);
        next();
        while (!is_op("}")) {
            if (!n->kids.empty()) expect_op(",");
            if (is_op("}")) break;
            n->kids.push_back(parse_expression());
            expect_op(":");
            n->kids2.push_back(parse_expression());
        }
        next();
        return seal(std::move(n));
    }
    fail("unexpected " + describe(t));
}

NodePtr Parser::parse_postfix(NodePtr n) {
    while (true) {
        if (is_op(".")) {
            next();
            if (cur().type == Tok::Name) {
                auto g = node(NodeKind::GetAttr);
                g->name = cur().text;
                g->a = std::move(n);
                next();
                n = seal(std::move(g));
            } else if (cur().type == Tok::Int) {
                auto g = node(NodeKind::GetItem);
                g->a = std::move(n);
                g->b = node(NodeKind::Const);
                g->b->value = Value(cur().int_value);
                next();
                n = seal(std::move(g));
            } else {
                fail("expected an attribute name after '.'");
            }
        } else if (is_op("[")) {
            n = seal(parse_subscript(std::move(n)));
        } else if (is_op("(")) {
            n = seal(parse_call(std::move(n)));
        } else {
            return n;
        }
    }
}

NodePtr Parser::parse_subscript(NodePtr obj) {
    int line = cur().line;
    next();  // [
    NodePtr parts[3];
    int part = 0;
    bool is_slice = false;
    while (!is_op("]")) {
        if (is_op(":")) {
            is_slice = true;
            if (++part > 2) fail("invalid slice");
            next();
            continue;
        }
        if (parts[part]) fail("expected ']' in subscript");
        parts[part] = parse_tuple();
    }
    next();
    if (!is_slice) {
        if (!parts[0]) fail("empty subscript");
        auto g = std::make_unique<Node>(NodeKind::GetItem, line);
        g->a = std::move(obj);
        g->b = std::move(parts[0]);
        return g;
    }
    auto s = std::make_unique<Node>(NodeKind::Slice, line);
    s->a = std::move(obj);
    s->b = std::move(parts[0]);
    s->c = std::move(parts[1]);
    s->d = std::move(parts[2]);
    return s;
}

void Parser::parse_call_args(Node& n) {
    expect_op("(");
    bool first = true;
    while (!is_op(")")) {
        if (!first) expect_op(",");
        first = false;
        if (is_op(")")) break;
        if (is_op("*") || is_op("**")) fail("*args and **kwargs in calls are not supported");
        if (cur().type == Tok::Name && peek().type == Tok::Op && peek().text == "=") {
            n.names.push_back(cur().text);
            next();
            next();
            n.kids2.push_back(parse_expression());
        } else {
            if (!n.names.empty()) fail("positional argument follows keyword argument");
            n.kids.push_back(parse_expression());
        }
    }
    next();
}

NodePtr Parser::parse_call(NodePtr callee) {
    auto n = node(NodeKind::Call);
    n->a = std::move(callee);
    parse_call_args(*n);
    return n;
}

NodePtr Parser::parse_filter(NodePtr input) {
    auto n = node(NodeKind::Filter);
    n->name = expect_name();
    while (is_op(".")) {
        next();
        n->name += "." + expect_name();
    }
    if (!soft_ && !is_known_filter(n->name)) fail("no filter named '" + n->name + "'");
    n->a = std::move(input);
    if (is_op("(")) parse_call_args(*n);
    return n;
}

NodePtr Parser::parse_filter_expr(NodePtr n) {
    while (true) {
        if (is_op("|")) {
            next();
            n = seal(parse_filter(std::move(n)));
        } else if (is_name("is")) {
            n = seal(parse_test(std::move(n)));
        } else if (is_op("(")) {
            n = seal(parse_call(std::move(n)));
        } else {
            return n;
        }
    }
}

NodePtr Parser::parse_test(NodePtr input) {
    auto n = node(NodeKind::Test);
    next();  // is
    if (is_name("not")) {
        n->flag = true;
        next();
    }
    n->name = expect_name();
    while (is_op(".")) {
        next();
        n->name += "." + expect_name();
    }
    if (!soft_ && !is_known_test(n->name)) fail("no test named '" + n->name + "'");
    n->a = std::move(input);
    if (is_op("(")) {
        parse_call_args(*n);
    } else if ((cur().type == Tok::Name || cur().type == Tok::String || cur().type == Tok::Int ||
                cur().type == Tok::Float || is_op("[") || is_op("{")) &&
               !is_name("else") && !is_name("or") && !is_name("and")) {
        if (is_name("is")) fail("you cannot chain multiple tests with is");
        n->kids.push_back(parse_postfix(parse_primary()));
    }
    return n;
}

NodePtr Parser::parse_math1() {
    NodePtr l = parse_concat();
    while (is_op("+") || is_op("-")) {
        std::string op = cur().text;
        int line = cur().line;
        next();
        l = binary(op, std::move(l), parse_concat(), line);
    }
    return l;
}

NodePtr Parser::parse_math2() {
    NodePtr l = parse_pow();
    while (is_op("*") || is_op("/") || is_op("//") || is_op("%")) {
        std::string op = cur().text;
        int line = cur().line;
        next();
        l = binary(op, std::move(l), parse_pow(), line);
    }
    return l;
}

}  // namespace siliang::chat::jinja
