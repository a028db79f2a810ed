// EngineWorker: the engine on its own thread. load(), generate() and cancel() are
// called from the GUI thread and never wait; the work runs on a QThread owned by
// the worker and its results come back as queued signals carrying only new text.
// Cancellation is an atomic flag the engine checks every token and between layers.
#pragma once

#include <QObject>
#include <QString>
#include <QThread>
#include <QVariantMap>
#include <atomic>
#include <memory>

namespace siliang::app {

class EngineCore;

class EngineWorker : public QObject {
    Q_OBJECT
public:
    explicit EngineWorker(QObject* parent = nullptr);
    // Cancels whatever runs and joins the thread (the engine stops within a layer).
    ~EngineWorker() override;

    // Loads a GGUF file, replacing the current model. Cancels a running generation.
    // options: device (backend name, default "cpu"), threads (0: all hardware threads),
    // contextSize (tokens the session starts with; capped at the model's trained context).
    void load(const QString& path, const QVariantMap& options = {});
    // messagesJson: [{"role": "user", "content": "..."}, ...] as the chat template expects.
    // settings: maxTokens (int, <0: no limit), temperature, topK, topP, minP,
    // repeatPenalty, seed, contextSize, systemPrompt (see EngineCore::generate).
    void generate(const QString& messagesJson, const QVariantMap& settings = {});
    // Stops a generation or a load in progress; returns at once.
    void cancel();
    // Cancels and joins the thread: after this no more signals are produced.
    void shutdown();

signals:
    void loadProgress(double progress);
    // name, architecture, path, contextLength, trainedContext, device, threads
    void loaded(const QVariantMap& info);
    void loadFailed(const QString& message);
    void reasoningDelta(const QString& text);
    void answerDelta(const QString& text);
    // stats: promptTokens, promptEvaluated, completionTokens, promptMs, generationMs,
    // firstTokenMs, reasoningMs, promptTokensPerSecond, generationTokensPerSecond,
    // stopReason ("end", "stop-string", "max-tokens", "context-full", "cancelled").
    void finished(const QVariantMap& stats);
    void failed(const QString& message);

private:
    QThread thread_;
    EngineCore* core_ = nullptr;  // lives on thread_
    std::shared_ptr<std::atomic<bool>> cancel_;
};

}  // namespace siliang::app
