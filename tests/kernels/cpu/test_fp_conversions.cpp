// fp16 / bf16 <-> fp32 conversions against numpy: all 65536 half and bfloat16
// patterns, and an fp32 sweep of every high half (sign, exponent, top 7
// mantissa bits) with low halves that hit each rounding case. The committed
// goldens hold SHA-256 digests of numpy's outputs; the live test compares
// element by element (with extra random low halves) when numpy is installed.
#include <QCryptographicHash>
#include <QTemporaryDir>
#include <QtTest>

#include <bit>
#include <map>

#include "cpu/dequantize.h"
#include "kernel_test_util.h"

using namespace siliang;
using namespace siliang::kernels;

namespace {

// Must match FP32_SWEEP_LOWS in dequant_oracle.py.
const std::vector<uint32_t> kFp32SweepLows = {0x0000, 0x0001, 0x0FFF, 0x1000, 0x1001, 0x1FFF,
                                              0x2000, 0x3000, 0x3001, 0x7FFF, 0x8000, 0x8001,
                                              0xC000, 0xEFFF, 0xF000, 0xFFFF};

std::vector<uint32_t> sweep_inputs(const std::vector<uint32_t>& lows) {
    std::vector<uint32_t> in;
    in.reserve(0x10000 * lows.size());
    for (uint32_t hi = 0; hi < 0x10000; ++hi) {
        for (const uint32_t lo : lows) in.push_back(hi << 16 | lo);
    }
    return in;
}

struct Outputs {
    std::vector<uint32_t> fp16_to_fp32, bf16_to_fp32;
    std::vector<uint16_t> fp32_to_fp16, fp32_to_bf16;
};

Outputs compute(const std::vector<uint32_t>& lows) {
    Outputs o;
    for (uint32_t h = 0; h < 0x10000; ++h) {
        o.fp16_to_fp32.push_back(
            std::bit_cast<uint32_t>(cpu::fp16_to_fp32(static_cast<uint16_t>(h))));
        o.bf16_to_fp32.push_back(
            std::bit_cast<uint32_t>(cpu::bf16_to_fp32(static_cast<uint16_t>(h))));
    }
    for (const uint32_t bits : sweep_inputs(lows)) {
        o.fp32_to_fp16.push_back(cpu::fp32_to_fp16(std::bit_cast<float>(bits)));
        o.fp32_to_bf16.push_back(cpu::fp32_to_bf16(std::bit_cast<float>(bits)));
    }
    return o;
}

template <typename T>
QByteArray sha256_hex(const std::vector<T>& v) {
    return QCryptographicHash::hash(QByteArrayView(reinterpret_cast<const char*>(v.data()),
                                                   static_cast<qsizetype>(v.size() * sizeof(T))),
                                    QCryptographicHash::Sha256)
        .toHex();
}

// First difference between two arrays, described with the input that made it.
template <typename T>
QString first_difference(const std::vector<T>& expected, const std::vector<T>& actual,
                         const std::vector<uint32_t>* inputs) {
    if (expected.size() != actual.size()) {
        return QStringLiteral("size %1 vs %2").arg(expected.size()).arg(actual.size());
    }
    std::size_t count = 0, first = 0;
    for (std::size_t i = 0; i < expected.size(); ++i) {
        if (expected[i] != actual[i] && count++ == 0) first = i;
    }
    if (count == 0) return {};
    const uint32_t input = inputs ? (*inputs)[first] : static_cast<uint32_t>(first);
    return QStringLiteral("%1 outputs differ; first for input 0x%2: numpy 0x%3, ours 0x%4")
        .arg(count)
        .arg(input, 0, 16)
        .arg(static_cast<uint32_t>(expected[first]), 0, 16)
        .arg(static_cast<uint32_t>(actual[first]), 0, 16);
}

}  // namespace

class TestFpConversions : public QObject {
    Q_OBJECT

private slots:
    void matches_numpy_golden_digests() {
        const auto text =
            test::read_file(test::goldens_dir() + QStringLiteral("/fp_conversions.sha256"));
        QVERIFY(text.has_value());
        std::map<QByteArray, QByteArray> golden;
        for (const QByteArray& line : text->split('\n')) {
            const auto parts = line.trimmed().split(' ');
            if (parts.size() == 2) golden[parts[0]] = parts[1];
        }
        QCOMPARE(golden.size(), std::size_t{4});
        const Outputs o = compute(kFp32SweepLows);
        QCOMPARE(sha256_hex(o.fp16_to_fp32), golden["fp16_to_fp32"]);
        QCOMPARE(sha256_hex(o.bf16_to_fp32), golden["bf16_to_fp32"]);
        QCOMPARE(sha256_hex(o.fp32_to_fp16), golden["fp32_to_fp16"]);
        QCOMPARE(sha256_hex(o.fp32_to_bf16), golden["fp32_to_bf16"]);
    }

    void matches_numpy_live() {
        if (const QString why = test::oracle_unavailable(); !why.isEmpty()) {
            QSKIP(qPrintable(QStringLiteral("numpy/gguf-py oracle unavailable: %1").arg(why)));
        }
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const quint32 seed = test::live_seed();
        qInfo("seed %u (rerun with SILIANG_KERNEL_TEST_SEED=%u)", seed, seed);
        const auto r =
            test::run_python({test::oracle_script(), QStringLiteral("fp"), QStringLiteral("--out"),
                              dir.path(), QStringLiteral("--seed"), QString::number(seed)},
                             300000);
        QVERIFY2(r.ok, qPrintable(r.error));
        const auto file = [&](const char* name) {
            return test::read_file(dir.path() + QLatin1Char('/') + QLatin1String(name))
                .value_or(QByteArray());
        };
        // The script appends random low halves to the fixed ones.
        const auto lows = test::as_vector<uint32_t>(file("fp32_sweep_lows.bin"));
        QVERIFY(lows.size() > kFp32SweepLows.size());
        const auto inputs = sweep_inputs(lows);
        const Outputs o = compute(lows);
        QString diff = first_difference(test::as_vector<uint32_t>(file("fp16_to_fp32.bin")),
                                        o.fp16_to_fp32, nullptr);
        QVERIFY2(diff.isEmpty(), qPrintable(QStringLiteral("fp16_to_fp32: ") + diff));
        diff = first_difference(test::as_vector<uint32_t>(file("bf16_to_fp32.bin")), o.bf16_to_fp32,
                                nullptr);
        QVERIFY2(diff.isEmpty(), qPrintable(QStringLiteral("bf16_to_fp32: ") + diff));
        diff = first_difference(test::as_vector<uint16_t>(file("fp32_to_fp16.bin")), o.fp32_to_fp16,
                                &inputs);
        QVERIFY2(diff.isEmpty(), qPrintable(QStringLiteral("fp32_to_fp16: ") + diff));
        diff = first_difference(test::as_vector<uint16_t>(file("fp32_to_bf16.bin")), o.fp32_to_bf16,
                                &inputs);
        QVERIFY2(diff.isEmpty(), qPrintable(QStringLiteral("fp32_to_bf16: ") + diff));
        qInfo("65536 fp16 and bf16 patterns, %zu fp32 inputs: bit-exact with numpy", inputs.size());
    }

    // Every half survives fp16 -> fp32 -> fp16, NaN payloads included (numpy
    // keeps them both ways). bf16 does too, except that a signalling NaN comes
    // back quiet.
    void round_trips_all_patterns() {
        for (uint32_t h = 0; h < 0x10000; ++h) {
            const auto h16 = static_cast<uint16_t>(h);
            QCOMPARE(cpu::fp32_to_fp16(cpu::fp16_to_fp32(h16)), h16);
            const bool signalling_nan =
                (h & 0x7F80u) == 0x7F80u && (h & 0x7Fu) != 0 && (h & 0x40u) == 0;
            const uint16_t want = signalling_nan ? static_cast<uint16_t>(h | 0x40u) : h16;
            QCOMPARE(cpu::fp32_to_bf16(cpu::bf16_to_fp32(h16)), want);
        }
    }

    // dequantize_row / quantize_row for F16 and BF16 are the scalar conversions.
    void rows_use_the_scalar_conversions() {
        std::vector<uint16_t> all(0x10000);
        for (uint32_t h = 0; h < 0x10000; ++h) all[h] = static_cast<uint16_t>(h);
        std::vector<float> out(all.size());
        cpu::dequantize_row(gguf::TensorType::F16, all.data(), out.data(), 0x10000);
        for (uint32_t h = 0; h < 0x10000; ++h) {
            QCOMPARE(std::bit_cast<uint32_t>(out[h]),
                     std::bit_cast<uint32_t>(cpu::fp16_to_fp32(static_cast<uint16_t>(h))));
        }
        std::vector<uint16_t> back(all.size());
        cpu::quantize_row(gguf::TensorType::F16, out.data(), back.data(), 0x10000);
        QVERIFY(back == all);
        cpu::dequantize_row(gguf::TensorType::BF16, all.data(), out.data(), 0x10000);
        for (uint32_t h = 0; h < 0x10000; ++h) {
            QCOMPARE(std::bit_cast<uint32_t>(out[h]), h << 16);
        }
    }

    // Rounding boundaries spelled out (the digests above are the real check).
    void rounding_boundaries() {
        QCOMPARE(cpu::fp32_to_fp16(1.0f), uint16_t{0x3C00});
        QCOMPARE(cpu::fp32_to_fp16(65504.0f), uint16_t{0x7BFF});
        QCOMPARE(cpu::fp32_to_fp16(65519.996f), uint16_t{0x7BFF});  // just below the tie
        QCOMPARE(cpu::fp32_to_fp16(65520.0f), uint16_t{0x7C00});    // tie to even: infinity
        QCOMPARE(cpu::fp32_to_fp16(0x1p-25f), uint16_t{0x0000});    // tie to even: zero
        QCOMPARE(cpu::fp32_to_fp16(std::nextafter(0x1p-25f, 1.0f)), uint16_t{0x0001});
        QCOMPARE(cpu::fp32_to_fp16(-0x1.8p-24f), uint16_t{0x8002});  // 1.5 units: tie to even 2
        QCOMPARE(cpu::fp32_to_fp16(0x1.002p0f), uint16_t{0x3C00});   // tie, even neighbour below
        QCOMPARE(cpu::fp32_to_fp16(0x1.006p0f), uint16_t{0x3C02});   // tie, even neighbour above
        QCOMPARE(cpu::fp32_to_bf16(std::bit_cast<float>(0x3F808000u)), uint16_t{0x3F80});
        QCOMPARE(cpu::fp32_to_bf16(std::bit_cast<float>(0x3F818000u)), uint16_t{0x3F82});
        QCOMPARE(cpu::fp32_to_bf16(std::bit_cast<float>(0x7F800001u)), uint16_t{0x7FC0});
        QCOMPARE(std::bit_cast<uint32_t>(cpu::fp16_to_fp32(0x0001)), 0x33800000u);  // 2^-24
        QCOMPARE(std::bit_cast<uint32_t>(cpu::fp16_to_fp32(0x7C01)), 0x7F802000u);  // sNaN kept
    }
};

QTEST_APPLESS_MAIN(TestFpConversions)
#include "test_fp_conversions.moc"
