#include "markdownblocks.h"

namespace siliang::app {

namespace {

struct Line {
    qsizetype start = 0;
    qsizetype end = 0;   // excluding the newline
    qsizetype next = 0;  // start of the following line
};

Line lineAt(QStringView text, qsizetype pos) {
    Line line;
    line.start = pos;
    const qsizetype nl = text.indexOf(u'\n', pos);
    line.end = nl < 0 ? text.size() : nl;
    line.next = nl < 0 ? text.size() : nl + 1;
    return line;
}

qsizetype leadingSpaces(QStringView s) {
    qsizetype i = 0;
    while (i < s.size() && (s[i] == u' ' || s[i] == u'\t')) ++i;
    return i;
}

// A fence opener: 3+ backticks or tildes after any indentation (models indent code
// inside list items); a backtick fence's info string may not contain a backtick.
struct Fence {
    QChar marker;
    qsizetype length = 0;
    qsizetype indent = 0;
    QString language;
};

bool openingFence(QStringView line, Fence* fence) {
    const qsizetype indent = leadingSpaces(line);
    const QStringView rest = line.mid(indent);
    if (rest.isEmpty() || (rest[0] != u'`' && rest[0] != u'~')) return false;
    qsizetype n = 0;
    while (n < rest.size() && rest[n] == rest[0]) ++n;
    if (n < 3) return false;
    const QStringView info = rest.mid(n).trimmed();
    if (rest[0] == u'`' && info.contains(u'`')) return false;
    fence->marker = rest[0];
    fence->length = n;
    fence->indent = indent;
    qsizetype word = 0;
    while (word < info.size() && !info[word].isSpace() && info[word] != u'{' && info[word] != u',')
        ++word;
    fence->language = info.left(word).toString();
    return true;
}

bool closingFence(QStringView line, const Fence& fence) {
    const QStringView rest = line.trimmed();
    qsizetype n = 0;
    while (n < rest.size() && rest[n] == fence.marker) ++n;
    return n >= fence.length && n == rest.size();
}

// Removes up to `indent` leading spaces from every line (the fence's own indentation).
QString dedent(QStringView code, qsizetype indent) {
    if (indent == 0) return code.toString();
    QString out;
    out.reserve(code.size());
    qsizetype pos = 0;
    while (pos <= code.size()) {
        const qsizetype nl = code.indexOf(u'\n', pos);
        const QStringView line = code.mid(pos, (nl < 0 ? code.size() : nl) - pos);
        out += line.mid(std::min(indent, leadingSpaces(line)));
        if (nl < 0) break;
        out += u'\n';
        pos = nl + 1;
    }
    return out;
}

// Display math opened on this line: "$$" or "\[" first. `close` is the matching
// delimiter. Returns the offset (in the line) of the formula's first character.
qsizetype openingMath(QStringView line, QStringView* close) {
    const qsizetype indent = leadingSpaces(line);
    const QStringView rest = line.mid(indent);
    if (rest.startsWith(u"$$")) {
        *close = u"$$";
    } else if (rest.startsWith(u"\\[")) {
        *close = u"\\]";
    } else {
        return -1;
    }
    return indent + 2;
}

// Where `close` ends the formula inside `line` from `from`, when only whitespace or a
// sentence's closing punctuation follows it (otherwise the delimiters are inline math
// inside a paragraph). Returns the offset of the delimiter, or -1.
qsizetype closingMath(QStringView line, qsizetype from, QStringView close) {
    const qsizetype at = line.lastIndexOf(close);
    if (at < from) return -1;
    const QStringView after = line.mid(at + close.size()).trimmed();
    for (QChar c : after)
        if (c != u'.' && c != u',' && c != u';') return -1;
    return at;
}

}  // namespace

QList<MarkdownBlock> splitMarkdownBlocks(QStringView text, qsizetype from) {
    QList<MarkdownBlock> blocks;
    from = std::clamp<qsizetype>(from, 0, text.size());
    qsizetype markdownStart = from;
    auto flushMarkdown = [&](qsizetype end) {
        const QStringView run = text.mid(markdownStart, end - markdownStart);
        if (!run.trimmed().isEmpty()) {
            MarkdownBlock b;
            b.text = run.toString();
            b.start = markdownStart;
            blocks.append(b);
        }
    };

    qsizetype pos = from;
    while (pos < text.size()) {
        const Line line = lineAt(text, pos);
        const QStringView lineText = text.mid(line.start, line.end - line.start);
        Fence fence;
        QStringView close;
        if (openingFence(lineText, &fence)) {
            flushMarkdown(line.start);
            MarkdownBlock b;
            b.kind = MarkdownBlock::Kind::Code;
            b.language = fence.language;
            b.start = line.start;
            b.complete = false;
            const qsizetype bodyStart = line.next;
            qsizetype bodyEnd = text.size();
            qsizetype p = line.next;
            while (p < text.size()) {
                const Line inner = lineAt(text, p);
                if (closingFence(text.mid(inner.start, inner.end - inner.start), fence)) {
                    bodyEnd = inner.start;
                    b.complete = true;
                    p = inner.next;
                    break;
                }
                p = inner.next;
            }
            if (!b.complete) {
                p = text.size();
                // The closing fence being typed ("`", "``"): not code, hide it.
                const qsizetype lastLine = text.lastIndexOf(u'\n') + 1;
                const QStringView tail = text.mid(lastLine).trimmed();
                if (lastLine > bodyStart && !tail.isEmpty() &&
                    tail.count(fence.marker) == tail.size())
                    bodyEnd = lastLine;
            }
            QStringView body = text.mid(bodyStart, std::max<qsizetype>(0, bodyEnd - bodyStart));
            if (body.endsWith(u'\n')) body.chop(1);
            b.text = dedent(body, fence.indent);
            blocks.append(b);
            pos = p;
            markdownStart = pos;
            continue;
        }
        if (const qsizetype open = openingMath(lineText, &close); open >= 0) {
            // Same line: "$$ x $$" or "\[ x \]".
            const qsizetype sameLine = closingMath(lineText, open, close);
            qsizetype endLine = -1, endAt = -1, p = line.next;
            if (sameLine >= 0) {
                endLine = line.start;
                endAt = sameLine;
            } else if (lineText.mid(open).contains(close)) {
                // Closed on this line with text after it: inline math in a paragraph.
                pos = line.next;
                continue;
            } else {
                while (p < text.size()) {
                    const Line inner = lineAt(text, p);
                    const QStringView innerText = text.mid(inner.start, inner.end - inner.start);
                    const qsizetype at = closingMath(innerText, 0, close);
                    if (at >= 0) {
                        endLine = inner.start;
                        endAt = at;
                        p = inner.next;
                        break;
                    }
                    if (innerText.contains(close)) break;  // closed mid-line: not a block
                    p = inner.next;
                }
                if (endLine < 0 && p < text.size()) {  // see above
                    pos = line.next;
                    continue;
                }
            }
            flushMarkdown(line.start);
            MarkdownBlock b;
            b.kind = MarkdownBlock::Kind::Math;
            b.start = line.start;
            const qsizetype bodyStart = line.start + open;
            if (endLine < 0) {
                b.complete = false;
                b.text = text.mid(bodyStart).trimmed().toString();
                pos = text.size();
            } else {
                const qsizetype bodyEnd = endLine + endAt;
                b.text = text.mid(bodyStart, std::max<qsizetype>(0, bodyEnd - bodyStart))
                             .trimmed()
                             .toString();
                pos = sameLine >= 0 ? line.next : p;
            }
            blocks.append(b);
            markdownStart = pos;
            continue;
        }
        pos = line.next;
    }
    flushMarkdown(text.size());
    return blocks;
}

}  // namespace siliang::app
