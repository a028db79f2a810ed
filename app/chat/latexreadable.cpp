#include "latexreadable.h"

#include <QRegularExpression>
#include <optional>

#include "latexsymbols.h"

namespace siliang::app {

namespace {

constexpr int kMaxDepth = 40;

bool isLetter(QChar c) {
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z');
}

// A rendered piece of math: HTML, and the plain text when it has no markup (what
// Unicode super/subscripts can be made from).
struct Piece {
    QString html;
    QString plain;
    bool marked = false;  // html holds tags, so `plain` is not usable for scripts

    void add(const Piece& p) {
        html += p.html;
        plain += p.plain;
        marked = marked || p.marked;
    }
};

class Converter {
public:
    Converter(QStringView s, const LatexOptions& options) : s_(s), options_(options) {}

    QString run() {
        Piece out;
        while (i_ < s_.size()) {
            if (s_.mid(i_).startsWith(u"\\end")) {  // a stray \end{...}
                out.add(command(0));
                continue;
            }
            if (s_[i_] == u'}') {  // unbalanced: show it
                out.add(text(QStringLiteral("}")));
                ++i_;
                continue;
            }
            out.add(sequence(0));
        }
        // Source spacing plus the spaces some conversions add: one space is enough.
        QString html = out.html;
        html.replace(QRegularExpression(QStringLiteral(" {2,}")), QStringLiteral(" "));
        return html.trimmed();
    }

private:
    Piece text(const QString& t) const {
        Piece p;
        p.plain = t;
        p.html = escape(t);
        return p;
    }

    Piece markup(const QString& html) const {
        Piece p;
        p.html = html;
        p.marked = true;
        return p;
    }

    QString escape(QStringView t) const {
        QString out;
        out.reserve(t.size());
        for (QChar c : t) {
            switch (c.unicode()) {
                case u'&': out += QStringLiteral("&amp;"); break;
                case u'<': out += QStringLiteral("&lt;"); break;
                case u'>': out += QStringLiteral("&gt;"); break;
                case u'*':
                case u'_':
                case u'`':
                case u'[':
                case u']':
                case u'|':
                case u'~':
                case u'\\':
                case u'$':
                case u'#':
                    if (options_.markdownSafe) {
                        out += QStringLiteral("&#%1;").arg(c.unicode());
                        break;
                    }
                    out += c;
                    break;
                default: out += c;
            }
        }
        return out;
    }

    void skipSpaces() {
        while (i_ < s_.size() && s_[i_].isSpace()) ++i_;
    }

    // Atoms until "}" (left for the caller), the end, or "\end".
    Piece sequence(int depth) {
        Piece out;
        while (i_ < s_.size() && s_[i_] != u'}') {
            if (s_.mid(i_).startsWith(u"\\end")) break;
            out.add(atomWithScripts(depth));
        }
        return out;
    }

    Piece atomWithScripts(int depth) {
        Piece base = atom(depth);
        // Scripts bind to the atom just read: x^2_i, \sum_{i=1}^{n}.
        while (i_ < s_.size() && (s_[i_] == u'^' || s_[i_] == u'_' || s_[i_] == u'\'')) {
            const QChar op = s_[i_++];
            if (op == u'\'') {
                base.add(text(QStringLiteral("′")));
                continue;
            }
            skipSpaces();
            if (i_ >= s_.size()) {
                base.add(text(QString(op)));
                break;
            }
            base.add(script(argument(depth + 1), op == u'^'));
        }
        return base;
    }

    Piece script(const Piece& arg, bool super) const {
        if (!arg.marked && !arg.plain.isEmpty()) {
            QString mapped;
            for (QChar c : arg.plain) {
                const QChar m = super ? latex::superscriptOf(c) : latex::subscriptOf(c);
                if (m.isNull()) {
                    mapped.clear();
                    break;
                }
                mapped += m;
            }
            if (!mapped.isEmpty()) return text(mapped);
        }
        return markup(super ? QStringLiteral("<sup>%1</sup>").arg(arg.html)
                            : QStringLiteral("<sub>%1</sub>").arg(arg.html));
    }

    // A command's argument: a {group}, a command, or one character.
    Piece argument(int depth) {
        skipSpaces();
        if (i_ >= s_.size()) return {};
        if (s_[i_] == u'{') return group(depth);
        return atom(depth);
    }

    Piece group(int depth) {
        ++i_;  // "{"
        Piece inner;
        if (depth > kMaxDepth) {
            // Too deep to be real math: the rest as written, never a stack overflow.
            inner = text(s_.mid(i_).toString());
            i_ = s_.size();
            return inner;
        }
        inner = sequence(depth + 1);
        if (i_ < s_.size() && s_[i_] == u'}') ++i_;
        return inner;
    }

    // "[n]" after \sqrt: the root's index, as written.
    std::optional<Piece> optionalArgument() {
        skipSpaces();
        if (i_ >= s_.size() || s_[i_] != u'[') return std::nullopt;
        const qsizetype close = s_.indexOf(u']', i_);
        if (close < 0) return std::nullopt;
        const QString index = s_.mid(i_ + 1, close - i_ - 1).trimmed().toString();
        i_ = close + 1;
        return text(index);
    }

    Piece atom(int depth) {
        if (depth > kMaxDepth) {
            Piece rest = text(s_.mid(i_).toString());
            i_ = s_.size();
            return rest;
        }
        const QChar c = s_[i_];
        if (c == u'{') return group(depth);
        if (c == u'\\') return command(depth);
        ++i_;
        if (c.isSpace()) {
            while (i_ < s_.size() && s_[i_].isSpace()) ++i_;
            return text(QStringLiteral(" "));
        }
        if (c == u'&') return text(QStringLiteral("\u2003"));
        if (c == u'~') return text(QStringLiteral(" "));
        if (c == u'-') return text(QStringLiteral("−"));
        if (c == u'*') return text(QStringLiteral("∗"));
        if (c == u'^' || c == u'_') return text(QString(c));  // a script with no base
        return text(QString(c));
    }

    Piece command(int depth) {
        ++i_;  // "\"
        if (i_ >= s_.size()) return text(QStringLiteral("\\"));
        const qsizetype start = i_;
        if (isLetter(s_[i_])) {
            while (i_ < s_.size() && isLetter(s_[i_])) ++i_;
        } else {
            ++i_;
        }
        return named(s_.mid(start, i_ - start), depth);
    }

    Piece named(QStringView name, int depth) {
        // One-character commands.
        if (name == u"\\")
            return options_.display ? markup(QStringLiteral("<br>")) : text(QStringLiteral("; "));
        if (name == u"," || name == u":" || name == u";" || name == u" ")
            return text(QStringLiteral("\u2009"));
        if (name == u"!") return {};
        if (name == u"{" || name == u"}" || name == u"%" || name == u"$" || name == u"&" ||
            name == u"#" || name == u"_")
            return text(name.toString());
        if (name == u"|") return text(QStringLiteral("‖"));

        if (const QString symbol = latex::symbolFor(name); !symbol.isEmpty()) return text(symbol);
        if (latex::isFunctionName(name)) return text(name.toString());
        if (name == u"operatorname" || name == u"text" || name == u"textrm" || name == u"mathrm" ||
            name == u"textit" || name == u"mathit" || name == u"textsf" || name == u"mathsf" ||
            name == u"texttt" || name == u"mathtt" || name == u"mbox" || name == u"textnormal" ||
            name == u"operatorname*")
            return literalArgument();
        if (name == u"textbf" || name == u"mathbf" || name == u"boldsymbol" || name == u"bm") {
            const Piece arg = argument(depth + 1);
            return markup(QStringLiteral("<b>%1</b>").arg(arg.html));
        }
        if (name == u"mathbb" || name == u"mathcal" || name == u"mathscr" || name == u"mathfrak") {
            const QStringView alphabet = name == u"mathbb"     ? QStringView(u"bb")
                                         : name == u"mathfrak" ? QStringView(u"frak")
                                                               : QStringView(u"cal");
            const Piece arg = argument(depth + 1);
            QString out;
            for (QChar c : arg.plain) out += latex::styledLetter(alphabet, c);
            return arg.marked ? arg : text(out);
        }
        if (name == u"frac" || name == u"dfrac" || name == u"tfrac" || name == u"cfrac") {
            const Piece num = argument(depth + 1);
            const Piece den = argument(depth + 1);
            return fraction(num, den);
        }
        if (name == u"binom" || name == u"dbinom" || name == u"tbinom") {
            const Piece n = argument(depth + 1);
            const Piece k = argument(depth + 1);
            Piece out = text(QStringLiteral("C("));
            out.add(n);
            out.add(text(QStringLiteral(", ")));
            out.add(k);
            out.add(text(QStringLiteral(")")));
            return out;
        }
        if (name == u"sqrt") {
            const std::optional<Piece> index = optionalArgument();
            const Piece radicand = argument(depth + 1);
            Piece out;
            if (index) out.add(script(*index, true));
            out.add(text(QStringLiteral("√")));
            out.add(wrapped(radicand));
            return out;
        }
        if (name == u"boxed" || name == u"fbox" || name == u"framebox") {
            const Piece arg = argument(depth + 1);
            // Qt's rich text draws no borders on spans: a tinted, bold span instead.
            return markup(QStringLiteral("<span style=\"background-color: %1; font-weight: "
                                         "bold;\">&nbsp;%2&nbsp;</span>")
                              .arg(options_.boxColor, arg.html));
        }
        if (const QChar accent = latex::combiningAccent(name); !accent.isNull()) {
            const Piece arg = argument(depth + 1);
            if (arg.marked) return arg;
            QString out;
            for (QChar c : arg.plain) {
                out += c;
                if (!c.isSpace()) out += accent;
            }
            return text(out);
        }
        if (name == u"left" || name == u"right" || name == u"middle" || name == u"big" ||
            name == u"Big" || name == u"bigg" || name == u"Bigg" || name == u"bigl" ||
            name == u"bigr" || name == u"Bigl" || name == u"Bigr" || name == u"biggl" ||
            name == u"biggr" || name == u"displaystyle" || name == u"textstyle" ||
            name == u"limits" || name == u"nolimits" || name == u"nonumber" || name == u"notag") {
            skipSpaces();
            if (i_ < s_.size() && s_[i_] == u'.') ++i_;  // \left. : no delimiter
            return {};
        }
        if (name == u"not") {
            Piece next = argument(depth + 1);
            if (next.marked) return next;
            return text(next.plain + QChar(0x0338));
        }
        if (name == u"pmod") {
            const Piece arg = argument(depth + 1);
            Piece out = text(QStringLiteral(" (mod "));
            out.add(arg);
            out.add(text(QStringLiteral(")")));
            return out;
        }
        if (name == u"bmod") return text(QStringLiteral(" mod "));
        if (name == u"color") {
            argument(depth + 1);  // the colour name: not shown
            return {};
        }
        if (name == u"textcolor" || name == u"colorbox") {
            argument(depth + 1);
            return argument(depth + 1);
        }
        if (name == u"overset" || name == u"stackrel" || name == u"underset") {
            const Piece over = argument(depth + 1);
            const Piece base = argument(depth + 1);
            Piece out = base;
            out.add(script(over, name != u"underset"));
            return out;
        }
        if (name == u"begin") return environment(depth);
        if (name == u"end") {  // stray \end{...}
            literalArgument();
            return {};
        }
        // Unknown: as written, with its braces, so nothing is lost.
        Piece out = text(QStringLiteral("\\") + name.toString());
        skipSpacesIfBrace();
        while (i_ < s_.size() && s_[i_] == u'{') {
            out.add(text(QStringLiteral("{")));
            out.add(group(depth + 1));
            out.add(text(QStringLiteral("}")));
        }
        return out;
    }

    void skipSpacesIfBrace() {
        qsizetype j = i_;
        while (j < s_.size() && s_[j] == u' ') ++j;
        if (j < s_.size() && s_[j] == u'{') i_ = j;
    }

    // \text{...}: the words as they are (spaces kept, math not interpreted).
    Piece literalArgument() {
        skipSpaces();
        if (i_ >= s_.size()) return {};
        if (s_[i_] != u'{') return text(QString(s_[i_++]));
        ++i_;
        QString out;
        int level = 1;
        while (i_ < s_.size()) {
            const QChar c = s_[i_];
            if (c == u'\\' && i_ + 1 < s_.size() && !isLetter(s_[i_ + 1])) {
                out += s_[i_ + 1] == u' ' ? QChar(u' ') : s_[i_ + 1];
                i_ += 2;
                continue;
            }
            ++i_;
            if (c == u'{') ++level;
            if (c == u'}' && --level == 0) break;
            if (c != u'{' && c != u'}') out += c;
        }
        return text(out);
    }

    Piece fraction(const Piece& num, const Piece& den) const {
        const bool simple =
            !num.marked && !den.marked && isAtomic(num.plain) && isAtomic(den.plain);
        Piece out;
        if (simple) {
            out.add(num);
            out.add(text(QStringLiteral("⁄")));
            out.add(den);
        } else {
            out.add(wrapped(num));
            out.add(text(QStringLiteral("/")));
            out.add(wrapped(den));
        }
        return out;
    }

    static bool isAtomic(const QString& s) {
        if (s.isEmpty()) return false;
        for (QChar c : s)
            if (!c.isLetterOrNumber() && c != u'.' && c != u'′') return false;
        return true;
    }

    Piece wrapped(const Piece& p) const {
        if (!p.marked && isAtomic(p.plain)) return p;
        Piece out = text(QStringLiteral("("));
        out.add(p);
        out.add(text(QStringLiteral(")")));
        return out;
    }

    // \begin{name} ... \end{name}: matrices in brackets, cases with a brace, rows
    // separated by line breaks (display) or "; " (inline), cells by a wide space.
    Piece environment(int depth) {
        const QString name = literalArgument().plain;
        if (name == QLatin1String("array") || name == QLatin1String("tabular"))
            literalArgument();  // column spec
        QString open, close;
        if (name.startsWith(QLatin1String("pmatrix"))) {
            open = QStringLiteral("(");
            close = QStringLiteral(")");
        } else if (name.startsWith(QLatin1String("bmatrix"))) {
            open = QStringLiteral("[");
            close = QStringLiteral("]");
        } else if (name.startsWith(QLatin1String("vmatrix"))) {
            open = close = QStringLiteral("|");
        } else if (name == QLatin1String("cases")) {
            open = QStringLiteral("{ ");
        }
        Piece out = text(open);
        out.add(sequence(depth + 1));
        if (i_ < s_.size() && s_.mid(i_).startsWith(u"\\end")) {
            i_ += 4;
            literalArgument();
        } else if (i_ < s_.size() && s_[i_] == u'}') {
            ++i_;  // an unbalanced brace inside the environment
        }
        out.add(text(close));
        return out;
    }

    QStringView s_;
    const LatexOptions& options_;
    qsizetype i_ = 0;
};

bool isDigit(QChar c) {
    return c >= u'0' && c <= u'9';
}

}  // namespace

QString latexToHtml(QStringView latex, const LatexOptions& options) {
    return Converter(latex.trimmed(), options).run();
}

bool isBoxedFormula(QStringView latex) {
    const QStringView t = latex.trimmed();
    if (!t.startsWith(u"\\boxed{") || !t.endsWith(u'}')) return false;
    int level = 0;
    for (qsizetype i = 6; i < t.size(); ++i) {
        if (t[i] == u'\\') {
            ++i;
            continue;
        }
        if (t[i] == u'{') ++level;
        if (t[i] == u'}' && --level == 0) return i == t.size() - 1;
    }
    return false;
}

QString convertInlineMath(QStringView md, const LatexOptions& options) {
    LatexOptions inlineOptions = options;
    inlineOptions.markdownSafe = true;
    QString out;
    out.reserve(md.size());
    qsizetype i = 0;
    qsizetype copied = 0;
    auto replaceMath = [&](qsizetype mathStart, qsizetype bodyStart, qsizetype bodyEnd,
                           qsizetype next) {
        out += md.mid(copied, mathStart - copied);
        out += latexToHtml(md.mid(bodyStart, bodyEnd - bodyStart), inlineOptions);
        copied = i = next;
    };
    while (i < md.size()) {
        const QChar c = md[i];
        if (c == u'`') {  // a code span: skip to the closing run of the same length
            qsizetype n = 0;
            while (i + n < md.size() && md[i + n] == u'`') ++n;
            const QString run(n, u'`');
            qsizetype search = i + n, close = -1;
            while ((close = md.indexOf(run, search)) >= 0) {
                qsizetype end = close + n;
                if (end < md.size() && md[end] == u'`') {  // a longer run: not the closer
                    while (end < md.size() && md[end] == u'`') ++end;
                    search = end;
                    continue;
                }
                break;
            }
            i = close < 0 ? i + n : close + n;
            continue;
        }
        if (c == u'\\' && i + 1 < md.size()) {
            const QChar d = md[i + 1];
            if (d == u'(' || d == u'[') {
                const QStringView closer = d == u'(' ? QStringView(u"\\)") : QStringView(u"\\]");
                const qsizetype close = md.indexOf(closer, i + 2);
                if (close >= 0 && !md.mid(i, close - i).contains(u"\n\n")) {
                    replaceMath(i, i + 2, close, close + 2);
                    continue;
                }
            }
            i += 2;  // an escape: "\$" is a dollar
            continue;
        }
        if (c == u'$') {
            if (i + 1 < md.size() && md[i + 1] == u'$') {
                const qsizetype close = md.indexOf(u"$$", i + 2);
                if (close > i + 2 && !md.mid(i, close - i).contains(u"\n\n")) {
                    replaceMath(i, i + 2, close, close + 2);
                    continue;
                }
                i += 2;
                continue;
            }
            if (i + 1 < md.size() && !md[i + 1].isSpace()) {
                qsizetype j = i + 1;
                qsizetype close = -1;
                while (j < md.size()) {
                    const QChar e = md[j];
                    if (e == u'\\') {
                        j += 2;
                        continue;
                    }
                    if (e == u'\n' && j + 1 < md.size() && md[j + 1] == u'\n') break;
                    if (e == u'$') {
                        const bool spaceBefore = md[j - 1].isSpace();
                        const bool digitAfter = j + 1 < md.size() && isDigit(md[j + 1]);
                        if (!spaceBefore && !digitAfter) close = j;
                        break;
                    }
                    ++j;
                }
                if (close > i + 1) {
                    replaceMath(i, i + 1, close, close + 1);
                    continue;
                }
            }
        }
        ++i;
    }
    out += md.mid(copied);
    return out;
}

}  // namespace siliang::app
