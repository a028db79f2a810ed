// siliang-cli as a user meets it: real model files from the shared fixtures, every
// bad argument or file gives exit code 2 (usage) or 1 (input) and one line on stderr.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include "vocab_fixtures.h"

namespace {

const QString kVocab = QStringLiteral(SILIANG_TESTDATA_DIR "/vocab/");

struct Run {
    int exit_code = -1;
    bool crashed = false;
    QByteArray out;
    QByteArray err;
};

Run run_cli(const QStringList& args, const QByteArray& input = {}) {
    QProcess process;
    process.start(QStringLiteral(SILIANG_CLI), args);
    process.waitForStarted();
    if (!input.isEmpty()) process.write(input);
    process.closeWriteChannel();
    process.waitForFinished(60000);
    Run run;
    run.crashed = process.exitStatus() != QProcess::NormalExit;
    run.exit_code = process.exitCode();
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

// The .inp/.out oracle, read by the tokenizer tests' own parser: (text, expected ids).
QList<QPair<QByteArray, QByteArray>> vocab_cases(const QString& vocab) {
    namespace fx = siliang::tokenizer::testing;
    const std::string base = (kVocab + vocab).toStdString();
    std::string inp, out;
    if (!fx::read_file(base + ".inp", inp) || !fx::read_file(base + ".out", out)) return {};
    const std::vector<std::string> texts = fx::split_inp(inp);
    const std::vector<std::vector<int32_t>> ids = fx::parse_out(out);
    QList<QPair<QByteArray, QByteArray>> cases;
    for (size_t i = 0; i < texts.size() && i < ids.size(); ++i)
        cases.append({QByteArray::fromStdString(texts[i]),
                      QByteArray::fromStdString(fx::format_ids(ids[i]))});
    return cases;
}

}  // namespace

class TestCli : public QObject {
    Q_OBJECT

private slots:
    void usage_errors_exit_2_data() {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("no command") << QStringList{};
        QTest::newRow("unknown command") << QStringList{"frobnicate"};
        QTest::newRow("unknown option") << QStringList{"inspect", "--bogus", "x.gguf"};
        QTest::newRow("inspect without file") << QStringList{"inspect"};
        QTest::newRow("tokenize without model") << QStringList{"tokenize", "hello"};
        QTest::newRow("option without value") << QStringList{"tokenize", "hello", "-m"};
        QTest::newRow("flag with value") << QStringList{"inspect", "--json=yes", "x.gguf"};
        QTest::newRow("detokenize non-number")
            << QStringList{"detokenize", "-m", kVocab + "ggml-vocab-qwen2.gguf", "12", "abc"};
        QTest::newRow("detokenize negative")
            << QStringList{"detokenize", "-m", kVocab + "ggml-vocab-qwen2.gguf", "-5"};
        QTest::newRow("template without messages")
            << QStringList{"template", "-m", kVocab + "ggml-vocab-qwen2.gguf"};
        QTest::newRow("template with model and file")
            << QStringList{"template", "-m", "a.gguf", "--template", "b.jinja", "--messages", "m"};
        QTest::newRow("template bad date") << QStringList{
            "template", "--template", "t.jinja", "--messages", "m.json", "--date", "2026-02-30"};
    }
    void usage_errors_exit_2() {
        QFETCH(QStringList, args);
        Run run = run_cli(args);
        QVERIFY(!run.crashed);
        QCOMPARE(run.exit_code, 2);
        QVERIFY2(!run.err.trimmed().isEmpty(), "a usage error says what is wrong");
        QCOMPARE(run.err.trimmed().count('\n'), 0);
    }

    void input_errors_exit_1_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QByteArray>("file_content");  // written to FILE in a temp dir
        QTest::addColumn<QString>("expected");         // must appear in stderr
        QTest::newRow("missing model")
            << QStringList{"inspect", "FILE.missing"} << QByteArray() << "FILE.missing";
        QTest::newRow("text file") << QStringList{"inspect", "FILE"}
                                   << QByteArray("hello, this is not a model\n") << "FILE";
        QTest::newRow("empty file") << QStringList{"inspect", "FILE"} << QByteArray() << "FILE";
        QTest::newRow("directory") << QStringList{"inspect", "DIR"} << QByteArray() << "DIR";
        QTest::newRow("truncated gguf")
            << QStringList{"inspect", "FILE"} << QByteArray("TRUNCATED") << "FILE";
        QTest::newRow("tokenize truncated")
            << QStringList{"tokenize", "-m", "FILE", "hi"} << QByteArray("TRUNCATED") << "FILE";
        QTest::newRow("bad json messages")
            << QStringList{"template", "-m", kVocab + "ggml-vocab-qwen2.gguf", "--messages", "FILE"}
            << QByteArray("[{\"role\": \"user\", ") << "FILE";
        QTest::newRow("messages not an array")
            << QStringList{"template", "-m", kVocab + "ggml-vocab-qwen2.gguf", "--messages", "FILE"}
            << QByteArray("{\"role\": \"user\"}") << "messages";
        QTest::newRow("missing template file")
            << QStringList{"template", "--template", "FILE.missing", "--messages", "FILE"}
            << QByteArray("[]") << "FILE.missing";
        QTest::newRow("template syntax error")
            << QStringList{"template", "--template", "FILE", "--messages", "FILE2"}
            << QByteArray("line one\n{% for m in messages %}{{ m.content }}\n") << "FILE:";
        QTest::newRow("token id out of range")
            << QStringList{"detokenize", "-m", kVocab + "ggml-vocab-qwen2.gguf", "99999999"}
            << QByteArray() << "99999999";
    }
    void input_errors_exit_1() {
        QFETCH(QStringList, args);
        QFETCH(QByteArray, file_content);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString file = dir.filePath("input.bin");
        QByteArray content = file_content;
        if (content == "TRUNCATED") {
            QFile vocab(kVocab + "ggml-vocab-qwen2.gguf");
            QVERIFY(vocab.open(QIODevice::ReadOnly));
            content = vocab.read(5000);  // header and the first metadata, cut mid-array
        }
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(content);
        out.close();
        QFile second(dir.filePath("messages.json"));
        QVERIFY(second.open(QIODevice::WriteOnly));
        second.write("[{\"role\": \"user\", \"content\": \"hi\"}]");
        second.close();
        QDir(dir.path()).mkdir("subdir");
        for (QString& arg : args) {
            arg.replace("FILE.missing", dir.filePath("nothing-here.gguf"));
            arg.replace("FILE2", second.fileName());
            arg.replace("FILE", file);
            arg.replace("DIR", dir.filePath("subdir"));
        }
        expected.replace("FILE.missing", "nothing-here.gguf");
        expected.replace("FILE", file);
        expected.replace("DIR", dir.filePath("subdir"));
        Run run = run_cli(args);
        QVERIFY(!run.crashed);
        QCOMPARE(run.exit_code, 1);
        QVERIFY2(run.err.contains(expected.toUtf8()), run.err.constData());
        QCOMPARE(run.err.trimmed().count('\n'), 0);
    }

    void inspect_reports_tokenizer() {
        Run run = run_cli({"inspect", kVocab + "ggml-vocab-qwen2.gguf"});
        QCOMPARE(run.exit_code, 0);
        QVERIFY2(run.out.contains("byte-level BPE (gpt2), pre-tokenizer qwen2, 151936 tokens"),
                 run.out.constData());
        QVERIFY(run.out.contains("chat template     yes"));

        Run json = run_cli({"inspect", "--json", kVocab + "ggml-vocab-llama-spm.gguf"});
        QCOMPARE(json.exit_code, 0);
        QJsonParseError error;
        QJsonObject doc = QJsonDocument::fromJson(json.out, &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(doc["tokenizer"].toObject()["model"].toString(), QString("llama"));
        QCOMPARE(doc["tokenizer"].toObject()["vocab_size"].toInt(), 32000);
        QCOMPARE(doc["parameters"].toInt(), 0);
        bool found_bos = false;
        for (const QJsonValue& special : doc["special_tokens"].toArray()) {
            if (special["role"] == "bos") {
                found_bos = true;
                QCOMPARE(special["id"].toInt(), 1);
                QCOMPARE(special["text"].toString(), QString("<s>"));
            }
        }
        QVERIFY(found_bos);
    }

    // The CLI gives the reference ids for every oracle string (read from stdin).
    void tokenize_matches_reference_data() {
        QTest::addColumn<QString>("vocab");
        QTest::newRow("qwen2") << "ggml-vocab-qwen2.gguf";
        QTest::newRow("llama-spm") << "ggml-vocab-llama-spm.gguf";
    }
    void tokenize_matches_reference() {
        QFETCH(QString, vocab);
        const auto cases = vocab_cases(vocab);
        QVERIFY(cases.size() > 10);
        for (const auto& [text, ids] : cases) {
            Run run = run_cli({"tokenize", "-m", kVocab + vocab, "-"}, text);
            if (text.isEmpty()) continue;  // stdin "-" with no bytes is covered elsewhere
            QCOMPARE(run.exit_code, 0);
            QCOMPARE(run.out.trimmed(), ids);
        }
    }

    void special_tokens_only_when_asked() {
        const QString model = kVocab + "ggml-vocab-qwen2.gguf";
        Run plain = run_cli({"tokenize", "-m", model, "<|im_start|>"});
        QCOMPARE(plain.exit_code, 0);
        QVERIFY(plain.out.trimmed().split(' ').size() > 1);
        Run special = run_cli({"tokenize", "-m", model, "--special", "<|im_start|>"});
        QCOMPARE(special.out.trimmed(), QByteArray("151644"));
    }

    void detokenize_round_trip() {
        const QString model = kVocab + "ggml-vocab-qwen2.gguf";
        const QByteArray text = "Hello 世界! 🦙 détente";
        Run ids = run_cli({"tokenize", "-m", model, QString::fromUtf8(text)});
        QCOMPARE(ids.exit_code, 0);
        Run back = run_cli({"detokenize", "-m", model, QString::fromUtf8(ids.out.trimmed())});
        QCOMPARE(back.exit_code, 0);
        QCOMPARE(back.out, text + "\n");
    }

    void template_from_model_has_no_added_newline() {
        QTemporaryDir dir;
        QFile messages(dir.filePath("m.json"));
        QVERIFY(messages.open(QIODevice::WriteOnly));
        messages.write(R"({"messages": [{"role": "user", "content": "Hi <|im_end|>"}]})");
        messages.close();
        Run run = run_cli({"template", "-m", kVocab + "ggml-vocab-qwen2.gguf", "--messages",
                           messages.fileName()});
        QCOMPARE(run.exit_code, 0);
        QVERIFY2(run.out.endsWith("<|im_start|>assistant\n"), run.out.constData());
        QVERIFY(run.out.contains("<|im_start|>user\nHi <|im_end|><|im_end|>\n"));
        Run no_prompt = run_cli({"template", "-m", kVocab + "ggml-vocab-qwen2.gguf",
                                 "--no-generation-prompt", "--messages", messages.fileName()});
        QCOMPARE(no_prompt.exit_code, 0);
        QVERIFY(no_prompt.out.endsWith("<|im_end|>\n"));
    }

    // `siliang-cli ... | head` closes the pipe early: the CLI reports a write error (exit 1)
    // instead of dying from SIGPIPE (exit status 141 in the shell).
    void writing_to_closed_pipe_is_not_a_signal() {
        if (QStandardPaths::findExecutable("bash").isEmpty()) QSKIP("needs bash");
        const QString script =
            QStringLiteral(
                "yes 'lots of text to tokenize' | head -c 3000000 | '%1' tokenize -m '%2' - "
                "| head -c 10 >/dev/null; echo \"${PIPESTATUS[2]}\"")
                .arg(QStringLiteral(SILIANG_CLI), kVocab + "ggml-vocab-qwen2.gguf");
        QProcess shell;
        shell.start("bash", {"-c", script});
        QVERIFY(shell.waitForFinished(120000));
        QCOMPARE(shell.readAllStandardOutput().trimmed(), QByteArray("1"));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
