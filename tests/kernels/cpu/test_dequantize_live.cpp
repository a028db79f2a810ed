// Dequantization against gguf-py run live on fresh random blocks: every run
// draws a new seed (printed, and settable with SILIANG_KERNEL_TEST_SEED to
// replay a failure) and compares thousands of blocks per type bit for bit.
// Skips when python3 with numpy and gguf is not installed.
#include <QTemporaryDir>
#include <QtTest>

#include "cpu/dequantize.h"
#include "kernel_test_util.h"

using namespace siliang;
using namespace siliang::kernels;

class TestDequantizeLive : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    quint32 seed_ = 0;

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        if (const QString why = test::oracle_unavailable(); !why.isEmpty()) {
            QSKIP(qPrintable(QStringLiteral("gguf-py oracle unavailable (%1); install it with "
                                            "`pip install gguf numpy`")
                                 .arg(why)));
        }
        seed_ = test::live_seed();
        qInfo("seed %u (rerun with SILIANG_KERNEL_TEST_SEED=%u)", seed_, seed_);
        const int blocks = 4096;
        const auto r = test::run_python(
            {test::oracle_script(), QStringLiteral("random"), QStringLiteral("--out"), dir_.path(),
             QStringLiteral("--seed"), QString::number(seed_), QStringLiteral("--blocks"),
             QString::number(blocks)},
            300000);
        QVERIFY2(r.ok, qPrintable(r.error));
    }

    void matches_gguf_py_on_random_blocks_data() {
        QTest::addColumn<int>("index");
        for (std::size_t i = 0; i < test::block_types().size(); ++i) {
            QTest::newRow(test::block_types()[i].name) << static_cast<int>(i);
        }
    }

    void matches_gguf_py_on_random_blocks() {
        QFETCH(int, index);
        const auto& t = test::block_types()[static_cast<std::size_t>(index)];
        const auto r = test::check_block_set(dir_.path(), t);
        QVERIFY2(r.error.isEmpty(),
                 qPrintable(QStringLiteral("seed %1: %2").arg(seed_).arg(r.error)));
        QVERIFY(r.blocks > 4096);
        qInfo("%s: %lld blocks, %lld values bit-exact (seed %u)", t.name,
              static_cast<long long>(r.blocks), static_cast<long long>(r.values), seed_);
    }
};

QTEST_APPLESS_MAIN(TestDequantizeLive)
#include "test_dequantize_live.moc"
