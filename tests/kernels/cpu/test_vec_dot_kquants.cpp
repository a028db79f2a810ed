// The K-quant dot products (kernels/cpu/vec_dot_kquants_*.cpp) for Q2_K, Q3_K,
// Q4_K, Q5_K and Q6_K weights against ActQ8_256 activations:
//  (a) every SIMD kernel the CPU runs equals the reference: exactly when all
//      scales are small powers of two (then every float operation is exact,
//      so this compares the integer parts), and within 1e-5 of sum |w * x|
//      with realistic scales;
//  (b) the reference equals the float dot of dequantize_row()'s weights (the
//      gguf-py-exact ground truth) with the activations: within float
//      rounding when the activations are exactly representable in ActQ8_256,
//      else within the activation quantization error sum |w| * d_a / 2;
//  (c) both hold on real rows of the Gemma 3 270M Q4_K_M file (Q4_K, Q6_K,
//      and those rows requantized to the other K-quants where quantize_row
//      supports them); skipped when the file is absent.
// Random bytes are valid K-quant blocks once the fp16 d / dmin fields are set
// to finite values, which the tests do. Weights and activations are placed
// at odd addresses: kernels must not need alignment. The last test function
// reports single-thread throughput (GB/s of weight bytes), no assertion.
#include <QRandomGenerator>
#include <QtTest>

#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <vector>

#include "cpu/dequantize.h"
#include "cpu/fp16.h"
#include "cpu/quant_blocks.h"
#include "cpu/vec_dot.h"
#include "cpu/vec_dot_impl.h"
#include "gguf/gguf_reader.h"
#include "kernel_test_util.h"
#include "test_models.h"

using namespace siliang;
namespace cpu = siliang::kernels::cpu;
namespace detail = siliang::kernels::cpu::detail;
using gguf::TensorType;

namespace {

constexpr int kQK = cpu::kQK_K;

struct KType {
    const char* name;
    TensorType type;
    size_t block_bytes;
    size_t d_offset;        // fp16 super-block scale
    int dmin_offset;        // fp16 scale of the mins, -1 when the type has none
    cpu::VecDotFn dots[3];  // by Isa: Ref, Avx2, Avx512 (null when not built)
};

#if defined(SILIANG_KERNELS_X86_SIMD)
#define SIMD_DOTS(t) detail::dot_##t##_ref, detail::dot_##t##_avx2, detail::dot_##t##_avx512
#else
#define SIMD_DOTS(t) detail::dot_##t##_ref, nullptr, nullptr
#endif

const std::vector<KType>& ktypes() {
    using namespace cpu;
    static const std::vector<KType> types = {
        {"Q2_K",
         TensorType::Q2_K,
         sizeof(BlockQ2_K),
         offsetof(BlockQ2_K, d),
         static_cast<int>(offsetof(BlockQ2_K, dmin)),
         {SIMD_DOTS(q2_k)}},
        {"Q3_K",
         TensorType::Q3_K,
         sizeof(BlockQ3_K),
         offsetof(BlockQ3_K, d),
         -1,
         {SIMD_DOTS(q3_k)}},
        {"Q4_K",
         TensorType::Q4_K,
         sizeof(BlockQ4_K),
         offsetof(BlockQ4_K, d),
         static_cast<int>(offsetof(BlockQ4_K, dmin)),
         {SIMD_DOTS(q4_k)}},
        {"Q5_K",
         TensorType::Q5_K,
         sizeof(BlockQ5_K),
         offsetof(BlockQ5_K, d),
         static_cast<int>(offsetof(BlockQ5_K, dmin)),
         {SIMD_DOTS(q5_k)}},
        {"Q6_K",
         TensorType::Q6_K,
         sizeof(BlockQ6_K),
         offsetof(BlockQ6_K, d),
         -1,
         {SIMD_DOTS(q6_k)}},
    };
    return types;
}

const KType* find_ktype(TensorType type) {
    for (const auto& t : ktypes())
        if (t.type == type) return &t;
    return nullptr;
}

// The SIMD ISAs this CPU and build run, lowest first.
std::vector<cpu::Isa> simd_isas() {
    std::vector<cpu::Isa> isas;
    for (cpu::Isa isa : {cpu::Isa::Avx2, cpu::Isa::Avx512})
        if (cpu::isa_available(isa)) isas.push_back(isa);
    return isas;
}

// A byte buffer whose data() is `misalign` bytes past a 64-byte boundary.
class Unaligned {
public:
    Unaligned(size_t size, size_t misalign) : storage_(size + 64 + misalign) {
        const auto base = reinterpret_cast<uintptr_t>(storage_.data());
        offset_ = (64 - base % 64) % 64 + misalign;
        size_ = size;
    }
    uint8_t* data() { return storage_.data() + offset_; }
    const uint8_t* data() const { return storage_.data() + offset_; }
    size_t size() const { return size_; }

private:
    std::vector<uint8_t> storage_;
    size_t offset_ = 0, size_ = 0;
};

enum class Scales { PowersOfTwo, Realistic };

void put_half(uint8_t* p, float v) {
    const uint16_t h = cpu::fp32_to_fp16(v);
    std::memcpy(p, &h, sizeof h);
}

float random_sign(QRandomGenerator& rng) {
    return rng.bounded(2) ? 1.0f : -1.0f;
}

// Random bytes for n / 256 blocks with d (and dmin) set to: +-1 or +-2
// (PowersOfTwo), or +-[1e-4, 1e-2) (Realistic).
Unaligned random_weights(const KType& t, int64_t n, Scales scales, QRandomGenerator& rng) {
    const int64_t nb = n / kQK;
    Unaligned w(static_cast<size_t>(nb) * t.block_bytes, 1);
    for (size_t i = 0; i < w.size(); ++i) w.data()[i] = static_cast<uint8_t>(rng.bounded(256));
    const auto scale = [&] {
        if (scales == Scales::PowersOfTwo) return random_sign(rng) * (rng.bounded(2) ? 2.0f : 1.0f);
        return random_sign(rng) * static_cast<float>(1e-4 + rng.generateDouble() * (1e-2 - 1e-4));
    };
    for (int64_t b = 0; b < nb; ++b) {
        uint8_t* block = w.data() + b * static_cast<int64_t>(t.block_bytes);
        put_half(block + t.d_offset, scale());
        if (t.dmin_offset >= 0) put_half(block + t.dmin_offset, scale());
    }
    return w;
}

// ActQ8_256 blocks built directly (d = 1, quants in [-15, 15], bsums summed
// here): with power-of-two weight scales every partial sum is an integer
// well below 2^24, so reference and SIMD must agree to the bit.
Unaligned small_int_activations(int64_t n, QRandomGenerator& rng) {
    const int64_t nb = n / kQK;
    Unaligned a(static_cast<size_t>(nb) * sizeof(cpu::ActQ8_256), 3);
    for (int64_t b = 0; b < nb; ++b) {
        cpu::ActQ8_256 blk{};
        blk.d = 1.0f;
        for (int e = 0; e < kQK; ++e) blk.qs[e] = static_cast<int8_t>(rng.bounded(31) - 15);
        for (int g = 0; g < 16; ++g) {
            int s = 0;
            for (int e = 0; e < 16; ++e) s += blk.qs[16 * g + e];
            blk.bsums[g] = static_cast<int16_t>(s);
        }
        std::memcpy(a.data() + b * static_cast<int64_t>(sizeof blk), &blk, sizeof blk);
    }
    return a;
}

// Float activations. Lossless: each block is 2^k * integers in [-127, 127]
// with a +-127 in it, so ActQ8_256 holds it exactly. Otherwise smooth random
// values with a different magnitude per block, and an all-zero block.
std::vector<float> random_floats(int64_t n, bool lossless, QRandomGenerator& rng) {
    std::vector<float> x(static_cast<size_t>(n));
    for (int64_t b = 0; b < n / kQK; ++b) {
        float* blk = x.data() + b * kQK;
        const int k = static_cast<int>(rng.bounded(9)) - 4;
        if (lossless) {
            for (int e = 0; e < kQK; ++e)
                blk[e] = std::ldexp(static_cast<float>(rng.bounded(255)) - 127.0f, k);
            blk[rng.bounded(kQK)] = std::ldexp(127.0f * random_sign(rng), k);
        } else if (b == 1) {
            std::fill(blk, blk + kQK, 0.0f);
        } else {
            for (int e = 0; e < kQK; ++e)
                blk[e] =
                    std::ldexp(static_cast<float>(rng.generateDouble() - rng.generateDouble()), k);
        }
    }
    return x;
}

Unaligned quantize_activations(const std::vector<float>& x) {
    const auto n = static_cast<int64_t>(x.size());
    Unaligned a(cpu::act_bytes(cpu::ActFormat::Q8_256, n), 5);
    detail::quantize_act_q8_256_ref(x.data(), a.data(), n);
    return a;
}

// The float truth: sum of dequantized weight * x in double, and the scales
// the comparisons need.
struct FloatDot {
    double dot = 0;        // sum w * x
    double abs_wx = 0;     // sum |w * x|
    double quant_err = 0;  // sum over blocks of sum |w| * d_a / 2
};

FloatDot float_dot(const KType& t, const uint8_t* w, const std::vector<float>& x,
                   const uint8_t* act) {
    const auto n = static_cast<int64_t>(x.size());
    std::vector<float> wf(x.size());
    cpu::dequantize_row(t.type, w, wf.data(), n);
    FloatDot r;
    for (int64_t b = 0; b < n / kQK; ++b) {
        cpu::ActQ8_256 blk;
        std::memcpy(&blk, act + b * static_cast<int64_t>(sizeof blk), sizeof blk);
        double abs_w = 0;
        for (int64_t e = b * kQK; e < (b + 1) * kQK; ++e) {
            const double p = static_cast<double>(wf[e]) * static_cast<double>(x[e]);
            r.dot += p;
            r.abs_wx += std::fabs(p);
            abs_w += std::fabs(static_cast<double>(wf[e]));
        }
        r.quant_err += abs_w * static_cast<double>(blk.d) / 2;
    }
    return r;
}

constexpr double kRel = 1e-5;

// "" when |got - want| <= tol, else a description.
QString off_by(const char* what, double got, double want, double tol) {
    if (std::fabs(got - want) <= tol) return {};
    return QStringLiteral("%1: got %2, expected %3 (difference %4, allowed %5)")
        .arg(QLatin1String(what))
        .arg(got, 0, 'g', 9)
        .arg(want, 0, 'g', 9)
        .arg(std::fabs(got - want), 0, 'g', 3)
        .arg(tol, 0, 'g', 3);
}

// (a) and (b) for one weight row and float activations. Returns "" or the
// first failure.
QString check_row(const KType& t, const uint8_t* w, const std::vector<float>& x, bool lossless) {
    const auto n = static_cast<int64_t>(x.size());
    const Unaligned act = quantize_activations(x);
    const FloatDot truth = float_dot(t, w, x, act.data());
    const double ref = t.dots[0](n, w, act.data());
    const double rounding = kRel * truth.abs_wx + 1e-30;
    QString err = off_by("reference vs float dot", ref, truth.dot,
                         lossless ? rounding : truth.quant_err + rounding);
    if (!err.isEmpty()) return err;
    for (cpu::Isa isa : simd_isas()) {
        const double simd = t.dots[static_cast<int>(isa)](n, w, act.data());
        err = off_by(cpu::isa_name(isa), simd, ref, rounding);
        if (!err.isEmpty()) return err;
    }
    return {};
}

const int64_t kLengths[] = {kQK, 17 * kQK, 35 * kQK};  // 256, 4352, 8960 elements

}  // namespace

class TestVecDotKQuants : public QObject {
    Q_OBJECT

    quint32 seed_ = 0;

private slots:
    void initTestCase() {
        seed_ = kernels::test::live_seed();
        QString isas = QStringLiteral("ref");
        for (cpu::Isa isa : simd_isas())
            isas += QLatin1Char(' ') + QLatin1String(cpu::isa_name(isa));
        qInfo("seed %u (SILIANG_KERNEL_TEST_SEED=%u replays it); ISAs tested: %s", seed_, seed_,
              qPrintable(isas));
    }

    // The dispatch tables route each K-quant to these kernels, with ActQ8_256.
    void tables_route_to_kquant_kernels() {
        // dots[] holds the x86 sets (Ref, Avx2, Avx512, indexed by Isa); on AArch64 only Ref.
        for (cpu::Isa set : {cpu::Isa::Ref, cpu::Isa::Avx2, cpu::Isa::Avx512}) {
            if (!cpu::isa_available(set)) continue;
            const int isa = static_cast<int>(set);
            const auto& k = cpu::kernels_for(set);
            for (const auto& t : ktypes()) {
                const cpu::WeightKernel wk = k.for_type(t.type);
                QVERIFY2(wk.dot == t.dots[isa], t.name);
                QVERIFY2(wk.act == cpu::ActFormat::Q8_256, t.name);
            }
        }
    }

    // The four-row kernels (vec_dot.h: dot4) give each row's dot bit for bit, at any row
    // stride; the tables offer one for Q4_K on AVX-512 only.
    void four_row_kernels_equal_single_rows() {
        QRandomGenerator rng(seed_ + 4);
        int checked = 0;
        for (cpu::Isa set : {cpu::Isa::Ref, cpu::Isa::Avx2, cpu::Isa::Avx512}) {
            if (!cpu::isa_available(set)) continue;
            const auto& k = cpu::kernels_for(set);
            for (const auto& t : ktypes()) {
                const cpu::WeightKernel wk = k.for_type(t.type);
                const bool expected = set == cpu::Isa::Avx512 && t.type == TensorType::Q4_K;
                QVERIFY2((wk.dot4 != nullptr) == expected, t.name);
                if (!wk.dot4) continue;
                for (int64_t n : kLengths) {
                    const size_t row = static_cast<size_t>(n / kQK) * t.block_bytes;
                    for (size_t stride : {row, row + 7}) {
                        Unaligned w(3 * stride + row, 1);
                        for (int r = 0; r < 4; ++r) {
                            const Unaligned one = random_weights(t, n, Scales::Realistic, rng);
                            std::memcpy(w.data() + r * stride, one.data(), row);
                        }
                        const std::vector<float> x = random_floats(n, false, rng);
                        const Unaligned act = quantize_activations(x);
                        float four[4];
                        wk.dot4(n, w.data(), stride, act.data(), four);
                        for (int r = 0; r < 4; ++r) {
                            const float one = wk.dot(n, w.data() + r * stride, act.data());
                            QVERIFY2(four[r] == one,
                                     qPrintable(QStringLiteral("%1 n=%2 stride %3 row %4: %5 vs %6")
                                                    .arg(QLatin1String(t.name))
                                                    .arg(n)
                                                    .arg(stride)
                                                    .arg(r)
                                                    .arg(static_cast<double>(four[r]), 0, 'g', 9)
                                                    .arg(static_cast<double>(one), 0, 'g', 9)));
                            ++checked;
                        }
                    }
                }
            }
        }
        if (checked == 0) QSKIP("no four-row kernels on this CPU or build");
        qInfo("%d rows of four-row kernels equal the one-row dot", checked);
    }

    // (a), integer parts: with power-of-two scales every float operation is
    // exact, so SIMD and reference must agree to the bit.
    void simd_integer_parts_exact() {
        if (simd_isas().empty()) QSKIP("no SIMD ISA on this CPU or build");
        QRandomGenerator rng(seed_);
        for (const auto& t : ktypes()) {
            for (int64_t n : kLengths) {
                for (int trial = 0; trial < 8; ++trial) {
                    const Unaligned w = random_weights(t, n, Scales::PowersOfTwo, rng);
                    const Unaligned a = small_int_activations(n, rng);
                    const float ref = t.dots[0](n, w.data(), a.data());
                    for (cpu::Isa isa : simd_isas()) {
                        const float simd = t.dots[static_cast<int>(isa)](n, w.data(), a.data());
                        QVERIFY2(simd == ref,
                                 qPrintable(QStringLiteral("%1 %2 n=%3: %4 vs reference %5")
                                                .arg(QLatin1String(t.name),
                                                     QLatin1String(cpu::isa_name(isa)))
                                                .arg(n)
                                                .arg(static_cast<double>(simd), 0, 'g', 9)
                                                .arg(static_cast<double>(ref), 0, 'g', 9)));
                    }
                }
            }
        }
    }

    // (a) with realistic scales and (b), on random blocks.
    void random_blocks_match_float_dot() {
        QRandomGenerator rng(seed_ + 1);
        for (const auto& t : ktypes()) {
            int rows = 0;
            for (int64_t n : kLengths) {
                for (int trial = 0; trial < 12; ++trial) {
                    const bool lossless = trial % 2 == 0;
                    const Unaligned w = random_weights(t, n, Scales::Realistic, rng);
                    const std::vector<float> x = random_floats(n, lossless, rng);
                    const QString err = check_row(t, w.data(), x, lossless);
                    QVERIFY2(err.isEmpty(), qPrintable(QStringLiteral("%1 n=%2 trial %3: %4")
                                                           .arg(QLatin1String(t.name))
                                                           .arg(n)
                                                           .arg(trial)
                                                           .arg(err)));
                    ++rows;
                }
            }
            qInfo("%s: %d random rows match", t.name, rows);
        }
    }

    // The checks above can fail: the lossless comparison notices a single
    // flipped bit in the quants. Every bit of the first 64 quant bytes (from
    // qs in Q2_K / Q4_K / Q5_K, ql in Q6_K, hmask then qs in Q3_K) is flipped
    // in turn. Where the flip moves the float truth by more than twice the
    // tolerance, the reference dot of the flipped row must be rejected when
    // compared with the unflipped truth. (A flip in a sub-block whose scale
    // or activation is 0 changes nothing; 64 bytes span several sub-blocks,
    // so some flips always matter, and their count is checked too.)
    void check_detects_one_changed_quant() {
        QRandomGenerator rng(seed_ + 2);
        for (const auto& t : ktypes()) {
            // One super-block: with more, the tolerance follows the largest.
            const int64_t n = kQK;
            Unaligned w = random_weights(t, n, Scales::Realistic, rng);
            const std::vector<float> x = random_floats(n, true, rng);
            QVERIFY(check_row(t, w.data(), x, true).isEmpty());
            const Unaligned act = quantize_activations(x);
            const FloatDot truth = float_dot(t, w.data(), x, act.data());
            const double tol = kRel * truth.abs_wx;
            const size_t first = t.type == TensorType::Q2_K   ? offsetof(cpu::BlockQ2_K, qs)
                                 : t.type == TensorType::Q4_K ? offsetof(cpu::BlockQ4_K, qs)
                                 : t.type == TensorType::Q5_K ? offsetof(cpu::BlockQ5_K, qs)
                                                              : 0;
            int material = 0;
            for (size_t byte = first; byte < first + 64; ++byte) {
                for (int bit = 0; bit < 8; ++bit) {
                    w.data()[byte] ^= static_cast<uint8_t>(1u << bit);
                    const double changed = t.dots[0](n, w.data(), act.data());
                    const double moved = float_dot(t, w.data(), x, act.data()).dot;
                    w.data()[byte] ^= static_cast<uint8_t>(1u << bit);
                    if (std::fabs(moved - truth.dot) <= 2 * tol) continue;
                    ++material;
                    QVERIFY2(
                        !off_by("", changed, truth.dot, tol).isEmpty(),
                        qPrintable(QStringLiteral("%1: flipping bit %2 of byte %3 went unnoticed")
                                       .arg(QLatin1String(t.name))
                                       .arg(bit)
                                       .arg(byte)));
                }
            }
            QVERIFY2(material >= 64, qPrintable(QStringLiteral("%1: only %2 of 512 flips matter")
                                                    .arg(QLatin1String(t.name))
                                                    .arg(material)));
            qInfo("%s: %d of 512 single-bit flips move the dot; all caught", t.name, material);
        }
    }

    // (c): real rows of the Gemma 3 270M Q4_K_M file.
    void real_weights_match_float_dot() {
        const auto path = siliang::testing::gemma3_test_model();
        if (path.empty())
            QSKIP(
                "Gemma 3 270M Q4_K_M not found (installer/setup-deps.sh, or SILIANG_GEMMA3_GGUF)");
        const auto file = gguf::File::open(path);
        QRandomGenerator rng(seed_ + 3);
        int checked[5] = {};
        for (const auto& tensor : file.tensors()) {
            const KType* t = find_ktype(tensor.type);
            if (t == nullptr || tensor.dims.empty()) continue;
            const auto n = static_cast<int64_t>(tensor.dims[0]);
            const int64_t row_bytes = n / kQK * static_cast<int64_t>(t->block_bytes);
            const int64_t rows = static_cast<int64_t>(tensor.n_bytes) / row_bytes;
            const auto* data = reinterpret_cast<const uint8_t*>(tensor.data.data());
            // Three rows per tensor: first, last and a random one.
            for (int64_t r : {int64_t{0}, rows - 1,
                              static_cast<int64_t>(rng.bounded(static_cast<quint32>(rows)))}) {
                const uint8_t* row = data + r * row_bytes;
                for (bool lossless : {true, false}) {
                    const std::vector<float> x = random_floats(n, lossless, rng);
                    const QString err = check_row(*t, row, x, lossless);
                    QVERIFY2(err.isEmpty(),
                             qPrintable(QStringLiteral("%1 row %2: %3")
                                            .arg(QString::fromUtf8(
                                                tensor.name.data(),
                                                static_cast<qsizetype>(tensor.name.size())))
                                            .arg(r)
                                            .arg(err)));
                }
                ++checked[t - ktypes().data()];
                // The same real values requantized to the K-quants quantize_row supports.
                std::vector<float> wf(static_cast<size_t>(n));
                cpu::dequantize_row(t->type, row, wf.data(), n);
                for (const auto& other : ktypes()) {
                    if (other.type == t->type || !cpu::can_quantize(other.type)) continue;
                    std::vector<uint8_t> q(static_cast<size_t>(n / kQK) * other.block_bytes);
                    cpu::quantize_row(other.type, wf.data(), q.data(), n);
                    const std::vector<float> x = random_floats(n, false, rng);
                    const QString err = check_row(other, q.data(), x, false);
                    QVERIFY2(err.isEmpty(),
                             qPrintable(QStringLiteral("%1 row %2 as %3: %4")
                                            .arg(QString::fromUtf8(
                                                tensor.name.data(),
                                                static_cast<qsizetype>(tensor.name.size())))
                                            .arg(r)
                                            .arg(QLatin1String(other.name), err)));
                    ++checked[&other - ktypes().data()];
                }
            }
        }
        for (size_t i = 0; i < ktypes().size(); ++i)
            qInfo("%s: %d real rows match", ktypes()[i].name, checked[i]);
        QVERIFY2(checked[2] > 0 && checked[4] > 0, "the file should hold Q4_K and Q6_K tensors");
    }

    // Single-thread throughput over an 8960 x 1536 matrix (1536 rows of 8960),
    // reported, not asserted: performance is measured, not unit-tested.
    void throughput() {
        constexpr int64_t kCols = 8960, kRows = 1536;
        QRandomGenerator rng(seed_ + 4);
        const std::vector<float> x = random_floats(kCols, false, rng);
        const Unaligned act = quantize_activations(x);
        for (const auto& t : ktypes()) {
            const Unaligned w = random_weights(t, kCols * kRows, Scales::Realistic, rng);
            const int64_t row_bytes = kCols / kQK * static_cast<int64_t>(t.block_bytes);
            QString line = QStringLiteral("%1 (%2 MB):")
                               .arg(QLatin1String(t.name))
                               .arg(static_cast<double>(w.size()) / 1e6, 0, 'f', 1);
            for (cpu::Isa set : {cpu::Isa::Ref, cpu::Isa::Avx2, cpu::Isa::Avx512}) {
                if (!cpu::isa_available(set)) continue;
                const int isa = static_cast<int>(set);
                const cpu::VecDotFn dot = t.dots[isa];
                double best = 1e30;
                volatile float sink = 0;
                const auto start = std::chrono::steady_clock::now();
                // The best of several passes (at least 5, at least 0.3 s).
                for (int pass = 0;; ++pass) {
                    const auto t0 = std::chrono::steady_clock::now();
                    float s = 0;
                    for (int64_t r = 0; r < kRows; ++r)
                        s += dot(kCols, w.data() + r * row_bytes, act.data());
                    sink = sink + s;
                    const auto t1 = std::chrono::steady_clock::now();
                    best = std::min(best, std::chrono::duration<double>(t1 - t0).count());
                    if (pass >= 4 && std::chrono::duration<double>(t1 - start).count() > 0.3) break;
                }
                line += QStringLiteral("  %1 %2 GB/s")
                            .arg(QLatin1String(cpu::isa_name(static_cast<cpu::Isa>(isa))))
                            .arg(static_cast<double>(w.size()) / best / 1e9, 0, 'f', 2);
            }
            qInfo("%s", qPrintable(line));
        }
    }
};

QTEST_APPLESS_MAIN(TestVecDotKQuants)
#include "test_vec_dot_kquants.moc"
