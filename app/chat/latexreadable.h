// LaTeX math shown readably without a TeX engine: Greek letters and operators become
// their Unicode symbols, ^{..} / _{..} Unicode super/subscripts where those exist
// (else <sup>/<sub>), \frac{a}{b} a⁄b or (a)/(b), \sqrt{x} √(x), \mathbb{R} ℝ,
// \boxed{x} a framed span. The output is HTML for Qt's rich text. Unknown commands
// stay as written; malformed input (unbalanced braces, a lone "\", deep nesting) still
// gives text, never an error: models write all kinds of things.
#pragma once

#include <QString>
#include <QStringView>

namespace siliang::app {

struct LatexOptions {
    bool display = false;  // \\ breaks lines (<br>) instead of "; "
    // Also encode the characters Markdown would act on (* _ ` [ ] | ...), for math put
    // back into Markdown text.
    bool markdownSafe = false;
    QString boxColor = QStringLiteral("#fff1b8");  // \boxed background
};

QString latexToHtml(QStringView latex, const LatexOptions& options = {});

// Markdown text with its inline math ($x$, \(x\), and $$x$$ / \[x\] inside a
// paragraph) replaced by latexToHtml's output; code spans and escaped dollars are left
// alone, and "$5 and $6" stays money: an opening $ must be followed by a non-space,
// a closing $ preceded by a non-space and not followed by a digit.
QString convertInlineMath(QStringView markdown, const LatexOptions& options = {});

// "\boxed{...}" spanning the whole formula: the view frames display math like that.
bool isBoxedFormula(QStringView latex);

}  // namespace siliang::app
