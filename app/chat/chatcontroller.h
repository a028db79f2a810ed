// ChatController: what the QML chat binds to. It owns the history store, the engine
// worker and the two list models, and runs one chat turn (DESIGN.md): the user
// message is committed first, the answer streams into its row and into the store
// (StreamingMessageWriter, 250 ms batches), stats are saved when it ends.
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QStringList>
#include <QTimer>
#include <QUrl>
#include <QVariantMap>
#include <memory>

#include "attachmentlistmodel.h"
#include "conversationlistmodel.h"
#include "deviceinfo.h"
#include "engineworker.h"
#include "historystore.h"
#include "messagelistmodel.h"
#include "modellistmodel.h"
#include "searchresultsmodel.h"
#include "settingscontroller.h"
#include "streamingwriter.h"

namespace siliang::app {

class ChatController : public QObject {
    Q_OBJECT
    Q_PROPERTY(QObject* messages READ messages CONSTANT)
    Q_PROPERTY(QObject* conversations READ conversations CONSTANT)
    Q_PROPERTY(qint64 conversationId READ conversationId NOTIFY conversationChanged)
    Q_PROPERTY(QString conversationTitle READ conversationTitle NOTIFY conversationChanged)
    // The engine is answering (in any conversation): one answer runs at a time.
    Q_PROPERTY(bool generating READ generating NOTIFY generatingChanged)
    // The open conversation is the one being answered: its composer offers Stop.
    Q_PROPERTY(bool answering READ answering NOTIFY answeringChanged)
    // Why the open conversation cannot send now (another one is being answered);
    // empty when it can.
    Q_PROPERTY(QString sendBlockedReason READ sendBlockedReason NOTIFY answeringChanged)
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
    // The settings page: application settings, generation defaults and the open
    // conversation's overrides (SettingsController).
    Q_PROPERTY(QObject* preferences READ preferencesObject CONSTANT)
    // Sidebar (chatcontroller_history.cpp): search, the conversation whose answer is
    // streaming (it keeps streaming while another one is open), and a transient
    // notice ("Deleted … Undo", "Exported to …").
    Q_PROPERTY(QObject* searchResults READ searchResults CONSTANT)
    Q_PROPERTY(qint64 streamingConversationId READ streamingConversationId NOTIFY generatingChanged)
    Q_PROPERTY(QString notice READ notice NOTIFY noticeChanged)
    Q_PROPERTY(bool canUndoDelete READ canUndoDelete NOTIFY noticeChanged)
    // Composer and top bar (chatcontroller_composer.cpp): local models and imports,
    // documents waiting to be sent, context usage (tokens; estimated until the engine
    // has counted), and the device the model runs on with the reason for it.
    Q_PROPERTY(QObject* models READ models CONSTANT)
    Q_PROPERTY(QObject* attachments READ attachments CONSTANT)
    Q_PROPERTY(int contextUsed READ contextUsed NOTIFY contextChanged)
    Q_PROPERTY(int contextSize READ contextSize NOTIFY contextChanged)
    Q_PROPERTY(bool contextEstimated READ contextEstimated NOTIFY contextChanged)
    Q_PROPERTY(QString deviceLabel READ deviceLabel NOTIFY deviceChanged)
    Q_PROPERTY(QString deviceReason READ deviceReason NOTIFY deviceChanged)

public:
    // `store` may be null (no history at all); `banner` is the store's open message.
    ChatController(std::unique_ptr<history::HistoryStore> store, const QString& banner,
                   QObject* parent = nullptr);
    ~ChatController() override;

    QObject* messages() { return &messages_; }
    QObject* conversations() { return &conversations_; }
    MessageListModel& messageModel() { return messages_; }
    QObject* searchResults() { return &search_; }
    SearchResultsModel& searchModel() { return search_; }
    ConversationListModel& conversationModel() { return conversations_; }
    history::HistoryStore* store() { return store_.get(); }
    SettingsController& preferences() { return preferences_; }
    QObject* preferencesObject() { return &preferences_; }
    // What the next turn is generated with (EngineWorker::generate's map): the open
    // conversation's effective settings, a fresh seed, and --max-tokens when given
    // (chatcontroller_settings.cpp).
    QVariantMap generationSettings() const;
    EngineWorker& worker() { return worker_; }
    QObject* models() { return &models_; }
    ModelListModel& modelList() { return models_; }
    QObject* attachments() { return &attachments_; }
    AttachmentListModel& attachmentList() { return attachments_; }
    int contextUsed() const { return contextUsed_; }
    int contextSize() const { return contextSize_; }
    bool contextEstimated() const { return contextEstimated_; }
    QString deviceLabel() const { return deviceLabel_; }
    QString deviceReason() const { return deviceReason_; }
    // Dropped files: a .gguf is imported as a model, documents become attachments.
    // Returns how many were taken.
    Q_INVOKABLE int acceptDrop(const QVariant& urls);

    qint64 conversationId() const { return conversationId_; }
    QString conversationTitle() const { return conversationTitle_; }
    bool generating() const { return generating_; }
    bool answering() const {
        return generating_ && conversationId_ != 0 && streamingConversation_ == conversationId_;
    }
    QString sendBlockedReason() const;
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
    qint64 streamingConversationId() const { return generating_ ? streamingConversation_ : 0; }
    QString notice() const { return notice_; }
    bool canUndoDelete() const { return undoConversation_ != 0; }
    // How long a notice (and the undo of a delete) stays; tests shorten it.
    static constexpr int kNoticeMs = 8000;
    void setNoticeTimeout(int ms) { noticeTimer_.setInterval(ms); }
    // A file name for exporting conversation `id` ("markdown" → .md, "json" → .json).
    Q_INVOKABLE QString exportFileName(qint64 id, const QString& format);
    // Where the export dialog starts: the documents folder with that file name.
    Q_INVOKABLE QUrl exportFileUrl(qint64 id, const QString& format);
    void setMaxTokens(int maxTokens);

    // Folders scanned for *.gguf and files named on the command line. The first
    // folder is the default models folder; the one chosen in the settings
    // (SettingsController::modelsFolder) is used instead when it is set.
    void setModelSources(const QStringList& folders, const QStringList& files);

public slots:
    void send(const QString& text);
    void stop();
    void regenerate();
    // Shows the previous (step -1) or next (+1) answer to the same message.
    void showSibling(int row, int step);
    // Edits the user message at `row`: the new text becomes a sibling of it in the
    // history tree (the old question and its answers stay one "‹ 1/2 ›" away) and a
    // new answer is generated for it (chatcontroller_edit.cpp).
    void editMessage(int row, const QString& text);
    void newConversation();
    void openConversation(qint64 id);
    // Soft delete; offers Undo for kNoticeMs (undoDelete()).
    void deleteConversation(qint64 id);
    void undoDelete();
    void restoreConversation(qint64 id);
    void renameConversation(qint64 id, const QString& title);
    void setPinned(qint64 id, bool pinned);
    // Writes conversation `id` as "markdown" (active branch) or "json" (every branch)
    // to `fileUrl` (a path or file:// URL; empty: exportFileUrl()). Errors go to
    // errorMessage; success to notice.
    bool exportConversation(qint64 id, const QString& fileUrl, const QString& format);
    // Opens a search hit: the conversation, on the branch holding `messageId` (0: a
    // title hit), then asks the view to scroll there (scrollToMessage).
    void openSearchHit(qint64 conversationId, qint64 messageId);
    void dismissNotice();
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
    void answeringChanged();
    void modelChanged();
    void loadProgressChanged();
    void availableModelsChanged();
    void bannerChanged();
    void errorMessageChanged();
    void canRegenerateChanged();
    void settingsChanged();
    // The streaming row grew (for the view to keep it in sight).
    void streamed();
    void noticeChanged();
    // The chat view should bring `row` of the message list into view (a search hit).
    void scrollToMessage(int row);
    void contextChanged();
    void deviceChanged();

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
    void setUpSidebar();
    void showNotice(const QString& text, qint64 undoConversation = 0);
    void flushStreaming();
    void attachStreamingRow();
    int rowOfMessage(qint64 messageId) const;
    void setUpComposer();
    void updateContextUsed();
    void updateContextSize();
    void applyModelsFolder();
    // The language changed: what C++ wrote for the UI is written again in it (QML's
    // own qsTr() strings are the engine's job: QQmlEngine::retranslate).
    void retranslate();

    std::unique_ptr<history::HistoryStore> store_;
    SettingsController preferences_;  // refers to store_: declared after it
    EngineWorker worker_;
    MessageListModel messages_;
    ConversationListModel conversations_;
    SearchResultsModel search_;
    ModelListModel models_;
    AttachmentListModel attachments_;
    int contextUsed_ = 0;
    int contextSize_ = 0;     // what the ring shows: updateContextSize()
    int loadedContext_ = 0;   // the session's size at load (0: no model)
    int trainedContext_ = 0;  // the model's trained context (0: unknown)
    bool contextEstimated_ = false;
    QString deviceLabel_, deviceReason_;
    QTimer noticeTimer_;
    QString notice_;
    qint64 undoConversation_ = 0;  // deleted, restorable by undoDelete()
    bool undoReopens_ = false;     // it was open when deleted
    std::unique_ptr<history::StreamingMessageWriter> writer_;
    QTimer tick_;
    QElapsedTimer reasoningClock_;
    qint64 reasoningMs_ = 0;
    double firstTokenMs_ = 0;  // of the turn ending now (shown, not stored)
    qint64 conversationId_ = 0;
    qint64 streamingConversation_ = 0;
    int streamingRow_ = -1;  // -1: not shown (another conversation is open)
    QString conversationTitle_;
    QString streamingTitle_;  // of streamingConversation_, for sendBlockedReason()
    bool generating_ = false;
    bool loading_ = false;
    bool thinking_ = false;
    double loadProgress_ = 0;
    QString modelName_, modelPath_, pendingModelPath_;
    QStringList modelFolders_, modelFiles_, availableModels_;
    QString defaultModelsFolder_;  // setModelSources()'s, used unless the settings name one
    QString banner_, errorMessage_;
    int maxTokens_ = -1;
};

}  // namespace siliang::app
