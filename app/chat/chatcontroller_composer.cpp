// ChatController: what the composer and the top bar need besides the chat itself:
// the local model list and imports, the attachments waiting to be sent, how much
// of the context the conversation uses, and the device label.
#include <QFileInfo>
#include <algorithm>

#include "chatcontroller.h"

namespace siliang::app {

namespace {

// Tokens for text not yet seen by the tokenizer: about four bytes of UTF-8 per
// token for English, three for Chinese (one character); four per message for the
// template's role markers. Only used until the engine reports real counts.
int estimateTokens(const QString& text) {
    return static_cast<int>((text.toUtf8().size() + 3) / 4) + 4;
}

}  // namespace

void ChatController::setUpComposer() {
    const DeviceInfo device = currentDevice();
    deviceLabel_ = device.label;
    deviceReason_ = device.reason;

    connect(&worker_, &EngineWorker::loaded, this, [this](const QVariantMap& info) {
        loadedContext_ = info.value(QStringLiteral("contextLength")).toInt();
        trainedContext_ = info.value(QStringLiteral("trainedContext")).toInt();
        updateContextSize();
    });
    connect(&worker_, &EngineWorker::loadFailed, this, [this] {
        loadedContext_ = 0;
        trainedContext_ = 0;
        updateContextSize();
    });
    // A conversation's context size (or the default) changes what the next turn runs
    // with (the engine resizes its session to it), so the ring follows at once.
    connect(&preferences_, &SettingsController::effectiveChanged, this,
            &ChatController::updateContextSize);
    // An imported model is loaded at once: importing is how a first model is chosen.
    connect(&models_, &ModelListModel::imported, this, [this](const QString& path) {
        if (!generating_) loadModel(path);
    });
    connect(&models_, &ModelListModel::importFailed, this, &ChatController::setError);

    connect(&messages_, &QAbstractItemModel::modelReset, this, &ChatController::updateContextUsed);
    connect(&messages_, &QAbstractItemModel::rowsInserted, this,
            &ChatController::updateContextUsed);
    connect(&messages_, &QAbstractItemModel::rowsRemoved, this, &ChatController::updateContextUsed);
    connect(&messages_, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex&, const QModelIndex&, const QList<int>& roles) {
                // Streamed text changes every token; stats arrive once per answer.
                if (roles.isEmpty() || roles.contains(MessageListModel::StatsRole))
                    updateContextUsed();
            });
}

void ChatController::updateContextSize() {
    // What EngineCore::generate resizes the session to: the effective context size,
    // at most what the model was trained for and at least 256 tokens; the size the
    // model was loaded with when no setting applies.
    int size = 0;
    if (loadedContext_ > 0) {
        const int wanted = preferences_.effectiveSettings().contextSize;
        size = wanted > 0
                   ? std::max(trainedContext_ > 0 ? std::min(wanted, trainedContext_) : wanted,
                              kMinContext)
                   : loadedContext_;
    }
    if (size == contextSize_) return;
    contextSize_ = size;
    emit contextChanged();
}

void ChatController::updateContextUsed() {
    // The last answer's stats count the whole prompt it saw plus itself; what
    // came after it is estimated.
    int used = 0;
    bool estimated = false;
    int from = 0;
    for (int row = messages_.rowCount() - 1; row >= 0; --row) {
        const QVariantMap& stats = messages_.at(row).stats;
        const int counted = stats.value(QStringLiteral("promptTokens")).toInt() +
                            stats.value(QStringLiteral("completionTokens")).toInt();
        if (counted > 0) {
            used = counted;
            from = row + 1;
            break;
        }
    }
    for (int row = from; row < messages_.rowCount(); ++row) {
        const MessageListModel::Row& r = messages_.at(row);
        if (r.content.isEmpty() && r.reasoning.isEmpty()) continue;
        used += estimateTokens(r.content + r.reasoning);
        estimated = true;
    }
    if (used == contextUsed_ && estimated == contextEstimated_) return;
    contextUsed_ = used;
    contextEstimated_ = estimated;
    emit contextChanged();
}

int ChatController::acceptDrop(const QVariant& urls) {
    QStringList items;
    for (const QVariant& v : urls.toList())
        items << (v.typeId() == QMetaType::QUrl ? v.toUrl().toString() : v.toString());
    if (items.isEmpty() && !urls.toString().isEmpty()) items << urls.toString();
    int accepted = 0;
    QVariantList documents;
    for (const QString& item : items) {
        if (ModelListModel::isModelFile(item)) {
            models_.importModel(item);
            ++accepted;
        } else {
            documents << item;
        }
    }
    if (!documents.isEmpty()) accepted += attachments_.add(documents);
    return accepted;
}

}  // namespace siliang::app
