// Conversations: fields, the sidebar order, edits, soft delete with undo, purge.
#include <QThread>

#include "testutil.h"

using namespace siliang::history;
using namespace siliang::history::test;

class TestHistoryConversations : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::unique_ptr<HistoryStore> store_;
    int counter_ = 0;

private slots:
    void init() {
        store_.reset();
        store_ =
            HistoryStore::open(dir_.filePath(QStringLiteral("h%1.sqlite3").arg(++counter_))).store;
    }

    void fieldsRoundTrip() {
        NewConversation init;
        init.title = QStringLiteral("Rust 与 C++ 的比较");
        init.folder = QStringLiteral("work/lang");
        init.tags = {QStringLiteral("rust"), QStringLiteral("编程")};
        init.model = QStringLiteral("qwen3-8b-q4_k_m.gguf");
        init.systemPrompt = QStringLiteral("Answer briefly.");
        init.settings = QJsonObject{{"temperature", 0.6}, {"top_p", 0.95}, {"seed", 42}};
        init.pinned = true;
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        const qint64 id = store_->createConversation(init);
        const Conversation c = *store_->conversation(id);
        QCOMPARE(c.id, id);
        QCOMPARE(c.title, init.title);
        QCOMPARE(c.folder, init.folder);
        QCOMPARE(c.tags, init.tags);
        QCOMPARE(c.model, init.model);
        QCOMPARE(c.systemPrompt, init.systemPrompt);
        QCOMPARE(c.settings, init.settings);
        QVERIFY(c.pinned);
        QVERIFY(c.createdAt.toMSecsSinceEpoch() >= before);
        QCOMPARE(c.createdAt, c.updatedAt);
        QCOMPARE(c.createdAt.timeSpec(), Qt::UTC);
        QCOMPARE(c.activeLeafId, 0);
        QVERIFY(!store_->conversation(id + 1));
    }

    void editsAreSaved() {
        const qint64 id = store_->createConversation({});
        store_->setTitle(id, QStringLiteral("新标题"));
        store_->setPinned(id, true);
        store_->setFolder(id, QStringLiteral("later"));
        store_->setTags(id, {QStringLiteral("a")});
        store_->setModelSettings(id, QStringLiteral("m.gguf"), QStringLiteral("sys"),
                                 QJsonObject{{"temperature", 1.0}});
        const Conversation c = *store_->conversation(id);
        QCOMPARE(c.title, QStringLiteral("新标题"));
        QVERIFY(c.pinned);
        QCOMPARE(c.folder, QStringLiteral("later"));
        QCOMPARE(c.tags, QStringList{QStringLiteral("a")});
        QCOMPARE(c.model, QStringLiteral("m.gguf"));
        QCOMPARE(c.systemPrompt, QStringLiteral("sys"));
        QCOMPARE(c.settings.value(QLatin1String("temperature")).toDouble(), 1.0);
    }

    void editingAMissingConversationIsNotFound() {
        try {
            store_->setTitle(999, QStringLiteral("x"));
            QFAIL("expected NotFound");
        } catch (const HistoryError& e) {
            QCOMPARE(e.kind(), ErrorKind::NotFound);
            QVERIFY(e.message().contains(QLatin1String("999")));
        }
        QVERIFY_THROWS_EXCEPTION(HistoryError,
                                 store_->appendMessage(999, text(Role::User, QStringLiteral("x"))));
    }

    void listIsPinnedFirstThenMostRecent() {
        QList<qint64> ids;
        for (int i = 0; i < 5; ++i) {
            ids << store_->createConversation(titled(QString::number(i)));
            QThread::msleep(2);  // distinct updated_at values
        }
        auto order = [this] {
            QList<qint64> out;
            for (const Conversation& c : store_->listConversations()) out << c.id;
            return out;
        };
        QCOMPARE(order(), (QList<qint64>{ids[4], ids[3], ids[2], ids[1], ids[0]}));
        // A new message moves a conversation to the top; a pin beats recency.
        store_->appendMessage(ids[1], text(Role::User, QStringLiteral("bump")));
        store_->setPinned(ids[0], true);
        QCOMPARE(order(), (QList<qint64>{ids[0], ids[1], ids[4], ids[3], ids[2]}));
        // Pages.
        QCOMPARE(store_->listConversations(1, 2).size(), 2);
        QCOMPARE(store_->listConversations(1, 2).first().id, ids[1]);
        QCOMPARE(store_->listConversations(4, 10).size(), 1);
        QCOMPARE(store_->conversationCount(), 5);
    }

    void deleteHidesAndUndoRestores() {
        const qint64 keep = store_->createConversation(titled(QStringLiteral("keep")));
        const qint64 gone = store_->createConversation(titled(QStringLiteral("gone")));
        const qint64 m =
            store_->appendMessage(gone, text(Role::User, QStringLiteral("secret words")));
        store_->deleteConversation(gone);
        QCOMPARE(store_->listConversations().size(), 1);
        QCOMPARE(store_->listConversations().first().id, keep);
        QVERIFY(store_->search(QStringLiteral("secret")).isEmpty());
        QCOMPARE(store_->deletedConversations().size(), 1);
        QVERIFY(store_->deletedConversations().first().deletedAt.has_value());
        // Nothing is lost while deleted: the messages are still there.
        QVERIFY(store_->message(m));

        store_->restoreConversation(gone);
        QCOMPARE(store_->listConversations().size(), 2);
        QVERIFY(store_->deletedConversations().isEmpty());
        QCOMPARE(store_->search(QStringLiteral("secret")).size(), 1);
        QCOMPARE(store_->activeBranch(gone).first().content, QStringLiteral("secret words"));
    }

    void purgeRemovesOnlyOldDeletions() {
        const qint64 a = store_->createConversation(titled(QStringLiteral("a")));
        const qint64 b = store_->createConversation(titled(QStringLiteral("b")));
        const qint64 ma = store_->appendMessage(a, text(Role::User, QStringLiteral("text a")));
        store_->deleteConversation(a);
        const QDateTime cut = QDateTime::currentDateTimeUtc().addMSecs(1);
        QThread::msleep(5);
        store_->deleteConversation(b);
        QCOMPARE(store_->purgeDeleted(cut), 1);
        QVERIFY(!store_->conversation(a));
        QVERIFY(!store_->message(ma));
        QVERIFY(store_->conversation(b));
        QCOMPARE(store_->integrityCheck(), QStringLiteral("ok"));
    }
};

QTEST_GUILESS_MAIN(TestHistoryConversations)
#include "test_history_conversations.moc"
