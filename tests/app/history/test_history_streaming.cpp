// Streaming answers: batching (at most one flush interval of text at risk), final
// statuses, and a writer process killed with SIGKILL mid-stream.
#include <QElapsedTimer>
#include <QProcess>
#include <QThread>
#include <atomic>

#include "streamingwriter.h"
#include "testutil.h"

using namespace siliang::history;
using namespace siliang::history::test;

class TestHistoryStreaming : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    int counter_ = 0;

    OpenResult fresh() {
        return HistoryStore::open(dir_.filePath(QStringLiteral("h%1.sqlite3").arg(++counter_)));
    }

    static QString token(int i) { return QStringLiteral("tok%1 ").arg(i, 5, 10, QLatin1Char('0')); }

private slots:
    void textIsCommittedWithinTheFlushInterval() {
        OpenResult r = fresh();
        const qint64 id = r.store->createConversation({});
        r.store->appendMessage(id, text(Role::User, QStringLiteral("go")));
        // The GUI reads through its own connection while the writer streams.
        std::unique_ptr<HistoryStore> reader = r.store->openConnection();
        constexpr int kInterval = 100;
        StreamingMessageWriter writer(*r.store, id, {}, -1, kInterval);
        QCOMPARE(reader->message(writer.messageId())->status, MessageStatus::Streaming);
        QCOMPARE(r.store->conversation(id)->activeLeafId, writer.messageId());

        QElapsedTimer clock;
        clock.start();
        QList<qint64> appendedAt;
        QString all;
        for (int i = 0; clock.elapsed() < 700; ++i) {
            writer.appendContent(token(i));
            appendedAt << clock.elapsed();
            all += token(i);
            // Measured from the last append, before the (possibly slow) read below:
            // the writer decided not to flush at that moment.
            const qint64 now = appendedAt.back();
            const QString committed = reader->message(writer.messageId())->content;
            QVERIFY(all.startsWith(committed));
            // Every token older than the interval (plus timer slack) is on disk.
            const qsizetype tokensCommitted = committed.size() / token(0).size();
            for (qsizetype j = tokensCommitted; j < appendedAt.size(); ++j)
                QVERIFY2(now - appendedAt[j] <= kInterval + 20,
                         qPrintable(QStringLiteral("token %1 uncommitted for %2 ms")
                                        .arg(j)
                                        .arg(now - appendedAt[j])));
            QThread::msleep(3);
        }
        // Batched: a handful of transactions, not one per token.
        QVERIFY2(writer.flushCount() >= 2 && writer.flushCount() <= 10,
                 qPrintable(QString::number(writer.flushCount())));
        QVERIFY(appendedAt.size() > 3 * writer.flushCount());
        QVERIFY(writer.hasPendingText() || reader->message(writer.messageId())->content == all);

        writer.appendReasoning(QStringLiteral("thinking"));
        const MessageStats stats{1200, 10, int(appendedAt.size()), 500.0, 40.0};
        writer.finish(MessageStatus::Complete, stats);
        const Message done = *reader->message(writer.messageId());
        QCOMPARE(done.content, all);
        QCOMPARE(done.reasoning, QStringLiteral("thinking"));
        QCOMPARE(done.status, MessageStatus::Complete);
        QVERIFY(done.stats == stats);
    }

    void writerThreadAndGuiThreadShareTheDatabase() {
        // As in the app: the GUI thread reads with its connection while a worker
        // thread streams through another one.
        OpenResult r = fresh();
        const qint64 id = r.store->createConversation({});
        r.store->appendMessage(id, text(Role::User, QStringLiteral("go")));
        std::unique_ptr<HistoryStore> writerConnection = r.store->openConnection();
        std::atomic<qint64> messageId{0};
        std::atomic<bool> done{false};
        QString error;
        QThread* worker = QThread::create([&] {
            try {
                StreamingMessageWriter writer(*writerConnection, id, {}, -1, 10);
                messageId = writer.messageId();
                for (int i = 0; i < 300; ++i) {
                    writer.appendContent(token(i));
                    QThread::usleep(300);
                }
                writer.finish(MessageStatus::Complete, {});
            } catch (const HistoryError& e) {
                error = e.message();
            }
            done = true;
        });
        worker->start();
        // No QVERIFY in the loop: a failure would return while the worker runs.
        int reads = 0, partialBatches = 0;
        while (!done) {
            for (const Message& m : r.store->activeBranch(id))
                if (m.id == messageId && m.content.size() % token(0).size() != 0)
                    ++partialBatches;  // a token cut in half would be a torn write
            r.store->listConversations();
            ++reads;
        }
        worker->wait();
        delete worker;
        QCOMPARE(partialBatches, 0);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(reads > 0);
        const Message m = *r.store->message(messageId);
        QCOMPARE(m.status, MessageStatus::Complete);
        QCOMPARE(m.content.size(), 300 * token(0).size());
    }

    void stopAndErrorAreRecorded() {
        OpenResult r = fresh();
        const qint64 id = r.store->createConversation({});
        qint64 stoppedId = 0;
        {
            StreamingMessageWriter writer(*r.store, id, {});
            writer.appendContent(QStringLiteral("partial"));
            writer.finish(MessageStatus::Stopped, {});
            stoppedId = writer.messageId();
        }
        QCOMPARE(r.store->message(stoppedId)->status, MessageStatus::Stopped);
        QCOMPARE(r.store->message(stoppedId)->content, QStringLiteral("partial"));

        StreamingMessageWriter failed(*r.store, id, {}, r.store->message(stoppedId)->parentId);
        failed.finish(MessageStatus::Error, {}, QStringLiteral("CUDA out of memory"));
        const Message m = *r.store->message(failed.messageId());
        QCOMPARE(m.status, MessageStatus::Error);
        QCOMPARE(m.errorMessage, QStringLiteral("CUDA out of memory"));
        QCOMPARE(r.store->siblings(stoppedId).size(), 2);
    }

    void abandonedWriterIsInterruptedAtNextOpen() {
        OpenResult r = fresh();
        const QString path = r.store->path();
        const qint64 id = r.store->createConversation({});
        qint64 mid = 0;
        {
            StreamingMessageWriter writer(*r.store, id, {}, -1, 60000);
            writer.appendContent(QStringLiteral("saved by the destructor"));
            mid = writer.messageId();
        }
        QCOMPARE(r.store->message(mid)->content, QStringLiteral("saved by the destructor"));
        QCOMPARE(r.store->message(mid)->status, MessageStatus::Streaming);
        r.store.reset();
        OpenResult again = HistoryStore::open(path);
        QCOMPARE(again.interruptedMessages, 1);
        QCOMPARE(again.store->message(mid)->status, MessageStatus::Interrupted);
    }

    void sigkillMidStreamLosesOnlyTheLastBatch() {
#ifdef Q_OS_WIN
        QSKIP("SIGKILL is POSIX");
#else
        const QString path = dir_.filePath(QStringLiteral("crash.sqlite3"));
        QProcess writer;
        writer.start(QStringLiteral(HISTORY_TEST_WRITER), {QStringLiteral("stream"), path});
        QVERIFY(writer.waitForStarted());
        int committedTokens = 0, flushes = 0;
        QElapsedTimer clock;
        clock.start();
        while (flushes < 6 && clock.elapsed() < 15000) {
            if (!writer.canReadLine() && !writer.waitForReadyRead(2000)) break;
            while (writer.canReadLine()) {
                const QByteArray line = writer.readLine().trimmed();
                if (line.startsWith("flushed ")) {
                    committedTokens = line.mid(8).toInt();
                    ++flushes;
                }
            }
        }
        QVERIFY2(flushes >= 6, "the writer did not report its flushes");
        writer.kill();  // SIGKILL: no destructor, no flush, no clean close
        QVERIFY(writer.waitForFinished());
        QCOMPARE(writer.exitStatus(), QProcess::CrashExit);

        OpenResult r = HistoryStore::open(path);
        QCOMPARE(r.outcome, OpenOutcome::Opened);  // the dead owner's lock is stale
        QCOMPARE(r.interruptedMessages, 1);
        QCOMPARE(r.store->integrityCheck(), QStringLiteral("ok"));
        const QList<Conversation> list = r.store->listConversations();
        QCOMPARE(list.size(), 1);
        const QList<Message> branch = r.store->activeBranch(list[0].id);
        QCOMPARE(branch.size(), 4);
        QCOMPARE(branch[0].content, QStringLiteral("first question"));
        QCOMPARE(branch[1].content, QStringLiteral("first answer"));
        QCOMPARE(branch[1].status, MessageStatus::Complete);
        QCOMPARE(branch[2].content, QStringLiteral("second question"));
        const Message& cut = branch[3];
        QCOMPARE(cut.status, MessageStatus::Interrupted);
        // Exactly a prefix of the stream, holding at least every reported token.
        const int saved = int(cut.content.size() / token(0).size());
        QCOMPARE(cut.content.size(), saved * token(0).size());
        QVERIFY2(saved >= committedTokens,
                 qPrintable(QStringLiteral("%1 < %2").arg(saved).arg(committedTokens)));
        for (int i = 0; i < saved; ++i)
            QCOMPARE(cut.content.mid(i * token(0).size(), token(0).size()), token(i));
        // The interrupted text became searchable when it got its final status.
        QCOMPARE(r.store->search(token(0).trimmed()).size(), 1);
#endif
    }
};

QTEST_GUILESS_MAIN(TestHistoryStreaming)
#include "test_history_streaming.moc"
