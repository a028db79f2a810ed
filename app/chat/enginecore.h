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
    void load(const QString& path);
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

    std::shared_ptr<std::atomic<bool>> cancel_;
    std::unique_ptr<model::Model> model_;
    std::unique_ptr<chat::PromptFormatter> formatter_;
    std::unique_ptr<runtime::Session> session_;
    uint32_t context_ = 4096;
};

}  // namespace siliang::app
