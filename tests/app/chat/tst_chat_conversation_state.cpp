// What the chat view shows of the open conversation, on the trained siliang-tiny-chat
// model (tests/engine/model/data, always present): the documents sent with a question
// are in its row when it is sent and again when the conversation is reopened; only
// the conversation being answered offers Stop, another one refuses to send and says
// which answer it waits for; the context ring measures the effective context size.
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "chatcontroller.h"

using siliang::app::ChatController;
using siliang::app::MessageListModel;
namespace history = siliang::history;

namespace {

constexpr int kTimeoutMs = 120000;

QString writeFile(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly)) return {};
    f.write(bytes);
    return path;
}

}  // namespace

class TestChatConversationState : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void sentAttachmentsAreShownAndComeBackWithTheConversation();
    void onlyTheAnsweredConversationIsGenerating();
    void contextRingUsesTheEffectiveContextSize();

private:
    std::unique_ptr<QTemporaryDir> dir_;
    std::unique_ptr<ChatController> chat_;
};

void TestChatConversationState::init() {
    dir_ = std::make_unique<QTemporaryDir>();
    QVERIFY(dir_->isValid());
    history::OpenResult opened = history::HistoryStore::open(dir_->filePath("history.sqlite3"));
    QVERIFY(opened.store);
    chat_ = std::make_unique<ChatController>(std::move(opened.store), opened.message);
    chat_->setMaxTokens(8);  // short answers: the CPU is shared
    chat_->loadModel(QStringLiteral(SILIANG_TINY_CHAT_GGUF));
    QTRY_VERIFY_WITH_TIMEOUT(!chat_->loading(), kTimeoutMs);
    QVERIFY2(chat_->modelLoaded(), qPrintable(chat_->errorMessage()));
}

void TestChatConversationState::cleanup() {
    chat_.reset();
    dir_.reset();
}

void TestChatConversationState::sentAttachmentsAreShownAndComeBackWithTheConversation() {
    const QString report = writeFile(dir_->filePath(QStringLiteral("Report.PDF")), "%PDF-1.4\n");
    const QString notes =
        writeFile(dir_->filePath(QStringLiteral("notes.md")), QByteArray(3000, 'x'));
    QCOMPARE(chat_->attachmentList().add(QVariantList{report, notes}), 2);
    chat_->attachmentList().waitForChecksums();
    chat_->send(QStringLiteral("What is the capital of Japan?"));
    const MessageListModel& messages = chat_->messageModel();
    QCOMPARE(messages.rowCount(), 2);

    const auto check = [&messages] {
        const QVariantList shown =
            messages.index(0).data(MessageListModel::AttachmentsRole).toList();
        QCOMPARE(shown.size(), 2);
        const QVariantMap first = shown.at(0).toMap();
        // The name, not the full path the store keeps for document Q&A.
        QCOMPARE(first.value(QStringLiteral("fileName")).toString(), QStringLiteral("Report.PDF"));
        QCOMPARE(first.value(QStringLiteral("size")).toLongLong(), 9);
        QCOMPARE(first.value(QStringLiteral("sizeText")).toString(), QStringLiteral("9 B"));
        QCOMPARE(first.value(QStringLiteral("kind")).toString(), QStringLiteral("pdf"));
        const QVariantMap second = shown.at(1).toMap();
        QCOMPARE(second.value(QStringLiteral("fileName")).toString(), QStringLiteral("notes.md"));
        QCOMPARE(second.value(QStringLiteral("sizeText")).toString(), QStringLiteral("2.9 KiB"));
        QCOMPARE(second.value(QStringLiteral("kind")).toString(), QStringLiteral("md"));
        // The answer carries none.
        QVERIFY(messages.index(1).data(MessageListModel::AttachmentsRole).toList().isEmpty());
    };
    check();
    if (QTest::currentTestFailed()) return;
    QVERIFY(messages.roleNames().value(MessageListModel::AttachmentsRole) == "attachments");
    QTRY_VERIFY_WITH_TIMEOUT(!chat_->generating(), kTimeoutMs);

    // Reopened (the rows come from the store now).
    const qint64 id = chat_->conversationId();
    chat_->newConversation();
    QCOMPARE(messages.rowCount(), 0);
    chat_->openConversation(id);
    QCOMPARE(messages.rowCount(), 2);
    check();
    if (QTest::currentTestFailed()) return;

    // And after a restart of the app on the same history file.
    chat_.reset();
    history::OpenResult reopened =
        history::HistoryStore::open(dir_->filePath(QStringLiteral("history.sqlite3")));
    QVERIFY(reopened.store);
    chat_ = std::make_unique<ChatController>(std::move(reopened.store), reopened.message);
    chat_->openConversation(id);
    const MessageListModel& restored = chat_->messageModel();
    QCOMPARE(restored.rowCount(), 2);
    QCOMPARE(restored.index(0)
                 .data(MessageListModel::AttachmentsRole)
                 .toList()
                 .value(1)
                 .toMap()
                 .value(QStringLiteral("fileName"))
                 .toString(),
             QStringLiteral("notes.md"));
}

void TestChatConversationState::onlyTheAnsweredConversationIsGenerating() {
    QSignalSpy answering(chat_.get(), &ChatController::answeringChanged);
    chat_->send(QStringLiteral("What is the capital of France?"));
    // The answer's end arrives as a queued event: until the loop turns, it streams.
    QVERIFY(chat_->generating());
    QVERIFY(chat_->answering());
    QVERIFY(chat_->sendBlockedReason().isEmpty());
    QVERIFY(!answering.isEmpty());
    const qint64 streaming = chat_->conversationId();
    QCOMPARE(chat_->streamingConversationId(), streaming);

    // Another conversation: not the one answered, so no Stop, and sending waits.
    chat_->newConversation();
    QVERIFY(chat_->generating());
    QVERIFY(!chat_->answering());
    QCOMPARE(chat_->sendBlockedReason(),
             QStringLiteral("Wait for the answer in “What is the capital of France?” or stop it "
                            "there."));
    chat_->send(QStringLiteral("Hello"));
    QCOMPARE(chat_->errorMessage(), chat_->sendBlockedReason());
    QCOMPARE(chat_->conversationId(), 0);  // nothing was created or stored
    QCOMPARE(chat_->messageModel().rowCount(), 0);
    QCOMPARE(chat_->store()->listConversations(0, 10).size(), 1);
    chat_->dismissError();

    // Renaming the answered conversation renames it in the reason too.
    chat_->renameConversation(streaming, QStringLiteral("Capitals"));
    QCOMPARE(chat_->sendBlockedReason(),
             QStringLiteral("Wait for the answer in “Capitals” or stop it there."));

    // Back in the answered conversation: Stop is offered again.
    chat_->openConversation(streaming);
    QVERIFY(chat_->answering());
    QVERIFY(chat_->sendBlockedReason().isEmpty());
    chat_->newConversation();
    QTRY_VERIFY_WITH_TIMEOUT(!chat_->generating(), kTimeoutMs);
    QVERIFY(!chat_->answering());
    QVERIFY(chat_->sendBlockedReason().isEmpty());

    // Once it ended the other conversation sends.
    chat_->send(QStringLiteral("Hello"));
    QVERIFY(chat_->errorMessage().isEmpty());
    QVERIFY(chat_->conversationId() != 0);
    QVERIFY(chat_->conversationId() != streaming);
    QVERIFY(chat_->answering());
    QTRY_VERIFY_WITH_TIMEOUT(!chat_->generating(), kTimeoutMs);
}

void TestChatConversationState::contextRingUsesTheEffectiveContextSize() {
    auto& prefs = chat_->preferences();
    // The default (4096) is more than the model was trained for: its 1024 apply.
    QCOMPARE(prefs.effectiveSettings().contextSize, 4096);
    QCOMPARE(chat_->contextSize(), 1024);

    QSignalSpy context(chat_.get(), &ChatController::contextChanged);
    QVERIFY(prefs.setDefault(QStringLiteral("contextSize"), 512));
    QCOMPARE(chat_->contextSize(), 512);
    QVERIFY(!context.isEmpty());

    chat_->send(QStringLiteral("Hello"));
    QTRY_VERIFY_WITH_TIMEOUT(!chat_->generating(), kTimeoutMs);
    QVERIFY(prefs.setOverride(QStringLiteral("contextSize"), 768));
    QCOMPARE(chat_->contextSize(), 768);
    // The ring's "used" counts against the same size the engine ran with.
    QVERIFY(chat_->contextUsed() > 0);
    QVERIFY(chat_->contextUsed() < chat_->contextSize());

    // Another conversation uses the default, this one its own size when reopened.
    const qint64 id = chat_->conversationId();
    chat_->newConversation();
    QCOMPARE(chat_->contextSize(), 512);
    chat_->openConversation(id);
    QCOMPARE(chat_->contextSize(), 768);
    prefs.resetOverride(QStringLiteral("contextSize"));
    QCOMPARE(chat_->contextSize(), 512);
}

QTEST_GUILESS_MAIN(TestChatConversationState)
#include "tst_chat_conversation_state.moc"
