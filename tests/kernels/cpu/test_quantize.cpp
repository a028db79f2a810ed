// quantize_row(): bytes equal gguf-py's quantization for every type gguf-py
// can quantize (committed goldens, and live on fresh random data), and
// dequantize(quantize(x)) stays within each type's error bound for every type
// we quantize, the K-quants included.
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <random>

#include "cpu/dequantize.h"
#include "cpu/quant_blocks.h"
#include "kernel_test_util.h"

using namespace siliang;
using namespace siliang::kernels;

namespace {

// Types gguf-py can quantize (dequant_oracle.QUANTIZABLE).
const std::vector<test::NamedType>& oracle_types() {
    using T = gguf::TensorType;
    static const std::vector<test::NamedType> types = {
        {"F16", T::F16},   {"BF16", T::BF16}, {"Q4_0", T::Q4_0}, {"Q4_1", T::Q4_1},
        {"Q5_0", T::Q5_0}, {"Q5_1", T::Q5_1}, {"Q8_0", T::Q8_0},
    };
    return types;
}

// Quantizes `input` as `t` and compares with `expected` bytes; empty if equal.
QString compare_quantized(const test::NamedType& t, const std::vector<float>& input,
                          const QByteArray& expected) {
    const auto traits = gguf::type_traits(t.type);
    const auto n = static_cast<int64_t>(input.size());
    QByteArray ours(static_cast<qsizetype>(n / traits->block_size * traits->type_size), '\0');
    cpu::quantize_row(t.type, input.data(), ours.data(), n);
    if (ours.size() != expected.size()) {
        return QStringLiteral("%1: %2 bytes, gguf-py wrote %3")
            .arg(t.name)
            .arg(ours.size())
            .arg(expected.size());
    }
    qsizetype differing = 0, first = -1;
    for (qsizetype i = 0; i < ours.size(); ++i) {
        if (ours[i] != expected[i]) {
            if (first < 0) first = i;
            ++differing;
        }
    }
    if (differing == 0) return {};
    const qsizetype block = first / traits->type_size;
    return QStringLiteral("%1: %2 bytes differ; first in block %3 (byte %4): gguf-py %5, ours %6")
        .arg(t.name)
        .arg(differing)
        .arg(block)
        .arg(first % traits->type_size)
        .arg(
            QString::fromLatin1(expected.mid(block * traits->type_size, traits->type_size).toHex()))
        .arg(QString::fromLatin1(ours.mid(block * traits->type_size, traits->type_size).toHex()));
}

// Gaussian blocks of 256 whose scale varies from block to block (0.1..100),
// as weights of different layers do.
std::vector<float> gaussian_blocks(int n_blocks, uint32_t seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    std::uniform_real_distribution<float> exponent(-1.0f, 2.0f);
    std::vector<float> x;
    for (int b = 0; b < n_blocks; ++b) {
        const float scale = std::pow(10.0f, exponent(rng));
        for (int i = 0; i < 256; ++i) x.push_back(normal(rng) * scale);
    }
    return x;
}

struct RoundTrip {
    double rms_error_ratio = 0;  // RMS of the error over RMS of the signal, worst block
    double max_error_ratio = 0;  // worst |x - y| / (block's amax), over all elements
};

RoundTrip round_trip(gguf::TensorType type, const std::vector<float>& x) {
    const auto traits = gguf::type_traits(type);
    const auto n = static_cast<int64_t>(x.size());
    std::vector<unsigned char> q(
        static_cast<std::size_t>(n / traits->block_size * traits->type_size));
    std::vector<float> y(x.size());
    cpu::quantize_row(type, x.data(), q.data(), n);
    cpu::dequantize_row(type, q.data(), y.data(), n);
    RoundTrip r;
    for (std::size_t b = 0; b < x.size(); b += 256) {
        double err2 = 0, sig2 = 0, amax = 0, max_err = 0;
        for (std::size_t i = b; i < b + 256; ++i) {
            const double e = static_cast<double>(x[i]) - y[i];
            err2 += e * e;
            sig2 += static_cast<double>(x[i]) * x[i];
            amax = std::max(amax, std::fabs(static_cast<double>(x[i])));
            max_err = std::max(max_err, std::fabs(e));
        }
        r.rms_error_ratio = std::max(r.rms_error_ratio, std::sqrt(err2 / sig2));
        r.max_error_ratio = std::max(r.max_error_ratio, max_err / amax);
    }
    return r;
}

}  // namespace

class TestQuantize : public QObject {
    Q_OBJECT

private slots:
    void matches_gguf_py_goldens() {
        const QString dir = test::goldens_dir();
        const auto input_bytes = test::read_file(dir + QStringLiteral("/quantize.input.f32.bin"));
        QVERIFY(input_bytes.has_value());
        const auto input = test::as_vector<float>(*input_bytes);
        QVERIFY(input.size() >= 1024);
        for (const auto& t : oracle_types()) {
            const auto expected = test::read_file(dir + QStringLiteral("/quantize.") +
                                                  QLatin1String(t.name) + QStringLiteral(".q.bin"));
            QVERIFY2(expected.has_value(), t.name);
            const QString diff = compare_quantized(t, input, *expected);
            QVERIFY2(diff.isEmpty(), qPrintable(diff));
            qInfo("%s: %zu values quantized, bytes equal gguf-py's", t.name, input.size());
        }
    }

    void matches_gguf_py_live() {
        if (const QString why = test::oracle_unavailable(); !why.isEmpty()) {
            QSKIP(qPrintable(QStringLiteral("gguf-py oracle unavailable: %1").arg(why)));
        }
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const quint32 seed = test::live_seed();
        qInfo("seed %u (rerun with SILIANG_KERNEL_TEST_SEED=%u)", seed, seed);
        const auto r = test::run_python(
            {test::oracle_script(), QStringLiteral("quantize"), QStringLiteral("--out"), dir.path(),
             QStringLiteral("--seed"), QString::number(seed), QStringLiteral("--blocks"),
             QStringLiteral("8192")},
            300000);
        QVERIFY2(r.ok, qPrintable(r.error));
        const auto input = test::as_vector<float>(
            test::read_file(dir.path() + QStringLiteral("/input.f32.bin")).value_or(QByteArray()));
        QCOMPARE(input.size(), std::size_t{8192 * 32});
        for (const auto& t : oracle_types()) {
            const auto expected = test::read_file(dir.path() + QLatin1Char('/') +
                                                  QLatin1String(t.name) + QStringLiteral(".q.bin"));
            QVERIFY2(expected.has_value(), t.name);
            const QString diff = compare_quantized(t, input, *expected);
            QVERIFY2(diff.isEmpty(), qPrintable(QStringLiteral("seed %1: %2").arg(seed).arg(diff)));
            qInfo("%s: %zu values, bytes equal gguf-py's (seed %u)", t.name, input.size(), seed);
        }
    }

    // Error of dequantize(quantize(x)) on Gaussian data, worst block of 512.
    // Max-error bounds follow from each format, relative to the 256-element
    // block's amax (each 32-element block's amax is at most that):
    //  - Q8_0: half a step (amax / 127) plus 127 times the fp16 rounding of
    //    the scale (2^-11 relative): 0.57 steps.
    //  - Q4_0, Q5_0: the extreme maps to -8 (-16) and the other end clips at
    //    +7 (+15): one full step, plus fp16 scale rounding.
    //  - Q4_1, Q5_1: half a step of range / 15 (31) plus scale rounding.
    //  - Q6_K: a full step of the coarsest grid the search tries (amax / 31.1)
    //    plus 31 times the 8-bit sub-scale rounding (d / 2 = amax / 256).
    //  - Q4_K, Q5_K: half a step of range / 15 (31), plus 6-bit scale and min
    //    rounding; bounded by one step of range / 15 (31).
    //  - Q3_K: values -4..3 against a sub-block scale near amax / 4: the far end
    //    clips by up to one step (0.25), plus the 6-bit sub-scale rounding.
    //  - Q2_K: half a step of range / 3 (range <= 2 amax), plus the rounding of
    //    the 4-bit scale and min (half of 1/15 each), with 0.05 for the MAD fit.
    //  - F16, BF16: half an ulp (2^-11, 2^-8 relative).
    // RMS bounds are about 1.2x what ggml's algorithms achieve on this data:
    // they catch a broken search or scale packing that still decodes.
    // Block scales run from 0.1 to 100 so that the fp16 block scales stay
    // normal numbers (tiny blocks get subnormal scales and coarser rounding).
    void round_trip_error_is_bounded_data() {
        QTest::addColumn<int>("type");
        QTest::addColumn<double>("max_rms_ratio");
        QTest::addColumn<double>("max_abs_ratio");
        using T = gguf::TensorType;
        QTest::newRow("Q8_0") << int(T::Q8_0) << 0.0075 << 0.57 / 127;
        QTest::newRow("Q6_K") << int(T::Q6_K) << 0.0300 << 1.0 / 31.1 + 31.0 / 256 / 31.1;
        QTest::newRow("Q5_0") << int(T::Q5_0) << 0.0600 << 1.01 / 16;
        QTest::newRow("Q5_1") << int(T::Q5_1) << 0.0550 << 0.51 * 2 / 31;
        QTest::newRow("Q4_0") << int(T::Q4_0) << 0.1200 << 1.01 / 8;
        QTest::newRow("Q4_1") << int(T::Q4_1) << 0.1100 << 0.51 * 2 / 15;
        QTest::newRow("Q4_K") << int(T::Q4_K) << 0.1000 << 2.0 / 15;
        QTest::newRow("Q5_K") << int(T::Q5_K) << 0.0500 << 2.0 / 31;
        QTest::newRow("Q3_K") << int(T::Q3_K) << 0.2200 << 0.25 + 0.05;
        QTest::newRow("Q2_K") << int(T::Q2_K) << 0.4500 << 1.0 / 3 + 2.0 / 30 + 0.05;
        QTest::newRow("BF16") << int(T::BF16) << 0.0030 << 1.0 / 256;
        QTest::newRow("F16") << int(T::F16) << 0.0004 << 1.0 / 2048;
    }

    void round_trip_error_is_bounded() {
        QFETCH(int, type);
        QFETCH(double, max_rms_ratio);
        QFETCH(double, max_abs_ratio);
        const auto x = gaussian_blocks(512, 1234);
        const RoundTrip r = round_trip(static_cast<gguf::TensorType>(type), x);
        qInfo(
            "worst block: RMS error / RMS signal %.5f (bound %.5f), max error / amax %.5f (bound "
            "%.5f)",
            r.rms_error_ratio, max_rms_ratio, r.max_error_ratio, max_abs_ratio);
        QVERIFY(r.rms_error_ratio <= max_rms_ratio);
        QVERIFY(r.max_error_ratio <= max_abs_ratio);
    }

    // All-zero input decodes to zeros. (Q4_0 / Q5_0 store d = 0 / -8 = -0.0,
    // as ggml and gguf-py do, so some of those zeros are negative.)
    void zero_input_gives_zero_blocks() {
        for (const auto t : {gguf::TensorType::Q4_0, gguf::TensorType::Q4_1, gguf::TensorType::Q5_0,
                             gguf::TensorType::Q5_1, gguf::TensorType::Q8_0, gguf::TensorType::Q4_K,
                             gguf::TensorType::Q6_K, gguf::TensorType::Q2_K, gguf::TensorType::Q3_K,
                             gguf::TensorType::Q5_K}) {
            const auto traits = gguf::type_traits(t);
            const std::vector<float> zeros(256, 0.0f);
            std::vector<unsigned char> q(256 / traits->block_size * traits->type_size, 0xAB);
            std::vector<float> y(256, 1.0f);
            cpu::quantize_row(t, zeros.data(), q.data(), 256);
            cpu::dequantize_row(t, q.data(), y.data(), 256);
            for (const float v : y) QVERIFY2(v == 0.0f, traits->name.data());
        }
    }

    void unsupported_type_and_partial_block_throw() {
        std::vector<float> x(512, 1.0f);
        std::vector<unsigned char> q(1024);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, cpu::quantize_row(gguf::TensorType::Q8_K,
                                                                          x.data(), q.data(), 256));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 cpu::quantize_row(gguf::TensorType::Q4_K, x.data(), q.data(), 32));
        QVERIFY(!cpu::can_quantize(gguf::TensorType::Q8_K));  // activations only
        QVERIFY(cpu::can_quantize(gguf::TensorType::Q6_K));
    }
};

QTEST_APPLESS_MAIN(TestQuantize)
#include "test_quantize.moc"
