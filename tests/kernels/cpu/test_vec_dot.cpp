// The dot-product kernels of vec_dot.h for F32, F16, BF16 and the 32-element
// block types, on every ISA this CPU has (AVX-512 rows QSKIP without it):
//  (a) the activation quantizers give the bytes of a plain computation
//      (d = max|x| / 127, q = x / d rounded half to even), on every ISA;
//  (b) each SIMD dot equals the reference dot up to float summation order;
//  (c) the reference dot equals the float dot of dequantize_row()'s weights
//      (the gguf-py-exact oracle) with the unquantized activations, within
//      the error 8-bit activations imply: sum over blocks of sum|w| * d_a / 2.
// Plus CPU feature detection against /proc/cpuinfo and SILIANG_CPU_ISA rules.
#include <QFile>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string_view>
#include <vector>

#include "cpu/cpu_features.h"
#include "cpu/dequantize.h"
#include "cpu/quant_blocks.h"
#include "cpu/vec_dot.h"
#include "cpu/vec_dot_impl.h"

using namespace siliang;
using namespace siliang::kernels::cpu;
namespace cpu = siliang::kernels::cpu;
using gguf::TensorType;

Q_DECLARE_METATYPE(siliang::kernels::cpu::Isa)

namespace {

struct TypeCase {
    const char* name;
    TensorType type;
};

const std::vector<TypeCase>& dot_types() {
    static const std::vector<TypeCase> types = {
        {"F32", TensorType::F32},   {"F16", TensorType::F16},   {"BF16", TensorType::BF16},
        {"Q4_0", TensorType::Q4_0}, {"Q4_1", TensorType::Q4_1}, {"Q5_0", TensorType::Q5_0},
        {"Q5_1", TensorType::Q5_1}, {"Q8_0", TensorType::Q8_0},
    };
    return types;
}

bool is_float_type(TensorType t) {
    return t == TensorType::F32 || t == TensorType::F16 || t == TensorType::BF16;
}

// Row lengths: one block, odd block counts, and 4096+ (float types also get
// lengths that are not a multiple of any vector width).
std::vector<int64_t> lengths(TensorType t) {
    if (is_float_type(t)) return {1, 7, 16, 31, 33, 100, 1000, 4099, 4096 + 64};
    return {32, 96, 224, 1056, 4096, 4096 + 5 * 32};
}

// Activations: normal values with a block-varying magnitude, plus the edge
// blocks: all zeros, huge, tiny, one spike among zeros, and exact ties of
// x / d (amax 127 makes d = 1, so x.5 values are halfway).
std::vector<float> make_activations(int64_t n, std::mt19937& rng) {
    std::normal_distribution<float> normal(0.0f, 1.0f);
    std::vector<float> x(static_cast<size_t>(n));
    for (int64_t b = 0; b * 32 < n; ++b) {
        const int64_t end = std::min(n, (b + 1) * 32);
        const int kind = static_cast<int>(b % 7);
        for (int64_t i = b * 32; i < end; ++i) {
            const float v = normal(rng);
            switch (kind) {
                case 0: x[size_t(i)] = v; break;
                case 1: x[size_t(i)] = 0.0f; break;
                case 2: x[size_t(i)] = v * 3.0e4f; break;
                case 3: x[size_t(i)] = v * 1.0e-20f; break;
                case 4: x[size_t(i)] = (i == b * 32 + 5) ? -7.5f : 0.0f; break;
                case 5: {
                    const int k = static_cast<int>(i - b * 32);
                    x[size_t(i)] = k == 0 ? 127.0f : (k % 2 ? -1.0f : 1.0f) * (float(k) - 0.5f);
                    break;
                }
                default: x[size_t(i)] = v * 0.01f + 0.5f; break;
            }
        }
    }
    return x;
}

// Block scales that exercise the edges: ordinary, negative, zero, fp16
// subnormal, the largest half.
uint16_t pick_scale(int64_t block, std::mt19937& rng) {
    std::uniform_real_distribution<float> u(1e-3f, 0.1f);
    switch (block % 8) {
        case 1: return fp32_to_fp16(-u(rng));
        case 3: return 0x0000;
        case 5:
            return (block % 16 == 5) ? 0x0001 : 0x83FF;  // smallest / largest negative subnormal
        case 7: return (block % 16 == 7) ? 0x7BFF : 0xFBFF;  // +-65504
        default: return fp32_to_fp16(u(rng));
    }
}

// A weight row of n elements of type t: random quant bytes (every byte
// pattern is a valid quant) with the scales set explicitly.
std::vector<uint8_t> make_weights(TensorType t, int64_t n, std::mt19937& rng) {
    const auto traits = gguf::type_traits(t);
    const int64_t n_blocks = n / traits->block_size;
    std::vector<uint8_t> w(size_t(n_blocks * traits->type_size));
    std::uniform_int_distribution<int> byte(0, 255);
    for (auto& v : w) v = static_cast<uint8_t>(byte(rng));
    std::normal_distribution<float> normal(0.0f, 1.0f);
    const auto put16 = [&](size_t at, uint16_t v) { std::memcpy(w.data() + at, &v, 2); };
    for (int64_t b = 0; b < n_blocks; ++b) {
        const size_t at = size_t(b * traits->type_size);
        switch (t) {
            case TensorType::F32: {
                const float v = normal(rng) * (b % 5 == 4 ? 1e3f : 1.0f);
                std::memcpy(w.data() + at, &v, 4);
                break;
            }
            case TensorType::F16: put16(at, fp32_to_fp16(normal(rng))); break;
            case TensorType::BF16: put16(at, fp32_to_bf16(normal(rng))); break;
            case TensorType::Q4_1:
            case TensorType::Q5_1:
                put16(at, pick_scale(b, rng));
                put16(at + 2, pick_scale(b + 3, rng));  // the min, a different edge case
                break;
            default: put16(at, pick_scale(b, rng)); break;
        }
    }
    return w;
}

// The straightforward activation quantization (a), independent of the kernels.
float expected_block(const float* x, int len, int8_t* q) {
    float amax = 0.0f;
    for (int i = 0; i < len; ++i) amax = std::max(amax, std::fabs(x[i]));
    const float d = amax / 127.0f;
    for (int i = 0; i < len; ++i) {
        const float r = d == 0.0f ? 0.0f : std::nearbyint(x[i] / d);  // default mode: half to even
        q[i] = static_cast<int8_t>(std::clamp(r, -127.0f, 127.0f));
    }
    return d;
}

std::vector<uint8_t> expected_q8_32(const std::vector<float>& x) {
    std::vector<uint8_t> out(act_bytes(ActFormat::Q8_32, int64_t(x.size())));
    for (size_t b = 0; b < x.size() / 32; ++b) {
        ActQ8_32 blk{};
        blk.d = expected_block(x.data() + b * 32, 32, blk.qs);
        blk.sum = 0;
        for (int8_t v : blk.qs) blk.sum += v;
        std::memcpy(out.data() + b * sizeof blk, &blk, sizeof blk);
    }
    return out;
}

std::vector<uint8_t> expected_q8_256(const std::vector<float>& x) {
    std::vector<uint8_t> out(act_bytes(ActFormat::Q8_256, int64_t(x.size())));
    for (size_t b = 0; b < x.size() / 256; ++b) {
        ActQ8_256 blk{};
        blk.d = expected_block(x.data() + b * 256, 256, blk.qs);
        for (int g = 0; g < 16; ++g) {
            int s = 0;
            for (int i = 0; i < 16; ++i) s += blk.qs[g * 16 + i];
            blk.bsums[g] = static_cast<int16_t>(s);
        }
        std::memcpy(out.data() + b * sizeof blk, &blk, sizeof blk);
    }
    return out;
}

// The activations of `x` in `format`, quantized by `k`.
std::vector<uint8_t> activations(const Kernels& k, ActFormat format, const std::vector<float>& x) {
    const auto n = int64_t(x.size());
    std::vector<uint8_t> a(act_bytes(format, n));
    if (format == ActFormat::F32) std::memcpy(a.data(), x.data(), a.size());
    if (format == ActFormat::Q8_32) k.quantize_q8_32(x.data(), a.data(), n);
    if (format == ActFormat::Q8_256) k.quantize_q8_256(x.data(), a.data(), n);
    return a;
}

// Copies bytes to an address that is `skew` bytes past a 64-byte boundary:
// kernels must not need aligned weights or activation blocks.
struct Skewed {
    std::vector<uint8_t> storage;
    const uint8_t* ptr = nullptr;
    Skewed(const std::vector<uint8_t>& bytes, size_t skew) : storage(bytes.size() + 128) {
        auto addr = reinterpret_cast<uintptr_t>(storage.data());
        const size_t offset = (64 - addr % 64) % 64 + skew;
        std::memcpy(storage.data() + offset, bytes.data(), bytes.size());
        ptr = storage.data() + offset;
    }
};

// Sum over blocks of sum|w| * d_a / 2: each ActQ8_32 activation is within
// d_a / 2 of the float it came from.
double quantization_bound(const std::vector<float>& wf, const std::vector<uint8_t>& a) {
    double bound = 0.0;
    for (size_t b = 0; b < wf.size() / 32; ++b) {
        ActQ8_32 blk;
        std::memcpy(&blk, a.data() + b * sizeof blk, sizeof blk);
        double wsum = 0.0;
        for (size_t i = b * 32; i < b * 32 + 32; ++i) wsum += std::fabs(double(wf[i]));
        bound += wsum * blk.d / 2.0;
    }
    return bound;
}

QString isa_row(Isa isa) {
    return QString::fromLatin1(isa_name(isa));
}

}  // namespace

class TestVecDot : public QObject {
    Q_OBJECT

private:
    static void isa_rows() {
        QTest::addColumn<Isa>("isa");
        for (Isa isa : {Isa::Ref, Isa::Avx2, Isa::Avx512, Isa::Neon, Isa::NeonDot}) {
            QTest::newRow(qPrintable(isa_row(isa))) << isa;
        }
    }
    static const Kernels* kernels_or_skip(Isa isa) {
        if (!isa_available(isa)) return nullptr;
        return &kernels_for(isa);
    }

private slots:
    void initTestCase() {
        qInfo("best ISA: %s, selected: %s", isa_name(best_isa()), isa_name(cpu::kernels().isa));
    }

    // On Linux x86-64, detection agrees with the kernel's view of the CPU flags.
    void detection_matches_proc_cpuinfo() {
#if defined(__linux__) && (defined(__x86_64__) || defined(_M_X64))
        QFile f(QStringLiteral("/proc/cpuinfo"));
        if (!f.open(QIODevice::ReadOnly)) QSKIP("/proc/cpuinfo not readable");
        QStringList flags;
        for (const QByteArray& line : f.readAll().split('\n')) {
            if (line.startsWith("flags")) {
                flags = QString::fromLatin1(line.mid(line.indexOf(':') + 1))
                            .split(' ', Qt::SkipEmptyParts);
                break;
            }
        }
        QVERIFY(!flags.isEmpty());
        const auto has = [&](const char* name) { return flags.contains(QLatin1String(name)); };
        const CpuFeatures cf = detect_cpu_features();
        QCOMPARE(cf.avx2, has("avx2") && has("fma") && has("f16c"));
        QCOMPARE(cf.avx512, cf.avx2 && has("avx512f") && has("avx512bw") && has("avx512vl") &&
                                has("avx512_vnni"));
        const Isa expected = !build_has_x86_simd() ? Isa::Ref
                             : cf.avx512           ? Isa::Avx512
                             : cf.avx2             ? Isa::Avx2
                                                   : Isa::Ref;
        QCOMPARE(best_isa(), expected);
#else
        QSKIP("x86-64 Linux only");
#endif
    }

    void isa_request_rules() {
        bool warn = true;
        QCOMPARE(resolve_isa_request("", Isa::Avx512, &warn), Isa::Avx512);
        QVERIFY(!warn);
        QCOMPARE(resolve_isa_request("auto", Isa::Avx2, &warn), Isa::Avx2);
        QCOMPARE(resolve_isa_request("ref", Isa::Avx512, &warn), Isa::Ref);
        QCOMPARE(resolve_isa_request("AVX2", Isa::Avx512, &warn), Isa::Avx2);
        QVERIFY(!warn);
        // Above what the CPU has: the best available.
        QCOMPARE(resolve_isa_request("avx512", Isa::Avx2, &warn), Isa::Avx2);
        QCOMPARE(resolve_isa_request("avx2", Isa::Ref, &warn), Isa::Ref);
        QVERIFY(!warn);
        QCOMPARE(resolve_isa_request("sse9", Isa::Avx2, &warn), Isa::Avx2);
        QVERIFY(warn);
        QCOMPARE(parse_isa("avx512"), std::optional<Isa>(Isa::Avx512));
        QCOMPARE(parse_isa("avx"), std::optional<Isa>());
        // SILIANG_CPU_ISA is honoured (CTest runs this function once more with it set to ref).
        if (const char* env = std::getenv("SILIANG_CPU_ISA")) {
            QCOMPARE(selected_isa(), resolve_isa_request(env, best_isa(), nullptr));
            if (std::string_view(env) == "ref") QCOMPARE(cpu::kernels().isa, Isa::Ref);
        } else {
            QCOMPARE(selected_isa(), best_isa());
        }
        // kernels() is the table of the selected ISA, and asking for more than the CPU has throws.
        QCOMPARE(cpu::kernels().isa, selected_isa());
        QCOMPARE(&cpu::kernels(), &kernels_for(selected_isa()));
        if (best_isa() != Isa::Avx512) {
            QVERIFY_THROWS_EXCEPTION(std::invalid_argument, kernels_for(Isa::Avx512));
        }
    }

    void act_bytes_and_table() {
        QCOMPARE(act_bytes(ActFormat::F32, 896), size_t(896 * 4));
        QCOMPARE(act_bytes(ActFormat::Q8_32, 896), size_t(28 * 40));
        QCOMPARE(act_bytes(ActFormat::Q8_256, 1536), size_t(6 * 292));
        for (Isa isa : {Isa::Ref, Isa::Avx2, Isa::Avx512, Isa::Neon, Isa::NeonDot}) {
            const Kernels* k = kernels_or_skip(isa);
            if (!k) continue;
            QCOMPARE(k->isa, isa);
            QVERIFY(k->quantize_q8_32 && k->quantize_q8_256 && k->dot_f32 && k->for_type);
            for (const TypeCase& t : dot_types()) {
                const WeightKernel wk = k->for_type(t.type);
                QVERIFY2(wk.dot != nullptr, t.name);
                QCOMPARE(wk.act, is_float_type(t.type) ? ActFormat::F32 : ActFormat::Q8_32);
            }
            // The K-quants (helper kernels in vec_dot_kquants_*.cpp) are wired in every table.
            for (TensorType t : {TensorType::Q2_K, TensorType::Q3_K, TensorType::Q4_K,
                                 TensorType::Q5_K, TensorType::Q6_K}) {
                QVERIFY(k->for_type(t).dot != nullptr);
                QCOMPARE(k->for_type(t).act, ActFormat::Q8_256);
            }
            for (TensorType t : {TensorType::Q8_1, TensorType::Q8_K, TensorType::IQ4_NL}) {
                QVERIFY(k->for_type(t).dot == nullptr);
            }
        }
    }

    void quantize_activations_data() {
        isa_rows();
    }
    // (a) bytes of a plain computation, for both activation formats.
    void quantize_activations() {
        QFETCH(Isa, isa);
        const Kernels* k = kernels_or_skip(isa);
        if (!k) QSKIP("this CPU or build lacks the ISA");
        std::mt19937 rng(1234);
        for (int64_t n : {256, 512 + 256, 4096, 4096 + 7 * 256}) {
            const std::vector<float> x = make_activations(n, rng);
            QVERIFY2(activations(*k, ActFormat::Q8_32, x) == expected_q8_32(x),
                     qPrintable(QString::number(n)));
            QVERIFY2(activations(*k, ActFormat::Q8_256, x) == expected_q8_256(x),
                     qPrintable(QString::number(n)));
        }
        // The tie block really has ties and they go to even: 0.5 -> 0, 1.5 -> 2, -2.5 -> -2.
        std::vector<float> ties(32, 0.0f);
        ties[0] = 127.0f;
        ties[1] = 0.5f;
        ties[2] = 1.5f;
        ties[3] = -2.5f;
        ActQ8_32 blk;
        k->quantize_q8_32(ties.data(), &blk, 32);
        QCOMPARE(blk.d, 1.0f);
        QCOMPARE(int(blk.qs[1]), 0);
        QCOMPARE(int(blk.qs[2]), 2);
        QCOMPARE(int(blk.qs[3]), -2);
        QCOMPARE(blk.sum, 127);
    }

    void simd_matches_reference_data() {
        isa_rows();
    }
    // (b) every dot of this ISA against the reference dot on the same activations.
    void simd_matches_reference() {
        QFETCH(Isa, isa);
        const Kernels* k = kernels_or_skip(isa);
        if (!k) QSKIP("this CPU or build lacks the ISA");
        const Kernels& ref = kernels_for(Isa::Ref);
        std::mt19937 rng(99);
        int checked = 0;
        for (const TypeCase& t : dot_types()) {
            for (int64_t n : lengths(t.type)) {
                const std::vector<uint8_t> w = make_weights(t.type, n, rng);
                const std::vector<float> x = make_activations(n, rng);
                const WeightKernel wk = k->for_type(t.type);
                const std::vector<uint8_t> a = activations(ref, wk.act, x);
                // Misaligned weights; quantized activation blocks misaligned too.
                const Skewed ws(w, 1), as(a, wk.act == ActFormat::F32 ? 0 : 3);
                const float expected = ref.for_type(t.type).dot(n, ws.ptr, as.ptr);
                const float actual = wk.dot(n, ws.ptr, as.ptr);
                // Only the float summation order may differ: relative to the
                // sum of |w * x| (the result itself can cancel to ~0).
                std::vector<float> wf(static_cast<size_t>(n));
                dequantize_row(t.type, w.data(), wf.data(), n);
                double magnitude = 0.0;
                for (int64_t i = 0; i < n; ++i) {
                    magnitude += std::fabs(double(wf[size_t(i)])) * std::fabs(double(x[size_t(i)]));
                }
                // Q4_1/Q5_1 split w into d * q + m: those terms can exceed |w|.
                magnitude *= 4.0;
                const double tol = 1e-5 * magnitude + 1e-30;
                QVERIFY2(std::fabs(double(actual) - double(expected)) <= tol,
                         qPrintable(QStringLiteral("%1 n=%2: %3 %4 vs ref %5 (tol %6)")
                                        .arg(t.name)
                                        .arg(n)
                                        .arg(isa_name(isa))
                                        .arg(double(actual), 0, 'g', 9)
                                        .arg(double(expected), 0, 'g', 9)
                                        .arg(tol)));
                ++checked;
            }
        }
        // dot_f32 (attention) too.
        for (int64_t n : {1, 15, 64, 1000, 4099}) {
            const std::vector<float> x = make_activations(n, rng), y = make_activations(n, rng);
            double magnitude = 0.0;
            for (int64_t i = 0; i < n; ++i)
                magnitude += std::fabs(double(x[size_t(i)]) * y[size_t(i)]);
            const float expected = ref.dot_f32(n, x.data(), y.data());
            QVERIFY(std::fabs(double(k->dot_f32(n, x.data(), y.data())) - expected) <=
                    1e-5 * magnitude);
        }
        qInfo("%s: %d rows match the reference", isa_name(isa), checked);
    }

    // (c) the reference against dequantize_row() and the unquantized activations.
    void reference_matches_dequantized() {
        const Kernels& ref = kernels_for(Isa::Ref);
        std::mt19937 rng(7);
        for (const TypeCase& t : dot_types()) {
            double worst = 0.0;  // largest error / bound seen
            for (int64_t n : lengths(t.type)) {
                const std::vector<uint8_t> w = make_weights(t.type, n, rng);
                const std::vector<float> x = make_activations(n, rng);
                std::vector<float> wf(static_cast<size_t>(n));
                dequantize_row(t.type, w.data(), wf.data(), n);
                const WeightKernel wk = ref.for_type(t.type);
                const std::vector<uint8_t> a = activations(ref, wk.act, x);
                const double actual = wk.dot(n, w.data(), a.data());
                double exact = 0.0, magnitude = 0.0, bound = 0.0;
                for (int64_t i = 0; i < n; ++i) {
                    exact += double(wf[size_t(i)]) * double(x[size_t(i)]);
                    magnitude += std::fabs(double(wf[size_t(i)]) * double(x[size_t(i)]));
                }
                if (wk.act == ActFormat::Q8_32) {
                    bound = quantization_bound(wf, a);
                    magnitude *= 4.0;  // the d * q + m split, as in (b)
                }
                bound += 1e-5 * magnitude + 1e-30;
                const double err = std::fabs(actual - exact);
                QVERIFY2(err <= bound,
                         qPrintable(QStringLiteral("%1 n=%2: ref %3, dequantized %4, bound %5")
                                        .arg(t.name)
                                        .arg(n)
                                        .arg(actual, 0, 'g', 9)
                                        .arg(exact, 0, 'g', 9)
                                        .arg(bound)));
                worst = std::max(worst, err / bound);
            }
            qInfo("%s: worst error %.3f of the bound", t.name, worst);
        }
    }

    // (c) is not vacuous: a swapped nibble order or a missing offset breaks the bound.
    void oracle_catches_layout_errors() {
        const Kernels& ref = kernels_for(Isa::Ref);
        std::mt19937 rng(5);
        const int64_t n = 1024;
        std::vector<uint8_t> w(size_t(n / 32 * sizeof(BlockQ4_0)));
        std::uniform_int_distribution<int> byte(0, 255);
        for (auto& v : w) v = static_cast<uint8_t>(byte(rng));
        for (size_t b = 0; b < w.size(); b += sizeof(BlockQ4_0)) {
            const uint16_t d = fp32_to_fp16(0.05f);
            std::memcpy(w.data() + b, &d, 2);
        }
        std::normal_distribution<float> normal(0.0f, 1.0f);
        std::vector<float> x(static_cast<size_t>(n));
        for (float& v : x) v = normal(rng) + 0.3f;  // a non-zero mean makes the offset matter
        const std::vector<uint8_t> a = activations(ref, ActFormat::Q8_32, x);
        const float dot = ref.for_type(TensorType::Q4_0).dot(n, w.data(), a.data());
        // Q4_0 read as if it were Q4_1 with m = 0 (offset dropped): same nibbles, no -8.
        std::vector<float> wf(static_cast<size_t>(n));
        dequantize_row(TensorType::Q4_0, w.data(), wf.data(), n);
        double exact = 0.0, swapped = 0.0;
        for (int64_t i = 0; i < n; ++i) {
            exact += double(wf[size_t(i)]) * x[size_t(i)];
            const int64_t j = (i % 32 < 16) ? i + 16 : i - 16;  // nibble halves swapped
            swapped += double(wf[size_t(j)]) * x[size_t(i)];
        }
        const double bound = quantization_bound(wf, a) + 1e-5;
        QVERIFY(std::fabs(dot - exact) <= bound);
        QVERIFY(std::fabs(swapped - exact) > 3 * bound);
        double no_offset = 0.0;
        for (int64_t i = 0; i < n; ++i)
            no_offset += (double(wf[size_t(i)]) + 8 * 0.05) * x[size_t(i)];
        QVERIFY(std::fabs(no_offset - exact) > 3 * bound);
    }
};

QTEST_GUILESS_MAIN(TestVecDot)
#include "test_vec_dot.moc"
