// Syntax highlighting of code blocks as HTML spans for Qt's rich text. One interface,
// two implementations chosen at build time: KDE's KSyntaxHighlighting (KF6) when CMake
// finds it, else Siliang's small built-in highlighter for the languages models write
// most. Output is the code with every character escaped (a "<script>" in code stays
// text) and colours matched to the light or dark theme.
#pragma once

#include <QString>
#include <QStringView>
#include <memory>

namespace siliang::app {

class CodeHighlighter {
public:
    virtual ~CodeHighlighter() = default;
    // `language` is a fence's info word ("python", "c++", "ts", "sh"); unknown or
    // empty: the code escaped, uncoloured. Newlines are kept as "\n".
    virtual QString toHtml(QStringView code, const QString& language, bool dark) const = 0;
    // Which implementation this build uses ("KSyntaxHighlighting" or "built-in").
    virtual QString name() const = 0;
};

// The one this build uses; shared, thread-compatible (const methods only).
const CodeHighlighter& codeHighlighter();
std::unique_ptr<CodeHighlighter> makeBuiltinHighlighter();
#ifdef SILIANG_HAVE_KSYNTAXHIGHLIGHTING
std::unique_ptr<CodeHighlighter> makeKSyntaxHighlighter();
#endif

// HTML-escapes `text` (& < > " ').
QString escapeHtml(QStringView text);

}  // namespace siliang::app
