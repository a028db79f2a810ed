// The batched (prompt-processing) path of gemm.h, for every quantized weight type:
//  (a) pack_rows() keeps every weight exactly: s * q + o equals dequantize_row()
//      bit for bit;
//  (b) activations are packed from the decode path's ActQ8_32 quantizer, byte for byte;
//  (c) the scalar tile equals the float dot of the dequantized weights with the
//      unquantized activations within the error 8-bit activations imply;
//  (d) the AVX-512 tile equals the scalar tile up to float summation order, for every
//      tile shape 1..4 x 1..4 (skipped without AVX-512);
//  (e) Matmul::run on a batch (the gemm path) equals the decode path run one token at a
//      time within the same activation-error bound, including the row and token tails;
//  (f) bad input (a float type, a row length off the block) is refused by name;
//  (g) on a CPU with AMX: the INT8 tiles equal the scalar tile up to float summation
//      order for every type they take (row, token and K tails), and a long batch
//      through Matmul stays within the activation bound of the exact dot.
#include <QtTest>

#include <cmath>
#include <cstring>
#include <random>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "cpu/cpu_buffers.h"
#include "cpu/cpu_features.h"
#include "cpu/cpu_matmul.h"
#include "cpu/dequantize.h"
#include "cpu/gemm.h"
#include "cpu/gemm_amx.h"
#include "cpu/threadpool.h"
#include "cpu/vec_dot.h"
#include "cpu/vec_dot_impl.h"

using namespace siliang;
using namespace siliang::kernels::cpu;
using gguf::TensorType;

namespace {

struct TypeCase {
    const char* name;
    TensorType type;
    int64_t block;
};

const std::vector<TypeCase>& packable_types() {
    static const std::vector<TypeCase> types = {
        {"Q4_0", TensorType::Q4_0, 32},  {"Q4_1", TensorType::Q4_1, 32},
        {"Q5_0", TensorType::Q5_0, 32},  {"Q5_1", TensorType::Q5_1, 32},
        {"Q8_0", TensorType::Q8_0, 32},  {"Q2_K", TensorType::Q2_K, 256},
        {"Q3_K", TensorType::Q3_K, 256}, {"Q4_K", TensorType::Q4_K, 256},
        {"Q5_K", TensorType::Q5_K, 256}, {"Q6_K", TensorType::Q6_K, 256},
    };
    return types;
}

std::vector<float> gaussian(size_t n, uint32_t seed, float sigma = 1.0f) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> dist(0.0f, sigma);
    std::vector<float> v(n);
    for (float& x : v) x = dist(rng);
    return v;
}

// `rows` rows of n elements quantized to `type` (ggml's reference quantizers).
struct QuantRows {
    std::vector<std::byte> bytes;
    size_t row_bytes = 0;
    std::vector<float> dequantized;  // what the weights are, exactly
};

QuantRows make_rows(TensorType type, size_t rows, int64_t n, uint32_t seed) {
    const auto traits = gguf::type_traits(type);
    QuantRows out;
    out.row_bytes = static_cast<size_t>(n) / traits->block_size * traits->type_size;
    out.bytes.resize(rows * out.row_bytes);
    out.dequantized.resize(rows * static_cast<size_t>(n));
    // Rows of different magnitudes, as real weight matrices have.
    for (size_t r = 0; r < rows; ++r) {
        const std::vector<float> x =
            gaussian(static_cast<size_t>(n), seed + static_cast<uint32_t>(r), 0.02f * (1 + r % 5));
        quantize_row(type, x.data(), out.bytes.data() + r * out.row_bytes, n);
        dequantize_row(type, out.bytes.data() + r * out.row_bytes,
                       out.dequantized.data() + r * static_cast<size_t>(n), n);
    }
    return out;
}

// The rows as the CPU backend sees a tensor of the model file.
gguf::TensorInfo tensor_of(const QuantRows& rows, TensorType type, int64_t n) {
    const uint64_t count = rows.dequantized.size() / static_cast<size_t>(n);
    gguf::TensorInfo info;
    info.type = type;
    info.dims = {static_cast<uint64_t>(n), count};
    info.n_elements = static_cast<uint64_t>(n) * count;
    info.n_bytes = rows.bytes.size();
    info.data = std::span<const std::byte>(rows.bytes.data(), rows.bytes.size());
    return info;
}

// The bound on |dot(w, x) - dot(w, x quantized)|: each element moves by at most half a
// step d / 2 of its 32-block, plus float rounding of the sums.
double activation_bound(const float* w, const float* x, int64_t n) {
    double bound = 0.0, magnitude = 0.0;
    for (int64_t b = 0; b < n / 32; ++b) {
        float amax = 0.0f;
        for (int64_t i = 32 * b; i < 32 * (b + 1); ++i) amax = std::max(amax, std::fabs(x[i]));
        double wsum = 0.0;
        for (int64_t i = 32 * b; i < 32 * (b + 1); ++i) {
            wsum += std::fabs(w[i]);
            magnitude += std::fabs(static_cast<double>(w[i]) * x[i]);
        }
        bound += wsum * amax / 127.0 / 2.0;
    }
    return bound * 1.001 + magnitude * 1e-5 + 1e-6;
}

double float_dot(const float* w, const float* x, int64_t n) {
    double s = 0.0;
    for (int64_t i = 0; i < n; ++i) s += static_cast<double>(w[i]) * x[i];
    return s;
}

void add_type_rows() {
    QTest::addColumn<int>("index");
    for (size_t i = 0; i < packable_types().size(); ++i)
        QTest::newRow(packable_types()[i].name) << static_cast<int>(i);
}

}  // namespace

class TestGemm : public QObject {
    Q_OBJECT
private slots:
    void packKeepsEveryWeightExactly_data() { add_type_rows(); }
    void packKeepsEveryWeightExactly();
    void activationsAreTheDecodeQuants();
    void scalarTileMatchesTheFloatDot_data() { add_type_rows(); }
    void scalarTileMatchesTheFloatDot();
    void avx512TileMatchesTheScalarTile_data() { add_type_rows(); }
    void avx512TileMatchesTheScalarTile();
    void batchedMatmulMatchesTokenByToken_data() { add_type_rows(); }
    void batchedMatmulMatchesTokenByToken();
    void badInputIsRefusedByName();
    void amxTilesMatchTheScalarTile_data();
    void amxTilesMatchTheScalarTile();
    void amxBatchMatchesTheFloatDot();
};

void TestGemm::packKeepsEveryWeightExactly() {
    QFETCH(int, index);
    const TypeCase& tc = packable_types()[static_cast<size_t>(index)];
    QVERIFY(gemm_packable(tc.type));
    // A length that is not a multiple of kGemmK for the 32-blocks (padding), 4 rows.
    const int64_t n = tc.block == 32 ? 32 * 9 : 256 * 3;
    const QuantRows rows = make_rows(tc.type, 4, n, 11);
    GemmRows packed;
    pack_rows(tc.type, rows.bytes.data(), rows.row_bytes, 4, n, packed);
    QCOMPARE(packed.quants % kGemmK, int64_t{0});
    for (size_t r = 0; r < 4; ++r) {
        const uint8_t* q = packed.q_row(r);
        const float* s = packed.scale_row(r);
        const float* o = packed.offset_row(r);
        for (int64_t e = 0; e < n; ++e) {
            const float value = s[e / kGemmGroup] * static_cast<float>(q[e]) + o[e / kGemmGroup];
            const float expected = rows.dequantized[r * static_cast<size_t>(n) + e];
            if (value != expected)
                QFAIL(qPrintable(QStringLiteral("row %1 element %2: %3 != %4")
                                     .arg(r)
                                     .arg(e)
                                     .arg(value, 0, 'g', 9)
                                     .arg(expected, 0, 'g', 9)));
        }
        // The padding multiplies to nothing.
        for (int64_t e = n; e < packed.quants; ++e) QCOMPARE(q[e], uint8_t{0});
        for (int64_t g = n / kGemmGroup; g < packed.groups; ++g) {
            QCOMPARE(s[g], 0.0f);
            QCOMPARE(o[g], 0.0f);
        }
    }
}

void TestGemm::activationsAreTheDecodeQuants() {
    const int64_t n = 32 * 7;
    const std::vector<float> x = gaussian(3 * static_cast<size_t>(n), 5);
    GemmRows acts;
    acts.resize(3, n);
    pack_activations(detail::quantize_act_q8_32_ref, x.data(), static_cast<size_t>(n), 0, 3, acts);
    std::vector<ActQ8_32> blocks(static_cast<size_t>(n / 32));
    for (size_t t = 0; t < 3; ++t) {
        detail::quantize_act_q8_32_ref(x.data() + t * static_cast<size_t>(n), blocks.data(), n);
        for (size_t b = 0; b < blocks.size(); ++b) {
            QCOMPARE(std::memcmp(acts.q_row(t) + 32 * b, blocks[b].qs, 32), 0);
            for (size_t h = 0; h < 2; ++h) {
                int sum = 0;
                for (int j = 0; j < 16; ++j) sum += blocks[b].qs[16 * h + j];
                QCOMPARE(acts.scale_row(t)[2 * b + h], blocks[b].d);
                QCOMPARE(acts.offset_row(t)[2 * b + h], blocks[b].d * static_cast<float>(sum));
            }
        }
    }
}

void TestGemm::scalarTileMatchesTheFloatDot() {
    QFETCH(int, index);
    const TypeCase& tc = packable_types()[static_cast<size_t>(index)];
    const int64_t n = 1024;
    const QuantRows rows = make_rows(tc.type, 4, n, 21);
    const std::vector<float> x = gaussian(4 * static_cast<size_t>(n), 22);
    GemmRows packed, acts;
    pack_rows(tc.type, rows.bytes.data(), rows.row_bytes, 4, n, packed);
    acts.resize(4, n);
    pack_activations(detail::quantize_act_q8_32_ref, x.data(), static_cast<size_t>(n), 0, 4, acts);
    float out[16];
    detail::gemm_tile_ref(packed, 0, 4, acts, 0, 4, out, 4);
    for (size_t t = 0; t < 4; ++t)
        for (size_t r = 0; r < 4; ++r) {
            const float* w = rows.dequantized.data() + r * static_cast<size_t>(n);
            const float* xt = x.data() + t * static_cast<size_t>(n);
            const double expected = float_dot(w, xt, n);
            const double bound = activation_bound(w, xt, n);
            QVERIFY2(std::fabs(out[t * 4 + r] - expected) <= bound,
                     qPrintable(QStringLiteral("row %1 token %2: %3 vs %4 (bound %5)")
                                    .arg(r)
                                    .arg(t)
                                    .arg(out[t * 4 + r])
                                    .arg(expected)
                                    .arg(bound)));
        }
}

void TestGemm::avx512TileMatchesTheScalarTile() {
    QFETCH(int, index);
    if (best_isa() != Isa::Avx512) QSKIP("no AVX-512 VNNI on this CPU");
#if defined(SILIANG_KERNELS_X86_SIMD)
    const TypeCase& tc = packable_types()[static_cast<size_t>(index)];
    const int64_t n = tc.block == 32 ? 32 * 31 : 256 * 5;  // odd step counts
    const QuantRows rows = make_rows(tc.type, 6, n, 31);
    const std::vector<float> x = gaussian(6 * static_cast<size_t>(n), 32);
    GemmRows packed, acts;
    pack_rows(tc.type, rows.bytes.data(), rows.row_bytes, 6, n, packed);
    acts.resize(6, n);
    pack_activations(detail::quantize_act_q8_32_ref, x.data(), static_cast<size_t>(n), 0, 6, acts);
    for (int nr = 1; nr <= kGemmMaxRows; ++nr)
        for (int nt = 1; nt <= kGemmMaxTokens; ++nt) {
            // Rows and tokens 2.. so the tile reads from the middle of the buffers.
            float want[16], got[16];
            detail::gemm_tile_ref(packed, 2, nr, acts, 2, nt, want, 4);
            detail::gemm_tile_avx512(packed, 2, nr, acts, 2, nt, got, 4);
            for (int t = 0; t < nt; ++t)
                for (int r = 0; r < nr; ++r) {
                    const float* w = rows.dequantized.data() + (2 + r) * static_cast<size_t>(n);
                    const float* xt = x.data() + (2 + t) * static_cast<size_t>(n);
                    double magnitude = 0.0;
                    for (int64_t i = 0; i < n; ++i) magnitude += std::fabs(w[i] * xt[i]);
                    const double diff = std::fabs(got[t * 4 + r] - want[t * 4 + r]);
                    QVERIFY2(diff <= 1e-5 * magnitude + 1e-7,
                             qPrintable(QStringLiteral("%1x%2 tile, row %3 token %4: %5 vs %6")
                                            .arg(nr)
                                            .arg(nt)
                                            .arg(r)
                                            .arg(t)
                                            .arg(got[t * 4 + r])
                                            .arg(want[t * 4 + r])));
                }
        }
#endif
}

void TestGemm::batchedMatmulMatchesTokenByToken() {
    QFETCH(int, index);
    const TypeCase& tc = packable_types()[static_cast<size_t>(index)];
    // 70 rows: two full 32-row tiles and a tail of 6 (a 4-row and a 2-row call);
    // 11 tokens: two 4-token calls and a 3-token one.
    const size_t rows_n = 70, tokens = 11;
    const int64_t n = 512;
    const QuantRows rows = make_rows(tc.type, rows_n, n, 41);
    const std::vector<float> x = gaussian(tokens * static_cast<size_t>(n), 42);
    const CpuWeight weight(tensor_of(rows, tc.type, n));
    ThreadPool pool(2);
    Matmul matmul(siliang::kernels::cpu::kernels());
    std::vector<float> batched(tokens * rows_n), single(rows_n);
    QVERIFY(matmul.run(pool, weight, x.data(), tokens, batched.data()));
    for (size_t t = 0; t < tokens; ++t) {
        const float* xt = x.data() + t * static_cast<size_t>(n);
        QVERIFY(matmul.run(pool, weight, xt, 1, single.data()));
        for (size_t r = 0; r < rows_n; ++r) {
            const float* w = rows.dequantized.data() + r * static_cast<size_t>(n);
            // Both are within the activation bound of the exact dot (the decode path of
            // the K-quants quantizes per 256, so its bound is up to 8 times wider).
            const double exact = float_dot(w, xt, n);
            const double bound = activation_bound(w, xt, n) * (tc.block == 256 ? 8 : 1);
            QVERIFY2(std::fabs(batched[t * rows_n + r] - exact) <= activation_bound(w, xt, n),
                     qPrintable(QStringLiteral("batched row %1 token %2: %3 vs %4")
                                    .arg(r)
                                    .arg(t)
                                    .arg(batched[t * rows_n + r])
                                    .arg(exact)));
            QVERIFY2(std::fabs(single[r] - exact) <= bound,
                     qPrintable(QStringLiteral("decode row %1 token %2").arg(r).arg(t)));
        }
    }
}

void TestGemm::badInputIsRefusedByName() {
    GemmRows out;
    const std::vector<std::byte> bytes(4096);
    try {
        pack_rows(TensorType::F16, bytes.data(), 64, 1, 32, out);
        QFAIL("F16 was packed");
    } catch (const std::invalid_argument& e) {
        QVERIFY2(std::string(e.what()).find("F16") != std::string::npos, e.what());
    }
    try {
        pack_rows(TensorType::Q4_K, bytes.data(), 144, 1, 128, out);
        QFAIL("a Q4_K row of 128 was packed");
    } catch (const std::invalid_argument& e) {
        QVERIFY2(std::string(e.what()).find("256") != std::string::npos, e.what());
    }
    QVERIFY(!gemm_packable(TensorType::BF16));
    QVERIFY(!gemm_packable(TensorType::F32));
}

void TestGemm::amxTilesMatchTheScalarTile_data() {
    QTest::addColumn<int>("type");
    QTest::addColumn<int>("n");
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("tokens");
    // Full tiles, and row / token / K tails (n = 96 pads to 128 for the 64-quant steps).
    QTest::newRow("Q8_0 full") << int(TensorType::Q8_0) << 256 << 64 << 64;
    QTest::newRow("Q8_0 tails") << int(TensorType::Q8_0) << 96 << 37 << 45;
    QTest::newRow("Q4_0") << int(TensorType::Q4_0) << 160 << 32 << 16;
    QTest::newRow("Q4_1") << int(TensorType::Q4_1) << 160 << 20 << 17;
    QTest::newRow("Q5_0") << int(TensorType::Q5_0) << 224 << 33 << 31;
    QTest::newRow("Q5_1") << int(TensorType::Q5_1) << 224 << 16 << 33;
    QTest::newRow("Q4_K tails") << int(TensorType::Q4_K) << 512 << 33 << 17;
    QTest::newRow("Q5_K") << int(TensorType::Q5_K) << 768 << 40 << 40;
    // The 16-element blocks.
    QTest::newRow("Q6_K tails") << int(TensorType::Q6_K) << 512 << 37 << 33;
    QTest::newRow("Q3_K") << int(TensorType::Q3_K) << 256 << 32 << 16;
    QTest::newRow("Q2_K") << int(TensorType::Q2_K) << 768 << 17 << 48;
}

void TestGemm::amxTilesMatchTheScalarTile() {
#if defined(SILIANG_KERNELS_AMX)
    if (!amx_usable()) QSKIP("no usable AMX-INT8 on this CPU / OS");
    QFETCH(int, type);
    QFETCH(int, n);
    QFETCH(int, rows);
    QFETCH(int, tokens);
    const auto t = static_cast<TensorType>(type);
    const auto un = static_cast<size_t>(n);
    const auto urows = static_cast<size_t>(rows), utokens = static_cast<size_t>(tokens);
    const QuantRows w = make_rows(t, urows, n, 51);
    const std::vector<float> x = gaussian(utokens * un, 52);
    GemmRows packed, acts;
    pack_rows(t, w.bytes.data(), w.row_bytes, urows, n, packed);
    acts.resize((utokens + 15) / 16 * 16, n);
    pack_activations(detail::quantize_act_q8_32_ref, x.data(), un, 0, utokens, acts);
    // Each 32-row tile written into a wider output: the cells past `rows` must survive.
    const size_t stride = urows + 3;
    std::vector<float> y(utokens * stride, -7.0f);
    AmxWeightTile tile;
    for (size_t r0 = 0; r0 < urows; r0 += kAmxRows) {
        const size_t count = std::min(kAmxRows, urows - r0);
        detail::amx_pack_weights(t, w.bytes.data() + r0 * w.row_bytes, w.row_bytes, count, n, tile);
        detail::amx_multiply(tile, count, acts, utokens, y.data() + r0, stride);
    }
    for (size_t tk = 0; tk < utokens; ++tk) {
        for (size_t r = 0; r < urows; ++r) {
            float want;
            detail::gemm_tile_ref(packed, r, 1, acts, tk, 1, &want, 1);
            const float* wr = w.dequantized.data() + r * un;
            double magnitude = 0.0;
            for (size_t e = 0; e < un; ++e) magnitude += std::fabs(wr[e] * x[tk * un + e]);
            const float got = y[tk * stride + r];
            QVERIFY2(
                std::fabs(got - want) <= 1e-5 * magnitude + 1e-7,
                qPrintable(
                    QStringLiteral("token %1 row %2: %3 vs %4").arg(tk).arg(r).arg(got).arg(want)));
        }
        for (size_t r = urows; r < stride; ++r) QCOMPARE(y[tk * stride + r], -7.0f);
    }
#else
    QSKIP("built without AMX");
#endif
}

void TestGemm::amxBatchMatchesTheFloatDot() {
    if (!amx_usable()) QSKIP("no usable AMX-INT8 on this CPU / OS");
    // Through Matmul: 70 rows (a 6-row tail), 50 tokens (an 2-token tail), two threads.
    const size_t rows_n = 70, tokens = 50;
    const int64_t n = 768;
    const QuantRows rows = make_rows(TensorType::Q5_0, rows_n, n, 61);
    const std::vector<float> x = gaussian(tokens * static_cast<size_t>(n), 62);
    const CpuWeight weight(tensor_of(rows, TensorType::Q5_0, n));
    ThreadPool pool(2);
    Matmul matmul(siliang::kernels::cpu::kernels());
    std::vector<float> y(tokens * rows_n);
    QVERIFY(matmul.run(pool, weight, x.data(), tokens, y.data()));
    for (size_t t = 0; t < tokens; ++t)
        for (size_t r = 0; r < rows_n; ++r) {
            const float* w = rows.dequantized.data() + r * static_cast<size_t>(n);
            const float* xt = x.data() + t * static_cast<size_t>(n);
            const double exact = float_dot(w, xt, n);
            QVERIFY2(std::fabs(y[t * rows_n + r] - exact) <= activation_bound(w, xt, n),
                     qPrintable(QStringLiteral("token %1 row %2: %3 vs %4")
                                    .arg(t)
                                    .arg(r)
                                    .arg(y[t * rows_n + r])
                                    .arg(exact)));
        }
}

QTEST_APPLESS_MAIN(TestGemm)
#include "test_gemm.moc"
