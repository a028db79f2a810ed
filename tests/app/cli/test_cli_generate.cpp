// siliang-cli run / chat on a real model (Gemma 3 270M Q4_K_M from PyPI, fetched by
// installer/setup-deps.sh): deterministic output, JSON events, KV cache reuse
// between chat turns, and Ctrl-C stopping an answer without ending the chat.
#include <signal.h>

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QtTest>

#include "test_models.h"

namespace {

QString gemma_path() {
    return QString::fromStdString(siliang::testing::gemma3_test_model().string());
}

struct Run {
    int exit_code = -1;
    QByteArray out, err;
};

Run run_cli(const QStringList& args, const QByteArray& input = {}) {
    QProcess process;
    process.start(QStringLiteral(SILIANG_CLI), args);
    process.waitForStarted();
    process.write(input);
    process.closeWriteChannel();
    process.waitForFinished(300000);
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            process.readAllStandardOutput(), process.readAllStandardError()};
}

}  // namespace

class TestCliGenerate : public QObject {
    Q_OBJECT

    QString model_;

private slots:
    void initTestCase() {
        model_ = gemma_path();
        if (model_.isEmpty())
            QSKIP("Gemma 3 270M not found: run installer/setup-deps.sh or set SILIANG_GEMMA3_GGUF");
    }

    void greedy_is_deterministic_and_json_matches_text() {
        const QStringList args = {"run", "-m", model_,   "-p", "The capital of France is",
                                  "-n",  "8",  "--temp", "0"};
        Run a = run_cli(args);
        Run b = run_cli(args);
        QCOMPARE(a.exit_code, 0);
        QCOMPARE(a.out, b.out);
        QVERIFY(a.err.contains("generated 8 tokens"));
        QVERIFY(a.err.contains("stop: max_tokens"));

        Run json = run_cli(args + QStringList{"--json"});
        QCOMPARE(json.exit_code, 0);
        QByteArray text;
        int events = 0;
        QJsonObject stats;
        for (const QByteArray& line : json.out.split('\n')) {
            if (line.isEmpty()) continue;
            QJsonObject object = QJsonDocument::fromJson(line).object();
            if (object.contains("stats")) {
                stats = object["stats"].toObject();
                continue;
            }
            QCOMPARE(object["kind"].toString(), QString("answer"));
            QVERIFY(object["token"].toInt() >= 0);
            text += object["text"].toString().toUtf8();
            ++events;
        }
        QCOMPARE(events, 8);
        QCOMPARE(text + "\n", a.out);
        QCOMPARE(stats["generated_tokens"].toInt(), 8);
        QCOMPARE(stats["stop_reason"].toString(), QString("max_tokens"));
        QVERIFY(stats["generation_tokens_per_second"].toDouble() > 0);
    }

    void same_seed_same_sample() {
        const QStringList args = {"run", "-m", model_,   "-p",  "Once upon a time",
                                  "-n",  "10", "--temp", "1.0", "--seed"};
        Run a = run_cli(args + QStringList{"7"});
        Run b = run_cli(args + QStringList{"7"});
        QCOMPARE(a.exit_code, 0);
        QCOMPARE(a.out, b.out);
    }

    void stop_string_ends_generation() {
        Run run = run_cli(
            {"run", "-m", model_, "-p", "1, 2, 3, 4,", "-n", "30", "--temp", "0", "--stop", "7"});
        QCOMPARE(run.exit_code, 0);
        QVERIFY2(run.err.contains("stop: stop_string"), run.err.constData());
        QVERIFY(!run.out.contains('7'));
    }

    // The second turn evaluates only what is new: the reply and the new user message.
    void chat_keeps_kv_cache_between_turns() {
        Run run = run_cli({"chat", "-m", model_, "-n", "4", "--temp", "0"},
                          "Hello there\nTell me more\n");
        QCOMPARE(run.exit_code, 0);
        QRegularExpression stats(R"(prompt (\d+) tokens \((\d+) evaluated)");
        auto matches = stats.globalMatch(QString::fromUtf8(run.err));
        QList<QPair<int, int>> turns;
        while (matches.hasNext()) {
            auto m = matches.next();
            turns.append({m.captured(1).toInt(), m.captured(2).toInt()});
        }
        QCOMPARE(turns.size(), 2);
        QCOMPARE(turns[0].first, turns[0].second);  // first turn: everything is new
        QVERIFY2(turns[1].second < turns[1].first - turns[0].first + 8,
                 qPrintable(QString("turn 2: %1 of %2").arg(turns[1].second).arg(turns[1].first)));
    }

    // Ctrl-C during an answer stops that answer; the chat goes on to the next turn.
    void interrupt_stops_answer_not_chat() {
        QProcess process;
        process.start(QStringLiteral(SILIANG_CLI),
                      {"chat", "-m", model_, "-n", "-1", "--temp", "0", "--ctx", "512"});
        QVERIFY(process.waitForStarted());
        process.write("Write a very long story about a dragon.\n");
        // Wait for the answer to start streaming, then interrupt it.
        QByteArray out;
        QElapsedTimer timer;
        timer.start();
        while (out.size() < 12 && timer.elapsed() < 120000) {
            process.waitForReadyRead(1000);
            out += process.readAllStandardOutput();
        }
        QVERIFY2(out.size() >= 12, "the answer never started");
        ::kill(static_cast<pid_t>(process.processId()), SIGINT);
        timer.restart();
        QByteArray err;
        while (!err.contains("stop: cancelled") && timer.elapsed() < 60000) {
            process.waitForReadyRead(1000);
            err += process.readAllStandardError();
        }
        QVERIFY2(err.contains("stop: cancelled"), err.constData());
        process.write("Thanks\n");
        process.closeWriteChannel();
        QVERIFY(process.waitForFinished(300000));
        err += process.readAllStandardError();
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 0);
        QCOMPARE(err.count("prompt "), 2);  // the second turn ran
    }
};

QTEST_GUILESS_MAIN(TestCliGenerate)
#include "test_cli_generate.moc"
