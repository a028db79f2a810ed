// Unusable database files: the app always gets a working store and a clear
// message, and the bad file is moved aside, never deleted.
#include <QDir>
#include <QJsonArray>
#include <QRandomGenerator>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

#include "faultvfs.h"
#include "testutil.h"

using namespace siliang::history;
using namespace siliang::history::test;

class TestHistoryBadFiles : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    int counter_ = 0;

    QString newPath() { return dir_.filePath(QStringLiteral("h%1.sqlite3").arg(++counter_)); }

    // A real history with one 200-message conversation, closed cleanly (WAL
    // checkpointed). Imported: one transaction instead of 200 fsyncs.
    QString populated() {
        const QString path = newPath();
        OpenResult r = HistoryStore::open(path);
        const qint64 id = r.store->createConversation(titled(QStringLiteral("precious")));
        QJsonObject json = r.store->exportJson(id);
        QJsonArray messages;
        const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
        for (int i = 1; i <= 200; ++i)
            messages.append(
                QJsonObject{{"id", i},
                            {"parent", i > 1 ? QJsonValue(i - 1) : QJsonValue()},
                            {"role", i % 2 ? "user" : "assistant"},
                            {"content", QStringLiteral("message %1 ").arg(i).repeated(20)},
                            {"createdAt", now},
                            {"status", "complete"}});
        json[QLatin1String("messages")] = messages;
        json[QLatin1String("activeLeaf")] = 200;
        r.store->importJson(json);
        r.store->deleteConversation(id);
        r.store->purgeDeleted(QDateTime::currentDateTimeUtc().addSecs(1));
        return path;
    }

    // Pages holding message rows, found through SQLite's dbstat table.
    static QList<int> messagePages(const QString& path) {
        QList<int> pages;
        for (const QString& n : rawSql(path,
                                       "SELECT group_concat(pageno) FROM dbstat WHERE "
                                       "name = 'messages' AND pagetype = 'leaf'")
                                    .split(QLatin1Char(',')))
            pages << n.toInt();
        return pages;
    }

    static void overwrite(const QString& path, qint64 offset, const QByteArray& bytes) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadWrite));
        file.seek(offset);
        file.write(bytes);
    }

    // Opening must recover: the old bytes kept under the reported name, a fresh
    // working store, and a message naming the file and the problem.
    void expectRecovered(const QString& path, const QByteArray& oldBytes, const QString& reason) {
        OpenResult r = HistoryStore::open(path);
        QCOMPARE(r.outcome, OpenOutcome::Recovered);
        QVERIFY2(r.message.contains(path) && r.message.contains(reason) &&
                     r.message.contains(r.movedAsidePath),
                 qPrintable(r.message));
        QVERIFY(r.movedAsidePath.startsWith(path + QStringLiteral(".unusable-")));
        QCOMPARE(readFile(r.movedAsidePath), oldBytes);
        QVERIFY(!r.store->isReadOnly());
        QCOMPARE(r.store->conversationCount(), 0);
        const qint64 id = r.store->createConversation(titled(QStringLiteral("new life")));
        r.store->appendMessage(id, text(Role::User, QStringLiteral("works")));
        r.store.reset();
        QCOMPARE(HistoryStore::open(path).outcome, OpenOutcome::Opened);
    }

private slots:
    void textFile() {
        const QString path = newPath();
        const QByteArray bytes = "These are my notes, not a database.\n";
        QVERIFY(writeFile(path, bytes));
        expectRecovered(path, bytes, QStringLiteral("not a SQLite database"));
    }

    void randomBytes() {
        const QString path = newPath();
        QByteArray bytes(16384, Qt::Uninitialized);
        QRandomGenerator rng(1234);
        for (char& c : bytes) c = char(rng.bounded(256));
        QVERIFY(writeFile(path, bytes));
        expectRecovered(path, bytes, QStringLiteral("not a SQLite database"));
    }

    void corruptHeaderBytes() {
        const QString path = populated();
        overwrite(path, 0, QByteArray(16, 'X'));
        expectRecovered(path, readFile(path), QStringLiteral("not a SQLite database"));
    }

    void corruptSchemaPage() {
        // The header is intact but the schema b-tree on page 1 is garbage.
        const QString path = populated();
        overwrite(path, 100, QByteArray(3000, char(0xA5)));
        expectRecovered(path, readFile(path), QStringLiteral("damaged"));
    }

    void corruptDataPagesAreReportedNotFatal() {
        const QString path = populated();
        const QList<int> pages = messagePages(path);
        QVERIFY(pages.size() >= 8);
        for (const int page : pages)
            overwrite(path, qint64(page - 1) * 4096, QByteArray(4096, char(0x5A)));
        {
            // Without the (slow) full check the file opens; reading the damaged part
            // raises a Corrupt error with a message, not a crash.
            OpenResult r = HistoryStore::open(path);
            QCOMPARE(r.outcome, OpenOutcome::Opened);
            bool reported = false;
            try {
                for (const Conversation& c : r.store->listConversations())
                    r.store->activeBranch(c.id);
                r.store->search(QStringLiteral("message"));
            } catch (const HistoryError& e) {
                reported = e.kind() == ErrorKind::Corrupt && e.message().contains(path);
            }
            QVERIFY(reported);
            QVERIFY(r.store->integrityCheck() != QStringLiteral("ok"));
        }
        OpenOptions check;
        check.quickCheck = true;
        const QByteArray bytes = readFile(path);
        OpenResult r = HistoryStore::open(path, check);
        QCOMPARE(r.outcome, OpenOutcome::Recovered);
        QCOMPARE(readFile(r.movedAsidePath), bytes);
    }

    void newerSchemaVersion() {
        const QString path = populated();
        QCOMPARE(rawSql(path, "PRAGMA user_version = 42; PRAGMA user_version"),
                 QStringLiteral("42"));
        OpenResult r = HistoryStore::open(path);
        QCOMPARE(r.outcome, OpenOutcome::Recovered);
        QCOMPARE(r.previousVersion, 42);
        QVERIFY(r.message.contains(QStringLiteral("newer version of Siliang")));
        // Untouched: a newer Siliang can still open what was moved aside.
        QCOMPARE(rawSql(r.movedAsidePath, "PRAGMA user_version"), QStringLiteral("42"));
        QCOMPARE(rawSql(r.movedAsidePath, "SELECT count(*) FROM messages"), QStringLiteral("200"));
    }

    void someOtherSqliteDatabase() {
        const QString path = newPath();
        QCOMPARE(rawSql(path, "CREATE TABLE photos(x); SELECT 'ok'"), QStringLiteral("ok"));
        expectRecovered(path, readFile(path), QStringLiteral("not a Siliang history"));
    }

    void emptyFileIsANewDatabase() {
        const QString path = newPath();
        QVERIFY(writeFile(path, {}));
        QCOMPARE(HistoryStore::open(path).outcome, OpenOutcome::Created);
    }

    void readOnlyFileOpensReadOnly() {
        // The VFS opens the database file read-only, as the OS does for a file
        // without write permission (chmod does not stop root, which runs CI).
        const QString path = populated();
        setFaults(
            {.writeError = 0, .failAfterBytes = 0, .failSync = false, .readOnlyMainDb = true});
        OpenOptions options;
        options.vfs = faultVfs();
        OpenResult r = HistoryStore::open(path, options);
        clearFaults();
        QCOMPARE(r.outcome, OpenOutcome::ReadOnly);
        QVERIFY(r.message.contains(path) && r.message.contains(QLatin1String("read-only")));
        QVERIFY(r.store->isReadOnly());
        QCOMPARE(r.store->conversationCount(), 1);
        QCOMPARE(r.store->activeBranch(r.store->listConversations()[0].id).size(), 200);
        try {
            r.store->createConversation({});
            QFAIL("writing must fail");
        } catch (const HistoryError& e) {
            QCOMPARE(e.kind(), ErrorKind::ReadOnly);
            QVERIFY(e.message().contains(path));
        }
        QCOMPARE(r.store->openConnection()->isReadOnly(), true);
    }

    void readOnlyFolderWithPermissions() {
#ifdef Q_OS_UNIX
        if (::geteuid() == 0) QSKIP("root ignores file permissions; covered through the VFS");
#else
        QSKIP("POSIX permissions; covered through the VFS");
#endif
        const QString folder = dir_.filePath(QStringLiteral("locked"));
        QDir().mkpath(folder);
        const QString path = folder + QStringLiteral("/h.sqlite3");
        HistoryStore::open(path).store->createConversation({});
        QFile::setPermissions(folder, QFile::ReadOwner | QFile::ExeOwner);
        QFile::setPermissions(path, QFile::ReadOwner);
        OpenResult r = HistoryStore::open(path);
        QFile::setPermissions(folder, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        QVERIFY2(r.outcome == OpenOutcome::ReadOnly, qPrintable(r.message));
        QCOMPARE(r.store->conversationCount(), 1);
    }

    void noUsableLocationFallsBackToMemory() {
        // The "folder" is a file: nothing can be created there.
        const QString blocker = dir_.filePath(QStringLiteral("blocker"));
        QVERIFY(writeFile(blocker, "x"));
        OpenResult r = HistoryStore::open(blocker + QStringLiteral("/h.sqlite3"));
        QCOMPARE(r.outcome, OpenOutcome::Unavailable);
        QVERIFY(r.message.contains(blocker));
        QVERIFY(r.message.contains(QLatin1String("will not be saved")));
        // The app keeps working for this session, on every connection.
        const qint64 id = r.store->createConversation(titled(QStringLiteral("in memory")));
        r.store->appendMessage(id, text(Role::User, QStringLiteral("hello")));
        QCOMPARE(r.store->openConnection()->activeBranch(id).size(), 1);
        QCOMPARE(readFile(blocker), QByteArray("x"));
    }
};

QTEST_GUILESS_MAIN(TestHistoryBadFiles)
#include "test_history_badfiles.moc"
