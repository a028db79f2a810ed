#include "chatcontroller.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QUrl>

namespace siliang::app {

using history::HistoryError;
using history::MessageStatus;

namespace {

QString titleFor(const QString& text) {
    QString title = text.simplified();
    if (title.size() > 48) title = title.left(47).trimmed() + QChar(0x2026);
    return title;
}

// The chat template's view of a branch: role and content, oldest first.
QString promptJson(const QList<history::Message>& branch) {
    QJsonArray array;
    for (const history::Message& m : branch) {
        if (m.status == MessageStatus::Error) continue;
        if (m.role == history::Role::Assistant && m.content.isEmpty()) continue;
        array.append(QJsonObject{{QStringLiteral("role"), history::nameOf(m.role)},
                                 {QStringLiteral("content"), m.content}});
    }
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

}  // namespace

ChatController::ChatController(std::unique_ptr<history::HistoryStore> store, const QString& banner,
                               QObject* parent)
    : QObject(parent), store_(std::move(store)), banner_(banner) {
    tick_.setInterval(250);
    preferences_.setStore(store_.get());
    connect(this, &ChatController::conversationChanged, this,
            [this] { preferences_.setConversation(conversationId_); });
    connect(&tick_, &QTimer::timeout, this, &ChatController::tick);
    connect(this, &ChatController::generatingChanged, this, &ChatController::answeringChanged);
    connect(this, &ChatController::conversationChanged, this, &ChatController::answeringChanged);
    connect(&worker_, &EngineWorker::reasoningDelta, this, &ChatController::onReasoning);
    connect(&worker_, &EngineWorker::answerDelta, this, &ChatController::onAnswer);
    connect(&worker_, &EngineWorker::finished, this, &ChatController::onFinished);
    connect(&worker_, &EngineWorker::failed, this, &ChatController::onFailed);
    connect(&worker_, &EngineWorker::loadProgress, this, [this](double progress) {
        loadProgress_ = progress;
        emit loadProgressChanged();
    });
    connect(&worker_, &EngineWorker::loaded, this, [this](const QVariantMap& info) {
        loading_ = false;
        modelPath_ = info.value(QStringLiteral("path")).toString();
        modelName_ = info.value(QStringLiteral("name")).toString();
        preferences_.setLoadedModel(info.value(QStringLiteral("trainedContext")).toInt(),
                                    info.value(QStringLiteral("device")).toString(),
                                    info.value(QStringLiteral("threads")).toInt());
        if (!modelFiles_.contains(modelPath_)) modelFiles_.append(modelPath_);
        emit modelChanged();
        refreshModels();
    });
    connect(&worker_, &EngineWorker::loadFailed, this, [this](const QString& message) {
        loading_ = false;
        modelName_.clear();
        emit modelChanged();
        setError(message);
    });
    connect(&preferences_, &SettingsController::modelsFolderChanged, this,
            &ChatController::applyModelsFolder);
    connect(&preferences_, &SettingsController::translationChanged, this,
            &ChatController::retranslate);
    setUpSidebar();
    setUpComposer();
    reloadConversations();
}

ChatController::~ChatController() {
    shutdown();
}

bool ChatController::canRegenerate() const {
    return !generating_ && modelLoaded() && messages_.rowCount() > 0 &&
           messages_.at(messages_.rowCount() - 1).role == QLatin1String("assistant");
}

QString ChatController::sendBlockedReason() const {
    // One engine runs one answer at a time. Sending here is refused rather than
    // stopping the other answer: that one may be what the user is waiting for, and
    // its partial text would be cut without them seeing it.
    if (!generating_ || answering()) return {};
    return tr("Wait for the answer in “%1” or stop it there.").arg(streamingTitle_);
}

void ChatController::retranslate() {
    const DeviceInfo device = currentDevice();
    deviceLabel_ = device.label;
    deviceReason_ = device.reason;
    emit deviceChanged();
    conversations_.retranslate();
    models_.retranslate();
    emit answeringChanged();  // sendBlockedReason
}

void ChatController::setMaxTokens(int maxTokens) {
    if (maxTokens_ == maxTokens) return;
    maxTokens_ = maxTokens;
    emit settingsChanged();
}

void ChatController::setError(const QString& message) {
    errorMessage_ = message;
    emit errorMessageChanged();
}

void ChatController::dismissError() {
    setError({});
}

void ChatController::dismissBanner() {
    banner_.clear();
    emit bannerChanged();
}

void ChatController::setGenerating(bool generating) {
    if (generating_ == generating) return;
    generating_ = generating;
    emit generatingChanged();
    emit canRegenerateChanged();
}

void ChatController::reloadConversations() {
    if (!store_) return;
    try {
        conversations_.setConversations(store_->listConversations(0, 500));
    } catch (const HistoryError& e) {
        setError(e.message());
    }
}

void ChatController::reloadMessages() {
    QList<history::Message> branch;
    QHash<qint64, QVariantList> attachments;
    if (store_ && conversationId_ != 0) {
        try {
            branch = store_->activeBranch(conversationId_);
            // Only questions carry documents (send() stores them with the user message).
            for (const history::Message& m : branch) {
                if (m.role != history::Role::User) continue;
                const QVariantList shown =
                    MessageListModel::attachmentsList(store_->attachments(m.id));
                if (!shown.isEmpty()) attachments.insert(m.id, shown);
            }
        } catch (const HistoryError& e) {
            setError(e.message());
        }
    }
    messages_.setMessages(branch, attachments);
    emit canRegenerateChanged();
}

void ChatController::send(const QString& text) {
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty() || !store_) return;
    if (generating_) {
        // In the conversation being answered the composer offers Stop instead;
        // elsewhere the user is told which answer they are waiting for.
        if (!answering()) setError(sendBlockedReason());
        return;
    }
    if (!modelLoaded()) {
        setError(tr("Load a model before sending a message."));
        return;
    }
    qint64 userId = 0;
    QList<history::Attachment> attached;
    try {
        // Committed before anything else: whatever happens next, the question is saved.
        if (conversationId_ == 0) {
            history::NewConversation init;
            init.title = titleFor(trimmed);
            init.model = modelPath_;
            preferences_.fillNewConversation(init);  // a new chat's overrides
            conversationId_ = store_->createConversation(init);
            conversationTitle_ = init.title;
            emit conversationChanged();
        }
        history::NewMessage message;
        message.role = history::Role::User;
        message.content = trimmed;
        userId = store_->appendMessage(conversationId_, message);
        // The composer's documents go with the question (app/documents reads them).
        attached = attachments_.take();
        for (const history::Attachment& a : attached) store_->addAttachment(userId, a);
    } catch (const HistoryError& e) {
        setError(tr("The message could not be saved: %1").arg(e.message()));
        return;
    }
    MessageListModel::Row row;
    row.id = userId;
    row.role = QStringLiteral("user");
    row.content = trimmed;
    row.status = QStringLiteral("complete");
    row.attachments = MessageListModel::attachmentsList(attached);
    messages_.append(row);
    startGeneration(userId);
    reloadConversations();
}

void ChatController::regenerate() {
    if (!canRegenerate() || !store_) return;
    const qint64 lastId = messages_.at(messages_.rowCount() - 1).id;
    std::optional<history::Message> last;
    try {
        last = store_->message(lastId);
    } catch (const HistoryError& e) {
        setError(e.message());
        return;
    }
    if (!last || last->parentId == 0) return;
    messages_.removeLast();
    startGeneration(last->parentId);
}

void ChatController::showSibling(int row, int step) {
    // Another conversation's answer does not stop this one's versions from switching.
    if (answering() || !store_ || row < 0 || row >= messages_.rowCount()) return;
    try {
        const qint64 id = messages_.at(row).id;
        const QList<qint64> siblings = store_->siblings(id);
        const qsizetype target = siblings.indexOf(id) + step;
        if (target < 0 || target >= siblings.size()) return;
        store_->switchBranch(siblings.at(target));
    } catch (const HistoryError& e) {
        setError(e.message());
        return;
    }
    reloadMessages();
}

void ChatController::startGeneration(qint64 parentId) {
    const QVariantMap settings = generationSettings();
    QList<history::Message> branch;
    try {
        for (const history::Message& m : store_->activeBranch(conversationId_)) {
            branch.append(m);
            if (m.id == parentId) break;
        }
        history::NewMessage answer;
        answer.role = history::Role::Assistant;
        answer.modelFile = modelPath_;
        answer.settings = QJsonObject::fromVariantMap(settings);
        writer_ = std::make_unique<history::StreamingMessageWriter>(*store_, conversationId_,
                                                                    answer, parentId);
    } catch (const HistoryError& e) {
        setError(tr("The answer could not be started: %1").arg(e.message()));
        return;
    }
    MessageListModel::Row row;
    row.id = writer_->messageId();
    row.role = QStringLiteral("assistant");
    row.status = QStringLiteral("streaming");
    streamingRow_ = messages_.append(row);
    try {
        const int count = static_cast<int>(store_->siblings(row.id).size());
        messages_.setSiblings(streamingRow_, count - 1, count);
    } catch (const HistoryError&) {
        // Only the "< 2/3 >" switcher depends on it.
    }
    streamingConversation_ = conversationId_;
    streamingTitle_ = conversationTitle_;
    thinking_ = false;
    reasoningMs_ = 0;
    setGenerating(true);
    tick_.start();
    worker_.generate(promptJson(branch), settings);
}

void ChatController::stop() {
    if (generating_) worker_.cancel();
}

void ChatController::tick() {
    if (writer_ && !writer_->flushIfDue() && writer_->lastError())
        setError(writer_->lastError()->message());
    if (thinking_)
        messages_.setReasoningSeconds(streamingRow_,
                                      static_cast<int>(reasoningClock_.elapsed() / 1000));
}

void ChatController::onReasoning(const QString& text) {
    if (!writer_) return;
    if (!thinking_ && writer_) {
        thinking_ = true;
        reasoningClock_.start();
        messages_.setThinking(streamingRow_, true);
    }
    if (!writer_->appendReasoning(text) && writer_->lastError())
        setError(writer_->lastError()->message());
    messages_.appendReasoning(streamingRow_, text);
    if (streamingRow_ >= 0) emit streamed();
}

void ChatController::onAnswer(const QString& text) {
    if (!writer_) return;
    if (thinking_) {
        thinking_ = false;
        reasoningMs_ = reasoningClock_.elapsed();
        messages_.setThinking(streamingRow_, false);
        messages_.setReasoningSeconds(streamingRow_, static_cast<int>((reasoningMs_ + 500) / 1000));
    }
    if (!writer_->appendContent(text) && writer_->lastError())
        setError(writer_->lastError()->message());
    messages_.appendContent(streamingRow_, text);
    if (streamingRow_ >= 0) emit streamed();
}

void ChatController::onFinished(const QVariantMap& stats) {
    if (!writer_) return;
    if (thinking_) reasoningMs_ = reasoningClock_.elapsed();
    history::MessageStats s;
    const double engineReasoning = stats.value(QStringLiteral("reasoningMs")).toDouble();
    s.reasoningMs = engineReasoning > 0 ? static_cast<qint64>(engineReasoning) : reasoningMs_;
    s.promptTokens = stats.value(QStringLiteral("promptTokens")).toInt();
    s.completionTokens = stats.value(QStringLiteral("completionTokens")).toInt();
    s.promptTokensPerSecond = stats.value(QStringLiteral("promptTokensPerSecond")).toDouble();
    s.generationTokensPerSecond =
        stats.value(QStringLiteral("generationTokensPerSecond")).toDouble();
    const bool cancelled = stats.value(QStringLiteral("stopReason")) == QLatin1String("cancelled");
    firstTokenMs_ = stats.value(QStringLiteral("firstTokenMs")).toDouble();
    endTurn(cancelled ? MessageStatus::Stopped : MessageStatus::Complete, s, {});
}

void ChatController::onFailed(const QString& message) {
    if (!writer_) {
        setError(message);
        return;
    }
    endTurn(MessageStatus::Error, {}, message);
}

void ChatController::endTurn(MessageStatus status, const history::MessageStats& stats,
                             const QString& error) {
    tick_.stop();
    try {
        writer_->finish(status, stats, error);
    } catch (const HistoryError& e) {
        setError(tr("The answer could not be saved: %1").arg(e.message()));
    }
    writer_.reset();
    thinking_ = false;
    if (streamingRow_ >= 0) {
        messages_.setThinking(streamingRow_, false);
        messages_.setReasoningSeconds(streamingRow_,
                                      static_cast<int>((stats.reasoningMs + 500) / 1000));
        QVariantMap shown = MessageListModel::statsMap(stats);
        // Time to first token is not in the history's stats: shown for this session's answers.
        if (firstTokenMs_ > 0 && !shown.isEmpty())
            shown.insert(QStringLiteral("firstTokenMs"), firstTokenMs_);
        messages_.setStats(streamingRow_, shown);
        messages_.setStatus(streamingRow_, history::nameOf(status), error);
    }
    streamingRow_ = -1;
    firstTokenMs_ = 0;
    setGenerating(false);
    reloadConversations();
}

void ChatController::newConversation() {
    // A running answer keeps streaming into its own conversation (see openConversation).
    streamingRow_ = -1;
    conversationId_ = 0;
    conversationTitle_.clear();
    emit conversationChanged();
    reloadMessages();
}

void ChatController::openConversation(qint64 id) {
    if (id == conversationId_ || !store_) return;
    std::optional<history::Conversation> c;
    try {
        c = store_->conversation(id);
    } catch (const HistoryError& e) {
        setError(e.message());
        return;
    }
    if (!c) return;
    // A running answer keeps streaming into its own conversation and the store while
    // another one is shown; opening it again shows the row live again.
    streamingRow_ = -1;
    conversationId_ = id;
    conversationTitle_ = c->title;
    emit conversationChanged();
    flushStreaming();
    reloadMessages();
    attachStreamingRow();
}

void ChatController::shutdown() {
    if (generating_) worker_.cancel();
    worker_.shutdown();
    // Deliver what the engine sent before it stopped (the last deltas, finished()).
    QCoreApplication::sendPostedEvents(&worker_, QEvent::MetaCall);
    if (writer_) endTurn(MessageStatus::Stopped, {}, {});
}

}  // namespace siliang::app
