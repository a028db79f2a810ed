// MessageBlocks: MessageBlocksModel (app/chat) for QML. Markdown blocks become HTML
// here, through Qt's own Markdown reader (QTextDocument), with what Qt's plain
// Markdown rendering lacks for chat: space between paragraphs and around headings,
// headings in one size even where they hold *emphasis*, links in the theme's colour,
// quotes muted, tables with thin borders and padding.
#pragma once

#include <QtQml/qqmlregistration.h>
#include <QColor>

#include "messageblocksmodel.h"

class MessageBlocks : public siliang::app::MessageBlocksModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QColor linkColor READ linkColor WRITE setLinkColor NOTIFY colorsChanged)
    Q_PROPERTY(QColor mutedColor READ mutedColor WRITE setMutedColor NOTIFY colorsChanged)
    Q_PROPERTY(QColor borderColor READ borderColor WRITE setBorderColor NOTIFY colorsChanged)
public:
    explicit MessageBlocks(QObject* parent = nullptr) : MessageBlocksModel(parent) {}

    bool markdownAsHtml() const override { return true; }
    QColor linkColor() const { return linkColor_; }
    void setLinkColor(const QColor& color) { setColor(linkColor_, color); }
    QColor mutedColor() const { return mutedColor_; }
    void setMutedColor(const QColor& color) { setColor(mutedColor_, color); }
    QColor borderColor() const { return borderColor_; }
    void setBorderColor(const QColor& color) { setColor(borderColor_, color); }

signals:
    void colorsChanged();

protected:
    QString renderMarkdown(const QString& markdown) const override;

private:
    void setColor(QColor& slot, const QColor& color);
    QColor linkColor_ = QColor(0x3b, 0x63, 0xe0);
    QColor mutedColor_ = QColor(0x6b, 0x6c, 0x75);
    QColor borderColor_ = QColor(0xc8, 0xc8, 0xd0);
};
