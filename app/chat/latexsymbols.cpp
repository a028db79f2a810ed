#include "latexsymbols.h"

#include <QHash>

namespace siliang::app::latex {

namespace {

struct Entry {
    const char* command;
    const char16_t* symbol;
};

// What reasoning models write most: Greek, relations, operators, arrows, sets, logic,
// big operators, delimiters and spacing.
constexpr Entry kSymbols[] = {
    {"alpha", u"α"},
    {"beta", u"β"},
    {"gamma", u"γ"},
    {"delta", u"δ"},
    {"epsilon", u"ϵ"},
    {"varepsilon", u"ε"},
    {"zeta", u"ζ"},
    {"eta", u"η"},
    {"theta", u"θ"},
    {"vartheta", u"ϑ"},
    {"iota", u"ι"},
    {"kappa", u"κ"},
    {"lambda", u"λ"},
    {"mu", u"μ"},
    {"nu", u"ν"},
    {"xi", u"ξ"},
    {"pi", u"π"},
    {"varpi", u"ϖ"},
    {"rho", u"ρ"},
    {"varrho", u"ϱ"},
    {"sigma", u"σ"},
    {"varsigma", u"ς"},
    {"tau", u"τ"},
    {"upsilon", u"υ"},
    {"phi", u"ϕ"},
    {"varphi", u"φ"},
    {"chi", u"χ"},
    {"psi", u"ψ"},
    {"omega", u"ω"},
    {"Gamma", u"Γ"},
    {"Delta", u"Δ"},
    {"Theta", u"Θ"},
    {"Lambda", u"Λ"},
    {"Xi", u"Ξ"},
    {"Pi", u"Π"},
    {"Sigma", u"Σ"},
    {"Upsilon", u"Υ"},
    {"Phi", u"Φ"},
    {"Psi", u"Ψ"},
    {"Omega", u"Ω"},
    // operators and relations
    {"times", u"×"},
    {"cdot", u"·"},
    {"cdotp", u"·"},
    {"div", u"÷"},
    {"pm", u"±"},
    {"mp", u"∓"},
    {"ast", u"∗"},
    {"star", u"⋆"},
    {"circ", u"∘"},
    {"bullet", u"•"},
    {"oplus", u"⊕"},
    {"otimes", u"⊗"},
    {"odot", u"⊙"},
    {"leq", u"≤"},
    {"le", u"≤"},
    {"leqslant", u"⩽"},
    {"geq", u"≥"},
    {"ge", u"≥"},
    {"geqslant", u"⩾"},
    {"neq", u"≠"},
    {"ne", u"≠"},
    {"approx", u"≈"},
    {"equiv", u"≡"},
    {"sim", u"∼"},
    {"simeq", u"≃"},
    {"cong", u"≅"},
    {"propto", u"∝"},
    {"ll", u"≪"},
    {"gg", u"≫"},
    {"prec", u"≺"},
    {"succ", u"≻"},
    {"mid", u"∣"},
    {"nmid", u"∤"},
    {"parallel", u"∥"},
    {"perp", u"⊥"},
    {"angle", u"∠"},
    {"triangle", u"△"},
    {"infty", u"∞"},
    {"partial", u"∂"},
    {"nabla", u"∇"},
    {"degree", u"°"},
    {"prime", u"′"},
    {"ell", u"ℓ"},
    {"hbar", u"ℏ"},
    {"Re", u"ℜ"},
    {"Im", u"ℑ"},
    {"aleph", u"ℵ"},
    {"wp", u"℘"},
    // big operators
    {"sum", u"∑"},
    {"prod", u"∏"},
    {"coprod", u"∐"},
    {"int", u"∫"},
    {"iint", u"∬"},
    {"iiint", u"∭"},
    {"oint", u"∮"},
    {"bigcup", u"⋃"},
    {"bigcap", u"⋂"},
    {"bigoplus", u"⨁"},
    // arrows
    {"to", u"→"},
    {"rightarrow", u"→"},
    {"leftarrow", u"←"},
    {"gets", u"←"},
    {"leftrightarrow", u"↔"},
    {"Rightarrow", u"⇒"},
    {"Leftarrow", u"⇐"},
    {"Leftrightarrow", u"⇔"},
    {"implies", u"⟹"},
    {"impliedby", u"⟸"},
    {"iff", u"⟺"},
    {"longrightarrow", u"⟶"},
    {"longleftarrow", u"⟵"},
    {"Longrightarrow", u"⟹"},
    {"mapsto", u"↦"},
    {"uparrow", u"↑"},
    {"downarrow", u"↓"},
    {"nearrow", u"↗"},
    {"searrow", u"↘"},
    {"rightleftharpoons", u"⇌"},
    // sets and logic
    {"in", u"∈"},
    {"notin", u"∉"},
    {"ni", u"∋"},
    {"subset", u"⊂"},
    {"subseteq", u"⊆"},
    {"subsetneq", u"⊊"},
    {"supset", u"⊃"},
    {"supseteq", u"⊇"},
    {"cup", u"∪"},
    {"cap", u"∩"},
    {"setminus", u"∖"},
    {"emptyset", u"∅"},
    {"varnothing", u"∅"},
    {"forall", u"∀"},
    {"exists", u"∃"},
    {"nexists", u"∄"},
    {"neg", u"¬"},
    {"lnot", u"¬"},
    {"land", u"∧"},
    {"wedge", u"∧"},
    {"lor", u"∨"},
    {"vee", u"∨"},
    {"top", u"⊤"},
    {"bot", u"⊥"},
    {"vdash", u"⊢"},
    {"models", u"⊨"},
    {"therefore", u"∴"},
    {"because", u"∵"},
    // dots and delimiters
    {"ldots", u"…"},
    {"dots", u"…"},
    {"cdots", u"⋯"},
    {"vdots", u"⋮"},
    {"ddots", u"⋱"},
    {"langle", u"⟨"},
    {"rangle", u"⟩"},
    {"lfloor", u"⌊"},
    {"rfloor", u"⌋"},
    {"lceil", u"⌈"},
    {"rceil", u"⌉"},
    {"lvert", u"|"},
    {"rvert", u"|"},
    {"vert", u"|"},
    {"lVert", u"‖"},
    {"rVert", u"‖"},
    {"Vert", u"‖"},
    {"backslash", u"\\"},
    {"lbrace", u"{"},
    {"rbrace", u"}"},
    // spacing (as plain spaces: readable, not typeset)
    {"quad", u"\u2003"},
    {"qquad", u"\u2003\u2003"},
    {"enspace", u"\u2002"},
    {"thinspace", u"\u2009"},
    {"colon", u":"},
    {"checkmark", u"✓"},
    {"square", u"□"},
    {"blacksquare", u"■"},
    {"dagger", u"†"},
    {"ddagger", u"‡"},
    {"S", u"§"},
    {"P", u"¶"},
    {"copyright", u"©"},
};

constexpr const char* kFunctions[] = {
    "sin",  "cos",    "tan",    "cot", "sec",  "csc", "arcsin", "arccos", "arctan", "sinh", "cosh",
    "tanh", "coth",   "log",    "ln",  "lg",   "exp", "lim",    "liminf", "limsup", "max",  "min",
    "sup",  "inf",    "det",    "dim", "ker",  "deg", "gcd",    "lcm",    "arg",    "Pr",   "hom",
    "mod",  "argmax", "argmin", "tr",  "rank", "sgn", "Var",    "Cov",    "E",
};

const QHash<QString, QString>& symbolTable() {
    static const QHash<QString, QString> table = [] {
        QHash<QString, QString> t;
        for (const Entry& e : kSymbols)
            t.insert(QString::fromLatin1(e.command), QString::fromUtf16(e.symbol));
        return t;
    }();
    return table;
}

// Pairs of (plain, script) characters.
constexpr char16_t kSuper[][2] = {
    {u'0', u'⁰'}, {u'1', u'¹'}, {u'2', u'²'}, {u'3', u'³'}, {u'4', u'⁴'}, {u'5', u'⁵'},
    {u'6', u'⁶'}, {u'7', u'⁷'}, {u'8', u'⁸'}, {u'9', u'⁹'}, {u'+', u'⁺'}, {u'-', u'⁻'},
    {u'−', u'⁻'}, {u'=', u'⁼'}, {u'(', u'⁽'}, {u')', u'⁾'}, {u'n', u'ⁿ'}, {u'i', u'ⁱ'},
    {u'x', u'ˣ'}, {u'y', u'ʸ'}, {u'k', u'ᵏ'}, {u'm', u'ᵐ'}, {u'T', u'ᵀ'}, {u'′', u'′'},
    {u'*', u'*'}, {u'∗', u'*'}, {u' ', u' '},
};
constexpr char16_t kSub[][2] = {
    {u'0', u'₀'}, {u'1', u'₁'}, {u'2', u'₂'}, {u'3', u'₃'}, {u'4', u'₄'}, {u'5', u'₅'},
    {u'6', u'₆'}, {u'7', u'₇'}, {u'8', u'₈'}, {u'9', u'₉'}, {u'+', u'₊'}, {u'-', u'₋'},
    {u'−', u'₋'}, {u'=', u'₌'}, {u'(', u'₍'}, {u')', u'₎'}, {u'a', u'ₐ'}, {u'e', u'ₑ'},
    {u'o', u'ₒ'}, {u'x', u'ₓ'}, {u'i', u'ᵢ'}, {u'j', u'ⱼ'}, {u'k', u'ₖ'}, {u'n', u'ₙ'},
    {u'm', u'ₘ'}, {u't', u'ₜ'}, {u' ', u' '},
};

QString fromCodePoint(char32_t cp) {
    return QString::fromUcs4(&cp, 1);
}

template <size_t N>
QChar lookup(const char16_t (&table)[N][2], QChar c) {
    for (const auto& pair : table)
        if (pair[0] == c.unicode()) return QChar(pair[1]);
    return {};
}

}  // namespace

QString symbolFor(QStringView command) {
    return symbolTable().value(command.toString());
}

bool isFunctionName(QStringView command) {
    for (const char* f : kFunctions)
        if (command == QLatin1String(f)) return true;
    return false;
}

QChar superscriptOf(QChar c) {
    return lookup(kSuper, c);
}

QChar subscriptOf(QChar c) {
    return lookup(kSub, c);
}

QString styledLetter(QStringView alphabet, QChar c) {
    const char16_t u = c.unicode();
    const bool upper = u >= u'A' && u <= u'Z';
    const bool lower = u >= u'a' && u <= u'z';
    if (alphabet == u"bb") {
        // The letterlike block holds the common ones; the rest are in plane 1.
        switch (u) {
            case u'C': return QStringLiteral("ℂ");
            case u'H': return QStringLiteral("ℍ");
            case u'N': return QStringLiteral("ℕ");
            case u'P': return QStringLiteral("ℙ");
            case u'Q': return QStringLiteral("ℚ");
            case u'R': return QStringLiteral("ℝ");
            case u'Z': return QStringLiteral("ℤ");
            case u'1': return QStringLiteral("𝟙");
            default: break;
        }
        if (upper) return fromCodePoint(U'𝔸' + (u - u'A'));
        if (lower) return fromCodePoint(U'𝕒' + (u - u'a'));
    } else if (alphabet == u"cal") {
        switch (u) {
            case u'B': return QStringLiteral("ℬ");
            case u'E': return QStringLiteral("ℰ");
            case u'F': return QStringLiteral("ℱ");
            case u'H': return QStringLiteral("ℋ");
            case u'I': return QStringLiteral("ℐ");
            case u'L': return QStringLiteral("ℒ");
            case u'M': return QStringLiteral("ℳ");
            case u'R': return QStringLiteral("ℛ");
            default: break;
        }
        if (upper) return fromCodePoint(U'𝒜' + (u - u'A'));
    } else if (alphabet == u"frak") {
        switch (u) {
            case u'C': return QStringLiteral("ℭ");
            case u'H': return QStringLiteral("ℌ");
            case u'I': return QStringLiteral("ℑ");
            case u'R': return QStringLiteral("ℜ");
            case u'Z': return QStringLiteral("ℨ");
            default: break;
        }
        if (upper) return fromCodePoint(U'𝔄' + (u - u'A'));
        if (lower) return fromCodePoint(U'𝔞' + (u - u'a'));
    }
    return QString(c);
}

QChar combiningAccent(QStringView command) {
    if (command == u"hat" || command == u"widehat") return QChar(0x0302);
    if (command == u"bar" || command == u"overline") return QChar(0x0305);
    if (command == u"vec" || command == u"overrightarrow") return QChar(0x20D7);
    if (command == u"dot") return QChar(0x0307);
    if (command == u"ddot") return QChar(0x0308);
    if (command == u"tilde" || command == u"widetilde") return QChar(0x0303);
    if (command == u"underline") return QChar(0x0332);
    if (command == u"check") return QChar(0x030C);
    if (command == u"acute") return QChar(0x0301);
    if (command == u"grave") return QChar(0x0300);
    return {};
}

}  // namespace siliang::app::latex
