// StreamingMessageWriter: persists an answer while it is generated.
//
// Text arrives a token at a time; writing each token would be a transaction per
// token. The writer buffers deltas and commits them when at least flushInterval
// (250 ms) has passed since the last commit, so a crash loses at most that much
// text. The message sits in status Streaming meanwhile; if the app dies, the next
// open marks it Interrupted with the text saved so far.
//
// A failed flush (disk full) keeps the text in the buffer and is retried on the
// next flush; the error is returned to the caller, which shows it.
#pragma once

#include <QElapsedTimer>
#include <QString>
#include <optional>

#include "historystore.h"

namespace siliang::history {

class StreamingMessageWriter {
public:
    static constexpr int kDefaultFlushIntervalMs = 250;

    // Creates the assistant message (status Streaming) under `parentId` (-1: the
    // active leaf) and makes it the active leaf.
    StreamingMessageWriter(HistoryStore& store, qint64 conversationId, const NewMessage& message,
                           qint64 parentId = -1, int flushIntervalMs = kDefaultFlushIntervalMs);
    // Best effort: saves buffered text; an unfinished message stays Streaming and
    // becomes Interrupted at the next open, like after a crash.
    ~StreamingMessageWriter();
    StreamingMessageWriter(const StreamingMessageWriter&) = delete;
    StreamingMessageWriter& operator=(const StreamingMessageWriter&) = delete;

    qint64 messageId() const { return messageId_; }

    // Buffer a delta and flush if due. They return false when that flush failed
    // (see lastError()); the text is kept and retried.
    bool appendContent(const QString& delta);
    bool appendReasoning(const QString& delta);
    // For a timer when tokens pause: flushes if the interval has passed.
    bool flushIfDue();
    // Commits the buffer now; throws HistoryError (the buffer is kept).
    void flush();
    // Flushes and records the final status and stats; throws HistoryError.
    void finish(MessageStatus status, const MessageStats& stats, const QString& errorMessage = {});

    std::optional<HistoryError> lastError() const { return lastError_; }
    int flushCount() const { return flushCount_; }
    bool hasPendingText() const { return !content_.isEmpty() || !reasoning_.isEmpty(); }

private:
    HistoryStore& store_;
    qint64 messageId_ = 0;
    int flushIntervalMs_;
    QString content_;
    QString reasoning_;
    QElapsedTimer sinceFlush_;
    bool finished_ = false;
    int flushCount_ = 0;
    std::optional<HistoryError> lastError_;
};

}  // namespace siliang::history
