// EngineCore: the part of EngineWorker that lives on the worker thread and talks
// to the engine (model, prompt formatter, session). Private to app/chat.
#pragma once

#include <QObject>
#include <QString>
#include <QVariantMap>
#include <atomic>
#include <memory>

namespace siliang::model {
class Model;
}
namespace siliang::runtime {
class Session;
}
namespace siliang::chat {
class PromptFormatter;
}

namespace siliang::app {

class EngineCore : public QObject {
    Q_OBJECT
public:
    explicit EngineCore(std::shared_ptr<std::atomic<bool>> cancel);
    ~EngineCore() override;

public slots:
    // options: device (a registered backend name, default "cpu"), threads (0: all),
    // contextSize (the session's first context size, default 4096).
    void load(const QString& path, const QVariantMap& options = {});
    // settings: maxTokens, temperature, topK, topP, minP, repeatPenalty, seed,
    // contextSize (the session is rebuilt when it changes; capped at what the model
    // was trained for), systemPrompt (sent first as a system message when set).
    void generate(const QString& messagesJson, const QVariantMap& settings);

signals:
    void loadProgress(double progress);
    void loaded(const QVariantMap& info);
    void loadFailed(const QString& message);
    void reasoningDelta(const QString& text);
    void answerDelta(const QString& text);
    void finished(const QVariantMap& stats);
    void failed(const QString& message);

private:
    void unload();
    // Rebuilds the session with room for `context` tokens (clamped to the model's).
    void resizeContext(uint32_t context);

    std::shared_ptr<std::atomic<bool>> cancel_;
    std::unique_ptr<model::Model> model_;
    std::unique_ptr<chat::PromptFormatter> formatter_;
    std::unique_ptr<runtime::Session> session_;
    uint32_t context_ = 4096;
    uint32_t trainedContext_ = 0;  // 0: the model does not say
};

}  // namespace siliang::app
