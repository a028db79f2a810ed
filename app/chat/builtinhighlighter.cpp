// The built-in highlighter: one small lexer driven by HighlightLanguage tables
// (keywords, types, constants, comments, strings, numbers, function calls), plus a
// markup mode for HTML/XML. Good enough to read code by; KSyntaxHighlighting does
// the full job where it is available.
#include "codehighlighter.h"
#include "highlightlanguages.h"

namespace siliang::app {

QString escapeHtml(QStringView text) {
    QString out;
    out.reserve(text.size() + text.size() / 8);
    for (QChar c : text) {
        switch (c.unicode()) {
            case u'&': out += QStringLiteral("&amp;"); break;
            case u'<': out += QStringLiteral("&lt;"); break;
            case u'>': out += QStringLiteral("&gt;"); break;
            case u'"': out += QStringLiteral("&quot;"); break;
            case u'\'': out += QStringLiteral("&#39;"); break;
            default: out += c;
        }
    }
    return out;
}

namespace {

enum class Kind { Plain, Keyword, Type, Constant, String, Comment, Number, Function };

// GitHub's light and dark code colours: familiar, and readable on both backgrounds.
const char* colorOf(Kind kind, bool dark) {
    switch (kind) {
        case Kind::Keyword: return dark ? "#ff7b72" : "#cf222e";
        case Kind::Type: return dark ? "#ffa657" : "#953800";
        case Kind::Constant: return dark ? "#79c0ff" : "#0550ae";
        case Kind::String: return dark ? "#a5d6ff" : "#0a3069";
        case Kind::Comment: return dark ? "#8b949e" : "#6e7781";
        case Kind::Number: return dark ? "#79c0ff" : "#0550ae";
        case Kind::Function: return dark ? "#d2a8ff" : "#8250df";
        case Kind::Plain: break;
    }
    return "";
}

class Emitter {
public:
    explicit Emitter(bool dark) : dark_(dark) {}
    void add(Kind kind, QStringView text) {
        if (text.isEmpty()) return;
        if (kind == Kind::Plain) {
            out_ += escapeHtml(text);
            return;
        }
        out_ += QStringLiteral("<span style=\"color:%1%2\">")
                    .arg(QLatin1String(colorOf(kind, dark_)),
                         kind == Kind::Comment ? QLatin1String(";font-style:italic")
                                               : QLatin1String(""));
        out_ += escapeHtml(text);
        out_ += QStringLiteral("</span>");
    }
    QString take() { return std::move(out_); }

private:
    bool dark_;
    QString out_;
};

bool isIdentStart(QChar c) {
    return c.isLetter() || c == u'_';
}

bool isIdentPart(QChar c) {
    return c.isLetterOrNumber() || c == u'_';
}

class Lexer {
public:
    Lexer(QStringView code, const HighlightLanguage& lang, Emitter& out)
        : s_(code), lang_(lang), out_(out) {}

    void run() {
        if (lang_.markup) {
            runMarkup();
            return;
        }
        while (i_ < s_.size()) step();
        flushPlain();
    }

private:
    QChar at(qsizetype k) const { return k < s_.size() ? s_[k] : QChar(); }
    bool startsWith(QStringView t) const { return !t.isEmpty() && s_.mid(i_).startsWith(t); }

    void flushPlain() {
        if (plainStart_ < i_) out_.add(Kind::Plain, s_.mid(plainStart_, i_ - plainStart_));
        plainStart_ = i_;
    }
    void token(Kind kind, qsizetype end) {
        flushPlain();
        out_.add(kind, s_.mid(i_, end - i_));
        i_ = plainStart_ = end;
    }
    qsizetype endOfLine(qsizetype from) const {
        const qsizetype nl = s_.indexOf(u'\n', from);
        return nl < 0 ? s_.size() : nl;
    }
    qsizetype skipSpaces(qsizetype k) const {
        while (k < s_.size() && (s_[k] == u' ' || s_[k] == u'\t')) ++k;
        return k;
    }

    bool lineComment() {
        for (const QString& marker : lang_.lineComments) {
            if (!startsWith(marker)) continue;
            // In shell "#" starts a comment only at a word's start ($# and a#b are not).
            if (lang_.dollarVariables && i_ > 0 && !s_[i_ - 1].isSpace()) return false;
            token(Kind::Comment, endOfLine(i_));
            return true;
        }
        return false;
    }

    bool blockComment() {
        if (!startsWith(lang_.blockOpen)) return false;
        const qsizetype close = s_.indexOf(lang_.blockClose, i_ + lang_.blockOpen.size());
        token(Kind::Comment, close < 0 ? s_.size() : close + lang_.blockClose.size());
        return true;
    }

    // Ends after the closing quote (or at the end of the line / text if unclosed).
    qsizetype stringEnd(qsizetype from, QChar quote, bool multiline) const {
        qsizetype k = from;
        while (k < s_.size()) {
            const QChar c = s_[k];
            if (c == u'\\' && quote != u'`') {
                k += 2;
                continue;
            }
            if (c == quote) return k + 1;
            if (c == u'\n' && !multiline) return k;
            ++k;
        }
        return s_.size();
    }

    bool string() {
        const QChar c = s_[i_];
        if (lang_.rawStrings && (c == u'r' || c == u'R') && at(i_ + 1) == u'"' &&
            (i_ == 0 || !isIdentPart(s_[i_ - 1]))) {
            // C++ R"delim(...)delim" and Rust r"..." (r#"..."# reads as r then a string).
            const qsizetype paren = s_.indexOf(u'(', i_ + 2);
            if (c == u'R' && paren > 0 && paren - i_ < 20) {
                const QString closer = u')' + s_.mid(i_ + 2, paren - i_ - 2).toString() + u'"';
                const qsizetype close = s_.indexOf(closer, paren);
                token(Kind::String, close < 0 ? s_.size() : close + closer.size());
            } else {
                token(Kind::String, stringEnd(i_ + 2, u'"', true));
            }
            return true;
        }
        if (!lang_.quotes.contains(c)) return false;
        if (lang_.tripleQuotes && at(i_ + 1) == c && at(i_ + 2) == c) {
            const QString triple(3, c);
            const qsizetype close = s_.indexOf(triple, i_ + 3);
            token(Kind::String, close < 0 ? s_.size() : close + 3);
            return true;
        }
        const bool multiline = c == u'`' || lang_.dollarVariables;
        const qsizetype end = stringEnd(i_ + 1, c, multiline);
        // "key": in JSON is a key, not a value.
        const bool key = lang_.jsonKeys && at(skipSpaces(end)) == u':';
        token(key ? Kind::Type : Kind::String, end);
        return true;
    }

    bool number() {
        const QChar c = s_[i_];
        const bool digit = c.isDigit() || (c == u'.' && at(i_ + 1).isDigit());
        if (!digit || (i_ > 0 && isIdentPart(s_[i_ - 1]))) return false;
        qsizetype k = i_ + 1;
        const bool hex = c == u'0' && (at(k) == u'x' || at(k) == u'X');
        while (k < s_.size()) {
            const QChar d = s_[k];
            if (isIdentPart(d) || d == u'.' || d == u'\'') {
                ++k;
            } else if ((d == u'+' || d == u'-') && !hex &&
                       (s_[k - 1] == u'e' || s_[k - 1] == u'E')) {
                ++k;
            } else {
                break;
            }
        }
        if (s_[k - 1] == u'.') --k;  // "1..5", "x = 1." keep the dot plain
        token(Kind::Number, std::max(k, i_ + 1));
        return true;
    }

    bool identifier() {
        const QChar c = s_[i_];
        qsizetype k = i_;
        if (c == u'#' && !lang_.keywords.isEmpty() && (i_ == 0 || s_[i_ - 1] == u'\n') &&
            isIdentStart(at(i_ + 1))) {
            ++k;  // C preprocessor: #include
        } else if ((c == u'@' || c == u'!') && lang_.cssProperties && isIdentStart(at(i_ + 1))) {
            ++k;  // CSS @media, !important
        } else if (!isIdentStart(c)) {
            return false;
        }
        while (k < s_.size() && (isIdentPart(s_[k]) || (lang_.cssProperties && s_[k] == u'-'))) ++k;
        const QString word = s_.mid(i_, k - i_).toString();
        const QString key = lang_.caseInsensitive ? word.toLower() : word;
        const QChar next = at(skipSpaces(k));
        Kind kind = Kind::Plain;
        if (lang_.keywords.contains(key)) {
            kind = Kind::Keyword;
        } else if (lang_.constants.contains(key)) {
            kind = Kind::Constant;
        } else if (lang_.types.contains(key)) {
            kind = Kind::Type;
        } else if (lang_.cssProperties && braceDepth_ > 0 && next == u':') {
            kind = Kind::Type;  // a property name
        } else if (lang_.cssProperties && braceDepth_ == 0) {
            kind = Kind::Keyword;  // a selector's element name
        } else if (next == u'(' || (next == u'!' && at(skipSpaces(k) + 1) == u'(')) {
            kind = Kind::Function;  // a call or definition; Rust macro!(...)
        } else if (lang_.capitalizedTypes && word.front().isUpper() && word.size() > 1) {
            kind = Kind::Type;
        }
        token(kind, k);
        return true;
    }

    bool shellVariable() {
        if (!lang_.dollarVariables || s_[i_] != u'$') return false;
        qsizetype k = i_ + 1;
        if (at(k) == u'{') {
            const qsizetype close = s_.indexOf(u'}', k);
            k = close < 0 ? endOfLine(k) : close + 1;
        } else if (isIdentStart(at(k))) {
            while (k < s_.size() && isIdentPart(s_[k])) ++k;
        } else if (at(k).isDigit() || QStringView(u"#?@*!$-").contains(at(k))) {
            ++k;
        } else {
            return false;
        }
        token(Kind::Function, k);
        return true;
    }

    bool cssHash() {
        if (!lang_.cssProperties || (s_[i_] != u'#' && s_[i_] != u'.')) return false;
        qsizetype k = i_ + 1;
        while (k < s_.size() && (isIdentPart(s_[k]) || s_[k] == u'-')) ++k;
        if (k == i_ + 1) return false;
        token(braceDepth_ > 0 ? Kind::Number : Kind::Function, k);  // #fff or a selector
        return true;
    }

    void step() {
        const QChar c = s_[i_];
        if (blockComment() || lineComment() || string() || shellVariable() || cssHash() ||
            number() || identifier())
            return;
        if (c == u'{') ++braceDepth_;
        if (c == u'}' && braceDepth_ > 0) --braceDepth_;
        ++i_;  // punctuation, spaces: plain
    }

    // HTML / XML: comments, <tag attr="value">, &entities; text stays plain.
    void runMarkup() {
        while (i_ < s_.size()) {
            if (blockComment()) continue;
            const QChar c = s_[i_];
            if (c == u'<' && (isIdentStart(at(i_ + 1)) || at(i_ + 1) == u'/' ||
                              at(i_ + 1) == u'!' || at(i_ + 1) == u'?')) {
                markupTag();
                continue;
            }
            if (c == u'&') {
                qsizetype k = i_ + 1;
                while (k < s_.size() && k - i_ < 12 && (isIdentPart(s_[k]) || s_[k] == u'#')) ++k;
                if (at(k) == u';' && k > i_ + 1) {
                    token(Kind::Constant, k + 1);
                    continue;
                }
            }
            ++i_;
        }
        flushPlain();
    }

    void markupTag() {
        qsizetype k = i_ + 1;
        while (k < s_.size() && !isIdentStart(s_[k]) && s_[k] != u'>') ++k;  // "</", "<!", "<?"
        i_ = k;
        qsizetype end = k;
        while (end < s_.size() && (isIdentPart(s_[end]) || s_[end] == u'-' || s_[end] == u':'))
            ++end;
        token(Kind::Keyword, end);
        while (i_ < s_.size() && s_[i_] != u'>') {
            const QChar c = s_[i_];
            if (c == u'"' || c == u'\'') {
                token(Kind::String, stringEnd(i_ + 1, c, true));
            } else if (isIdentStart(c)) {
                qsizetype a = i_;
                while (a < s_.size() && (isIdentPart(s_[a]) || s_[a] == u'-' || s_[a] == u':')) ++a;
                token(Kind::Type, a);
            } else if (c == u'<') {
                return;  // a new tag before this one closed: let the outer loop see it
            } else {
                ++i_;
            }
        }
        if (i_ < s_.size()) ++i_;  // ">"
    }

    QStringView s_;
    const HighlightLanguage& lang_;
    Emitter& out_;
    qsizetype i_ = 0;
    qsizetype plainStart_ = 0;
    int braceDepth_ = 0;
};

class BuiltinHighlighter final : public CodeHighlighter {
public:
    QString toHtml(QStringView code, const QString& language, bool dark) const override {
        const HighlightLanguage* lang = findHighlightLanguage(language);
        if (!lang) return escapeHtml(code);
        Emitter out(dark);
        Lexer(code, *lang, out).run();
        return out.take();
    }
    QString name() const override { return QStringLiteral("built-in"); }
};

}  // namespace

std::unique_ptr<CodeHighlighter> makeBuiltinHighlighter() {
    return std::make_unique<BuiltinHighlighter>();
}

const CodeHighlighter& codeHighlighter() {
#ifdef SILIANG_HAVE_KSYNTAXHIGHLIGHTING
    static const std::unique_ptr<CodeHighlighter> instance = makeKSyntaxHighlighter();
#else
    static const std::unique_ptr<CodeHighlighter> instance = makeBuiltinHighlighter();
#endif
    return *instance;
}

}  // namespace siliang::app
