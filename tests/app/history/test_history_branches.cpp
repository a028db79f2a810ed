// The message tree: edit and regenerate make sibling branches, the active branch
// is what the chat shows, switching branches, message fields and attachments.
#include "testutil.h"

using namespace siliang::history;
using namespace siliang::history::test;

class TestHistoryBranches : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::unique_ptr<HistoryStore> store_;
    int counter_ = 0;

    QStringList contents(qint64 conversationId) {
        QStringList out;
        for (const Message& m : store_->activeBranch(conversationId)) out << m.content;
        return out;
    }

private slots:
    void init() {
        store_.reset();
        store_ =
            HistoryStore::open(dir_.filePath(QStringLiteral("h%1.sqlite3").arg(++counter_))).store;
    }

    void linearConversation() {
        const qint64 id = store_->createConversation({});
        QVERIFY(store_->activeBranch(id).isEmpty());
        const qint64 u = store_->appendMessage(id, text(Role::User, QStringLiteral("q1")));
        const qint64 a = store_->appendMessage(id, text(Role::Assistant, QStringLiteral("a1")));
        QCOMPARE(store_->conversation(id)->activeLeafId, a);
        QCOMPARE(contents(id), (QStringList{"q1", "a1"}));
        const QList<Message> branch = store_->activeBranch(id);
        QCOMPARE(branch[0].id, u);
        QCOMPARE(branch[0].parentId, 0);
        QCOMPARE(branch[1].parentId, u);
        QCOMPARE(branch[1].siblingCount, 1);
    }

    void editAndRegenerateMakeBranches() {
        const qint64 id = store_->createConversation({});
        const qint64 q1 = store_->appendMessage(id, text(Role::User, QStringLiteral("q1")));
        const qint64 a1 = store_->appendMessage(id, text(Role::Assistant, QStringLiteral("a1")));
        store_->appendMessage(id, text(Role::User, QStringLiteral("q2")));
        const qint64 a2 = store_->appendMessage(id, text(Role::Assistant, QStringLiteral("a2")));

        // Regenerate the first answer: a sibling of a1, and the later turns leave
        // the active branch.
        const qint64 a1b =
            store_->addSibling(a1, text(Role::Assistant, QStringLiteral("a1 again")));
        QCOMPARE(contents(id), (QStringList{"q1", "a1 again"}));
        QCOMPARE(store_->siblings(a1), (QList<qint64>{a1, a1b}));
        const QList<Message> branch = store_->activeBranch(id);
        QCOMPARE(branch[1].siblingIndex, 1);
        QCOMPARE(branch[1].siblingCount, 2);

        // Edit the first question: a new root.
        const qint64 q1b = store_->addSibling(q1, text(Role::User, QStringLiteral("q1 edited")));
        store_->appendMessage(id, text(Role::Assistant, QStringLiteral("a for edited")));
        QCOMPARE(contents(id), (QStringList{"q1 edited", "a for edited"}));
        QCOMPARE(store_->activeBranch(id)[0].siblingCount, 2);
        QCOMPARE(store_->activeBranch(id)[0].siblingIndex, 1);

        // Back to the original question: the newest path under it (a1 again).
        QCOMPARE(store_->switchBranch(q1), a1b);
        QCOMPARE(contents(id), (QStringList{"q1", "a1 again"}));
        // And to the first answer: its old continuation is intact.
        QCOMPARE(store_->switchBranch(a1), a2);
        QCOMPARE(contents(id), (QStringList{"q1", "a1", "q2", "a2"}));
        const qint64 leaf = store_->switchBranch(q1b);
        QCOMPARE(leaf, store_->activeBranch(id).last().id);
        QCOMPARE(contents(id), (QStringList{"q1 edited", "a for edited"}));
    }

    void explicitParentAndValidation() {
        const qint64 id = store_->createConversation({});
        const qint64 other = store_->createConversation({});
        const qint64 q = store_->appendMessage(id, text(Role::User, QStringLiteral("q")));
        store_->appendMessage(id, text(Role::Assistant, QStringLiteral("a")));
        // Answer again under q explicitly.
        const qint64 a2 = store_->appendMessage(id, text(Role::Assistant, QStringLiteral("a2")), q);
        QCOMPARE(store_->message(a2)->parentId, q);
        QCOMPARE(contents(id), (QStringList{"q", "a2"}));
        try {
            store_->appendMessage(other, text(Role::User, QStringLiteral("x")), q);
            QFAIL("a parent from another conversation must be refused");
        } catch (const HistoryError& e) {
            QCOMPARE(e.kind(), ErrorKind::InvalidArgument);
        }
        QVERIFY(store_->activeBranch(other).isEmpty());
        QVERIFY_THROWS_EXCEPTION(HistoryError, store_->switchBranch(123456));
    }

    void messageFieldsRoundTrip() {
        const qint64 id = store_->createConversation({});
        NewMessage m = text(Role::Assistant, QStringLiteral("答案 ✓ 🚀"), QStringLiteral("思考…"));
        m.stats = {4200, 512, 128, 1234.5, 42.25};
        m.modelFile = QStringLiteral("deepseek-r1-distill-qwen-7b-q4_k_m.gguf");
        m.settings = QJsonObject{{"temperature", 0.6}, {"max_tokens", 4096}};
        m.status = MessageStatus::Error;
        m.errorMessage = QStringLiteral("Out of memory while evaluating the prompt.");
        m.createdAt = QDateTime::fromMSecsSinceEpoch(1750000000123, Qt::UTC);
        const Message back = *store_->message(store_->appendMessage(id, m));
        QCOMPARE(back.role, Role::Assistant);
        QCOMPARE(back.content, m.content);
        QCOMPARE(back.reasoning, m.reasoning);
        QVERIFY(back.stats == m.stats);
        QCOMPARE(back.modelFile, m.modelFile);
        QCOMPARE(back.settings, m.settings);
        QCOMPARE(back.status, MessageStatus::Error);
        QCOMPARE(back.errorMessage, m.errorMessage);
        QCOMPARE(back.createdAt, m.createdAt);
        QCOMPARE(back.conversationId, id);
    }

    void attachments() {
        const qint64 id = store_->createConversation({});
        const qint64 m = store_->appendMessage(id, text(Role::User, QStringLiteral("see file")));
        Attachment a;
        a.fileName = QStringLiteral("报告.pdf");
        a.mimeType = QStringLiteral("application/pdf");
        a.size = 123456789012;
        a.sha256 =
            QStringLiteral("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
        const qint64 aid = store_->addAttachment(m, a);
        Attachment b;
        b.fileName = QStringLiteral("notes.txt");
        store_->addAttachment(m, b);
        const QList<Attachment> list = store_->attachments(m);
        QCOMPARE(list.size(), 2);
        QCOMPARE(list[0].id, aid);
        QCOMPARE(list[0].messageId, m);
        QCOMPARE(list[0].fileName, a.fileName);
        QCOMPARE(list[0].mimeType, a.mimeType);
        QCOMPARE(list[0].size, a.size);
        QCOMPARE(list[0].sha256, a.sha256);
        QVERIFY(list[0].createdAt.isValid());
        QVERIFY_THROWS_EXCEPTION(HistoryError, store_->addAttachment(m + 100, a));
    }
};

QTEST_GUILESS_MAIN(TestHistoryBranches)
#include "test_history_branches.moc"
