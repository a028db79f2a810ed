// The CPU backend's fast path (8-bit activation blocks, integer dot products, tiled batches,
// the spinning thread pool) against its reference path, through the public Backend interface.
//
// matmul: for every weight type, random weights quantized with the reference quantizers, a
// row count that is not a multiple of the tile and batches of 1, 5 and 40 tokens. Each fast
// output must be within the error that 8-bit activation quantization implies for that very
// row and token (sum over elements of |w| times half the activation block's step, computed
// from the data) plus float rounding, so a wrong row, scale or block order fails. A token's
// output must also be bit-identical whatever else shares its batch (within one path: one
// dot per pair below Matmul::kGemmMinTokens tokens, gemm.h's tiles from there on).
#include <QtTest>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <memory>
#include <mutex>
#include <random>
#include <stdexcept>
#include <string>

#include <time.h>
#include <utility>
#include <vector>

#include "backend_matmul.h"
#include "cpu/cpu_backend.h"
#include "cpu/cpu_matmul.h"
#include "cpu/dequantize.h"
#include "cpu/threadpool.h"
#include "cpu/vec_dot.h"
#include "gguf/gguf_types.h"

using namespace siliang;
using namespace siliang::kernels::cpu;
using gguf::TensorType;
using siliang::testing::backend_matmul;

namespace {

struct TestWeight {
    std::vector<std::byte> bytes;
    gguf::TensorInfo info;
    std::vector<float> values;  // dequantized, rows x cols
};

TestWeight make_weight(TensorType type, uint64_t rows, uint64_t cols, std::mt19937& rng) {
    std::normal_distribution<float> dist(0.0f, 1.0f);
    std::vector<float> x(rows * cols);
    for (float& v : x) v = dist(rng);
    const auto traits = gguf::type_traits(type);
    const size_t row_bytes = cols / traits->block_size * traits->type_size;
    TestWeight w;
    w.bytes.resize(rows * row_bytes);
    for (uint64_t r = 0; r < rows; ++r)
        quantize_row(type, x.data() + r * cols, w.bytes.data() + r * row_bytes,
                     static_cast<int64_t>(cols));
    w.values.resize(rows * cols);
    for (uint64_t r = 0; r < rows; ++r)
        dequantize_row(type, w.bytes.data() + r * row_bytes, w.values.data() + r * cols,
                       static_cast<int64_t>(cols));
    w.info.name = "w";
    w.info.dims = {cols, rows};
    w.info.type = type;
    w.info.n_elements = rows * cols;
    w.info.n_bytes = w.bytes.size();
    w.info.data = w.bytes;
    return w;
}

// Block size of the activation format the fast path uses for `type` (0: float activations).
int act_block(TensorType type) {
    switch (siliang::kernels::cpu::kernels().for_type(type).act) {
        case ActFormat::Q8_32: return 32;
        case ActFormat::Q8_256: return 256;
        default: return 0;
    }
}

}  // namespace

class TestCpuBackendFast : public QObject {
    Q_OBJECT

private slots:
    void threadPoolCoversEveryIndexOnce() {
        for (int threads : {1, 2, 3, 5}) {
            ThreadPool pool(threads);
            for (size_t n : {size_t{0}, size_t{1}, size_t{2}, size_t{7}, size_t{1000}}) {
                std::vector<std::atomic<int>> hits(n);
                std::atomic<int> bad_index{0};
                pool.parallel_for(n, [&](size_t begin, size_t end, int index) {
                    if (index < 0 || index >= threads) bad_index.fetch_add(1);
                    for (size_t i = begin; i < end; ++i) hits[i].fetch_add(1);
                });
                QCOMPARE(bad_index.load(), 0);
                for (size_t i = 0; i < n; ++i) QCOMPARE(hits[i].load(), 1);
            }
        }
    }

    void threadPoolChunksShrink() {
        // Guided scheduling (threadpool.h): in index order, each chunk is 1/(2 x threads) of
        // what is left, never below 1/(32 x threads) of the job except the final remainder;
        // which thread claims a chunk does not change where it starts or ends.
        for (int threads : {2, 3}) {
            ThreadPool pool(threads);
            for (size_t n : {size_t{10000}, size_t{1536}, size_t{97}}) {
                std::mutex m;
                std::vector<std::pair<size_t, size_t>> chunks;
                pool.parallel_for(n, [&](size_t begin, size_t end, int) {
                    std::lock_guard lock(m);
                    chunks.emplace_back(begin, end);
                });
                std::sort(chunks.begin(), chunks.end());
                const size_t t = static_cast<size_t>(threads);
                const size_t smallest = std::max<size_t>(1, n / (32 * t));
                size_t next = 0;
                for (const auto& [begin, end] : chunks) {
                    QCOMPARE(begin, next);
                    const size_t left = n - begin;
                    QCOMPARE(end - begin, std::min(left, std::max(smallest, left / (2 * t))));
                    next = end;
                }
                QCOMPARE(next, n);
                // Few claims: the first takes a quarter (2 threads) of the job.
                QVERIFY(chunks.size() <= 40 * t);
                if (n >= 64 * t) QCOMPARE(chunks.front().second, n / (2 * t));
            }
        }
    }

    void threadPoolManyJobs() {
        // Back-to-back jobs of the same and of different sizes (decode runs ~225 per token):
        // a worker still finishing one job's last claim must never take or lose indices of
        // the next.
        ThreadPool pool(3);
        std::vector<std::atomic<int>> hits(300);
        size_t expected = 0;
        for (int job = 0; job < 20000; ++job) {
            const size_t n = std::array<size_t, 5>{2, 3, 64, 64, 300}[job % 5];
            pool.parallel_for(n, [&](size_t begin, size_t end, int) {
                for (size_t i = begin; i < end; ++i)
                    hits[i].fetch_add(1, std::memory_order_relaxed);
            });
            expected += n;
        }
        size_t total = 0;
        for (auto& h : hits) total += static_cast<size_t>(h.load());
        QCOMPARE(total, expected);
        QCOMPARE(hits[0].load(), 20000);
        QCOMPARE(hits[299].load(), 4000);
    }

    void threadPoolRejectsHugeJobs() {
        for (int threads : {1, 2}) {
            ThreadPool pool(threads);
            bool called = false;
            QVERIFY_THROWS_EXCEPTION(
                std::length_error,
                pool.parallel_for(size_t{1} << 33, [&](size_t, size_t, int) { called = true; }));
            QVERIFY(!called);
        }
    }

    void threadPoolOverhead() {
        // The cost of one op handed to the pool when the workers are awake (decode: ~300 ops
        // per token). Printed, not asserted: timing on a shared machine is not a test.
        ThreadPool pool(2);
        std::atomic<size_t> sum{0};
        const auto op = [&](size_t begin, size_t end, int) {
            sum.fetch_add(end - begin, std::memory_order_relaxed);
        };
        for (int i = 0; i < 1000; ++i) pool.parallel_for(64, op);  // warm up
        constexpr int kOps = 20000;
        const auto t0 = std::chrono::steady_clock::now();
        for (int i = 0; i < kOps; ++i) pool.parallel_for(64, op);
        const double ns =
            std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - t0)
                .count() /
            kOps;
        QCOMPARE(sum.load(), size_t{64} * (kOps + 1000));
        qInfo("thread pool: %.0f ns per parallel_for on 2 threads (%d ops)", ns, kOps);
    }

    void matmulThroughput_data() {
        QTest::addColumn<int>("type");
        QTest::addColumn<int>("tokens");
        for (TensorType t : {TensorType::Q8_0, TensorType::Q5_0, TensorType::Q4_K})
            for (int n : {1, 64}) {
                const std::string name(gguf::type_traits(t)->name);
                QTest::addRow("%s/n%d", name.c_str(), n) << static_cast<int>(t) << n;
            }
    }

    void matmulThroughput() {
        // A Qwen2.5-0.5B FFN matrix (4864 x 896; 4864 x 1024 for Q4_K, whose rows need a
        // multiple of 256) on one thread, fast vs reference. Measured in thread CPU time, which a
        // busy shared machine disturbs far less than wall time; printed, not asserted. Weights
        // stay in cache here, so this is compute throughput: prompt processing, not decode.
        QFETCH(int, type);
        QFETCH(int, tokens);
        const auto wtype = static_cast<TensorType>(type);
        if (!siliang::kernels::cpu::kernels().for_type(wtype).dot) QSKIP("no fast kernel");
        const uint64_t rows = 4864, cols = wtype == TensorType::Q4_K ? 1024 : 896;
        std::mt19937 rng(7);
        const TestWeight w = make_weight(wtype, rows, cols, rng);
        const auto n = static_cast<size_t>(tokens);
        std::vector<float> x(n * cols);
        std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
        for (float& v : x) v = dist(rng);
        const auto cpu_ms = [] {
#if defined(CLOCK_THREAD_CPUTIME_ID)
            timespec ts{};
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
            return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) * 1e-6;
#else  // no per-thread CPU clock: wall time
            return std::chrono::duration<double, std::milli>(
                       std::chrono::steady_clock::now().time_since_epoch())
                .count();
#endif
        };
        double ms[2] = {};
        for (int reference = 0; reference < 2; ++reference) {
            auto be = create_cpu_backend({.threads = 1, .reference_kernels = reference == 1});
            auto wt = be->make_weight(w.info);
            auto in = be->alloc(x.size());
            be->upload(*in, x);
            auto out = be->alloc(n * rows);
            be->matmul(*wt, *in, n, *out);  // warm up
            const int reps = reference ? 1 : 5;
            std::vector<double> t;
            for (int r = 0; r < reps; ++r) {
                const double t0 = cpu_ms();
                be->matmul(*wt, *in, n, *out);
                t.push_back(cpu_ms() - t0);
            }
            std::sort(t.begin(), t.end());
            ms[reference] = t[t.size() / 2];
        }
        const double ops = 2.0 * double(rows) * double(cols) * double(n);
        qInfo(
            "%s %zu x %zu, %zu token(s), 1 thread: fast %.3f ms (%.1f GOP/s), reference %.3f ms "
            "(%.1f GOP/s): %.1fx",
            std::string(gguf::type_traits(wtype)->name).c_str(), size_t(rows), size_t(cols), n,
            ms[0], ops / ms[0] * 1e-6, ms[1], ops / ms[1] * 1e-6, ms[1] / ms[0]);
        QVERIFY(ms[0] > 0 && ms[1] > 0);
    }

    // The gated activations: the fast path's vector exp against the reference path's
    // std::exp / std::tanh, over the range feed-forward gates reach and past the limits
    // where e^x overflows or underflows (there both must give the exact limits: 0 or v * u).
    void gatedActivationMatchesReference_data() {
        QTest::addColumn<int>("act");
        QTest::newRow("silu") << static_cast<int>(backend::Activation::Silu);
        QTest::newRow("gelu") << static_cast<int>(backend::Activation::GeluTanh);
    }

    // Backend::matmuls (a layer's Q, K, V through one job for a single token) gives every
    // product the same bits as its own matmul, for a mix of forms that share a width:
    // interleaved (Q4_K, Q6_K, Q8_0: 16-row groups), GGUF rows (Q5_1, F16 with float
    // activations, 37 and 5 rows: not whole quads), three activation formats at once, and
    // more products than one job takes (the rest as single matmuls). x aliasing an output is
    // refused.
    void matmulsEqualSeparateMatmuls() {
        constexpr uint64_t kCols = 512;
        const std::pair<TensorType, uint64_t> shapes[] = {{TensorType::Q4_K, 48},
                                                          {TensorType::Q5_1, 37},
                                                          {TensorType::F16, 5},
                                                          {TensorType::Q6_K, 32},
                                                          {TensorType::Q8_0, 48}};
        std::mt19937 rng(77);
        std::vector<TestWeight> ws;
        for (auto [type, rows] : shapes) ws.push_back(make_weight(type, rows, kCols, rng));
        std::uniform_real_distribution<float> dist(-2.0f, 2.0f);
        // Thread counts and product counts move where the pool's chunks fall against the
        // products' boundaries; 5 products are more than one job takes.
        for (int threads : {1, 2, 3}) {
            auto be = create_cpu_backend({.threads = threads});
            std::vector<std::unique_ptr<backend::Weight>> weights;
            for (const TestWeight& w : ws) weights.push_back(be->make_weight(w.info));
            for (size_t n : {size_t{1}, size_t{3}})
                for (size_t count : {size_t{2}, size_t{3}, size_t{4}, ws.size()}) {
                    std::vector<float> x(n * kCols);
                    for (float& v : x) v = dist(rng);
                    auto in = be->alloc(x.size());
                    be->upload(*in, x);
                    std::vector<std::unique_ptr<backend::Buffer>> outs;
                    std::vector<backend::MatmulTarget> targets;
                    for (size_t i = 0; i < count; ++i) {
                        outs.push_back(be->alloc(n * weights[i]->rows()));
                        targets.push_back({weights[i].get(), outs.back().get()});
                    }
                    be->matmuls(targets, *in, n);
                    for (size_t i = 0; i < count; ++i) {
                        std::vector<float> together(n * weights[i]->rows()), alone(together.size());
                        be->download(*outs[i], together);
                        auto out = be->alloc(together.size());
                        be->matmul(*weights[i], *in, n, *out);
                        be->download(*out, alone);
                        QVERIFY2(
                            together == alone,
                            qPrintable(QString("%1 threads, %2 tokens, %3 products: "
                                               "product %4 (%5) differs")
                                           .arg(threads)
                                           .arg(n)
                                           .arg(count)
                                           .arg(i)
                                           .arg(gguf::type_traits(shapes[i].first)->name.data())));
                    }
                }
            auto x = be->alloc(kCols * 2);
            const backend::MatmulTarget aliased[] = {{weights[0].get(), x.get()}};
            QVERIFY_THROWS_EXCEPTION(std::exception, be->matmuls(aliased, *x, 1));
        }
    }

    void gatedActivationMatchesReference() {
        QFETCH(int, act);
        const auto activation = static_cast<backend::Activation>(act);
        std::vector<float> g, u;
        for (int i = -4000; i <= 4000; ++i) g.push_back(static_cast<float>(i) * 0.01f);
        for (float v : {-1e4f, -200.0f, -90.0f, -88.5f, 88.5f, 90.0f, 200.0f, 1e4f}) g.push_back(v);
        g.push_back(0.0f);  // a length that is not a multiple of 16
        std::mt19937 rng(7);
        std::uniform_real_distribution<float> dist(-3.0f, 3.0f);
        for (size_t i = 0; i < g.size(); ++i) u.push_back(dist(rng));

        const auto run = [&](backend::Backend& be) {
            auto gb = be.alloc(g.size()), ub = be.alloc(u.size());
            be.upload(*gb, g);
            be.upload(*ub, u);
            be.gated_activation(*gb, *ub, g.size(), activation);
            std::vector<float> out(g.size());
            be.download(*gb, out);
            return out;
        };
        auto fast = create_cpu_backend({.threads = 2});
        auto ref = create_cpu_backend({.threads = 1, .reference_kernels = true});
        const std::vector<float> yf = run(*fast), yr = run(*ref);
        for (size_t i = 0; i < g.size(); ++i) {
            QVERIFY2(std::isfinite(yf[i]), qPrintable(QString::number(g[i])));
            const double tol = 4e-6 * std::fabs(double(g[i]) * u[i]) + 1e-30;
            QVERIFY2(std::fabs(double(yf[i]) - yr[i]) <= tol,
                     qPrintable(QStringLiteral("v=%1 u=%2: fast %3, reference %4")
                                    .arg(g[i])
                                    .arg(u[i])
                                    .arg(yf[i], 0, 'g', 9)
                                    .arg(yr[i], 0, 'g', 9)));
        }
    }

    void matmulMatchesReference_data() {
        QTest::addColumn<int>("type");
        QTest::addColumn<int>("tokens");
        const TensorType types[] = {TensorType::F32,  TensorType::F16,  TensorType::BF16,
                                    TensorType::Q4_0, TensorType::Q4_1, TensorType::Q5_0,
                                    TensorType::Q5_1, TensorType::Q8_0, TensorType::Q2_K,
                                    TensorType::Q3_K, TensorType::Q4_K, TensorType::Q5_K,
                                    TensorType::Q6_K};
        for (TensorType t : types)
            for (int n : {1, 5, 40}) {
                const std::string name(gguf::type_traits(t)->name);
                QTest::addRow("%s/n%d", name.c_str(), n) << static_cast<int>(t) << n;
            }
    }

    void matmulMatchesReference() {
        QFETCH(int, type);
        QFETCH(int, tokens);
        const auto wtype = static_cast<TensorType>(type);
        if (!siliang::kernels::cpu::kernels().for_type(wtype).dot)
            QSKIP("no fast kernel for this type: reference path");
        constexpr uint64_t kRows = 37, kCols = 512;  // 37: not a multiple of the 16-row tile
        std::mt19937 rng(1234 + static_cast<unsigned>(type));
        const TestWeight w = make_weight(wtype, kRows, kCols, rng);
        const auto n = static_cast<size_t>(tokens);
        std::uniform_real_distribution<float> dist(-2.0f, 2.0f);
        std::vector<float> x(n * kCols);
        for (float& v : x) v = dist(rng);
        x[3] = 40.0f;  // one outlier: a block whose quantization step is much coarser

        auto fast = create_cpu_backend({.threads = 2});
        auto ref = create_cpu_backend({.threads = 1, .reference_kernels = true});
        const std::vector<float> yf = backend_matmul(*fast, w.info, x, n);
        const std::vector<float> yr = backend_matmul(*ref, w.info, x, n);

        const int block = act_block(wtype);
        double worst = 0;
        for (size_t t = 0; t < n; ++t) {
            const float* xt = x.data() + t * kCols;
            for (uint64_t r = 0; r < kRows; ++r) {
                const float* wr = w.values.data() + r * kCols;
                double bound = 0, magnitude = 0;
                for (uint64_t c = 0; c < kCols; ++c) {
                    magnitude += std::fabs(double(wr[c]) * xt[c]);
                    if (block == 0) continue;
                    const uint64_t b0 = c / block * block;
                    float amax = 0;
                    for (uint64_t i = b0; i < b0 + block; ++i)
                        amax = std::max(amax, std::fabs(xt[i]));
                    bound += std::fabs(wr[c]) * (amax / 127.0) / 2;
                }
                bound += 1e-5 * magnitude + 1e-6;
                const double err = std::fabs(double(yf[t * kRows + r]) - yr[t * kRows + r]);
                worst = std::max(worst, err / bound);
                if (err > bound)
                    QFAIL(qPrintable(QString("token %1 row %2: fast %3, reference %4, bound %5")
                                         .arg(t)
                                         .arg(r)
                                         .arg(yf[t * kRows + r])
                                         .arg(yr[t * kRows + r])
                                         .arg(bound)));
            }
        }
        qInfo("worst error / bound: %.3f", worst);

        // Batch independence: token t of the batch gives the same bits however many other
        // tokens share its batch and wherever it sits. Batches of kGemmMinTokens or more
        // take the gemm path (a different summation order than one token's dot), so the
        // token is compared with a batch of the same kind: itself repeated, first and last.
        for (size_t t = 0; t < n; t += std::max<size_t>(1, n / 3)) {
            const size_t copies = n >= Matmul::kGemmMinTokens ? n - 1 : 1;
            std::vector<float> xt;
            for (size_t c = 0; c < copies; ++c)
                xt.insert(xt.end(), x.begin() + static_cast<ptrdiff_t>(t * kCols),
                          x.begin() + static_cast<ptrdiff_t>((t + 1) * kCols));
            const std::vector<float> y1 = backend_matmul(*fast, w.info, xt, copies);
            for (size_t c : {size_t{0}, copies - 1})
                for (uint64_t r = 0; r < kRows; ++r) QCOMPARE(y1[c * kRows + r], yf[t * kRows + r]);
        }
    }
};

QTEST_APPLESS_MAIN(TestCpuBackendFast)
#include "test_cpu_backend_fast.moc"
