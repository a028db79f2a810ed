// Syntax tree of a Jinja template: one node type, fields used per kind as documented.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "chat/jinja_value.h"

namespace siliang::chat::jinja {

enum class NodeKind {
    // expressions
    Const,     // value
    Name,      // name
    ListLit,   // kids = elements
    TupleLit,  // kids = elements
    DictLit,   // kids = keys, kids2 = values
    GetAttr,   // a = object, name = attribute
    GetItem,   // a = object, b = key
    Slice,     // a = object, b/c/d = start/stop/step (may be null)
    Call,      // a = callee, kids = positional, names/kids2 = keyword arguments
    Filter,    // a = input (null inside a filter block), name, kids/names/kids2 = arguments
    Test,      // a = input, name, kids = arguments, flag = negated
    Unary,     // name = "-", "+", "not"; a = operand
    Binary,    // name = operator (+ - * / // % ** ~ and or in notin == != < <= > >=); a, b
    CondExpr,  // a = value, b = condition, c = else value (may be null)
    // statements
    Text,         // value = literal text
    Output,       // a = expression
    If,           // kids = conditions, kids2 = bodies (one more than kids when there is an else)
    For,          // names = targets, a = iterable, b = filter condition, kids = body, kids2 = else
    Set,          // names = targets (or name+"."+attr via attr), a = value, name = namespace attr
    SetBlock,     // names[0] = target, kids = body, kids2 = filters (Filter nodes, a = null)
    Macro,        // name, names = params, kids2 = defaults (null entries), kids = body
    CallBlock,    // a = Call expression, names/kids2 = caller params/defaults, kids = body
    FilterBlock,  // kids2 = filters (Filter nodes, a = null), kids = body
    With,         // names/kids2 = assignments, kids = body
    Break,
    Continue,
    Body,  // kids = statements (generation blocks parse to this)
};

struct Node;
using NodePtr = std::unique_ptr<Node>;

struct Node {
    NodeKind kind;
    int line = 0;
    std::string name;
    Value value;
    NodePtr a, b, c, d;
    std::vector<NodePtr> kids;
    std::vector<NodePtr> kids2;
    std::vector<std::string> names;
    bool flag = false;
    int height = 1;  // expression tree height, bounded by the parser

    Node(NodeKind k, int l) : kind(k), line(l) {}
};

}  // namespace siliang::chat::jinja
