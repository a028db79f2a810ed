// CodeHighlighter over KDE's KSyntaxHighlighting (KF6): its language definitions and
// its default light / dark themes, turned into HTML spans. Compiled only when CMake
// finds KF6SyntaxHighlighting (SILIANG_HAVE_KSYNTAXHIGHLIGHTING).
#include <KSyntaxHighlighting/AbstractHighlighter>
#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Format>
#include <KSyntaxHighlighting/Repository>
#include <KSyntaxHighlighting/State>
#include <KSyntaxHighlighting/Theme>

#include "codehighlighter.h"

namespace siliang::app {

namespace {

namespace ksh = KSyntaxHighlighting;

// Fence words that are not KSyntaxHighlighting definition names.
QString definitionName(const QString& language) {
    const QString key = language.trimmed().toLower();
    if (key == QLatin1String("py") || key == QLatin1String("python3"))
        return QStringLiteral("Python");
    if (key == QLatin1String("cpp") || key == QLatin1String("c++") || key == QLatin1String("cc") ||
        key == QLatin1String("cxx") || key == QLatin1String("hpp"))
        return QStringLiteral("C++");
    if (key == QLatin1String("js") || key == QLatin1String("jsx"))
        return QStringLiteral("JavaScript");
    if (key == QLatin1String("ts") || key == QLatin1String("tsx"))
        return QStringLiteral("TypeScript");
    if (key == QLatin1String("sh") || key == QLatin1String("shell") ||
        key == QLatin1String("zsh") || key == QLatin1String("console"))
        return QStringLiteral("Bash");
    if (key == QLatin1String("rs")) return QStringLiteral("Rust");
    if (key == QLatin1String("golang")) return QStringLiteral("Go");
    if (key == QLatin1String("htm")) return QStringLiteral("HTML");
    return language.trimmed();
}

class SpanHighlighter : public ksh::AbstractHighlighter {
public:
    QString lineToHtml(QStringView line, ksh::State* state) {
        line_ = line;
        html_.clear();
        cursor_ = 0;
        *state = highlightLine(line, *state);
        if (cursor_ < line_.size()) html_ += escapeHtml(line_.mid(cursor_));
        return html_;
    }

protected:
    void applyFormat(int offset, int length, const ksh::Format& format) override {
        if (offset > cursor_) html_ += escapeHtml(line_.mid(cursor_, offset - cursor_));
        const QStringView piece = line_.mid(offset, length);
        if (format.isDefaultTextStyle(theme()) || !format.hasTextColor(theme())) {
            html_ += escapeHtml(piece);
        } else {
            html_ += QStringLiteral("<span style=\"color:%1%2%3\">")
                         .arg(format.textColor(theme()).name(),
                              format.isBold(theme()) ? QLatin1String(";font-weight:bold")
                                                     : QLatin1String(""),
                              format.isItalic(theme()) ? QLatin1String(";font-style:italic")
                                                       : QLatin1String(""));
            html_ += escapeHtml(piece);
            html_ += QStringLiteral("</span>");
        }
        cursor_ = offset + length;
    }

private:
    QStringView line_;
    QString html_;
    qsizetype cursor_ = 0;
};

class KSyntaxCodeHighlighter final : public CodeHighlighter {
public:
    QString toHtml(QStringView code, const QString& language, bool dark) const override {
        ksh::Definition definition = repository_.definitionForName(definitionName(language));
        if (!definition.isValid())
            definition = repository_.definitionForFileName(QStringLiteral("code.") + language);
        if (!definition.isValid()) return escapeHtml(code);
        SpanHighlighter highlighter;
        highlighter.setDefinition(definition);
        highlighter.setTheme(repository_.defaultTheme(dark ? ksh::Repository::DarkTheme
                                                           : ksh::Repository::LightTheme));
        QString out;
        ksh::State state;
        qsizetype pos = 0;
        while (pos <= code.size()) {
            const qsizetype nl = code.indexOf(u'\n', pos);
            const qsizetype end = nl < 0 ? code.size() : nl;
            out += highlighter.lineToHtml(code.mid(pos, end - pos), &state);
            if (nl < 0) break;
            out += u'\n';
            pos = nl + 1;
        }
        return out;
    }
    QString name() const override { return QStringLiteral("KSyntaxHighlighting"); }

private:
    mutable ksh::Repository repository_;
};

}  // namespace

std::unique_ptr<CodeHighlighter> makeKSyntaxHighlighter() {
    return std::make_unique<KSyntaxCodeHighlighter>();
}

}  // namespace siliang::app
