// Value types exchanged with the history store. Times are UTC with millisecond
// precision (stored as milliseconds since the epoch); ids are SQLite rowids and 0
// means "none".
#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace siliang::history {

enum class Role { System, User, Assistant, Tool };

enum class MessageStatus {
    Complete,     // finished normally
    Streaming,    // being written right now (never seen after a restart: see Interrupted)
    Stopped,      // the user pressed stop
    Interrupted,  // the app died while streaming; content holds the text saved so far
    Error,        // generation failed; errorMessage says why
};

QString nameOf(Role role);
QString nameOf(MessageStatus status);
// Throw HistoryError(InvalidArgument) for unknown names.
Role roleFromString(const QString& name);
MessageStatus statusFromString(const QString& name);

struct MessageStats {
    qint64 reasoningMs = 0;  // how long the model "thought"
    int promptTokens = 0;
    int completionTokens = 0;
    double promptTokensPerSecond = 0;
    double generationTokensPerSecond = 0;
    bool operator==(const MessageStats&) const = default;
};

struct Message {
    qint64 id = 0;
    qint64 conversationId = 0;
    qint64 parentId = 0;  // 0 for a first message
    Role role = Role::User;
    QString content;
    QString reasoning;
    MessageStats stats;
    QString modelFile;     // the model that produced an assistant message
    QJsonObject settings;  // generation settings used for it
    QDateTime createdAt;
    MessageStatus status = MessageStatus::Complete;
    QString errorMessage;
    // Position among the messages sharing this parent (0-based) and how many there
    // are: what the "< 2/3 >" switcher shows. Filled by activeBranch().
    int siblingIndex = 0;
    int siblingCount = 1;
};

// What the caller supplies to add a message.
struct NewMessage {
    Role role = Role::User;
    QString content;
    QString reasoning;
    MessageStats stats;
    QString modelFile;
    QJsonObject settings;
    MessageStatus status = MessageStatus::Complete;
    QString errorMessage;
    QDateTime createdAt;  // invalid: now
};

struct Conversation {
    qint64 id = 0;
    QString title;
    QDateTime createdAt;
    QDateTime updatedAt;
    bool pinned = false;
    QString folder;
    QStringList tags;
    QString model;  // model file last used
    QString systemPrompt;
    QJsonObject settings;  // generation settings
    qint64 activeLeafId = 0;
    std::optional<QDateTime> deletedAt;  // set while in the "recently deleted" state
};

struct NewConversation {
    QString title;
    QString folder;
    QStringList tags;
    QString model;
    QString systemPrompt;
    QJsonObject settings;
    bool pinned = false;
};

struct Attachment {
    qint64 id = 0;
    qint64 messageId = 0;
    QString fileName;
    QString mimeType;
    qint64 size = 0;
    QString sha256;  // lower-case hex
    QDateTime createdAt;
};

struct SearchHit {
    enum class Field { Title, Content, Reasoning };
    qint64 conversationId = 0;
    qint64 messageId = 0;  // 0 for a title hit
    QString conversationTitle;
    Field field = Field::Content;
    QString snippet;                    // plain text, "…" where it was cut
    QList<QPair<int, int>> highlights;  // (start, length) in snippet, in UTF-16 units
    double score = 0;                   // higher is better; only comparable within one search
};

}  // namespace siliang::history
