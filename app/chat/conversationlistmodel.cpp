#include "conversationlistmodel.h"

#include <QCoreApplication>
#include <QTimeZone>
#include <algorithm>

namespace siliang::app {

ConversationListModel::ConversationListModel(QObject* parent)
    : QAbstractListModel(parent), clock_([] { return QDateTime::currentDateTime(); }) {
    midnight_.setSingleShot(true);
    // A coarse timer may fire a little early; refreshSections() then reschedules
    // for the (now very near) midnight, so the change is never missed.
    midnight_.setTimerType(Qt::PreciseTimer);
    connect(&midnight_, &QTimer::timeout, this, &ConversationListModel::refreshSections);
}

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
    if (days <= 0) return tr("Today");  // also a clock set back: never "the future"
    if (days == 1) return tr("Yesterday");
    if (days <= 7) return tr("Previous 7 days");
    return tr("Older");
}

void ConversationListModel::setClock(Clock clock) {
    clock_ = std::move(clock);
    refreshSections();
}

void ConversationListModel::setConversations(const QList<history::Conversation>& list) {
    setConversations(list, now().date());
    scheduleMidnight();
}

void ConversationListModel::setConversations(const QList<history::Conversation>& list,
                                             const QDate& today) {
    beginResetModel();
    rows_ = list;
    // Section headers need each section's rows together: pinned first, then newest
    // first (the store's order already; a caller's list is not trusted to be).
    std::stable_sort(rows_.begin(), rows_.end(), [](const auto& a, const auto& b) {
        if (a.pinned != b.pinned) return a.pinned;
        return a.updatedAt > b.updatedAt;
    });
    sections_.clear();
    for (const history::Conversation& c : rows_) sections_.append(sectionFor(c, today));
    endResetModel();
    emit countChanged();
}

void ConversationListModel::refreshSections() {
    const QDate today = now().date();
    int first = -1, last = -1;
    for (int i = 0; i < rows_.size(); ++i) {
        QString section = sectionFor(rows_.at(i), today);
        if (section == sections_.at(i)) continue;
        sections_[i] = std::move(section);
        if (first < 0) first = i;
        last = i;
    }
    if (first >= 0) emit dataChanged(index(first), index(last), {SectionRole});
    scheduleMidnight();
}

void ConversationListModel::retranslate() {
    refreshSections();  // the stored headers differ from the new language's
    if (!rows_.isEmpty()) emit dataChanged(index(0), index(rowCount() - 1), {TitleRole});
}

qint64 ConversationListModel::msUntilMidnight() const {
    const QDateTime current = now();
    const QDateTime midnight(current.date().addDays(1), QTime(0, 0), current.timeZone());
    return std::max<qint64>(current.msecsTo(midnight), 0);
}

void ConversationListModel::scheduleMidnight() {
    // Without an event loop (model-only tests) there is nothing to schedule on.
    if (!QCoreApplication::instance()) return;
    // A second past midnight, so that "now" is surely on the new day.
    midnight_.start(std::chrono::milliseconds(msUntilMidnight() + 1000));
}

int ConversationListModel::indexOf(qint64 id) const {
    for (int i = 0; i < rows_.size(); ++i)
        if (rows_.at(i).id == id) return i;
    return -1;
}

}  // namespace siliang::app
