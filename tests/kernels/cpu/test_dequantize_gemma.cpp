// Every tensor of a real model file, Gemma 3 270M Q4_K_M (F32, Q5_0, Q4_K,
// Q8_0 and Q6_K tensors), read with our gguf::File and dequantized by our
// kernels, must hash (SHA-256 of the float32 bytes) to exactly what gguf-py's
// reader and dequantization give for the same tensor.
//
// The model is found by tests/support/test_models.h; the test skips without it
// or gguf-py.
#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QtTest>

#include <map>

#include "cpu/dequantize.h"
#include "gguf/gguf_reader.h"
#include "kernel_test_util.h"

#include "test_models.h"

using namespace siliang;
using namespace siliang::kernels;

namespace {

QString find_model() {
    return QString::fromStdString(siliang::testing::gemma3_test_model().string());
}

struct Expected {
    QByteArray type;
    uint64_t n_elements = 0;
    QByteArray sha256;
};

struct TypeTally {
    int tensors = 0;
    uint64_t values = 0;
};

}  // namespace

class TestDequantizeGemma : public QObject {
    Q_OBJECT

private slots:
    void every_tensor_matches_gguf_py() {
        const QString model = find_model();
        if (model.isEmpty()) {
            QSKIP(
                "Gemma 3 270M Q4_K_M not found (run installer/setup-deps.sh, or set "
                "SILIANG_GEMMA3_GGUF)");
        }
        if (const QString why = test::oracle_unavailable(); !why.isEmpty()) {
            QSKIP(qPrintable(QStringLiteral("gguf-py oracle unavailable: %1").arg(why)));
        }
        qInfo("model %s", qPrintable(model));

        // gguf-py's view: one line per tensor, name TAB type TAB n TAB sha256.
        // It runs (about 20 s) while we dequantize and hash our side.
        QString python = qEnvironmentVariable("SILIANG_PYTHON");
        if (python.isEmpty()) python = QStandardPaths::findExecutable(QStringLiteral("python3"));
        QProcess oracle;
        oracle.start(python, {test::oracle_script(), QStringLiteral("model"),
                              QStringLiteral("--model"), model});
        QVERIFY2(oracle.waitForStarted(), qPrintable(python));

        const auto file = gguf::File::open(model.toStdString());
        struct Ours {
            QByteArray type;
            uint64_t n_elements;
            QByteArray sha256;
        };
        std::map<QByteArray, Ours> ours;
        std::vector<float> row;
        for (const auto& t : file.tensors()) {
            const QByteArray name(t.name.data(), static_cast<qsizetype>(t.name.size()));
            const auto traits = gguf::type_traits(t.type);
            QVERIFY(traits.has_value());
            QVERIFY2(cpu::can_dequantize(t.type), qPrintable(name));
            // Row by row (dims[0] elements), hashing as we go: the embedding
            // table alone is 168M values.
            const uint64_t row_len = t.dims.empty() ? 1 : t.dims[0];
            QVERIFY(row_len % traits->block_size == 0);
            const uint64_t row_bytes = row_len / traits->block_size * traits->type_size;
            const uint64_t rows = t.n_elements / row_len;
            QCOMPARE(rows * row_bytes, t.n_bytes);
            row.resize(row_len);
            QCryptographicHash hash(QCryptographicHash::Sha256);
            for (uint64_t i = 0; i < rows; ++i) {
                cpu::dequantize_row(t.type, t.data.data() + i * row_bytes, row.data(),
                                    static_cast<int64_t>(row_len));
                hash.addData(QByteArrayView(reinterpret_cast<const char*>(row.data()),
                                            static_cast<qsizetype>(row_len * sizeof(float))));
            }
            ours[name] =
                Ours{QByteArray(traits->name.data(), static_cast<qsizetype>(traits->name.size())),
                     t.n_elements, hash.result().toHex()};
        }

        QVERIFY2(oracle.waitForFinished(540000), "gguf-py did not finish within 9 minutes");
        QVERIFY2(oracle.exitStatus() == QProcess::NormalExit && oracle.exitCode() == 0,
                 qPrintable(QString::fromLocal8Bit(oracle.readAllStandardError()).right(2000)));
        std::map<QByteArray, Expected> expected;
        for (const QByteArray& line : oracle.readAllStandardOutput().split('\n')) {
            const auto f = line.split('\t');
            if (f.size() != 4) continue;
            expected[f[0]] = Expected{f[1], f[2].toULongLong(), f[3].trimmed()};
        }
        QVERIFY2(!expected.empty(), "gguf-py listed no tensors");
        QCOMPARE(ours.size(), expected.size());

        std::map<std::string, TypeTally> tally;
        for (const auto& [name, our] : ours) {
            const auto it = expected.find(name);
            QVERIFY2(it != expected.end(),
                     qPrintable(QStringLiteral("gguf-py has no tensor %1").arg(name)));
            QCOMPARE(our.type, it->second.type);
            QCOMPARE(our.n_elements, it->second.n_elements);
            QVERIFY2(our.sha256 == it->second.sha256,
                     qPrintable(QStringLiteral(
                                    "%1 (%2, %3 values): dequantized values differ from gguf-py's")
                                    .arg(name, our.type)
                                    .arg(our.n_elements)));
            auto& k = tally[our.type.toStdString()];
            ++k.tensors;
            k.values += our.n_elements;
        }
        for (const auto& [type, k] : tally) {
            qInfo("%s: %d tensors, %llu values bit-exact", type.c_str(), k.tensors,
                  static_cast<unsigned long long>(k.values));
        }
        // The file is the Q4_K_M mix; all five of its types must have been seen.
        for (const char* type : {"F32", "Q5_0", "Q4_K", "Q8_0", "Q6_K"}) {
            QVERIFY2(tally.count(type) == 1, type);
        }
    }
};

QTEST_APPLESS_MAIN(TestDequantizeGemma)
#include "test_dequantize_gemma.moc"
