// Helper process for the crash and two-instance tests. It opens the history the
// way the app does and then, depending on the mode:
//   stream <db>     writes a streamed answer forever, printing "flushed <n>" each time
//                   the first n tokens are committed (the test SIGKILLs it);
//   write <db> <n>  appends n messages, one transaction each, then exits 0;
//   hold <db>       keeps the history open until killed.
// Exit code 2: the store did not open as the owner.
#include <QCoreApplication>
#include <QThread>
#include <cstdio>

#include "historystore.h"
#include "streamingwriter.h"

using namespace siliang::history;

namespace {

void say(const QByteArray& line) {
    std::fputs(line.constData(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

NewMessage text(Role role, const QString& content) {
    NewMessage m;
    m.role = role;
    m.content = content;
    return m;
}

NewConversation titled(const QString& title) {
    NewConversation c;
    c.title = title;
    return c;
}

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 3) return 64;
    const QString mode = args[1];
    OpenResult opened = HistoryStore::open(args[2]);
    if (opened.outcome != OpenOutcome::Opened && opened.outcome != OpenOutcome::Created) {
        say("open failed: " + opened.message.toUtf8());
        return 2;
    }
    HistoryStore& store = *opened.store;
    try {
        if (mode == QLatin1String("stream")) {
            const qint64 id = store.createConversation(titled(QStringLiteral("crash test")));
            store.appendMessage(id, text(Role::User, QStringLiteral("first question")));
            store.appendMessage(id, text(Role::Assistant, QStringLiteral("first answer")));
            store.appendMessage(id, text(Role::User, QStringLiteral("second question")));
            StreamingMessageWriter writer(store, id, {}, -1, 50);
            say("ready " + QByteArray::number(id));
            int flushes = 0;
            for (int i = 0; i < 200000; ++i) {
                writer.appendContent(QStringLiteral("tok%1 ").arg(i, 5, 10, QLatin1Char('0')));
                if (writer.flushCount() != flushes) {
                    flushes = writer.flushCount();
                    say("flushed " + QByteArray::number(i + 1));
                }
                QThread::usleep(500);
            }
            return 3;  // the test should have killed us long before
        }
        if (mode == QLatin1String("write") && args.size() == 4) {
            const qint64 id = store.createConversation(titled(QStringLiteral("writer")));
            say("ready " + QByteArray::number(id));
            const int count = args[3].toInt();
            for (int i = 0; i < count; ++i)
                store.appendMessage(id, text(i % 2 ? Role::Assistant : Role::User,
                                             QStringLiteral("message %1").arg(i)));
            say("done");
            return 0;
        }
        if (mode == QLatin1String("hold")) {
            say("ready");
            QThread::sleep(60);
            return 3;
        }
    } catch (const HistoryError& error) {
        say("error: " + error.message().toUtf8());
        return 1;
    }
    return 64;
}
