// siliang-cli perplexity against llama.cpp's perplexity tool on the same file and
// text (data/perplexity_golden.json, made by make_perplexity_golden.sh): the same
// number of windows, the same running estimate after each window and the same final
// figure. Both tools quantize activations to 8 bits for the matmuls, each its own
// way, which moves the figures by up to ~1% (measured: 0.06% final, 0.9% worst
// window); wrong windowing, a missing BOS or scoring the wrong half of a window moves
// them by far more. Skipped when the Gemma test model is absent.
#include <QtTest>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>

#include <cmath>
#include <filesystem>

#include "test_models.h"

class TestCliPerplexity : public QObject {
    Q_OBJECT

private slots:
    void matchesLlamaCpp() {
        const std::filesystem::path model = siliang::testing::gemma3_test_model();
        if (model.empty() || !std::filesystem::exists(model))
            QSKIP("Gemma 3 270M GGUF not found (set SILIANG_GEMMA3_GGUF)");
        QFile f(QStringLiteral(SILIANG_TESTS_DIR "/data/perplexity_golden.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject golden = QJsonDocument::fromJson(f.readAll()).object();

        QProcess cli;
        cli.start(QStringLiteral(SILIANG_CLI),
                  {"perplexity", "-m", QString::fromStdString(model.string()), "-f",
                   QStringLiteral(SILIANG_TESTS_DIR "/data/perplexity_text.txt"), "--ctx",
                   QString::number(golden["ctx"].toInt())});
        QVERIFY(cli.waitForFinished(600000));
        QCOMPARE(cli.exitCode(), 0);
        const QString out = QString::fromUtf8(cli.readAllStandardOutput());

        QList<double> windows;
        const QRegularExpression window(QStringLiteral("\\[(\\d+)\\]([0-9.]+)"));
        for (auto it = window.globalMatch(out); it.hasNext();)
            windows << it.next().captured(2).toDouble();
        const QJsonArray expected = golden["windows"].toArray();
        QCOMPARE(windows.size(), expected.size());
        for (int i = 0; i < windows.size(); ++i) {
            const double ref = expected[i].toDouble();
            qInfo("window %d: ours %.4f, llama.cpp %.4f (%+.2f%%)", i + 1, windows[i], ref,
                  100 * (windows[i] - ref) / ref);
            QVERIFY2(std::fabs(windows[i] - ref) / ref < 0.015, qPrintable(out));
        }
        const QRegularExpressionMatch final =
            QRegularExpression(QStringLiteral("PPL = ([0-9.]+) \\+/- ([0-9.]+)")).match(out);
        QVERIFY2(final.hasMatch(), qPrintable(out));
        const double ppl = final.captured(1).toDouble(), ref = golden["ppl"].toDouble();
        QVERIFY2(std::fabs(ppl - ref) / ref < 0.005, qPrintable(out));
        QVERIFY(std::fabs(final.captured(2).toDouble() - golden["ppl_error"].toDouble()) /
                    golden["ppl_error"].toDouble() <
                0.02);
    }
};

QTEST_APPLESS_MAIN(TestCliPerplexity)
#include "test_cli_perplexity.moc"
