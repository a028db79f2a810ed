// Two app instances on one database: the first owns it, the second is told the
// history is in use and gets it read-only through WAL, seeing the owner's commits.
// Neither can corrupt it, and a crashed owner does not lock the history forever.
#include <QElapsedTimer>
#include <QProcess>

#include "testutil.h"

using namespace siliang::history;
using namespace siliang::history::test;

class TestHistoryInstances : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    int counter_ = 0;

    QString newPath() { return dir_.filePath(QStringLiteral("h%1.sqlite3").arg(++counter_)); }

    static QByteArray waitForLine(QProcess& process, const QByteArray& prefix) {
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < 15000) {
            while (process.canReadLine()) {
                const QByteArray line = process.readLine().trimmed();
                if (line.startsWith(prefix)) return line;
            }
            if (!process.waitForReadyRead(1000) && process.state() == QProcess::NotRunning) break;
        }
        return {};
    }

private slots:
    void secondInstanceIsToldAndReadsOnly() {
        const QString path = newPath();
        OpenResult first = HistoryStore::open(path);
        QCOMPARE(first.outcome, OpenOutcome::Created);
        const qint64 id = first.store->createConversation(titled(QStringLiteral("shared")));

        OpenResult second = HistoryStore::open(path);
        QCOMPARE(second.outcome, OpenOutcome::InUse);
        QVERIFY(second.message.contains(path));
        QVERIFY(second.message.contains(QString::number(QCoreApplication::applicationPid())));
        QVERIFY(second.store->isReadOnly());
        QCOMPARE(second.store->conversationCount(), 1);
        try {
            second.store->appendMessage(id, text(Role::User, QStringLiteral("from second")));
            QFAIL("the second instance must not write");
        } catch (const HistoryError& e) {
            QCOMPARE(e.kind(), ErrorKind::ReadOnly);
        }
        // The owner's new commits are visible to the reader (WAL).
        first.store->appendMessage(id, text(Role::User, QStringLiteral("from first")));
        QCOMPARE(second.store->activeBranch(id).size(), 1);
        // The owner's own extra connection (its writer thread) is not "another instance".
        QVERIFY(!first.store->openConnection()->isReadOnly());

        // Once the owner closes, the next instance owns the history.
        first.store.reset();
        second.store.reset();
        OpenResult third = HistoryStore::open(path);
        QCOMPARE(third.outcome, OpenOutcome::Opened);
        QVERIFY(!third.store->isReadOnly());
    }

    void readingWhileAnotherProcessWrites() {
#ifdef Q_OS_WIN
        QSKIP("uses the POSIX helper process");
#else
        const QString path = newPath();
        QProcess writer;
        writer.start(QStringLiteral(HISTORY_TEST_WRITER),
                     {QStringLiteral("write"), path, QStringLiteral("300")});
        const QByteArray ready = waitForLine(writer, "ready ");
        QVERIFY2(!ready.isEmpty(), writer.readAllStandardError().constData());
        const qint64 id = ready.mid(6).toLongLong();

        OpenResult reader = HistoryStore::open(path);
        QCOMPARE(reader.outcome, OpenOutcome::InUse);
        QVERIFY(reader.message.contains(QString::number(writer.processId())));
        // Read continuously while the other process commits: every snapshot is a
        // consistent prefix of its work.
        int reads = 0;
        qsizetype last = 0;
        while (writer.state() != QProcess::NotRunning) {
            const QList<Message> branch = reader.store->activeBranch(id);
            QVERIFY(branch.size() >= last);
            for (int i = 0; i < branch.size(); ++i)
                QCOMPARE(branch[i].content, QStringLiteral("message %1").arg(i));
            last = branch.size();
            reader.store->listConversations();
            reader.store->search(QStringLiteral("message"));
            ++reads;
            writer.waitForFinished(5);
        }
        QCOMPARE(writer.exitStatus(), QProcess::NormalExit);
        QCOMPARE(writer.exitCode(), 0);
        QVERIFY(reads > 1);
        QCOMPARE(reader.store->activeBranch(id).size(), 300);
        reader.store.reset();

        OpenResult owner = HistoryStore::open(path);
        QCOMPARE(owner.outcome, OpenOutcome::Opened);
        QCOMPARE(owner.store->integrityCheck(), QStringLiteral("ok"));
        QCOMPARE(owner.store->activeBranch(id).size(), 300);
#endif
    }

    void helperCannotOwnWhileWeDo() {
#ifdef Q_OS_WIN
        QSKIP("uses the POSIX helper process");
#else
        const QString path = newPath();
        OpenResult owner = HistoryStore::open(path);
        QProcess other;
        other.start(QStringLiteral(HISTORY_TEST_WRITER),
                    {QStringLiteral("write"), path, QStringLiteral("5")});
        QVERIFY(other.waitForFinished(15000));
        QCOMPARE(other.exitCode(), 2);  // it was refused ownership
        QVERIFY(other.readAllStandardOutput().contains("in use"));
        QCOMPARE(owner.store->conversationCount(), 0);
#endif
    }

    void crashedOwnerDoesNotLockForever() {
#ifdef Q_OS_WIN
        QSKIP("SIGKILL is POSIX");
#else
        const QString path = newPath();
        QProcess holder;
        holder.start(QStringLiteral(HISTORY_TEST_WRITER), {QStringLiteral("hold"), path});
        QVERIFY(!waitForLine(holder, "ready").isEmpty());
        QCOMPARE(HistoryStore::open(path).outcome, OpenOutcome::InUse);
        holder.kill();
        QVERIFY(holder.waitForFinished());
        OpenResult r = HistoryStore::open(path);
        QCOMPARE(r.outcome, OpenOutcome::Opened);
        QVERIFY(!r.store->isReadOnly());
#endif
    }
};

QTEST_GUILESS_MAIN(TestHistoryInstances)
#include "test_history_instances.moc"
