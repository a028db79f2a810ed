// Editing a question through ChatController on a real history file: without a model
// the edit is refused and nothing is stored; with the real Gemma 3 270M model (skipped
// when absent) the edit becomes a sibling of the original question, is answered, and
// "‹ 1/2 ›" switches between the two questions with their own answers, in the view
// and in the stored active branch.
#include <QFileInfo>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "chatcontroller.h"
#include "test_models.h"

using siliang::app::ChatController;
namespace history = siliang::history;

namespace {

constexpr int kGenerationTimeoutMs = 180000;

QString gemmaPath() {
    return QString::fromStdString(siliang::testing::gemma3_test_model().string());
}

}  // namespace

class TestChatEdit : public QObject {
    Q_OBJECT
private slots:
    void editWithoutAModelIsRefused();
    void editMakesASiblingQuestionAndAnswersIt();
};

void TestChatEdit::editWithoutAModelIsRefused() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    history::OpenResult opened = history::HistoryStore::open(dir.filePath("history.sqlite3"));
    QVERIFY(opened.store);
    const qint64 conversation = opened.store->createConversation({});
    history::NewMessage question;
    question.content = QStringLiteral("First question");
    const qint64 questionId = opened.store->appendMessage(conversation, question);
    ChatController chat(std::move(opened.store), QString());
    chat.openConversation(conversation);
    QCOMPARE(chat.messageModel().rowCount(), 1);

    chat.editMessage(0, QStringLiteral("Edited question"));
    QVERIFY(!chat.errorMessage().isEmpty());  // "Load a model before sending a message."
    QVERIFY(!chat.generating());
    QCOMPARE(chat.store()->siblings(questionId).size(), 1);
    // Bad rows and empty text are ignored without touching anything.
    chat.dismissError();
    chat.editMessage(5, QStringLiteral("x"));
    chat.editMessage(-1, QStringLiteral("x"));
    chat.editMessage(0, QStringLiteral("   "));
    QVERIFY(chat.errorMessage().isEmpty());
    QCOMPARE(chat.store()->siblings(questionId).size(), 1);
}

void TestChatEdit::editMakesASiblingQuestionAndAnswersIt() {
    if (!QFileInfo::exists(gemmaPath()))
        QSKIP("Gemma 3 270M not found (set SILIANG_GEMMA3_GGUF or run installer/setup-deps)");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    history::OpenResult opened = history::HistoryStore::open(dir.filePath("history.sqlite3"));
    QVERIFY(opened.store);
    ChatController chat(std::move(opened.store), QString());
    chat.loadModel(gemmaPath());
    QTRY_VERIFY_WITH_TIMEOUT(!chat.loading(), 120000);
    QVERIFY2(chat.modelLoaded(), qPrintable(chat.errorMessage()));
    chat.setMaxTokens(3);

    chat.send(QStringLiteral("Name a colour."));
    QTRY_VERIFY_WITH_TIMEOUT(!chat.generating(), kGenerationTimeoutMs);
    QCOMPARE(chat.messageModel().rowCount(), 2);
    const qint64 firstQuestion = chat.messageModel().at(0).id;
    const qint64 firstAnswer = chat.messageModel().at(1).id;

    chat.editMessage(0, QStringLiteral("Name a fruit."));
    QVERIFY(chat.generating());
    // The view shows the edited question (version 2 of 2) and its streaming answer.
    QCOMPARE(chat.messageModel().rowCount(), 2);
    QCOMPARE(chat.messageModel().at(0).content, QStringLiteral("Name a fruit."));
    QCOMPARE(chat.messageModel().at(0).siblingIndex, 1);
    QCOMPARE(chat.messageModel().at(0).siblingCount, 2);
    QCOMPARE(chat.messageModel().at(1).status, QStringLiteral("streaming"));
    QTRY_VERIFY_WITH_TIMEOUT(!chat.generating(), kGenerationTimeoutMs);

    // Stored: two root questions; the active branch is the edit and its answer.
    const qint64 editedQuestion = chat.messageModel().at(0).id;
    const qint64 editedAnswer = chat.messageModel().at(1).id;
    QVERIFY(editedQuestion != firstQuestion);
    QCOMPARE(chat.store()->siblings(firstQuestion), (QList<qint64>{firstQuestion, editedQuestion}));
    auto reader = chat.store()->openConnection();
    QList<history::Message> branch = reader->activeBranch(chat.conversationId());
    QCOMPARE(branch.size(), 2);
    QCOMPARE(branch[0].id, editedQuestion);
    QCOMPARE(branch[1].id, editedAnswer);
    QCOMPARE(branch[1].parentId, editedQuestion);
    QCOMPARE(branch[1].status, history::MessageStatus::Complete);
    QVERIFY(!branch[1].content.isEmpty());
    // This session's answer shows its time to first token.
    QVERIFY(chat.messageModel().at(1).stats.value(QStringLiteral("firstTokenMs")).toDouble() > 0);

    // "‹": the original question with its original answer.
    chat.showSibling(0, -1);
    QCOMPARE(chat.messageModel().at(0).id, firstQuestion);
    QCOMPARE(chat.messageModel().at(1).id, firstAnswer);
    QCOMPARE(chat.messageModel().at(0).siblingIndex, 0);
    branch = reader->activeBranch(chat.conversationId());
    QCOMPARE(branch.last().id, firstAnswer);
    // "›": back to the edit.
    chat.showSibling(0, 1);
    QCOMPARE(chat.messageModel().at(0).id, editedQuestion);
    QCOMPARE(chat.messageModel().at(1).id, editedAnswer);
}

QTEST_GUILESS_MAIN(TestChatEdit)
#include "tst_chat_edit.moc"
