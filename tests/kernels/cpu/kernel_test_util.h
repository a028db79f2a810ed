// Helpers shared by the CPU kernel tests: golden / oracle file access, the
// bit-for-bit float comparison, and running the gguf-py oracle script.
#pragma once

#include <QByteArray>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QString>
#include <QStringList>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <optional>
#include <vector>

#include "cpu/dequantize.h"
#include "gguf/gguf_types.h"

namespace siliang::kernels::test {

struct NamedType {
    const char* name;
    gguf::TensorType type;
};

// Block types the oracle script generates, in its order.
inline const std::vector<NamedType>& block_types() {
    using T = gguf::TensorType;
    static const std::vector<NamedType> types = {
        {"Q4_0", T::Q4_0}, {"Q4_1", T::Q4_1}, {"Q5_0", T::Q5_0}, {"Q5_1", T::Q5_1},
        {"Q8_0", T::Q8_0}, {"Q2_K", T::Q2_K}, {"Q3_K", T::Q3_K}, {"Q4_K", T::Q4_K},
        {"Q5_K", T::Q5_K}, {"Q6_K", T::Q6_K}, {"Q8_K", T::Q8_K},
    };
    return types;
}

inline std::optional<QByteArray> read_file(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return std::nullopt;
    return f.readAll();
}

template <typename T>
std::vector<T> as_vector(const QByteArray& bytes) {
    std::vector<T> v(static_cast<std::size_t>(bytes.size()) / sizeof(T));
    if (!v.empty()) std::memcpy(v.data(), bytes.constData(), v.size() * sizeof(T));
    return v;
}

// Two float bit patterns agree. NaN results come from infinite or NaN scales
// (inf * 0, NaN * q); x86 produces the same NaN bits as numpy on the same
// machine (its default NaN is 0xFFC00000 and it propagates payloads), so
// there the comparison is exact. Other CPUs have a different default NaN
// than the x86 machine that made the goldens, so there any NaN matches a NaN.
inline bool same_bits(uint32_t expected, uint32_t actual) {
    if (expected == actual) return true;
#if defined(__x86_64__) || defined(_M_X64) || defined(__i386__) || defined(_M_IX86)
    return false;
#else
    const auto is_nan = [](uint32_t b) { return (b & 0x7FFFFFFFu) > 0x7F800000u; };
    return is_nan(expected) && is_nan(actual);
#endif
}

struct Mismatch {
    std::size_t count = 0;
    std::size_t first = 0;
    uint32_t expected = 0;
    uint32_t actual = 0;
};

inline Mismatch compare_bits(const std::vector<uint32_t>& expected, const float* actual) {
    Mismatch m;
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const auto a = std::bit_cast<uint32_t>(actual[i]);
        if (!same_bits(expected[i], a)) {
            if (m.count == 0) {
                m.first = i;
                m.expected = expected[i];
                m.actual = a;
            }
            ++m.count;
        }
    }
    return m;
}

inline QString describe(const Mismatch& m, int block_size) {
    return QStringLiteral(
               "%1 values differ; first at element %2 (block %3, index %4): "
               "expected 0x%5 (%6), got 0x%7 (%8)")
        .arg(m.count)
        .arg(m.first)
        .arg(m.first / static_cast<std::size_t>(block_size))
        .arg(m.first % static_cast<std::size_t>(block_size))
        .arg(m.expected, 8, 16, QLatin1Char('0'))
        .arg(static_cast<double>(std::bit_cast<float>(m.expected)))
        .arg(m.actual, 8, 16, QLatin1Char('0'))
        .arg(static_cast<double>(std::bit_cast<float>(m.actual)));
}

inline QString goldens_dir() {
    return QStringLiteral(SILIANG_TESTS_DIR "/goldens");
}
inline QString oracle_script() {
    return QStringLiteral(SILIANG_TESTS_DIR "/dequant_oracle.py");
}

struct PythonResult {
    bool ok = false;
    QByteArray out;
    QString error;  // why it failed, for the test message
};

// Runs `python3 args...` (SILIANG_PYTHON overrides the interpreter).
inline PythonResult run_python(const QStringList& args, int timeout_ms) {
    QString python = qEnvironmentVariable("SILIANG_PYTHON");
    if (python.isEmpty()) python = QStandardPaths::findExecutable(QStringLiteral("python3"));
    if (python.isEmpty()) return {false, {}, QStringLiteral("python3 not found on PATH")};
    QProcess p;
    p.start(python, args);
    if (!p.waitForStarted()) return {false, {}, QStringLiteral("cannot start %1").arg(python)};
    if (!p.waitForFinished(timeout_ms)) {
        p.kill();
        p.waitForFinished();
        return {false,
                {},
                QStringLiteral("%1 timed out after %2 s").arg(python).arg(timeout_ms / 1000)};
    }
    const QByteArray out = p.readAllStandardOutput();
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        return {false, out,
                QStringLiteral("%1 %2 failed (exit %3): %4")
                    .arg(python, args.join(QLatin1Char(' ')))
                    .arg(p.exitCode())
                    .arg(QString::fromLocal8Bit(p.readAllStandardError()).right(2000))};
    }
    return {true, out, {}};
}

// Empty when the oracle (python3 with numpy and gguf) can run, else why not.
// Seed for a live test: SILIANG_KERNEL_TEST_SEED replays a failed run,
// otherwise every run draws a new one (and logs it).
inline quint32 live_seed() {
    bool ok = false;
    const quint32 seed = qEnvironmentVariable("SILIANG_KERNEL_TEST_SEED").toUInt(&ok);
    return ok ? seed : QRandomGenerator::system()->generate();
}

// gguf-py must be new enough to dequantize every type we test (>= 0.10).
inline QString oracle_unavailable() {
    const auto r =
        run_python({QStringLiteral("-c"),
                    QStringLiteral("import numpy, gguf; "
                                   "from gguf.quants import (BF16, Q4_0, Q4_1, Q5_0, Q5_1, "
                                   "Q8_0, Q2_K, Q3_K, Q4_K, Q5_K, Q6_K)")},
                   60000);
    return r.ok ? QString() : r.error;
}

struct BlockSetResult {
    QString error;  // empty when every value matched
    int64_t blocks = 0;
    int64_t values = 0;
};

// Dequantizes DIR/NAME.blocks.bin with our kernel and compares it bit for bit
// with DIR/NAME.f32.bin (the oracle's float32 output).
inline BlockSetResult check_block_set(const QString& dir, const NamedType& t) {
    BlockSetResult r;
    const QString name = QString::fromLatin1(t.name);
    const auto blocks = read_file(dir + QLatin1Char('/') + name + QStringLiteral(".blocks.bin"));
    const auto floats = read_file(dir + QLatin1Char('/') + name + QStringLiteral(".f32.bin"));
    if (!blocks || !floats) {
        r.error = QStringLiteral("missing %1.blocks.bin or %1.f32.bin in %2").arg(name, dir);
        return r;
    }
    const auto traits = gguf::type_traits(t.type);
    if (blocks->size() == 0 || blocks->size() % traits->type_size != 0) {
        r.error = QStringLiteral("%1.blocks.bin: %2 bytes is not a whole number of %3-byte blocks")
                      .arg(name)
                      .arg(blocks->size())
                      .arg(traits->type_size);
        return r;
    }
    r.blocks = blocks->size() / traits->type_size;
    r.values = r.blocks * traits->block_size;
    const auto expected = as_vector<uint32_t>(*floats);
    if (static_cast<int64_t>(expected.size()) != r.values) {
        r.error = QStringLiteral("%1.f32.bin holds %2 values, the blocks %3")
                      .arg(name)
                      .arg(expected.size())
                      .arg(r.values);
        return r;
    }
    std::vector<float> actual(static_cast<std::size_t>(r.values));
    cpu::dequantize_row(t.type, blocks->constData(), actual.data(), r.values);
    const auto m = compare_bits(expected, actual.data());
    if (m.count != 0)
        r.error = name + QStringLiteral(": ") + describe(m, static_cast<int>(traits->block_size));
    return r;
}

}  // namespace siliang::kernels::test
