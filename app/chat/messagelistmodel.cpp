#include "messagelistmodel.h"

#include <QFileInfo>

#include "modelsummary.h"

namespace siliang::app {

MessageListModel::MessageListModel(QObject* parent) : QAbstractListModel(parent) {}

int MessageListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

QVariant MessageListModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() < 0 || index.row() >= rows_.size()) return {};
    const Row& r = rows_.at(index.row());
    switch (role) {
        case IdRole: return r.id;
        case RoleRole: return r.role;
        case Qt::DisplayRole:
        case ContentRole: return r.content;
        case ReasoningRole: return r.reasoning;
        case ReasoningSecondsRole: return r.reasoningSeconds;
        case ThinkingRole: return r.thinking;
        case StatusRole: return r.status;
        case StatsRole: return r.stats;
        case ErrorRole: return r.error;
        case SiblingIndexRole: return r.siblingIndex;
        case SiblingCountRole: return r.siblingCount;
        case AttachmentsRole: return r.attachments;
        default: return {};
    }
}

QHash<int, QByteArray> MessageListModel::roleNames() const {
    return {{IdRole, "messageId"},
            {RoleRole, "role"},
            {ContentRole, "content"},
            {ReasoningRole, "reasoning"},
            {ReasoningSecondsRole, "reasoningSeconds"},
            {ThinkingRole, "thinking"},
            {StatusRole, "status"},
            {StatsRole, "stats"},
            {ErrorRole, "errorMessage"},
            {SiblingIndexRole, "siblingIndex"},
            {SiblingCountRole, "siblingCount"},
            {AttachmentsRole, "attachments"}};
}

QVariantMap MessageListModel::statsMap(const history::MessageStats& stats) {
    if (stats == history::MessageStats{}) return {};
    return {{QStringLiteral("reasoningMs"), stats.reasoningMs},
            {QStringLiteral("promptTokens"), stats.promptTokens},
            {QStringLiteral("completionTokens"), stats.completionTokens},
            {QStringLiteral("promptTokensPerSecond"), stats.promptTokensPerSecond},
            {QStringLiteral("generationTokensPerSecond"), stats.generationTokensPerSecond}};
}

QVariantList MessageListModel::attachmentsList(const QList<history::Attachment>& attachments) {
    QVariantList list;
    for (const history::Attachment& a : attachments) {
        const QFileInfo file(a.fileName);
        list << QVariantMap{{QStringLiteral("fileName"), file.fileName()},
                            {QStringLiteral("size"), a.size},
                            {QStringLiteral("sizeText"), formatBytes(a.size)},
                            {QStringLiteral("kind"), file.suffix().toLower()}};
    }
    return list;
}

MessageListModel::Row MessageListModel::rowFrom(const history::Message& message) {
    Row r;
    r.id = message.id;
    r.role = history::nameOf(message.role);
    r.content = message.content;
    r.reasoning = message.reasoning;
    r.reasoningSeconds = static_cast<int>((message.stats.reasoningMs + 500) / 1000);
    r.status = history::nameOf(message.status);
    r.stats = statsMap(message.stats);
    r.error = message.errorMessage;
    r.siblingIndex = message.siblingIndex;
    r.siblingCount = message.siblingCount;
    return r;
}

void MessageListModel::setMessages(const QList<history::Message>& messages,
                                   const QHash<qint64, QVariantList>& attachments) {
    beginResetModel();
    rows_.clear();
    for (const history::Message& m : messages) {
        if (m.role != history::Role::User && m.role != history::Role::Assistant) continue;
        rows_.append(rowFrom(m));
        rows_.last().attachments = attachments.value(m.id);
    }
    endResetModel();
    emit countChanged();
}

int MessageListModel::append(const Row& row) {
    const int index = static_cast<int>(rows_.size());
    beginInsertRows({}, index, index);
    rows_.append(row);
    endInsertRows();
    emit countChanged();
    return index;
}

void MessageListModel::removeLast() {
    if (rows_.isEmpty()) return;
    const int index = static_cast<int>(rows_.size()) - 1;
    beginRemoveRows({}, index, index);
    rows_.removeLast();
    endRemoveRows();
    emit countChanged();
}

void MessageListModel::changed(int row, QList<int> roles) {
    const QModelIndex i = index(row);
    emit dataChanged(i, i, roles);
}

void MessageListModel::appendContent(int row, const QString& delta) {
    if (row < 0 || row >= rows_.size() || delta.isEmpty()) return;
    rows_[row].content += delta;
    changed(row, {ContentRole});
}

void MessageListModel::appendReasoning(int row, const QString& delta) {
    if (row < 0 || row >= rows_.size() || delta.isEmpty()) return;
    rows_[row].reasoning += delta;
    changed(row, {ReasoningRole});
}

void MessageListModel::setThinking(int row, bool thinking) {
    if (row < 0 || row >= rows_.size() || rows_[row].thinking == thinking) return;
    rows_[row].thinking = thinking;
    changed(row, {ThinkingRole});
}

void MessageListModel::setReasoningSeconds(int row, int seconds) {
    if (row < 0 || row >= rows_.size() || rows_[row].reasoningSeconds == seconds) return;
    rows_[row].reasoningSeconds = seconds;
    changed(row, {ReasoningSecondsRole});
}

void MessageListModel::setStatus(int row, const QString& status, const QString& error) {
    if (row < 0 || row >= rows_.size()) return;
    rows_[row].status = status;
    rows_[row].error = error;
    changed(row, {StatusRole, ErrorRole});
}

void MessageListModel::setStats(int row, const QVariantMap& stats) {
    if (row < 0 || row >= rows_.size()) return;
    rows_[row].stats = stats;
    changed(row, {StatsRole});
}

void MessageListModel::setSiblings(int row, int index, int count) {
    if (row < 0 || row >= rows_.size()) return;
    rows_[row].siblingIndex = index;
    rows_[row].siblingCount = count;
    changed(row, {SiblingIndexRole, SiblingCountRole});
}

}  // namespace siliang::app
