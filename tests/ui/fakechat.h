// FakeChat: what the QML components read from `chat`, as plain writable
// properties, so that a QtQuickTest case can put a component in any state
// (generating, no model, near the context limit) and see what it called. The
// attachment and model lists are the real models (no engine behind them).
#pragma once

#include <QObject>
#include <QStringList>
#include <QVariant>

#include "attachmentlistmodel.h"
#include "modellistmodel.h"

class FakeChat : public QObject {
    Q_OBJECT
    Q_PROPERTY(bool generating MEMBER generating_ NOTIFY changed)
    // Like ChatController: the open conversation is the one answered; or why it
    // cannot send (another conversation is answered).
    Q_PROPERTY(bool answering MEMBER answering_ NOTIFY changed)
    Q_PROPERTY(QString sendBlockedReason MEMBER sendBlockedReason_ NOTIFY changed)
    Q_PROPERTY(bool modelLoaded MEMBER modelLoaded_ NOTIFY changed)
    Q_PROPERTY(bool loading MEMBER loading_ NOTIFY changed)
    Q_PROPERTY(double loadProgress MEMBER loadProgress_ NOTIFY changed)
    Q_PROPERTY(QString modelName MEMBER modelName_ NOTIFY changed)
    Q_PROPERTY(QString modelPath MEMBER modelPath_ NOTIFY changed)
    Q_PROPERTY(int contextUsed MEMBER contextUsed_ NOTIFY changed)
    Q_PROPERTY(int contextSize MEMBER contextSize_ NOTIFY changed)
    Q_PROPERTY(bool contextEstimated MEMBER contextEstimated_ NOTIFY changed)
    Q_PROPERTY(QString deviceLabel MEMBER deviceLabel_ NOTIFY changed)
    Q_PROPERTY(QString deviceReason MEMBER deviceReason_ NOTIFY changed)
    Q_PROPERTY(QObject* attachments READ attachments CONSTANT)
    Q_PROPERTY(QObject* models READ models CONSTANT)
    // What the component asked for.
    Q_PROPERTY(QStringList sent MEMBER sent_ NOTIFY changed)
    Q_PROPERTY(int stopCount MEMBER stopCount_ NOTIFY changed)
    Q_PROPERTY(QStringList loadRequests MEMBER loadRequests_ NOTIFY changed)
    // showSibling(row, step) calls, as "row:step".
    Q_PROPERTY(QStringList siblingRequests MEMBER siblingRequests_ NOTIFY changed)

public:
    using QObject::QObject;
    QObject* attachments() { return &attachments_; }
    QObject* models() { return &models_; }

    // Like ChatController::send: the text, and the attachments go with it.
    Q_INVOKABLE void send(const QString& text);
    Q_INVOKABLE void stop();
    Q_INVOKABLE int acceptDrop(const QVariant& urls);
    Q_INVOKABLE void loadModel(const QString& path);
    Q_INVOKABLE void showSibling(int row, int step);
    Q_INVOKABLE void cancelLoad() {}
    Q_INVOKABLE void refreshModels() {}
    // Back to "model loaded, idle, nothing sent" between test functions.
    Q_INVOKABLE void reset();

signals:
    void changed();

private:
    bool generating_ = false, answering_ = false, modelLoaded_ = false, loading_ = false,
         contextEstimated_ = false;
    double loadProgress_ = 0;
    QString modelName_, modelPath_, deviceLabel_, deviceReason_, sendBlockedReason_;
    int contextUsed_ = 0, contextSize_ = 0, stopCount_ = 0;
    QStringList sent_, loadRequests_, siblingRequests_;
    siliang::app::AttachmentListModel attachments_;
    siliang::app::ModelListModel models_;
};
