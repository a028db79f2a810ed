// Switching conversations while the real Gemma 3 270M model answers: the answer
// keeps streaming into its own conversation (and the store) while another one is
// shown, the shown one is left untouched, and going back shows the answer live
// again with every token so far; it then finishes complete and stored whole.
// Skipped when the model file is absent.
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "chatcontroller.h"
#include "test_models.h"

using siliang::app::ChatController;
using siliang::app::EngineWorker;
namespace history = siliang::history;

namespace {
constexpr int kTimeoutMs = 180000;
}

class TestChatSwitching : public QObject {
    Q_OBJECT
private slots:
    void answerKeepsStreamingWhileAnotherConversationIsOpen();
    void deletingTheAnsweredConversationStopsTheAnswer();

private:
    bool loadModel();
    QTemporaryDir dir_;
    std::unique_ptr<ChatController> chat_;
};

bool TestChatSwitching::loadModel() {
    if (chat_) return chat_->modelLoaded();
    const QString path = QString::fromStdString(siliang::testing::gemma3_test_model().string());
    history::OpenResult opened = history::HistoryStore::open(dir_.filePath("history.sqlite3"));
    if (!opened.store) return false;
    chat_ = std::make_unique<ChatController>(std::move(opened.store), opened.message);
    chat_->loadModel(path);
    QElapsedTimer clock;
    clock.start();
    while (chat_->loading() && clock.elapsed() < 120000) QTest::qWait(50);
    return chat_->modelLoaded();
}

void TestChatSwitching::answerKeepsStreamingWhileAnotherConversationIsOpen() {
    if (siliang::testing::gemma3_test_model().empty())
        QSKIP("Gemma 3 270M not found (set SILIANG_GEMMA3_GGUF or run installer/setup-deps)");
    QVERIFY(dir_.isValid());
    QVERIFY2(loadModel(), qPrintable(chat_->errorMessage()));

    // Conversation B: a finished two-message exchange to switch to.
    chat_->setMaxTokens(2);
    chat_->send(QStringLiteral("Hi."));
    QTRY_VERIFY_WITH_TIMEOUT(!chat_->generating(), kTimeoutMs);
    const qint64 b = chat_->conversationId();
    const QString bAnswer = chat_->messageModel().at(1).content;

    // Conversation A: a longer answer, followed token by token.
    chat_->newConversation();
    chat_->setMaxTokens(40);
    QString streamed;
    const auto collect = connect(&chat_->worker(), &EngineWorker::answerDelta, this,
                                 [&streamed](const QString& delta) { streamed += delta; });
    QSignalSpy deltas(&chat_->worker(), &EngineWorker::answerDelta);
    chat_->send(QStringLiteral("Count from one to fifty, separated by commas."));
    const qint64 a = chat_->conversationId();
    QVERIFY(a != b);
    QCOMPARE(chat_->streamingConversationId(), a);
    QVERIFY(deltas.wait(kTimeoutMs));

    // Away to B: nothing stops, B's rows are B's, and streaming does not touch them.
    chat_->openConversation(b);
    QCOMPARE(chat_->conversationId(), b);
    QVERIFY(chat_->generating());
    QCOMPARE(chat_->messageModel().rowCount(), 2);
    QCOMPARE(chat_->messageModel().at(1).content, bAnswer);
    QSignalSpy bChanged(&chat_->messageModel(), &QAbstractItemModel::dataChanged);
    QSignalSpy streamedSignal(chat_.get(), &ChatController::streamed);
    const qsizetype before = deltas.size();
    QTRY_VERIFY_WITH_TIMEOUT(deltas.size() >= before + 3 || !chat_->generating(), kTimeoutMs);
    QVERIFY2(chat_->generating(), "the answer ended too soon to switch back during it");
    QCOMPARE(bChanged.size(), 0);
    QCOMPARE(streamedSignal.size(), 0);  // the view is not scrolled for another chat
    QCOMPARE(chat_->messageModel().at(1).content, bAnswer);

    // Back to A: the answer is there with every token so far, and still streaming.
    chat_->openConversation(a);
    QCOMPARE(chat_->messageModel().rowCount(), 2);
    QCOMPARE(chat_->messageModel().at(1).status, QStringLiteral("streaming"));
    QCOMPARE(chat_->messageModel().at(1).content, streamed);
    const qsizetype atReturn = deltas.size();
    QTRY_VERIFY_WITH_TIMEOUT(!chat_->generating(), kTimeoutMs);
    QVERIFY(deltas.size() > atReturn);  // the row kept growing after coming back
    QCOMPARE(chat_->messageModel().at(1).status, QStringLiteral("complete"));
    QCOMPARE(chat_->messageModel().at(1).content, streamed);
    disconnect(collect);

    // The store has all of it, from a second connection.
    auto reader = chat_->store()->openConnection();
    const QList<history::Message> stored = reader->activeBranch(a);
    QCOMPARE(stored.size(), 2);
    QCOMPARE(stored.last().status, history::MessageStatus::Complete);
    QCOMPARE(stored.last().content, streamed);
    QVERIFY(stored.last().stats.completionTokens > 3);
    QCOMPARE(reader->activeBranch(b).last().content, bAnswer);
}

void TestChatSwitching::deletingTheAnsweredConversationStopsTheAnswer() {
    if (siliang::testing::gemma3_test_model().empty())
        QSKIP("Gemma 3 270M not found (set SILIANG_GEMMA3_GGUF or run installer/setup-deps)");
    QVERIFY2(loadModel(), qPrintable(chat_->errorMessage()));
    chat_->newConversation();
    chat_->setMaxTokens(40);
    QSignalSpy deltas(&chat_->worker(), &EngineWorker::answerDelta);
    chat_->send(QStringLiteral("Write a long story about a lighthouse."));
    const qint64 doomed = chat_->conversationId();
    QVERIFY(deltas.wait(kTimeoutMs));
    const qint64 answerId = chat_->messageModel().at(1).id;
    chat_->deleteConversation(doomed);
    QCOMPARE(chat_->conversationId(), 0);
    QTRY_VERIFY_WITH_TIMEOUT(!chat_->generating(), kTimeoutMs);
    const std::optional<history::Message> stored = chat_->store()->message(answerId);
    QVERIFY(stored);
    QCOMPARE(stored->status, history::MessageStatus::Stopped);
    QVERIFY(stored->stats.completionTokens < 40);
    // Undo brings it back with the partial answer.
    chat_->undoDelete();
    QCOMPARE(chat_->conversationId(), doomed);
    QCOMPARE(chat_->messageModel().at(1).status, QStringLiteral("stopped"));
}

QTEST_GUILESS_MAIN(TestChatSwitching)
#include "tst_chat_switching.moc"
