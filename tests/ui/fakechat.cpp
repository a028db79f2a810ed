#include "fakechat.h"

void FakeChat::send(const QString& text) {
    sent_ << text;
    attachments_.take();
    emit changed();
}

void FakeChat::stop() {
    ++stopCount_;
    emit changed();
}

int FakeChat::acceptDrop(const QVariant& urls) {
    return attachments_.add(urls);
}

void FakeChat::loadModel(const QString& path) {
    loadRequests_ << path;
    emit changed();
}

void FakeChat::showSibling(int row, int step) {
    siblingRequests_ << QStringLiteral("%1:%2").arg(row).arg(step);
    emit changed();
}

void FakeChat::reset() {
    generating_ = answering_ = loading_ = contextEstimated_ = false;
    sendBlockedReason_.clear();
    modelLoaded_ = true;
    loadProgress_ = 0;
    modelName_ = QStringLiteral("Tiny Llama");
    modelPath_.clear();
    contextUsed_ = contextSize_ = stopCount_ = 0;
    sent_.clear();
    loadRequests_.clear();
    siblingRequests_.clear();
    attachments_.clear();
    attachments_.dismissError();
    emit changed();
}
