// MessageBlocksModel: one message's text as the blocks the chat view renders
// (Markdown / highlighted code / display math), for a Repeater in MessageBubble.
// Streaming-aware: when the new text extends the old one (a token arrived) only the
// tail is split again, rows that did not change are left alone (no dataChanged), and
// only changed blocks are re-rendered, so a long answer streams as smoothly as a
// short one. Rendering (inline math, highlighting) is done here, in C++.
#pragma once

#include <QAbstractListModel>
#include <QList>

#include "markdownblocks.h"

namespace siliang::app {

class MessageBlocksModel : public QAbstractListModel {
    Q_OBJECT
    Q_PROPERTY(QString text READ text WRITE setText NOTIFY textChanged)
    Q_PROPERTY(bool dark READ dark WRITE setDark NOTIFY darkChanged)
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    // True when Markdown blocks are rendered to HTML (renderMarkdown overridden): the
    // view shows them as rich text instead of Markdown.
    Q_PROPERTY(bool markdownAsHtml READ markdownAsHtml CONSTANT)
public:
    enum Roles {
        KindRole = Qt::UserRole + 1,  // "markdown", "code", "math"
        RenderedRole,  // Markdown with inline math converted / code HTML / formula HTML
        SourceRole,    // the block's own text (what a code block's Copy copies)
        LanguageRole,  // code: the fence's language word
        CompleteRole,  // false while a fence or formula is still open
        BoxedRole,     // math: the whole formula is \boxed{...}
    };
    Q_ENUM(Roles)

    explicit MessageBlocksModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    QString text() const { return text_; }
    void setText(const QString& text);
    bool dark() const { return dark_; }
    void setDark(bool dark);

    // How many blocks were rendered since construction (tests check that streaming
    // re-renders only the tail).
    int renderCount() const { return renderCount_; }
    virtual bool markdownAsHtml() const { return false; }

signals:
    void textChanged();
    void darkChanged();
    void countChanged();

protected:
    // A Markdown block's text (inline math already converted) as the view gets it.
    virtual QString renderMarkdown(const QString& markdown) const { return markdown; }
    // Renders every block again (a colour it depends on changed).
    void rerenderAll();

private:
    struct Entry {
        MarkdownBlock block;
        QString rendered;
    };
    QString render(const MarkdownBlock& block);
    void apply(qsizetype keep, const QList<MarkdownBlock>& tail);

    QString text_;
    bool dark_ = false;
    QList<Entry> entries_;
    int renderCount_ = 0;
};

}  // namespace siliang::app
