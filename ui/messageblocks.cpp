#include "messageblocks.h"

#include <QRegularExpression>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextTable>

void MessageBlocks::setColor(QColor& slot, const QColor& color) {
    if (slot == color) return;
    slot = color;
    rerenderAll();
    emit colorsChanged();
}

QString MessageBlocks::renderMarkdown(const QString& markdown) const {
    QTextDocument doc;
    doc.setMarkdown(markdown);  // GitHub dialect: tables, task lists, strikethrough
    QTextCursor cursor(&doc);
    for (QTextBlock block = doc.begin(); block.isValid(); block = block.next()) {
        QTextBlockFormat format = block.blockFormat();
        const int heading = format.headingLevel();
        const bool listItem = block.textList() != nullptr;
        const bool quote = format.hasProperty(QTextFormat::BlockQuoteLevel) &&
                           format.intProperty(QTextFormat::BlockQuoteLevel) > 0;
        if (heading > 0) {
            format.setTopMargin(heading <= 2 ? 14 : 10);
            format.setBottomMargin(6);
        } else if (!listItem) {
            format.setBottomMargin(8);
        } else {
            format.setBottomMargin(3);
        }
        cursor.setPosition(block.position());
        cursor.setBlockFormat(format);

        // Whole-block character fixes: one heading size; muted quotes; themed links.
        if (heading > 0 && block.begin() != block.end()) {
            const QTextCharFormat first = block.begin().fragment().charFormat();
            QTextCharFormat same;
            same.setFontWeight(QFont::Bold);
            if (first.hasProperty(QTextFormat::FontSizeAdjustment))
                same.setProperty(QTextFormat::FontSizeAdjustment,
                                 first.intProperty(QTextFormat::FontSizeAdjustment));
            if (first.hasProperty(QTextFormat::FontPointSize))
                same.setFontPointSize(first.fontPointSize());
            cursor.setPosition(block.position());
            cursor.setPosition(block.position() + block.length() - 1, QTextCursor::KeepAnchor);
            cursor.mergeCharFormat(same);
        }
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextFragment fragment = it.fragment();
            QTextCharFormat change;
            if (fragment.charFormat().isAnchor())
                change.setForeground(linkColor_);
            else if (quote)
                change.setForeground(mutedColor_);
            else
                continue;
            cursor.setPosition(fragment.position());
            cursor.setPosition(fragment.position() + fragment.length(), QTextCursor::KeepAnchor);
            cursor.mergeCharFormat(change);
        }
    }
    // Tables: thin collapsed borders, room in the cells.
    for (QTextFrame* frame : doc.rootFrame()->childFrames()) {
        auto* table = qobject_cast<QTextTable*>(frame);
        if (!table) continue;
        QTextTableFormat format = table->format();
        format.setBorder(1);
        format.setBorderCollapse(true);
        format.setBorderBrush(borderColor_);
        format.setBorderStyle(QTextFrameFormat::BorderStyle_Solid);
        format.setCellPadding(6);
        format.setCellSpacing(0);
        format.setBottomMargin(8);
        table->setFormat(format);
    }
    // The view's font and colour apply: drop the document-wide style toHtml() writes.
    QString html = doc.toHtml();
    static const QRegularExpression bodyStyle(QStringLiteral("<body style=\"[^\"]*\">"));
    html.replace(bodyStyle, QStringLiteral("<body>"));
    return html;
}
