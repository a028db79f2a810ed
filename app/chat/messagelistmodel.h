// MessageListModel: the active branch of the open conversation, one row per message.
// While an answer streams only its row changes, with dataChanged naming the roles
// that changed, so that the view re-lays out one delegate and nothing else.
#pragma once

#include <QAbstractListModel>
#include <QList>
#include <QVariantMap>

#include "historytypes.h"

namespace siliang::app {

class MessageListModel : public QAbstractListModel {
    Q_OBJECT
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
public:
    enum Roles {
        IdRole = Qt::UserRole + 1,
        RoleRole,  // "user", "assistant", "system"
        ContentRole,
        ReasoningRole,
        ReasoningSecondsRole,
        ThinkingRole,  // reasoning is streaming right now
        StatusRole,    // "complete", "streaming", "stopped", "interrupted", "error"
        StatsRole,     // promptTokens, completionTokens, ...TokensPerSecond, reasoningMs
        ErrorRole,
        SiblingIndexRole,  // position among the answers to the same message (0-based)
        SiblingCountRole,  // how many there are (regenerate adds one)
        AttachmentsRole,   // user messages: [{fileName, size, sizeText, kind}], oldest first
    };
    Q_ENUM(Roles)

    struct Row {
        qint64 id = 0;
        QString role;
        QString content;
        QString reasoning;
        int reasoningSeconds = 0;
        bool thinking = false;
        QString status;
        QVariantMap stats;
        QString error;
        int siblingIndex = 0;
        int siblingCount = 1;
        QVariantList attachments;
    };

    explicit MessageListModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    static Row rowFrom(const history::Message& message);
    static QVariantMap statsMap(const history::MessageStats& stats);
    // What the chat view shows of stored attachments: the file's name (not the full
    // path the store keeps for document Q&A), its size and its kind (the suffix).
    static QVariantList attachmentsList(const QList<history::Attachment>& attachments);

    // `attachments`: each user message's attachments by message id (attachmentsList()).
    void setMessages(const QList<history::Message>& messages,
                     const QHash<qint64, QVariantList>& attachments = {});
    int append(const Row& row);  // returns the new row's index
    void removeLast();
    const Row& at(int row) const { return rows_.at(row); }

    // Streaming updates of one row.
    void appendContent(int row, const QString& delta);
    void appendReasoning(int row, const QString& delta);
    void setThinking(int row, bool thinking);
    void setReasoningSeconds(int row, int seconds);
    void setStatus(int row, const QString& status, const QString& error = {});
    void setStats(int row, const QVariantMap& stats);
    void setSiblings(int row, int index, int count);

signals:
    void countChanged();

private:
    void changed(int row, QList<int> roles);
    QList<Row> rows_;
};

}  // namespace siliang::app
