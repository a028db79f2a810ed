#include "chat/jinja_parser.h"

#include "chat/jinja_filters.h"
#include "chat/jinja_parser_impl.h"

namespace siliang::chat::jinja {

std::vector<NodePtr> Parser::subparse(std::initializer_list<std::string_view> end_names) {
    DepthGuard guard(*this);
    std::vector<NodePtr> body;
    while (cur().type != Tok::Eof) {
        if (cur().type == Tok::Text) {
            auto n = node(NodeKind::Text);
            n->value = Value(cur().text);
            body.push_back(std::move(n));
            next();
        } else if (cur().type == Tok::VarBegin) {
            next();
            auto n = node(NodeKind::Output);
            n->a = parse_tuple();
            if (cur().type != Tok::VarEnd)
                fail("expected end of print statement, got " + describe(cur()));
            next();
            body.push_back(std::move(n));
        } else if (cur().type == Tok::BlockBegin) {
            const Token& kw = peek();
            if (kw.type != Tok::Name) {
                next();
                fail("expected a statement name, got " + describe(cur()));
            }
            for (auto e : end_names)
                if (kw.text == e) return body;
            next();
            body.push_back(parse_statement());
        } else {
            fail("unexpected " + describe(cur()));
        }
    }
    if (end_names.size() > 0) {
        std::string expected;
        for (auto e : end_names)
            expected += (expected.empty() ? "'" : " or '") + std::string(e) + "'";
        fail("unexpected end of template, expected " + expected);
    }
    return body;
}

void Parser::end_tag(std::string_view name) {
    next();  // BlockBegin
    if (!is_name(name)) fail("expected '" + std::string(name) + "'");
    next();
    expect_block_end();
}

NodePtr Parser::parse_statement() {
    std::string kw = cur().text;
    int line = cur().line;
    next();
    NodePtr n;
    if (kw == "if")
        n = parse_if(line);
    else if (kw == "for")
        n = parse_for(line);
    else if (kw == "set")
        n = parse_set(line);
    else if (kw == "macro")
        n = parse_macro(line);
    else if (kw == "call")
        n = parse_call_block(line);
    else if (kw == "filter")
        n = parse_filter_block(line);
    else if (kw == "with")
        n = parse_with(line);
    else if (kw == "generation") {
        expect_block_end();
        n = std::make_unique<Node>(NodeKind::Body, line);
        n->kids = subparse({"endgeneration"});
        end_tag("endgeneration");
    } else if (kw == "break" || kw == "continue") {
        if (loop_depth_ == 0) throw TemplateError(name_, line, "'" + kw + "' outside of a loop");
        n = std::make_unique<Node>(kw == "break" ? NodeKind::Break : NodeKind::Continue, line);
        expect_block_end();
    } else {
        throw TemplateError(name_, line, "unsupported or unknown tag '" + kw + "'");
    }
    return n;
}

NodePtr Parser::parse_if(int line) {
    auto n = std::make_unique<Node>(NodeKind::If, line);
    SoftGuard soft(*this, true);
    while (true) {
        n->kids.push_back(parse_tuple());
        expect_block_end();
        auto body = std::make_unique<Node>(NodeKind::Body, line);
        body->kids = subparse({"elif", "else", "endif"});
        n->kids2.push_back(std::move(body));
        std::string which = block_name();
        next();  // BlockBegin
        next();  // name
        if (which == "elif") continue;
        if (which == "else") {
            expect_block_end();
            auto else_body = std::make_unique<Node>(NodeKind::Body, cur().line);
            else_body->kids = subparse({"endif"});
            n->kids2.push_back(std::move(else_body));
            end_tag("endif");
        } else {
            expect_block_end();
        }
        return n;
    }
}

std::vector<std::string> Parser::parse_targets() {
    std::vector<std::string> names;
    bool paren = is_op("(");
    if (paren) next();
    names.push_back(expect_name());
    while (is_op(",")) {
        next();
        if (cur().type != Tok::Name) break;
        names.push_back(expect_name());
    }
    if (paren) expect_op(")");
    return names;
}

NodePtr Parser::parse_for(int line) {
    auto n = std::make_unique<Node>(NodeKind::For, line);
    n->names = parse_targets();
    if (!is_name("in")) fail("expected 'in' in for loop");
    next();
    n->a = parse_tuple(false);
    if (is_name("if")) {
        next();
        n->b = parse_expression();
    }
    if (is_name("recursive")) fail("recursive for loops are not supported");
    expect_block_end();
    SoftGuard hard(*this, false);
    ++loop_depth_;
    n->kids = subparse({"endfor", "else"});
    --loop_depth_;
    if (block_name() == "else") {
        end_tag("else");
        n->kids2 = subparse({"endfor"});
    }
    end_tag("endfor");
    return n;
}

NodePtr Parser::parse_set(int line) {
    std::string target = expect_name();
    std::string attr;
    std::vector<std::string> targets{target};
    if (is_op(".")) {
        next();
        attr = expect_name();
    } else if (is_op(",")) {
        next();
        while (cur().type == Tok::Name) {
            targets.push_back(expect_name());
            if (!is_op(",")) break;
            next();
        }
    }
    if (is_op("=")) {
        next();
        auto n = std::make_unique<Node>(NodeKind::Set, line);
        n->names = targets;
        n->name = attr;
        n->a = parse_tuple();
        expect_block_end();
        return n;
    }
    if (!attr.empty() || targets.size() > 1) fail("expected '=' in set statement");
    auto n = std::make_unique<Node>(NodeKind::SetBlock, line);
    n->names = targets;
    while (is_op("|")) {
        next();
        n->kids2.push_back(parse_filter(nullptr));
    }
    expect_block_end();
    SoftGuard hard(*this, false);
    n->kids = subparse({"endset"});
    end_tag("endset");
    return n;
}

void Parser::parse_params(Node& n) {
    expect_op("(");
    while (!is_op(")")) {
        if (!n.names.empty()) expect_op(",");
        if (is_op(")")) break;
        n.names.push_back(expect_name());
        if (is_op("=")) {
            next();
            n.kids2.push_back(parse_expression());
        } else {
            n.kids2.push_back(nullptr);
        }
    }
    next();
}

NodePtr Parser::parse_macro(int line) {
    auto n = std::make_unique<Node>(NodeKind::Macro, line);
    n->name = expect_name();
    parse_params(*n);
    expect_block_end();
    SoftGuard hard(*this, false);
    int saved_loops = loop_depth_;
    loop_depth_ = 0;
    n->kids = subparse({"endmacro"});
    loop_depth_ = saved_loops;
    end_tag("endmacro");
    return n;
}

NodePtr Parser::parse_call_block(int line) {
    auto n = std::make_unique<Node>(NodeKind::CallBlock, line);
    if (is_op("(")) parse_params(*n);
    n->a = parse_expression();
    if (n->a->kind != NodeKind::Call)
        throw TemplateError(name_, line, "expected a call in call block");
    expect_block_end();
    SoftGuard hard(*this, false);
    n->kids = subparse({"endcall"});
    end_tag("endcall");
    return n;
}

NodePtr Parser::parse_filter_block(int line) {
    auto n = std::make_unique<Node>(NodeKind::FilterBlock, line);
    n->kids2.push_back(parse_filter(nullptr));
    while (is_op("|")) {
        next();
        n->kids2.push_back(parse_filter(nullptr));
    }
    expect_block_end();
    SoftGuard hard(*this, false);
    n->kids = subparse({"endfilter"});
    end_tag("endfilter");
    return n;
}

NodePtr Parser::parse_with(int line) {
    auto n = std::make_unique<Node>(NodeKind::With, line);
    while (cur().type != Tok::BlockEnd) {
        if (!n->names.empty()) expect_op(",");
        n->names.push_back(expect_name());
        expect_op("=");
        n->kids2.push_back(parse_expression());
    }
    expect_block_end();
    SoftGuard hard(*this, false);
    n->kids = subparse({"endwith"});
    end_tag("endwith");
    return n;
}

NodePtr parse_template(std::string_view source, const std::string& name) {
    return Parser(tokenize(source, name), name).parse_all();
}

}  // namespace siliang::chat::jinja
