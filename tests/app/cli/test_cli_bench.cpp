// siliang-cli bench on tiny random models (tests/tools): the llama-bench JSON keys
// and values, the figures it adds (bandwidth probe, bytes per token, KV cache and
// peak RSS) checked against what the model's shape implies, and bad usage.
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

#include "random_model.h"

namespace {

using siliang::test_models::Mixture;
using siliang::test_models::RandomModelSpec;

struct Run {
    int exit_code = -1;
    QByteArray out, err;
};

Run run_cli(const QStringList& args) {
    QProcess process;
    process.start(QStringLiteral(SILIANG_CLI), args);
    process.waitForFinished(300000);
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            process.readAllStandardOutput(), process.readAllStandardError()};
}

// 2 layers, n_embd 64, 4 heads of 16 (2 KV heads), n_ff 256, 300 tokens: rows of 64
// take the Q4_K_M fallbacks (Q5_0, Q8_0), rows of 256 (ffn_down) stay K-quants.
RandomModelSpec tiny_spec(bool tied) {
    RandomModelSpec spec;
    spec.arch = "qwen2";
    spec.n_embd = 64;
    spec.n_layer = 2;
    spec.n_head = 4;
    spec.n_head_kv = 2;
    spec.n_ff = 256;
    spec.n_vocab = 300;
    spec.tied_output = tied;
    spec.mixture = Mixture::Q4_K_M;
    spec.vocab_from = SILIANG_TESTDATA_DIR "/vocab/ggml-vocab-qwen2.gguf";
    return spec;
}

bool positive_finite(const QJsonValue& v) {
    return v.isDouble() && std::isfinite(v.toDouble()) && v.toDouble() > 0;
}

bool close(double a, double b) {
    return std::abs(a - b) <= 1e-9 * std::max(std::abs(a), 1.0);
}

}  // namespace

class TestCliBench : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString tied_, untied_;

    static QString write(const QTemporaryDir& dir, const QString& name,
                         const RandomModelSpec& spec) {
        const QString path = dir.filePath(name);
        siliang::test_models::write_random_model(spec, path.toStdString());
        return path;
    }

    static uint64_t tensor_bytes(const RandomModelSpec& spec, bool skip_embedding) {
        uint64_t bytes = 0;
        for (const auto& t : siliang::test_models::plan_tensors(spec, 300))
            if (!(skip_embedding && t.name == "token_embd.weight")) bytes += t.n_bytes;
        return bytes;
    }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        tied_ = write(dir_, "tied.gguf", tiny_spec(true));
        untied_ = write(dir_, "untied.gguf", tiny_spec(false));
    }

    void json_has_llama_bench_keys_and_consistent_figures() {
        const Run run = run_cli({"bench", "-m", tied_, "-p", "8", "-n", "4", "-r", "2", "-t", "1",
                                 "--bw-mib", "64", "--json"});
        QVERIFY2(run.exit_code == 0, run.err.constData());
        QJsonParseError error{};
        const QJsonDocument doc = QJsonDocument::fromJson(run.out, &error);
        QVERIFY2(error.error == QJsonParseError::NoError, run.out.constData());
        QVERIFY(doc.isArray());
        const QJsonArray tests = doc.array();
        QCOMPARE(tests.size(), 2);

        const RandomModelSpec spec = tiny_spec(true);
        const uint64_t model_bytes = tensor_bytes(spec, false);
        // Per position: 2 layers x 2 KV heads x (16 + 16) x 2 bytes (F16 cache).
        const double kv_per_position = 2.0 * 2 * 32 * 2;
        const int context = 8 + 1;  // max(n_prompt, n_gen) + 1
        for (int i = 0; i < 2; ++i) {
            const QJsonObject t = tests[i].toObject();
            const bool tg = i == 1;
            QCOMPARE(t["n_prompt"].toInt(-1), tg ? 0 : 8);
            QCOMPARE(t["n_gen"].toInt(-1), tg ? 4 : 0);
            QCOMPARE(t["n_threads"].toInt(-1), 1);
            QCOMPARE(t["model_type"].toString(), QString("qwen2"));
            QCOMPARE(t["backend"].toString(), QString("cpu"));
            QCOMPARE(t["model_size"].toDouble(), static_cast<double>(model_bytes));
            QVERIFY(positive_finite(t["model_n_params"]));
            for (const char* key : {"avg_ts", "median_ts", "min_ts", "max_ts"})
                QVERIFY2(positive_finite(t[key]), key);
            QVERIFY(t["stddev_ts"].isDouble() && t["stddev_ts"].toDouble() >= 0);
            const QJsonArray samples = t["samples_ts"].toArray();
            QCOMPARE(samples.size(), 2);
            for (const QJsonValue& s : samples) QVERIFY(positive_finite(s));
            QVERIFY(t["min_ts"].toDouble() <= t["median_ts"].toDouble());
            QVERIFY(t["median_ts"].toDouble() <= t["max_ts"].toDouble());
            QVERIFY(
                close(t["avg_ts"].toDouble(), (samples[0].toDouble() + samples[1].toDouble()) / 2));

            // The probe: 64 MiB, read at least once per repetition, on 1 thread and all cores.
            QCOMPARE(t["bandwidth_buffer_size"].toDouble(), 64.0 * 1024 * 1024);
            for (const char* key : {"bandwidth_gbps", "bandwidth_min_gbps", "bandwidth_max_gbps",
                                    "bandwidth_all_cores_gbps"})
                QVERIFY2(positive_finite(t[key]), key);
            QVERIFY(t["bandwidth_samples_gbps"].toArray().size() >= 4);
            QVERIFY(t["bandwidth_min_gbps"].toDouble() <= t["bandwidth_gbps"].toDouble());
            QVERIFY(t["bandwidth_gbps"].toDouble() <= t["bandwidth_max_gbps"].toDouble());
            QVERIFY(t["bandwidth_all_cores_threads"].toInt() >= 1);
            QVERIFY(!t["bandwidth_kernel"].toString().isEmpty());

            // Memory: the file, the KV cache the session allocated, the peak without the probe.
            QCOMPARE(t["file_size"].toDouble(), static_cast<double>(QFileInfo(tied_).size()));
            QCOMPARE(t["kv_cache_size"].toDouble(), kv_per_position * context);
            QVERIFY(
                close(t["rss_target"].toDouble(),
                      std::floor((QFileInfo(tied_).size() + kv_per_position * context) * 1.15)));
#ifdef __linux__
            QVERIFY(positive_finite(t["peak_rss"]));
            // Less than the probe buffer: it was subtracted, and the rest is small.
            QVERIFY(t["peak_rss"].toDouble() < 64.0 * 1024 * 1024);
            // CPU seconds per thread-second while timed: some, and not several threads' worth.
            QVERIFY(positive_finite(t["cpu_share"]));
            QVERIFY(t["cpu_share"].toDouble() < 4.0);
#endif
            if (!tg) {
                QCOMPARE(t["bytes_per_token"].toDouble(), 0.0);
                QCOMPARE(t["achieved_gbps"].toDouble(), 0.0);
                QVERIFY(t["pct_of_limit"].isNull());
                continue;
            }
            // Tied embeddings: the LM head reads the whole table, so every tensor is read.
            QCOMPARE(t["weight_bytes_per_token"].toDouble(), static_cast<double>(model_bytes));
            // Token i attends to i + 1 positions: the mean over tg4 is 2.5 positions.
            QCOMPARE(t["kv_bytes_per_token"].toDouble(), 2.5 * kv_per_position);
            QCOMPARE(t["bytes_per_token"].toDouble(), model_bytes + 2.5 * kv_per_position);
            const double achieved = t["avg_ts"].toDouble() * t["bytes_per_token"].toDouble() / 1e9;
            QVERIFY(close(t["achieved_gbps"].toDouble(), achieved));
            QVERIFY(close(t["pct_of_limit"].toDouble(),
                          100.0 * achieved / t["bandwidth_gbps"].toDouble()));
        }
    }

    // An untied model reads one row of the embedding table per token, not all of it.
    void untied_embedding_reads_one_row() {
        const Run run = run_cli(
            {"bench", "-m", untied_, "-p", "0", "-n", "2", "-r", "1", "--bw-mib", "0", "--json"});
        QVERIFY2(run.exit_code == 0, run.err.constData());
        const QJsonArray tests = QJsonDocument::fromJson(run.out).array();
        QCOMPARE(tests.size(), 1);
        const QJsonObject t = tests[0].toObject();
        const RandomModelSpec spec = tiny_spec(false);
        uint64_t embedding_row = 0;
        for (const auto& p : siliang::test_models::plan_tensors(spec, 300))
            if (p.name == "token_embd.weight") embedding_row = p.n_bytes / 300;
        QVERIFY(embedding_row > 0);
        QCOMPARE(t["weight_bytes_per_token"].toDouble(),
                 static_cast<double>(tensor_bytes(spec, true) + embedding_row));
        // --bw-mib 0 skips the probe: no bandwidth, no fraction of it.
        QVERIFY(t["bandwidth_gbps"].isNull());
        QVERIFY(t["pct_of_limit"].isNull());
        QCOMPARE(t["bandwidth_buffer_size"].toInt(-1), 0);
        QVERIFY(positive_finite(t["avg_ts"]));
    }

    // -d N: both tests run after N positions in the cache (llama-bench's n_depth), which the
    // cache size and the KV bytes each generated token reads account for.
    void depth_runs_after_cached_positions() {
        const Run run = run_cli({"bench", "-m", tied_, "-p", "4", "-n", "4", "-r", "2", "-t", "1",
                                 "-d", "20", "--bw-mib", "0", "--json"});
        QVERIFY2(run.exit_code == 0, run.err.constData());
        const QJsonArray tests = QJsonDocument::fromJson(run.out).array();
        QCOMPARE(tests.size(), 2);
        const double kv_per_position = 2.0 * 2 * 32 * 2;
        for (const QJsonValue& v : tests) {
            const QJsonObject t = v.toObject();
            QCOMPARE(t["n_depth"].toInt(-1), 20);
            QCOMPARE(t["kv_cache_size"].toDouble(), kv_per_position * (20 + 4 + 1));
            QVERIFY(positive_finite(t["avg_ts"]));
        }
        // Generated token i attends to 20 + i + 1 positions: a mean of 22.5 over tg4.
        QCOMPARE(tests[1].toObject()["kv_bytes_per_token"].toDouble(), 22.5 * kv_per_position);

        const Run text = run_cli({"bench", "-m", tied_, "-p", "0", "-n", "2", "-r", "1", "-t", "1",
                                  "-d", "9", "--bw-mib", "0"});
        QVERIFY2(text.exit_code == 0, text.err.constData());
        QVERIFY2(text.out.contains("| tg2 @ d9 |"), text.out.constData());
    }

    void text_output_reports_every_figure() {
        const Run run = run_cli(
            {"bench", "-m", tied_, "-p", "4", "-n", "2", "-r", "1", "-t", "1", "--bw-mib", "16"});
        QVERIFY2(run.exit_code == 0, run.err.constData());
        const QString out = QString::fromUtf8(run.out);
        QVERIFY(out.contains("| pp4 |"));
        QVERIFY(out.contains("| tg2 |"));
        QVERIFY2(out.contains("read bandwidth (16 MiB buffer"), run.out.constData());
        QVERIFY(out.contains("bytes per generated token:"));
        QVERIFY(out.contains("memory: peak RSS "));
        QVERIFY(out.contains("% |"));  // the tg row's fraction of the bandwidth
        QVERIFY(out.contains("| CPU share |"));
    }

    void bad_arguments_are_usage_errors() {
        const QList<QStringList> cases = {
            {"bench"},                                     // no model
            {"bench", "-m", tied_, "-r", "0"},             // no repetitions
            {"bench", "-m", tied_, "-p", "many"},          // not a number
            {"bench", "-m", tied_, "-n", "-3"},            // negative
            {"bench", "-m", tied_, "--bw-mib", "-1"},      // negative buffer
            {"bench", "-m", tied_, "-p", "0", "-n", "0"},  // nothing to measure
            {"bench", "-m", tied_, "--bogus"},             // unknown option
            {"bench", "-m", tied_, "extra"},               // stray argument
            {"bench", "-m", tied_, "-t", "0"},             // no threads
            {"bench", "-m", tied_, "-d", "-1"},            // negative depth
        };
        for (const QStringList& args : cases) {
            const Run run = run_cli(args);
            QVERIFY2(run.exit_code == 2, qPrintable(args.join(' ')));
            QVERIFY2(run.out.isEmpty(), qPrintable(args.join(' ')));
            QVERIFY2(run.err.startsWith("siliang-cli"), run.err.constData());
        }
        // A missing file is bad input, not bad usage.
        const Run missing = run_cli({"bench", "-m", dir_.filePath("none.gguf")});
        QCOMPARE(missing.exit_code, 1);
        QVERIFY(!missing.err.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCliBench)
#include "test_cli_bench.moc"
