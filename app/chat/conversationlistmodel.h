// ConversationListModel: the sidebar. The store's list (pinned first, then most
// recently updated) with a date section per row for the view's section headers:
// "Pinned", "Today", "Yesterday", "Previous 7 days", "Older".
#pragma once

#include <QAbstractListModel>
#include <QDate>
#include <QList>

#include "historytypes.h"

namespace siliang::app {

class ConversationListModel : public QAbstractListModel {
    Q_OBJECT
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
public:
    enum Roles { IdRole = Qt::UserRole + 1, TitleRole, UpdatedRole, PinnedRole, SectionRole };
    Q_ENUM(Roles)

    explicit ConversationListModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    // `today` is the local date the sections are relative to (tests pass their own).
    void setConversations(const QList<history::Conversation>& list,
                          const QDate& today = QDate::currentDate());
    static QString sectionFor(const history::Conversation& c, const QDate& today);
    Q_INVOKABLE int indexOf(qint64 id) const;

signals:
    void countChanged();

private:
    QList<history::Conversation> rows_;
    QStringList sections_;
};

}  // namespace siliang::app
