// Message rendering: the block splitter (fences, streaming partial fences, nested
// backtick fences, display math), inline math detection (money is not math), the
// LaTeX-to-readable converter on real DeepSeek-R1-style formulas and on random
// garbage (never a crash or a hang), the built-in highlighter for every language it
// claims, and MessageBlocksModel's incremental streaming.
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

#include "codehighlighter.h"
#include "latexreadable.h"
#include "markdownblocks.h"
#include "messageblocksmodel.h"

using siliang::app::convertInlineMath;
using siliang::app::latexToHtml;
using siliang::app::MarkdownBlock;
using siliang::app::MessageBlocksModel;
using siliang::app::splitMarkdownBlocks;
using Kind = MarkdownBlock::Kind;

class TestMarkdown : public QObject {
    Q_OBJECT
private slots:
    void splitsMarkdownCodeAndMath();
    void unclosedFenceIsCodeWhileStreaming();
    void longerFenceContainsShorterOnes();
    void indentedFenceInAListItem();
    void displayMathBlocks();
    void resumingAtABlockStartGivesTheSameBlocks();
    void inlineMathIsConverted_data();
    void inlineMathIsConverted();
    void moneyIsNotMath_data();
    void moneyIsNotMath();
    void codeSpansKeepTheirDollars();
    void latexConversions_data();
    void latexConversions();
    void boxedFormulas();
    void malformedLatexNeverCrashesOrHangs();
    void highlightsEachBuiltinLanguage_data();
    void highlightsEachBuiltinLanguage();
    void codeIsHtmlEscaped();
    void unknownLanguageIsPlainEscapedText();
    void highlightColoursFollowTheTheme();
    void blocksModelStreamsIncrementally();
    void blocksModelRerendersOnThemeChange();
};

void TestMarkdown::splitsMarkdownCodeAndMath() {
    const QString text = QStringLiteral(
        "# Title\n\nSome *text*.\n\n```python\ndef f(x):\n    return x\n```\n\nAfter.\n\n"
        "$$\nE = mc^2\n$$\nEnd.");
    const QList<MarkdownBlock> blocks = splitMarkdownBlocks(text);
    QCOMPARE(blocks.size(), 5);
    QCOMPARE(blocks[0].kind, Kind::Markdown);
    QCOMPARE(blocks[0].text, QStringLiteral("# Title\n\nSome *text*.\n\n"));
    QCOMPARE(blocks[1].kind, Kind::Code);
    QCOMPARE(blocks[1].language, QStringLiteral("python"));
    QCOMPARE(blocks[1].text, QStringLiteral("def f(x):\n    return x"));
    QVERIFY(blocks[1].complete);
    QCOMPARE(blocks[2].kind, Kind::Markdown);
    QCOMPARE(blocks[2].text.trimmed(), QStringLiteral("After."));
    QCOMPARE(blocks[3].kind, Kind::Math);
    QCOMPARE(blocks[3].text, QStringLiteral("E = mc^2"));
    QCOMPARE(blocks[4].text, QStringLiteral("End."));
    // Offsets point at the blocks' first characters.
    QVERIFY(text.mid(blocks[1].start).startsWith(QStringLiteral("```python")));
    QVERIFY(text.mid(blocks[3].start).startsWith(QStringLiteral("$$")));
}

void TestMarkdown::unclosedFenceIsCodeWhileStreaming() {
    // Every prefix of a streaming answer: once the fence line is there, code so far.
    const QString full = QStringLiteral("Here:\n```js\nconst a = 1;\nconsole.log(a);\n```\nDone.");
    const qsizetype fence = full.indexOf(QStringLiteral("```js"));
    const qsizetype closing = full.lastIndexOf(QStringLiteral("```"));
    for (qsizetype n = fence + 3; n <= full.size(); ++n) {
        const QList<MarkdownBlock> blocks = splitMarkdownBlocks(QStringView(full).left(n));
        QVERIFY2(blocks.size() >= 2, qPrintable(QString::number(n)));
        QCOMPARE(blocks[0].text, QStringLiteral("Here:\n"));
        QCOMPARE(blocks[1].kind, Kind::Code);
        QCOMPARE(blocks[1].complete, n >= closing + 3);
        QVERIFY(QStringLiteral("const a = 1;\nconsole.log(a);").startsWith(blocks[1].text));
    }
    const QList<MarkdownBlock> partial =
        splitMarkdownBlocks(QStringView(full).left(full.indexOf(QStringLiteral("console"))));
    QCOMPARE(partial.size(), 2);
    QCOMPARE(partial[1].language, QStringLiteral("js"));
    QCOMPARE(partial[1].text, QStringLiteral("const a = 1;"));
    QVERIFY(!partial[1].complete);
}

void TestMarkdown::longerFenceContainsShorterOnes() {
    const QString text =
        QStringLiteral("````markdown\nUse fences:\n```python\nprint(1)\n```\n````\nafter");
    const QList<MarkdownBlock> blocks = splitMarkdownBlocks(text);
    QCOMPARE(blocks.size(), 2);
    QCOMPARE(blocks[0].kind, Kind::Code);
    QCOMPARE(blocks[0].language, QStringLiteral("markdown"));
    QCOMPARE(blocks[0].text, QStringLiteral("Use fences:\n```python\nprint(1)\n```"));
    QCOMPARE(blocks[1].text, QStringLiteral("after"));
    // Backticks inside a code line and a tilde fence holding a backtick fence.
    const QList<MarkdownBlock> tilde =
        splitMarkdownBlocks(QStringLiteral("~~~\nx = `a`\n```\n~~~\n"));
    QCOMPARE(tilde.size(), 1);
    QCOMPARE(tilde[0].text, QStringLiteral("x = `a`\n```"));
    // A backtick fence's info string may not hold backticks: "```a`" is inline code.
    QCOMPARE(splitMarkdownBlocks(QStringLiteral("```a` b")).first().kind, Kind::Markdown);
}

void TestMarkdown::indentedFenceInAListItem() {
    const QString text =
        QStringLiteral("1. Run:\n   ```bash\n   make -j2\n     indented\n   ```\n2. Next");
    const QList<MarkdownBlock> blocks = splitMarkdownBlocks(text);
    QCOMPARE(blocks.size(), 3);
    QCOMPARE(blocks[1].language, QStringLiteral("bash"));
    QCOMPARE(blocks[1].text, QStringLiteral("make -j2\n  indented"));
}

void TestMarkdown::displayMathBlocks() {
    QList<MarkdownBlock> b =
        splitMarkdownBlocks(QStringLiteral("So\n\\[\n\\int_0^1 x\\,dx\n\\]\nok"));
    QCOMPARE(b.size(), 3);
    QCOMPARE(b[1].kind, Kind::Math);
    QCOMPARE(b[1].text, QStringLiteral("\\int_0^1 x\\,dx"));
    b = splitMarkdownBlocks(QStringLiteral("$$ a^2 + b^2 = c^2 $$"));
    QCOMPARE(b.size(), 1);
    QCOMPARE(b[0].kind, Kind::Math);
    QCOMPARE(b[0].text, QStringLiteral("a^2 + b^2 = c^2"));
    // Unclosed while streaming: math so far.
    b = splitMarkdownBlocks(QStringLiteral("Thus:\n$$\n\\frac{1}{2"));
    QCOMPARE(b.size(), 2);
    QCOMPARE(b[1].kind, Kind::Math);
    QVERIFY(!b[1].complete);
    // Closed mid-line with text after it: inline math inside the paragraph.
    b = splitMarkdownBlocks(QStringLiteral("$$x$$ is the answer"));
    QCOMPARE(b.size(), 1);
    QCOMPARE(b[0].kind, Kind::Markdown);
}

void TestMarkdown::resumingAtABlockStartGivesTheSameBlocks() {
    const QString text =
        QStringLiteral("a\n```c\nint x;\n```\nb $x$\n$$\ny\n$$\n~~~\nz\n~~~\nc\n```\nopen");
    const QList<MarkdownBlock> all = splitMarkdownBlocks(text);
    QCOMPARE(all.size(), 7);
    for (int k = 0; k < all.size(); ++k) {
        const QList<MarkdownBlock> tail = splitMarkdownBlocks(text, all[k].start);
        QCOMPARE(tail, all.mid(k));
    }
}

void TestMarkdown::inlineMathIsConverted_data() {
    QTest::addColumn<QString>("markdown");
    QTest::addColumn<QString>("expected");
    QTest::newRow("dollars") << "Let $x^2 + y^2 = r^2$ hold."
                             << "Let x² + y² = r² hold.";
    QTest::newRow("parens") << "Since \\(\\alpha \\leq \\beta\\),"
                            << "Since α ≤ β,";
    QTest::newRow("double dollars inline") << "so $$n!$$ grows"
                                           << "so n! grows";
    QTest::newRow("brackets inline") << "is \\[\\pi r^2\\] here"
                                     << "is π r² here";
    QTest::newRow("escaped dollar") << "costs \\$5"
                                    << "costs \\$5";
    QTest::newRow("markdown specials escaped") << "$a_{b} * c$"
                                               << "a<sub>b</sub> &#42; c";
}

void TestMarkdown::inlineMathIsConverted() {
    QFETCH(QString, markdown);
    QFETCH(QString, expected);
    QString out = convertInlineMath(markdown);
    out.replace(QStringLiteral("∗"), QStringLiteral("&#42;"));
    QCOMPARE(out, expected);
}

void TestMarkdown::moneyIsNotMath_data() {
    QTest::addColumn<QString>("markdown");
    QTest::newRow("two prices") << "It costs $5 and $6 with tax.";
    QTest::newRow("price range") << "between $10-$20 per month";
    QTest::newRow("space after dollar") << "$ 5 and 6 $";
    QTest::newRow("lone dollar") << "Pay $5.";
    QTest::newRow("paragraph break") << "$x\n\ny$";
    QTest::newRow("shell variable") << "echo $HOME and $PATH";
}

void TestMarkdown::moneyIsNotMath() {
    QFETCH(QString, markdown);
    QCOMPARE(convertInlineMath(markdown), markdown);
}

void TestMarkdown::codeSpansKeepTheirDollars() {
    QCOMPARE(convertInlineMath(QStringLiteral("run `echo $a$` then $b$")),
             QStringLiteral("run `echo $a$` then b"));
    QCOMPARE(convertInlineMath(QStringLiteral("``x ` $y$`` and $\\pi$")),
             QStringLiteral("``x ` $y$`` and π"));
    // An unclosed code span is just backticks: math after it still converts.
    QCOMPARE(convertInlineMath(QStringLiteral("a ` b $\\pi$")), QStringLiteral("a ` b π"));
}

void TestMarkdown::latexConversions_data() {
    QTest::addColumn<QString>("latex");
    QTest::addColumn<QString>("expected");
    // Formulas as DeepSeek-R1 writes them in its reasoning and answers.
    QTest::newRow("greek and ops") << "\\alpha \\times \\beta \\cdot \\gamma"
                                   << "α × β · γ";
    QTest::newRow("relations") << "a \\leq b \\geq c \\neq d \\approx e"
                               << "a ≤ b ≥ c ≠ d ≈ e";
    QTest::newRow("simple frac") << "\\frac{a}{b}"
                                 << "a⁄b";
    QTest::newRow("compound frac") << "\\frac{n(n+1)}{2}"
                                   << "(n(n+1))/2";
    QTest::newRow("dfrac both compound") << "\\dfrac{x+1}{x-1}"
                                         << "(x+1)/(x−1)";
    QTest::newRow("unicode scripts") << "x^{2} + x_1 + e^{-1}"
                                     << "x² + x₁ + e⁻¹";
    QTest::newRow("html scripts") << "e^{i\\pi}"
                                  << "e<sup>iπ</sup>";
    QTest::newRow("sum with limits") << "\\sum_{i=1}^{n} i"
                                     << "∑ᵢ₌₁ⁿ i";
    QTest::newRow("integral") << "\\int_0^\\infty e^{-x}\\,dx"
                              << "∫₀<sup>∞</sup> e⁻ˣ\u2009dx";
    QTest::newRow("sqrt") << "\\sqrt{x^2+1}"
                          << "√(x²+1)";
    QTest::newRow("sqrt simple") << "\\sqrt{2}"
                                 << "√2";
    QTest::newRow("nth root") << "\\sqrt[3]{8}"
                              << "³√8";
    QTest::newRow("text") << "\\text{if } x > 0"
                          << "if x &gt; 0";
    QTest::newRow("mathbb") << "x \\in \\mathbb{R}, n \\in \\mathbb{N}"
                            << "x ∈ ℝ, n ∈ ℕ";
    QTest::newRow("arrows") << "x \\to \\infty \\Rightarrow y"
                            << "x → ∞ ⇒ y";
    QTest::newRow("partial nabla") << "\\partial f / \\partial x, \\nabla f"
                                   << "∂ f / ∂ x, ∇ f";
    QTest::newRow("prod") << "\\prod_{k} a_k"
                          << "∏ₖ aₖ";
    QTest::newRow("left right") << "\\left( \\frac{1}{2} \\right)"
                                << "( 1⁄2 )";
    QTest::newRow("functions") << "\\sin^2\\theta + \\cos^2\\theta = 1"
                               << "sin²θ + cos²θ = 1";
    QTest::newRow("unknown kept") << "\\foo{x} + 1"
                                  << "\\foo{x} + 1";
    QTest::newRow("accent") << "\\hat{x}"
                            << "x\u0302";
    QTest::newRow("cases")
        << "f(x) = \\begin{cases} 1 & x > 0 \\\\ 0 & \\text{otherwise} \\end{cases}"
        << "f(x) = { 1 \u2003 x &gt; 0 ; 0 \u2003 otherwise";
    QTest::newRow("binom") << "\\binom{n}{k}"
                           << "C(n, k)";
    QTest::newRow("pmod") << "a \\equiv b \\pmod{n}"
                          << "a ≡ b (mod n)";
    QTest::newRow("html escaped") << "a < b"
                                  << "a &lt; b";
}

void TestMarkdown::latexConversions() {
    QFETCH(QString, latex);
    QFETCH(QString, expected);
    QCOMPARE(latexToHtml(latex), expected);
}

void TestMarkdown::boxedFormulas() {
    const QString html = latexToHtml(QStringLiteral("\\boxed{42}"));
    QVERIFY2(html.contains(QStringLiteral("background-color")), qPrintable(html));
    QVERIFY(html.contains(QStringLiteral("42")));
    QVERIFY(siliang::app::isBoxedFormula(QStringLiteral(" \\boxed{\\frac{1}{2}} ")));
    QVERIFY(!siliang::app::isBoxedFormula(QStringLiteral("\\boxed{1} + \\boxed{2}")));
    QVERIFY(!siliang::app::isBoxedFormula(QStringLiteral("x = 1")));
    // Display mode: "\\" breaks lines.
    siliang::app::LatexOptions display;
    display.display = true;
    QCOMPARE(latexToHtml(QStringLiteral("a \\\\ b"), display), QStringLiteral("a <br> b"));
}

void TestMarkdown::malformedLatexNeverCrashesOrHangs() {
    const QStringList nasty = {
        QStringLiteral("\\"),
        QStringLiteral("{"),
        QStringLiteral("}"),
        QStringLiteral("^"),
        QStringLiteral("_{"),
        QStringLiteral("\\frac{"),
        QStringLiteral("\\frac"),
        QStringLiteral("\\sqrt["),
        QStringLiteral("\\begin{cases"),
        QStringLiteral("\\end{x}"),
        QStringLiteral("\\left"),
        QStringLiteral("x^^^__"),
        QString(5000, u'{'),
        QString(5000, u'}'),
        QStringLiteral("\\frac{").repeated(2000),
        QStringLiteral("x^{").repeated(2000),
        QStringLiteral("\\begin{pmatrix}").repeated(500),
        QStringLiteral("\\text{"),
        QStringLiteral("\\mathbb{"),
        QStringLiteral("\\boxed{"),
    };
    for (const QString& s : nasty) {
        const QString out = latexToHtml(s);
        Q_UNUSED(out);
        QVERIFY(!convertInlineMath(QStringLiteral("$") + s + QStringLiteral("$")).isNull() ||
                s.isEmpty());
    }
    // Random strings over an alphabet of LaTeX's special characters and commands.
    const QStringList pieces = {"\\",
                                "{",
                                "}",
                                "^",
                                "_",
                                "$",
                                "$$",
                                "\\(",
                                "\\)",
                                "\\[",
                                "\\]",
                                "\\frac",
                                "\\sqrt",
                                "[",
                                "]",
                                "\\begin{cases}",
                                "\\end{cases}",
                                "\\\\",
                                "&",
                                "x",
                                " ",
                                "\n",
                                "`",
                                "\\text{",
                                "\\left",
                                "\\right",
                                "\\boxed",
                                "\\mathbb",
                                "\\hat",
                                "1",
                                "\\alpha",
                                "\\unknown"};
    QRandomGenerator rng(20261128);
    QElapsedTimer clock;
    clock.start();
    for (int round = 0; round < 3000; ++round) {
        QString s;
        const int n = static_cast<int>(rng.bounded(60));
        for (int k = 0; k < n; ++k) s += pieces.at(static_cast<int>(rng.bounded(pieces.size())));
        latexToHtml(s);
        convertInlineMath(s);
        splitMarkdownBlocks(s);
    }
    // Linear-ish work: 3000 random strings take well under the test timeout.
    QVERIFY2(clock.elapsed() < 20000, qPrintable(QString::number(clock.elapsed())));
}

void TestMarkdown::highlightsEachBuiltinLanguage_data() {
    QTest::addColumn<QString>("language");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("keyword");
    QTest::addColumn<QString>("string");
    QTest::addColumn<QString>("comment");
    QTest::newRow("python") << "python"
                            << "def f():\n    return \"hi\"  # note"
                            << "def"
                            << "&quot;hi&quot;"
                            << "# note";
    QTest::newRow("c") << "c"
                       << "int main(void) { return 'x'; /* c */ }"
                       << "return"
                       << "&#39;x&#39;"
                       << "/* c */";
    QTest::newRow("cpp") << "cpp"
                         << "template <class T> auto s = \"s\"; // c"
                         << "template"
                         << "&quot;s&quot;"
                         << "// c";
    QTest::newRow("javascript") << "js"
                                << "const a = `t`; // c"
                                << "const"
                                << "`t`"
                                << "// c";
    QTest::newRow("typescript") << "ts"
                                << "interface A { b: 'x' } // c"
                                << "interface"
                                << "&#39;x&#39;"
                                << "// c";
    QTest::newRow("java") << "java"
                          << "public class A { String s = \"x\"; } // c"
                          << "public"
                          << "&quot;x&quot;"
                          << "// c";
    QTest::newRow("go") << "go"
                        << "func main() { s := \"x\" } // c"
                        << "func"
                        << "&quot;x&quot;"
                        << "// c";
    QTest::newRow("rust") << "rust"
                          << "fn main() { let s = \"x\"; } // c"
                          << "fn"
                          << "&quot;x&quot;"
                          << "// c";
    QTest::newRow("bash") << "bash"
                          << "if [ -f x ]; then echo \"$HOME\"; fi # c"
                          << "then"
                          << "&quot;$HOME&quot;"
                          << "# c";
    QTest::newRow("sql") << "sql"
                         << "SELECT name FROM t WHERE a = 'x'; -- c"
                         << "SELECT"
                         << "&#39;x&#39;"
                         << "-- c";
    QTest::newRow("json") << "json"
                          << "{\"key\": \"value\", \"n\": true}"
                          << "true"
                          << "&quot;value&quot;"
                          << "";
    QTest::newRow("html") << "html"
                          << "<div class=\"a\">x</div><!-- c -->"
                          << "div"
                          << "&quot;a&quot;"
                          << "&lt;!-- c --&gt;";
    QTest::newRow("css") << "css"
                         << "@media screen { a { color: #fff; content: \"x\" } } /* c */"
                         << "@media"
                         << "&quot;x&quot;"
                         << "/* c */";
}

void TestMarkdown::highlightsEachBuiltinLanguage() {
    QFETCH(QString, language);
    QFETCH(QString, code);
    QFETCH(QString, keyword);
    QFETCH(QString, string);
    QFETCH(QString, comment);
    const auto highlighter = siliang::app::makeBuiltinHighlighter();
    const QString html = highlighter->toHtml(code, language, false);
    auto span = [](const char* color, const QString& text) {
        return QStringLiteral("<span style=\"color:%1\">%2</span>").arg(QLatin1String(color), text);
    };
    QVERIFY2(html.contains(span("#cf222e", keyword)) || html.contains(span("#0550ae", keyword)),
             qPrintable(html));
    QVERIFY2(html.contains(span("#0a3069", string)), qPrintable(html));
    if (!comment.isEmpty())
        QVERIFY2(html.contains(QStringLiteral("<span style=\"color:#6e7781;font-style:italic\">") +
                               comment + QStringLiteral("</span>")),
                 qPrintable(html));
    // Stripping the spans gives back the code, escaped: nothing lost, nothing added.
    QString text = html;
    text.remove(QRegularExpression(QStringLiteral("<[^>]*>")));
    QCOMPARE(text, siliang::app::escapeHtml(code));
}

void TestMarkdown::codeIsHtmlEscaped() {
    const QString code = QStringLiteral("x = \"<script>alert(1)</script>\" & y < z");
    for (const QString& language :
         {QStringLiteral("python"), QStringLiteral("html"), QStringLiteral("nosuchlanguage")}) {
        const QString html = siliang::app::codeHighlighter().toHtml(code, language, true);
        QVERIFY2(!html.contains(QStringLiteral("<script")), qPrintable(html));
        QVERIFY(html.contains(QStringLiteral("&lt;script&gt;")) ||
                html.contains(QStringLiteral("script")));
        QVERIFY(html.contains(QStringLiteral("&amp;")));
    }
}

void TestMarkdown::unknownLanguageIsPlainEscapedText() {
    QCOMPARE(siliang::app::codeHighlighter().toHtml(QStringLiteral("a < b"), QString(), false),
             QStringLiteral("a &lt; b"));
    QCOMPARE(siliang::app::codeHighlighter().name(), QStringLiteral("built-in"));
}

void TestMarkdown::highlightColoursFollowTheTheme() {
    const auto& h = siliang::app::codeHighlighter();
    const QString light = h.toHtml(QStringLiteral("return 1"), QStringLiteral("c"), false);
    const QString dark = h.toHtml(QStringLiteral("return 1"), QStringLiteral("c"), true);
    QVERIFY(light.contains(QStringLiteral("#cf222e")));
    QVERIFY(dark.contains(QStringLiteral("#ff7b72")));
    QVERIFY(light != dark);
}

void TestMarkdown::blocksModelStreamsIncrementally() {
    MessageBlocksModel model;
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    const QString answer = QStringLiteral(
        "# Plan\n\nFirst some prose with $x^2$.\n\n```python\nfor i in range(3):\n    "
        "print(i)\n```\n\nThen math:\n\n$$\n\\frac{a}{b}\n$$\n\n## Table\n\n| a | b |\n|---|---|\n"
        "| 1 | 2 |\n\nDone.");
    // Token by token (4 characters at a time).
    QString streamed;
    for (qsizetype k = 0; k < answer.size(); k += 4) {
        streamed = answer.left(k + 4);
        model.setText(streamed);
    }
    QCOMPARE(model.rowCount(), 5);
    auto value = [&](int row, const char* role) {
        return model.data(model.index(row), model.roleNames().key(QByteArray(role)));
    };
    QCOMPARE(value(0, "kind").toString(), QStringLiteral("markdown"));
    QVERIFY(value(0, "rendered").toString().contains(QStringLiteral("x²")));
    QCOMPARE(value(1, "kind").toString(), QStringLiteral("code"));
    QCOMPARE(value(1, "language").toString(), QStringLiteral("python"));
    QCOMPARE(value(1, "source").toString(), QStringLiteral("for i in range(3):\n    print(i)"));
    QVERIFY(value(1, "rendered").toString().startsWith(QStringLiteral("<pre")));
    QVERIFY(value(1, "complete").toBool());
    QCOMPARE(value(3, "kind").toString(), QStringLiteral("math"));
    QCOMPARE(value(3, "rendered").toString(), QStringLiteral("a⁄b"));
    QVERIFY(value(4, "rendered").toString().contains(QStringLiteral("| 1 | 2 |")));

    // Same blocks as splitting the whole text at once.
    const QList<MarkdownBlock> whole = splitMarkdownBlocks(answer);
    QCOMPARE(whole.size(), model.rowCount());
    for (int r = 0; r < whole.size(); ++r) QCOMPARE(value(r, "source").toString(), whole[r].text);

    // Finished blocks were not re-rendered on every token: far fewer renders than tokens
    // times blocks (each token re-renders at most the last two blocks).
    const int tokens = static_cast<int>((answer.size() + 3) / 4);
    QVERIFY2(model.renderCount() <= 2 * tokens + 5,
             qPrintable(QString::number(model.renderCount())));
    for (const QList<QVariant>& args : changed) {
        const int row = args.at(0).value<QModelIndex>().row();
        QVERIFY(row >= 0);
    }
    QCOMPARE(inserted.size() >= 5, true);

    // A different text (another message) replaces the blocks.
    model.setText(QStringLiteral("just text"));
    QCOMPARE(model.rowCount(), 1);
    model.setText(QString());
    QCOMPARE(model.rowCount(), 0);
}

void TestMarkdown::blocksModelRerendersOnThemeChange() {
    MessageBlocksModel model;
    model.setText(QStringLiteral("```c\nreturn 0;\n```"));
    const QModelIndex i = model.index(0);
    QVERIFY(model.data(i, MessageBlocksModel::RenderedRole).toString().contains("#cf222e"));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setDark(true);
    QCOMPARE(changed.size(), 1);
    QVERIFY(model.data(i, MessageBlocksModel::RenderedRole).toString().contains("#ff7b72"));
}

QTEST_APPLESS_MAIN(TestMarkdown)
#include "tst_markdown.moc"
