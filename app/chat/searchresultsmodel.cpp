#include "searchresultsmodel.h"

#include <algorithm>

#include "historystore.h"

namespace siliang::app {

namespace {

QString fieldName(history::SearchHit::Field field) {
    switch (field) {
        case history::SearchHit::Field::Title: return QStringLiteral("title");
        case history::SearchHit::Field::Reasoning: return QStringLiteral("reasoning");
        case history::SearchHit::Field::Content: break;
    }
    return QStringLiteral("content");
}

// A snippet is shown on one or two lines: line breaks and tabs become spaces.
QString escaped(const QString& text) {
    QString flat = text;
    for (QChar& c : flat)
        if (c == QLatin1Char('\n') || c == QLatin1Char('\r') || c == QLatin1Char('\t'))
            c = QLatin1Char(' ');
    return flat.toHtmlEscaped();
}

}  // namespace

SearchResultsModel::SearchResultsModel(QObject* parent) : QAbstractListModel(parent) {
    debounce_.setSingleShot(true);
    debounce_.setInterval(kDebounceMs);
    connect(&debounce_, &QTimer::timeout, this, [this] {
        run();
        emit pendingChanged();
    });
}

int SearchResultsModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

QVariant SearchResultsModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() < 0 || index.row() >= rows_.size()) return {};
    const Row& r = rows_.at(index.row());
    switch (role) {
        case ConversationIdRole: return r.hit.conversationId;
        case MessageIdRole: return r.hit.messageId;
        case Qt::DisplayRole:
        case TitleRole: return r.hit.conversationTitle;
        case SnippetRole: return snippetHtml(r.hit.snippet, r.hit.highlights, highlightColor_);
        case SnippetTextRole: return r.hit.snippet;
        case FieldRole: return fieldName(r.hit.field);
        case DateRole: return r.date;
        default: return {};
    }
}

QHash<int, QByteArray> SearchResultsModel::roleNames() const {
    return {{ConversationIdRole, "conversationId"},
            {MessageIdRole, "messageId"},
            {TitleRole, "title"},
            {SnippetRole, "snippet"},
            {SnippetTextRole, "snippetText"},
            {FieldRole, "field"},
            {DateRole, "date"}};
}

void SearchResultsModel::setQuery(const QString& query) {
    if (query == query_) return;
    query_ = query;
    emit queryChanged();
    if (query_.trimmed().isEmpty()) {
        // Clearing the box clears the results at once: nothing to wait for.
        const bool wasPending = debounce_.isActive();
        debounce_.stop();
        run();
        if (wasPending) emit pendingChanged();
        return;
    }
    const bool wasPending = debounce_.isActive();
    debounce_.start();
    if (!wasPending) emit pendingChanged();
}

void SearchResultsModel::setHighlightColor(const QString& color) {
    if (color == highlightColor_) return;
    highlightColor_ = color;
    emit highlightColorChanged();
    if (!rows_.isEmpty()) emit dataChanged(index(0), index(rowCount() - 1), {SnippetRole});
}

void SearchResultsModel::searchNow() {
    if (!debounce_.isActive()) return;
    debounce_.stop();
    run();
    emit pendingChanged();
}

void SearchResultsModel::refresh() {
    if (debounce_.isActive()) return;  // the pending run will see the change
    run();
}

qint64 SearchResultsModel::conversationIdAt(int row) const {
    return row >= 0 && row < rows_.size() ? rows_.at(row).hit.conversationId : 0;
}

qint64 SearchResultsModel::messageIdAt(int row) const {
    return row >= 0 && row < rows_.size() ? rows_.at(row).hit.messageId : 0;
}

void SearchResultsModel::setError(const QString& error) {
    if (error == error_) return;
    error_ = error;
    emit errorChanged();
}

void SearchResultsModel::run() {
    QList<Row> found;
    QString error;
    if (store_ && !query_.trimmed().isEmpty()) {
        try {
            for (history::SearchHit& hit : store_->search(query_, kLimit)) {
                Row row{std::move(hit), {}};
                // The date the row shows: the message's, or the conversation's last update.
                if (row.hit.messageId != 0) {
                    if (auto m = store_->message(row.hit.messageId)) row.date = m->createdAt;
                } else if (auto c = store_->conversation(row.hit.conversationId)) {
                    row.date = c->updatedAt;
                }
                row.date = row.date.toLocalTime();
                found.append(std::move(row));
            }
        } catch (const history::HistoryError& e) {
            found.clear();
            error = e.message();
        }
    }
    beginResetModel();
    rows_ = std::move(found);
    endResetModel();
    emit countChanged();
    setError(error);
}

QString SearchResultsModel::snippetHtml(const QString& snippet, QList<QPair<int, int>> highlights,
                                        const QString& highlight) {
    std::sort(highlights.begin(), highlights.end());
    const int size = static_cast<int>(snippet.size());
    // CJK matches arrive as overlapping character pairs ("机器", "器学", "学习"):
    // merged, they highlight as one word.
    QList<QPair<int, int>> merged;  // (begin, end)
    for (const auto& [start, length] : highlights) {
        const int begin = std::clamp(start, 0, size);
        const int end = std::clamp(start + length, begin, size);
        if (begin == end) continue;
        if (!merged.isEmpty() && begin <= merged.last().second)
            merged.last().second = std::max(merged.last().second, end);
        else
            merged.append({begin, end});
    }
    const QString open =
        QStringLiteral("<span style=\"background-color:%1\"><b>").arg(highlight.toHtmlEscaped());
    const QString close = QStringLiteral("</b></span>");
    QString html;
    int at = 0;
    for (const auto& [begin, end] : merged) {
        html += escaped(snippet.mid(at, begin - at));
        html += open + escaped(snippet.mid(begin, end - begin)) + close;
        at = end;
    }
    html += escaped(snippet.mid(at));
    return html;
}

}  // namespace siliang::app
