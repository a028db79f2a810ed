// Schema creation, connection settings and migrations from every earlier version.
#include <QThread>

#include "testutil.h"

using namespace siliang::history;
using namespace siliang::history::test;

class TestHistorySchema : public QObject {
    Q_OBJECT

    QString schemaOf(const QString& path) {
        // Every schema object, in a stable order: two databases with equal text
        // here have the same tables, indexes, triggers and FTS configuration.
        return rawSql(path,
                      "SELECT group_concat(type || ' ' || name || ': ' || ifnull(sql, ''), "
                      "char(10)) FROM (SELECT * FROM sqlite_master ORDER BY name)");
    }

    // Builds a database from a committed fixture as an older Siliang left it.
    QString fromFixture(const QTemporaryDir& dir, const QString& fixture) {
        const QString path = dir.filePath(QStringLiteral("history.sqlite3"));
        const QString sqlText =
            QString::fromUtf8(readFile(QStringLiteral(SILIANG_TESTS_DIR "/data/") + fixture));
        if (sqlText.isEmpty() || rawSql(path, sqlText).startsWith(QLatin1String("error")))
            return {};
        return path;
    }

    // What every upgraded fixture must contain afterwards.
    void checkFixtureContent(HistoryStore& store) {
        QCOMPARE(store.conversationCount(), 2);
        const Conversation c = *store.conversation(1);
        QCOMPARE(c.title, QStringLiteral("旧对话 about trains"));
        QCOMPARE(c.tags, QStringList({QStringLiteral("trip"), QStringLiteral("北京")}));
        QCOMPARE(c.settings.value(QLatin1String("temperature")).toDouble(), 0.7);
        QVERIFY(c.pinned);
        QVERIFY(!c.deletedAt);
        const QList<Message> branch = store.activeBranch(1);
        QCOMPARE(branch.size(), 4);
        QCOMPARE(branch[1].content, QStringLiteral("好的，明天去北京天安门。"));
        QCOMPARE(branch[1].stats.generationTokensPerSecond, 31.25);
        QCOMPARE(branch[1].siblingCount, 2);
        // The stream that was cut off under the old version is now "interrupted".
        QCOMPARE(branch[3].status, MessageStatus::Interrupted);
        // v2: old rows are searchable, Chinese included, and the interrupted one.
        QCOMPARE(store.search(QStringLiteral("天安门")).size(), 1);
        QCOMPARE(store.search(QStringLiteral("locomotive")).value(0).field,
                 SearchHit::Field::Reasoning);
        QCOMPARE(store.search(QStringLiteral("timetable says")).size(), 1);
        QCOMPARE(store.search(QStringLiteral("trains")).value(0).field, SearchHit::Field::Title);
        // v3: attachments and undoable delete work on old rows.
        Attachment a;
        a.fileName = QStringLiteral("map.pdf");
        store.addAttachment(1, a);
        QCOMPARE(store.attachments(1).size(), 1);
        store.deleteConversation(2);
        QCOMPARE(store.conversationCount(), 1);
        store.restoreConversation(2);
        QCOMPARE(store.integrityCheck(), QStringLiteral("ok"));
    }

private slots:
    void freshDatabaseIsCurrentAndInWalMode() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("sub/history.sqlite3"));
        OpenResult r = HistoryStore::open(path);
        QCOMPARE(r.outcome, OpenOutcome::Created);
        QVERIFY(r.message.isEmpty());
        QVERIFY(!r.store->isReadOnly());
        QCOMPARE(r.store->path(), path);
        r.store->createConversation({});
        QCOMPARE(rawSql(path, "PRAGMA user_version"), QStringLiteral("3"));
        QCOMPARE(rawSql(path, "PRAGMA journal_mode"), QStringLiteral("wal"));
        r.store.reset();
        QCOMPARE(HistoryStore::open(path).outcome, OpenOutcome::Opened);
    }

    void foreignKeysAreEnforced() {
        QTemporaryDir dir;
        OpenResult r = HistoryStore::open(dir.filePath(QStringLiteral("h.sqlite3")));
        HistoryStore& store = *r.store;
        const qint64 id = store.createConversation({});
        const qint64 m = store.appendMessage(id, text(Role::User, QStringLiteral("hi")));
        Attachment a;
        a.fileName = QStringLiteral("a.txt");
        store.addAttachment(m, a);
        store.deleteConversation(id);
        QCOMPARE(store.purgeDeleted(QDateTime::currentDateTimeUtc().addSecs(1)), 1);
        // Cascades ran: only possible with PRAGMA foreign_keys on.
        QVERIFY(!store.message(m));
        QVERIFY(store.attachments(m).isEmpty());
        QCOMPARE(rawSql(store.path(), "SELECT count(*) FROM messages_fts"), QStringLiteral("0"));
    }

    void busyTimeoutWaitsForAnotherWriter() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("h.sqlite3"));
        OpenResult r = HistoryStore::open(path);
        const qint64 id = r.store->createConversation({});
        // Another connection holds the write lock for 300 ms.
        sqlite3* other = nullptr;
        QCOMPARE(sqlite3_open(path.toUtf8().constData(), &other), SQLITE_OK);
        QCOMPARE(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
        QThread* releaser = QThread::create([other] {
            QThread::msleep(300);
            sqlite3_exec(other, "COMMIT", nullptr, nullptr, nullptr);
        });
        releaser->start();
        r.store->appendMessage(id, text(Role::User, QStringLiteral("waited")));  // must not throw
        releaser->wait();
        delete releaser;
        QCOMPARE(r.store->activeBranch(id).size(), 1);

        // With a short timeout the lock outlasts it: a clear "busy" error, not a crash.
        r.store.reset();
        OpenOptions quick;
        quick.busyTimeoutMs = 50;
        OpenResult q = HistoryStore::open(path, quick);
        QCOMPARE(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
        try {
            q.store->appendMessage(id, text(Role::User, QStringLiteral("blocked")));
            QFAIL("expected a busy error");
        } catch (const HistoryError& e) {
            QCOMPARE(e.kind(), ErrorKind::Busy);
            QVERIFY(e.message().contains(path));
        }
        sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
        sqlite3_close(other);
    }

    void migratesFromVersion1() {
        QTemporaryDir dir;
        const QString path = fromFixture(dir, QStringLiteral("schema_v1.sql"));
        QVERIFY(!path.isEmpty());
        OpenResult r = HistoryStore::open(path);
        QCOMPARE(r.outcome, OpenOutcome::Opened);
        QCOMPARE(r.previousVersion, 1);
        QCOMPARE(r.interruptedMessages, 1);
        checkFixtureContent(*r.store);
    }

    void migratesFromVersion2() {
        QTemporaryDir dir;
        const QString path = fromFixture(dir, QStringLiteral("schema_v2.sql"));
        QVERIFY(!path.isEmpty());
        OpenResult r = HistoryStore::open(path);
        QCOMPARE(r.outcome, OpenOutcome::Opened);
        QCOMPARE(r.previousVersion, 2);
        checkFixtureContent(*r.store);
    }

    void upgradedSchemaEqualsFreshSchema() {
        QTemporaryDir dir;
        const QString fresh = dir.filePath(QStringLiteral("fresh.sqlite3"));
        HistoryStore::open(fresh);
        for (const char* fixture : {"schema_v1.sql", "schema_v2.sql"}) {
            QTemporaryDir sub;
            const QString path = fromFixture(sub, QLatin1String(fixture));
            HistoryStore::open(path);
            QCOMPARE(schemaOf(path), schemaOf(fresh));
        }
    }
};

QTEST_GUILESS_MAIN(TestHistorySchema)
#include "test_history_schema.moc"
