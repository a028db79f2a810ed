// Disk full and I/O errors during writes, injected through a VFS: the caller gets a
// clear error, the database stays intact and consistent, and the store keeps working
// once the disk recovers.
#include "faultvfs.h"
#include "streamingwriter.h"
#include "testutil.h"

#include <sqlite3.h>

using namespace siliang::history;
using namespace siliang::history::test;

namespace {
FaultPlan failWrites(int code, qint64 afterBytes = 0) {
    FaultPlan plan;
    plan.writeError = code;
    plan.failAfterBytes = afterBytes;
    return plan;
}
}  // namespace

class TestHistoryFaults : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    int counter_ = 0;

    OpenResult openFaulty(const QString& path) {
        OpenOptions options;
        options.vfs = faultVfs();
        return HistoryStore::open(path, options);
    }
    QString newPath() { return dir_.filePath(QStringLiteral("h%1.sqlite3").arg(++counter_)); }

    // Reopens through a plain connection and checks that the file is sound.
    void expectIntact(const QString& path) {
        QCOMPARE(rawSql(path, "PRAGMA integrity_check"), QStringLiteral("ok"));
        if (rawSql(path, "PRAGMA user_version").toInt() < 2) return;  // no FTS yet
        // The external-content FTS index agrees with the table it indexes.
        QVERIFY(!rawSql(path,
                        "INSERT INTO messages_fts(messages_fts, rank) VALUES "
                        "('integrity-check', 1); SELECT 'ok'")
                     .startsWith(QLatin1String("error")));
    }

private slots:
    void cleanup() { clearFaults(); }

    void diskFullReachesTheCallerAndLosesNothing() {
        const QString path = newPath();
        OpenResult r = openFaulty(path);
        HistoryStore& store = *r.store;
        const qint64 id = store.createConversation(titled(QStringLiteral("kept")));
        const qint64 kept =
            store.appendMessage(id, text(Role::User, QStringLiteral("saved before")));

        setFaults(failWrites(SQLITE_FULL));
        try {
            store.appendMessage(id, text(Role::Assistant, QStringLiteral("x").repeated(100000)));
            QFAIL("the write should have failed");
        } catch (const HistoryError& e) {
            QCOMPARE(e.kind(), ErrorKind::DiskFull);
            QVERIFY(e.message().contains(path));
            QVERIFY(e.message().contains(QLatin1String("full")));
        }
        QVERIFY(failedWrites() > 0);
        // Reads still work while the disk is full.
        QCOMPARE(store.activeBranch(id).size(), 1);
        clearFaults();
        // The failed message left no trace; the conversation still ends where it did.
        QCOMPARE(store.conversation(id)->activeLeafId, kept);
        store.appendMessage(id, text(Role::Assistant, QStringLiteral("after space was freed")));
        QCOMPARE(store.activeBranch(id).size(), 2);
        r.store.reset();
        expectIntact(path);
    }

    void ioErrorPartWayThroughATransaction() {
        const QString path = newPath();
        OpenResult r = openFaulty(path);
        const qint64 id = r.store->createConversation({});
        r.store->appendMessage(id, text(Role::User, QStringLiteral("q")));
        // Some pages reach the WAL, then the device fails.
        setFaults(failWrites(SQLITE_IOERR_WRITE, 3 * 4096));
        try {
            r.store->importJson(r.store->exportJson(id));  // fine, small
            NewMessage big = text(Role::Assistant, QStringLiteral("长文本").repeated(50000));
            r.store->appendMessage(id, big);
            QFAIL("the write should have failed");
        } catch (const HistoryError& e) {
            QCOMPARE(e.kind(), ErrorKind::IoError);
            QVERIFY(e.message().contains(path));
        }
        clearFaults();
        r.store.reset();
        expectIntact(path);
        OpenResult again = HistoryStore::open(path);
        QCOMPARE(again.outcome, OpenOutcome::Opened);
        QCOMPARE(again.store->activeBranch(id).size(), 1);
    }

    void fsyncFailureAtCommit() {
        const QString path = newPath();
        OpenResult r = openFaulty(path);
        const qint64 id = r.store->createConversation({});
        FaultPlan plan;
        plan.failSync = true;
        setFaults(plan);
        try {
            r.store->appendMessage(id, text(Role::User, QStringLiteral("not durable")));
            QFAIL("the commit should have failed");
        } catch (const HistoryError& e) {
            QCOMPARE(e.kind(), ErrorKind::IoError);
        }
        clearFaults();
        r.store.reset();
        expectIntact(path);
        // A commit whose fsync failed is reported as failed; whether the row made it
        // is up to the OS, but it is whole if it did.
        OpenResult again = HistoryStore::open(path);
        for (const Message& m : again.store->activeBranch(id))
            QCOMPARE(m.content, QStringLiteral("not durable"));
    }

    void streamingWriterKeepsTextUntilTheDiskRecovers() {
        const QString path = newPath();
        OpenResult r = openFaulty(path);
        const qint64 id = r.store->createConversation({});
        StreamingMessageWriter writer(*r.store, id, {}, -1, 0);  // flush on every delta
        QVERIFY(writer.appendContent(QStringLiteral("one ")));
        setFaults(failWrites(SQLITE_FULL));
        QVERIFY(!writer.appendContent(QStringLiteral("two ")));
        QVERIFY(writer.lastError().has_value());
        QCOMPARE(writer.lastError()->kind(), ErrorKind::DiskFull);
        QVERIFY(!writer.appendContent(QStringLiteral("three ")));
        QVERIFY(writer.hasPendingText());
        QVERIFY_THROWS_EXCEPTION(HistoryError, writer.finish(MessageStatus::Complete, {}));
        clearFaults();
        writer.finish(MessageStatus::Complete, {});
        const Message m = *r.store->message(writer.messageId());
        QCOMPARE(m.content, QStringLiteral("one two three "));
        QCOMPARE(m.status, MessageStatus::Complete);
        r.store.reset();
        expectIntact(path);
    }

    void failedUpgradeLeavesTheOldVersion() {
        const QString path = newPath();
        const QString fixture =
            QString::fromUtf8(readFile(QStringLiteral(SILIANG_TESTS_DIR "/data/schema_v1.sql")));
        QCOMPARE(rawSql(path, fixture + QStringLiteral("SELECT 'ok'")), QStringLiteral("ok"));
        setFaults(failWrites(SQLITE_FULL, 4096));
        OpenResult r = openFaulty(path);
        clearFaults();
        QCOMPARE(r.outcome, OpenOutcome::Unavailable);
        QVERIFY2(r.message.contains(QLatin1String("full")) && r.message.contains(path),
                 qPrintable(r.message));
        r.store.reset();
        QCOMPARE(rawSql(path, "PRAGMA user_version"), QStringLiteral("1"));
        expectIntact(path);
        QCOMPARE(HistoryStore::open(path).previousVersion, 1);
        QCOMPARE(rawSql(path, "PRAGMA user_version"), QStringLiteral("3"));
    }

    void faultAtEveryPointOfAWorkload() {
        // Fail the n-th kilobyte of a workload for many n: whatever failed, the
        // file is intact and every message in it is whole.
        for (qint64 budget = 0; budget < 160 * 1024; budget += 9 * 1024) {
            const QString path = newPath();
            {
                OpenResult r = openFaulty(path);
                const qint64 id = r.store->createConversation({});
                setFaults(failWrites(budget % 2 ? SQLITE_IOERR_WRITE : SQLITE_FULL, budget));
                for (int i = 0; i < 12; ++i) {
                    try {
                        r.store->appendMessage(
                            id, text(Role::User, QStringLiteral("m%1:").arg(i).repeated(3000)));
                    } catch (const HistoryError& e) {
                        QVERIFY(e.kind() == ErrorKind::DiskFull || e.kind() == ErrorKind::IoError);
                    }
                }
                clearFaults();
            }
            expectIntact(path);
            OpenResult r = HistoryStore::open(path);
            for (const Message& m : r.store->activeBranch(1)) {
                const QString head = m.content.left(m.content.indexOf(QLatin1Char(':')) + 1);
                QCOMPARE(m.content, head.repeated(3000));
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestHistoryFaults)
#include "test_history_faults.moc"
