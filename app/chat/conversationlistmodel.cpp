#include "conversationlistmodel.h"

namespace siliang::app {

ConversationListModel::ConversationListModel(QObject* parent) : QAbstractListModel(parent) {}

int ConversationListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

QVariant ConversationListModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() < 0 || index.row() >= rows_.size()) return {};
    const history::Conversation& c = rows_.at(index.row());
    switch (role) {
        case IdRole: return c.id;
        case Qt::DisplayRole:
        case TitleRole: return c.title.isEmpty() ? tr("New chat") : c.title;
        case UpdatedRole: return c.updatedAt.toLocalTime();
        case PinnedRole: return c.pinned;
        case SectionRole: return sections_.at(index.row());
        default: return {};
    }
}

QHash<int, QByteArray> ConversationListModel::roleNames() const {
    return {{IdRole, "conversationId"},
            {TitleRole, "title"},
            {UpdatedRole, "updated"},
            {PinnedRole, "pinned"},
            {SectionRole, "section"}};
}

QString ConversationListModel::sectionFor(const history::Conversation& c, const QDate& today) {
    if (c.pinned) return tr("Pinned");
    const qint64 days = c.updatedAt.toLocalTime().date().daysTo(today);
    if (days <= 0) return tr("Today");
    if (days == 1) return tr("Yesterday");
    if (days <= 7) return tr("Previous 7 days");
    return tr("Older");
}

void ConversationListModel::setConversations(const QList<history::Conversation>& list,
                                             const QDate& today) {
    beginResetModel();
    rows_ = list;
    sections_.clear();
    for (const history::Conversation& c : rows_) sections_.append(sectionFor(c, today));
    endResetModel();
    emit countChanged();
}

int ConversationListModel::indexOf(qint64 id) const {
    for (int i = 0; i < rows_.size(); ++i)
        if (rows_.at(i).id == id) return i;
    return -1;
}

}  // namespace siliang::app
