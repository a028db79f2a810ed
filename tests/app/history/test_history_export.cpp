// Export to Markdown and JSON; JSON import is lossless (round trip) and refuses
// malformed files without leaving half a conversation behind.
#include <QJsonArray>
#include <QJsonDocument>

#include "testutil.h"

using namespace siliang::history;
using namespace siliang::history::test;

class TestHistoryExport : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::unique_ptr<HistoryStore> store_;
    qint64 id_ = 0;

    void expectImportError(const QJsonObject& json, const QString& fragment) {
        const qint64 before = store_->conversationCount();
        try {
            store_->importJson(json);
            QFAIL("import should have failed");
        } catch (const HistoryError& e) {
            QCOMPARE(e.kind(), ErrorKind::InvalidArgument);
            QVERIFY2(e.message().contains(fragment), qPrintable(e.message()));
        }
        QCOMPARE(store_->conversationCount(), before);
    }

private slots:
    void initTestCase() {
        store_ = HistoryStore::open(dir_.filePath(QStringLiteral("h.sqlite3"))).store;
        NewConversation init;
        init.title = QStringLiteral("导出 test \"quotes\"");
        init.folder = QStringLiteral("f");
        init.tags = {QStringLiteral("t1"), QStringLiteral("标签")};
        init.model = QStringLiteral("qwen3-4b.gguf");
        init.systemPrompt = QStringLiteral("Be terse.");
        init.settings = QJsonObject{{"temperature", 0.7}, {"top_k", 40}};
        init.pinned = true;
        id_ = store_->createConversation(init);
        const qint64 q = store_->appendMessage(id_, text(Role::User, QStringLiteral("问题一 ✓")));
        NewMessage a =
            text(Role::Assistant, QStringLiteral("Answer **one**\n\n```cpp\nint x;\n```"),
                 QStringLiteral("Let me think about 问题."));
        a.stats = {2500, 17, 33, 812.123456789, 27.5};
        a.modelFile = QStringLiteral("qwen3-4b.gguf");
        a.settings = QJsonObject{{"temperature", 0.7}};
        store_->appendMessage(id_, a);
        NewMessage stopped = text(Role::Assistant, QStringLiteral("Regenerated but stopped"));
        stopped.status = MessageStatus::Stopped;
        const qint64 regen = store_->appendMessage(id_, stopped, q);
        NewMessage failed = text(Role::Assistant, QString());
        failed.status = MessageStatus::Error;
        failed.errorMessage = QStringLiteral("Model file vanished.");
        store_->addSibling(regen, failed);
        Attachment file;
        file.fileName = QStringLiteral("数据.csv");
        file.mimeType = QStringLiteral("text/csv");
        file.size = 1024;
        file.sha256 = QStringLiteral("ab12");
        store_->addAttachment(q, file);
        store_->switchBranch(store_->siblings(regen).first());  // back to the first answer
    }

    void markdownShowsTheActiveBranch() {
        const QString md = store_->exportMarkdown(id_);
        QVERIFY(md.startsWith(QStringLiteral("# 导出 test \"quotes\"\n")));
        QVERIFY(md.contains(QStringLiteral("## User\n\n问题一 ✓")));
        QVERIFY(md.contains(QStringLiteral("## Assistant (qwen3-4b.gguf)")));
        QVERIFY(md.contains(QStringLiteral("<summary>Thought for 2.5 s</summary>")));
        QVERIFY(md.contains(QStringLiteral("Let me think about 问题.")));
        QVERIFY(md.contains(QStringLiteral("```cpp\nint x;\n```")));
        QVERIFY(md.contains(QStringLiteral("Be terse.")));
        QVERIFY(!md.contains(QStringLiteral("Regenerated but stopped")));  // other branch
        QVERIFY_THROWS_EXCEPTION(HistoryError, store_->exportMarkdown(9999));
    }

    void jsonRoundTripIsLossless() {
        const QJsonObject first = store_->exportJson(id_);
        QCOMPARE(first.value(QLatin1String("messages")).toArray().size(), 4);
        // Through text, as a file on disk would be.
        const QByteArray file = QJsonDocument(first).toJson();
        const qint64 copy = store_->importJson(QJsonDocument::fromJson(file).object());
        QVERIFY(copy != id_);
        const QJsonObject second = store_->exportJson(copy);
        QCOMPARE(second, first);
        QCOMPARE(QJsonDocument(second).toJson(), file);

        // The store's view of the copy matches too, not only the JSON.
        const Conversation a = *store_->conversation(id_), b = *store_->conversation(copy);
        QCOMPARE(b.title, a.title);
        QCOMPARE(b.createdAt, a.createdAt);
        QCOMPARE(b.updatedAt, a.updatedAt);
        QCOMPARE(b.tags, a.tags);
        QCOMPARE(b.settings, a.settings);
        const QList<Message> x = store_->activeBranch(id_), y = store_->activeBranch(copy);
        QCOMPARE(y.size(), x.size());
        for (int i = 0; i < x.size(); ++i) {
            QCOMPARE(y[i].content, x[i].content);
            QCOMPARE(y[i].reasoning, x[i].reasoning);
            QVERIFY(y[i].stats == x[i].stats);
            QCOMPARE(y[i].createdAt, x[i].createdAt);
            QCOMPARE(y[i].siblingCount, x[i].siblingCount);
        }
        QCOMPARE(store_->attachments(y[0].id).size(), 1);
        QCOMPARE(store_->attachments(y[0].id)[0].fileName, QStringLiteral("数据.csv"));
        // Imported text is searchable.
        QCOMPARE(store_->search(QStringLiteral("Regenerated")).size(), 2);
    }

    void emptyConversationRoundTrips() {
        const qint64 empty = store_->createConversation(titled(QStringLiteral("empty")));
        const QJsonObject json = store_->exportJson(empty);
        QCOMPARE(store_->exportJson(store_->importJson(json)), json);
    }

    void malformedFilesAreRefused() {
        const QJsonObject good = store_->exportJson(id_);
        QJsonObject bad = good;
        bad[QLatin1String("format")] = QStringLiteral("something.else");
        expectImportError(bad, QStringLiteral("not a Siliang conversation"));
        bad = good;
        bad[QLatin1String("version")] = 99;
        expectImportError(bad, QStringLiteral("version 99"));
        bad = good;
        bad[QLatin1String("createdAt")] = QStringLiteral("yesterday");
        expectImportError(bad, QStringLiteral("createdAt"));

        // A parent that comes after its child, a bad role, a bad status: these fail
        // after rows were inserted, so they also prove the rollback.
        QJsonArray messages = good.value(QLatin1String("messages")).toArray();
        QJsonObject m = messages[1].toObject();
        m[QLatin1String("parent")] = 4;
        messages[1] = m;
        bad = good;
        bad[QLatin1String("messages")] = messages;
        expectImportError(bad, QStringLiteral("not listed before it"));
        messages = good.value(QLatin1String("messages")).toArray();
        m = messages[2].toObject();
        m[QLatin1String("role")] = QStringLiteral("wizard");
        messages[2] = m;
        bad[QLatin1String("messages")] = messages;
        expectImportError(bad, QStringLiteral("wizard"));
        messages = good.value(QLatin1String("messages")).toArray();
        m = messages[3].toObject();
        m[QLatin1String("content")] = 42;
        messages[3] = m;
        bad[QLatin1String("messages")] = messages;
        expectImportError(bad, QStringLiteral("content"));
        bad = good;
        bad[QLatin1String("activeLeaf")] = 77;
        expectImportError(bad, QStringLiteral("77"));
        QCOMPARE(store_->integrityCheck(), QStringLiteral("ok"));
    }
};

QTEST_GUILESS_MAIN(TestHistoryExport)
#include "test_history_export.moc"
