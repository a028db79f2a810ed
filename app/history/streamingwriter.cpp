#include "streamingwriter.h"

namespace siliang::history {

namespace {
// Even within the interval, do not let the buffer grow without bound (a fast
// model pasting a long code block).
constexpr qsizetype kMaxBufferedChars = 64 * 1024;
}  // namespace

StreamingMessageWriter::StreamingMessageWriter(HistoryStore& store, qint64 conversationId,
                                               const NewMessage& message, qint64 parentId,
                                               int flushIntervalMs)
    : store_(store), flushIntervalMs_(flushIntervalMs) {
    NewMessage streaming = message;
    streaming.status = MessageStatus::Streaming;
    streaming.role = Role::Assistant;
    messageId_ = store_.appendMessage(conversationId, streaming, parentId);
    sinceFlush_.start();
}

StreamingMessageWriter::~StreamingMessageWriter() {
    if (finished_ || !hasPendingText()) return;
    try {
        flush();
    } catch (const HistoryError&) {
        // Nothing to report to from a destructor; the text saved so far stays.
    }
}

bool StreamingMessageWriter::appendContent(const QString& delta) {
    content_ += delta;
    return flushIfDue();
}

bool StreamingMessageWriter::appendReasoning(const QString& delta) {
    reasoning_ += delta;
    return flushIfDue();
}

bool StreamingMessageWriter::flushIfDue() {
    if (!hasPendingText()) return true;
    if (sinceFlush_.elapsed() < flushIntervalMs_ &&
        content_.size() + reasoning_.size() < kMaxBufferedChars)
        return true;
    try {
        flush();
        return true;
    } catch (const HistoryError& error) {
        lastError_ = error;
        // Wait a full interval before retrying, not on every token.
        sinceFlush_.restart();
        return false;
    }
}

void StreamingMessageWriter::flush() {
    if (hasPendingText()) {
        store_.appendStreamText(messageId_, content_, reasoning_);
        content_.clear();
        reasoning_.clear();
        ++flushCount_;
    }
    lastError_.reset();
    sinceFlush_.restart();
}

void StreamingMessageWriter::finish(MessageStatus status, const MessageStats& stats,
                                    const QString& errorMessage) {
    flush();
    store_.finishMessage(messageId_, status, stats, errorMessage);
    finished_ = true;
}

}  // namespace siliang::history
