// ChatController: what the QML chat binds to. It owns the history store, the engine
// worker and the two list models, and runs one chat turn (DESIGN.md): the user
// message is committed first, the answer streams into its row and into the store
// (StreamingMessageWriter, 250 ms batches), stats are saved when it ends.
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QStringList>
#include <QTimer>
#include <QVariantMap>
#include <memory>

#include "conversationlistmodel.h"
#include "engineworker.h"
#include "historystore.h"
#include "messagelistmodel.h"
#include "streamingwriter.h"

namespace siliang::app {

class ChatController : public QObject {
    Q_OBJECT
    Q_PROPERTY(QObject* messages READ messages CONSTANT)
    Q_PROPERTY(QObject* conversations READ conversations CONSTANT)
    Q_PROPERTY(qint64 conversationId READ conversationId NOTIFY conversationChanged)
    Q_PROPERTY(QString conversationTitle READ conversationTitle NOTIFY conversationChanged)
    Q_PROPERTY(bool generating READ generating NOTIFY generatingChanged)
    Q_PROPERTY(bool modelLoaded READ modelLoaded NOTIFY modelChanged)
    Q_PROPERTY(bool loading READ loading NOTIFY modelChanged)
    Q_PROPERTY(double loadProgress READ loadProgress NOTIFY loadProgressChanged)
    Q_PROPERTY(QString modelName READ modelName NOTIFY modelChanged)
    Q_PROPERTY(QString modelPath READ modelPath NOTIFY modelChanged)
    Q_PROPERTY(QStringList availableModels READ availableModels NOTIFY availableModelsChanged)
    Q_PROPERTY(QString banner READ banner NOTIFY bannerChanged)
    Q_PROPERTY(QString errorMessage READ errorMessage NOTIFY errorMessageChanged)
    Q_PROPERTY(bool canRegenerate READ canRegenerate NOTIFY canRegenerateChanged)
    Q_PROPERTY(int maxTokens READ maxTokens WRITE setMaxTokens NOTIFY settingsChanged)

public:
    // `store` may be null (no history at all); `banner` is the store's open message.
    ChatController(std::unique_ptr<history::HistoryStore> store, const QString& banner,
                   QObject* parent = nullptr);
    ~ChatController() override;

    QObject* messages() { return &messages_; }
    QObject* conversations() { return &conversations_; }
    MessageListModel& messageModel() { return messages_; }
    ConversationListModel& conversationModel() { return conversations_; }
    history::HistoryStore* store() { return store_.get(); }
    EngineWorker& worker() { return worker_; }

    qint64 conversationId() const { return conversationId_; }
    QString conversationTitle() const { return conversationTitle_; }
    bool generating() const { return generating_; }
    bool modelLoaded() const { return !modelPath_.isEmpty() && !loading_; }
    bool loading() const { return loading_; }
    double loadProgress() const { return loadProgress_; }
    QString modelName() const { return modelName_; }
    QString modelPath() const { return modelPath_; }
    QStringList availableModels() const { return availableModels_; }
    QString banner() const { return banner_; }
    QString errorMessage() const { return errorMessage_; }
    bool canRegenerate() const;
    int maxTokens() const { return maxTokens_; }
    void setMaxTokens(int maxTokens);

    // Folders scanned for *.gguf and files named on the command line.
    void setModelSources(const QStringList& folders, const QStringList& files);

public slots:
    void send(const QString& text);
    void stop();
    void regenerate();
    // Shows the previous (step -1) or next (+1) answer to the same message.
    void showSibling(int row, int step);
    void newConversation();
    void openConversation(qint64 id);
    void deleteConversation(qint64 id);
    // A path or a file:// URL (what FileDialog gives).
    void loadModel(const QString& pathOrUrl);
    void cancelLoad();
    void dismissBanner();
    void dismissError();
    void refreshModels();
    // Stops a running answer and keeps its text, marked stopped. Blocks only as long
    // as the engine takes to notice (a layer); for quitting.
    void shutdown();

signals:
    void conversationChanged();
    void generatingChanged();
    void modelChanged();
    void loadProgressChanged();
    void availableModelsChanged();
    void bannerChanged();
    void errorMessageChanged();
    void canRegenerateChanged();
    void settingsChanged();
    // The streaming row grew (for the view to keep it in sight).
    void streamed();

private:
    void startGeneration(qint64 parentId);
    void onReasoning(const QString& text);
    void onAnswer(const QString& text);
    void onFinished(const QVariantMap& stats);
    void onFailed(const QString& message);
    void endTurn(history::MessageStatus status, const history::MessageStats& stats,
                 const QString& error);
    void tick();
    void reloadConversations();
    void reloadMessages();
    void setError(const QString& message);
    void setGenerating(bool generating);

    std::unique_ptr<history::HistoryStore> store_;
    EngineWorker worker_;
    MessageListModel messages_;
    ConversationListModel conversations_;
    std::unique_ptr<history::StreamingMessageWriter> writer_;
    QTimer tick_;
    QElapsedTimer reasoningClock_;
    qint64 reasoningMs_ = 0;
    qint64 conversationId_ = 0;
    qint64 streamingConversation_ = 0;
    int streamingRow_ = -1;  // -1: not shown (another conversation is open)
    QString conversationTitle_;
    bool generating_ = false;
    bool loading_ = false;
    bool thinking_ = false;
    double loadProgress_ = 0;
    QString modelName_, modelPath_, pendingModelPath_;
    QStringList modelFolders_, modelFiles_, availableModels_;
    QString banner_, errorMessage_;
    int maxTokens_ = -1;
};

}  // namespace siliang::app
