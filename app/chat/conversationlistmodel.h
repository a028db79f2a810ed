// ConversationListModel: the sidebar. The store's list (pinned first, then most
// recently updated) with a date section per row for the view's section headers:
// "Pinned", "Today", "Yesterday", "Previous 7 days", "Older".
//
// Sections are relative to the local date of "now", which comes from a clock that
// tests replace. They are recomputed on every reload and, because a window left
// open overnight would otherwise keep calling yesterday "Today", at local midnight.
#pragma once

#include <QAbstractListModel>
#include <QDate>
#include <QDateTime>
#include <QList>
#include <QTimer>
#include <functional>

#include "historytypes.h"

namespace siliang::app {

class ConversationListModel : public QAbstractListModel {
    Q_OBJECT
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
public:
    enum Roles { IdRole = Qt::UserRole + 1, TitleRole, UpdatedRole, PinnedRole, SectionRole };
    Q_ENUM(Roles)
    using Clock = std::function<QDateTime()>;

    explicit ConversationListModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Replaces the clock (default: QDateTime::currentDateTime) and re-sections.
    void setClock(Clock clock);
    QDateTime now() const { return clock_(); }

    // Sections relative to the clock's local date.
    void setConversations(const QList<history::Conversation>& list);
    // Sections relative to a fixed `today` (the clock is not consulted).
    void setConversations(const QList<history::Conversation>& list, const QDate& today);
    // Recomputes the sections against the clock; rows whose section changed are
    // reported with dataChanged(SectionRole). Runs by itself at local midnight.
    void refreshSections();
    // How long until the sections next change on their own (the next local midnight).
    qint64 msUntilMidnight() const;
    // The language changed: section headers and "New chat" are made again.
    void retranslate();

    static QString sectionFor(const history::Conversation& c, const QDate& today);
    Q_INVOKABLE int indexOf(qint64 id) const;
    const history::Conversation& at(int row) const { return rows_.at(row); }

signals:
    void countChanged();

private:
    void scheduleMidnight();
    QList<history::Conversation> rows_;
    QStringList sections_;
    Clock clock_;
    QTimer midnight_;
};

}  // namespace siliang::app
