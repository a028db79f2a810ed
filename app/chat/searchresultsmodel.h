// SearchResultsModel: the sidebar's search. The query is set as the user types;
// the store's full-text search runs on the GUI thread (it answers in well under a
// frame's budget even on a large history) once typing pauses for kDebounceMs, so
// a fast typist costs one search, not one per key.
//
// Each row is a hit: a conversation title, or a message (content or reasoning),
// with a snippet as rich text: the matched words highlighted and everything else
// HTML-escaped, so that "<b>" typed in a chat shows as text.
#pragma once

#include <QAbstractListModel>
#include <QDateTime>
#include <QList>
#include <QTimer>

#include "historytypes.h"

namespace siliang::history {
class HistoryStore;
}

namespace siliang::app {

class SearchResultsModel : public QAbstractListModel {
    Q_OBJECT
    Q_PROPERTY(QString query READ query WRITE setQuery NOTIFY queryChanged)
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    // A query is waiting for typing to pause: the rows are those of an older one.
    Q_PROPERTY(bool pending READ pending NOTIFY pendingChanged)
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)
    // The background of highlighted words, a CSS colour ("#ffe082"); the view sets it
    // from its theme.
    Q_PROPERTY(QString highlightColor READ highlightColor WRITE setHighlightColor NOTIFY
                   highlightColorChanged)
public:
    enum Roles {
        ConversationIdRole = Qt::UserRole + 1,
        MessageIdRole,    // 0 for a title hit
        TitleRole,        // the conversation's title
        SnippetRole,      // rich text
        SnippetTextRole,  // plain text (screen readers)
        FieldRole,        // "title", "content" or "reasoning"
        DateRole,         // when the message was written (a title: the last update)
    };
    Q_ENUM(Roles)
    static constexpr int kDebounceMs = 150;
    static constexpr int kLimit = 50;

    explicit SearchResultsModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Not owned; null: searches find nothing.
    void setStore(history::HistoryStore* store) { store_ = store; }

    QString query() const { return query_; }
    void setQuery(const QString& query);
    bool pending() const { return debounce_.isActive(); }
    QString error() const { return error_; }
    QString highlightColor() const { return highlightColor_; }
    void setHighlightColor(const QString& color);

    // Runs a pending query now (Enter pressed before typing paused).
    Q_INVOKABLE void searchNow();
    // Runs the current query again (after a rename or delete changed the history).
    Q_INVOKABLE void refresh();
    Q_INVOKABLE void clear() { setQuery({}); }
    Q_INVOKABLE qint64 conversationIdAt(int row) const;
    Q_INVOKABLE qint64 messageIdAt(int row) const;

    // `snippet` with each (start, length) range (UTF-16 units; overlapping or
    // touching ranges merge) wrapped in a highlight span; all text HTML-escaped and
    // line breaks turned into spaces.
    static QString snippetHtml(const QString& snippet, QList<QPair<int, int>> highlights,
                               const QString& highlight);

signals:
    void queryChanged();
    void countChanged();
    void pendingChanged();
    void errorChanged();
    void highlightColorChanged();

private:
    struct Row {
        history::SearchHit hit;
        QDateTime date;
    };
    void run();
    void setError(const QString& error);

    history::HistoryStore* store_ = nullptr;
    QString query_;
    QString error_;
    QString highlightColor_ = QStringLiteral("#ffe082");
    QTimer debounce_;
    QList<Row> rows_;
};

}  // namespace siliang::app
