#include "engineworker.h"

#include "enginecore.h"
#include "threadpriority.h"

namespace siliang::app {

EngineWorker::EngineWorker(QObject* parent)
    : QObject(parent), cancel_(std::make_shared<std::atomic<bool>>(false)) {
    thread_.setObjectName(QStringLiteral("siliang-engine"));
    core_ = new EngineCore(cancel_);
    core_->moveToThread(&thread_);
    connect(&thread_, &QThread::finished, core_, &QObject::deleteLater);
    // Signal to signal: queued, because this object lives on the GUI thread.
    connect(core_, &EngineCore::loadProgress, this, &EngineWorker::loadProgress);
    connect(core_, &EngineCore::loaded, this, &EngineWorker::loaded);
    connect(core_, &EngineCore::loadFailed, this, &EngineWorker::loadFailed);
    connect(core_, &EngineCore::reasoningDelta, this, &EngineWorker::reasoningDelta);
    connect(core_, &EngineCore::answerDelta, this, &EngineWorker::answerDelta);
    connect(core_, &EngineCore::finished, this, &EngineWorker::finished);
    connect(core_, &EngineCore::failed, this, &EngineWorker::failed);
    // Runs on the new thread before any work (and before the CPU backend creates its pool,
    // whose threads inherit the lower priority).
    connect(
        &thread_, &QThread::started, core_, [] { lowerThisThreadPriority(); },
        Qt::DirectConnection);
    thread_.start();
}

EngineWorker::~EngineWorker() {
    shutdown();
}

void EngineWorker::shutdown() {
    if (!thread_.isRunning()) return;
    cancel_->store(true);
    thread_.quit();
    thread_.wait();
}

void EngineWorker::load(const QString& path, const QVariantMap& options) {
    // A load replaces the model: stop what runs, then queue the load behind it.
    cancel_->store(true);
    QMetaObject::invokeMethod(
        core_,
        [core = core_, cancel = cancel_, path, options] {
            cancel->store(false);
            core->load(path, options);
        },
        Qt::QueuedConnection);
}

void EngineWorker::generate(const QString& messagesJson, const QVariantMap& settings) {
    // Cleared here, on the calling thread, so that a cancel() made right after this
    // call is never lost to a reset on the worker thread.
    cancel_->store(false);
    QMetaObject::invokeMethod(core_, "generate", Qt::QueuedConnection, Q_ARG(QString, messagesJson),
                              Q_ARG(QVariantMap, settings));
}

void EngineWorker::cancel() {
    cancel_->store(true);
}

}  // namespace siliang::app
