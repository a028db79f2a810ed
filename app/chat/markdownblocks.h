// Splits a message into the blocks the chat view renders differently: Markdown text,
// fenced code (with its language) and display math ($$...$$, \[...\]). Line based and
// streaming-safe: an unclosed fence or display formula is a code / math block that is
// not complete yet, so a streaming answer shows code as code while it is written.
// Splitting can resume at any block's start (the scanner is in its normal state
// there), which is what lets MessageBlocksModel re-split only the tail per token.
#pragma once

#include <QList>
#include <QString>
#include <QStringView>

namespace siliang::app {

struct MarkdownBlock {
    enum class Kind { Markdown, Code, Math };
    Kind kind = Kind::Markdown;
    QString text;          // Markdown source, code without its fences, or the formula's LaTeX
    QString language;      // code: the first word of the fence's info string ("" if none)
    bool complete = true;  // false: an unclosed fence or formula (still streaming)
    qsizetype start = 0;   // offset of the block's first character in the message
    bool operator==(const MarkdownBlock&) const = default;
};

// Blocks of `text`, starting at offset `from` (which must be 0 or a block start
// returned by an earlier split of a prefix of the same text). Empty Markdown runs
// (blank lines between two code blocks) are dropped.
QList<MarkdownBlock> splitMarkdownBlocks(QStringView text, qsizetype from = 0);

}  // namespace siliang::app
