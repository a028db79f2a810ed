// The CPU backend's fast attention (GQA groups per task, position chunks merged for decode,
// the best ISA's inner loops: AVX-512 here; ctest runs it again with SILIANG_CPU_ISA=avx2
// for the AVX2/F16C ones) against the reference attention at long contexts: a KV cache of 4096
// and 16384 random positions, decode (one query at the last position) and a small batch of
// queries at the end, with Qwen2.5-0.5B heads (14 / 2, dim 64), Gemma-like heads (4 / 1, dim
// 256) with a sliding window and a logit softcap, and 6 / 2 heads of dim 40, in F16 and F32
// caches.
//
// Tolerance: the output is a convex combination of value rows in [-1, 1]; the two paths
// differ by float vs double softmax sums, a polynomial exp (~1e-7 relative) and summation
// order: measured <= 1.1e-6. 2e-5 absolute leaves ~20x room, while a wrong key, a wrong
// window edge or a misweighted chunk moves outputs by 1e-3 or more.
//
// Also prints the fast path's decode attention time per layer (not asserted).
#include <QtTest>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <random>
#include <vector>

#include "cpu/cpu_backend.h"

using namespace siliang;

namespace {

constexpr double kTolerance = 2e-5;

struct Case {
    uint32_t n_head, n_head_kv, head_dim, window;
    float softcap;
};

}  // namespace

class TestAttentionLong : public QObject {
    Q_OBJECT

private slots:
    void matchesReference_data() {
        QTest::addColumn<int>("positions");
        QTest::addColumn<int>("queries");
        QTest::addColumn<bool>("f16");
        QTest::addColumn<int>("shape");  // 0: qwen2.5-0.5b heads, 1: gemma-like, 2: dim 40
        for (int positions : {4096, 16384})
            for (int shape : {0, 1, 2})
                for (bool f16 : {true, false}) {
                    const char* s = shape == 0 ? "qwen" : shape == 1 ? "window-softcap" : "dim40";
                    const char* kv = f16 ? "f16" : "f32";
                    QTest::addRow("%s/%s/%d/decode", s, kv, positions)
                        << positions << 1 << f16 << shape;
                    QTest::addRow("%s/%s/%d/batch", s, kv, positions)
                        << positions << 7 << f16 << shape;
                }
    }

    void matchesReference() {
        QFETCH(int, positions);
        QFETCH(int, queries);
        QFETCH(bool, f16);
        QFETCH(int, shape);
        // dim40: a head size that is not a multiple of 16 (the vector loops' masked tails) and
        // groups of 3 (the two-head loops and one head alone).
        const Case c = shape == 0   ? Case{14, 2, 64, 0, 0.0f}
                       : shape == 1 ? Case{4, 1, 256, 1024, 50.0f}
                                    : Case{6, 2, 40, 0, 0.0f};
        const auto P = static_cast<uint32_t>(positions);
        const auto n = static_cast<size_t>(queries);
        const size_t kd = size_t{c.n_head_kv} * c.head_dim, qd = size_t{c.n_head} * c.head_dim;

        auto fast = kernels::cpu::create_cpu_backend({.threads = 2});
        auto ref = kernels::cpu::create_cpu_backend({.threads = 2, .reference_kernels = true});
        auto cache =
            fast->alloc_kv(2, P, static_cast<uint32_t>(kd), static_cast<uint32_t>(kd), f16);

        std::mt19937 rng(static_cast<unsigned>(positions + shape * 7 + f16));
        std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
        std::vector<float> k(size_t{P} * kd), v(size_t{P} * kd), q(n * qd);
        for (float& x : k) x = dist(rng);
        for (float& x : v) x = dist(rng);
        // Queries scaled up so the softmax is peaked at some positions, as real attention is.
        for (float& x : q) x = 6.0f * dist(rng);
        auto kb = fast->alloc(k.size()), vb = fast->alloc(v.size()), qb = fast->alloc(q.size());
        fast->upload(*kb, k);
        fast->upload(*vb, v);
        fast->upload(*qb, q);
        const uint32_t layer = 1;  // not the first: layer offsets must be right
        fast->store_kv(*cache, layer, 0, P, *kb, *vb);

        const backend::AttentionParams p{.n_head = c.n_head,
                                         .n_head_kv = c.n_head_kv,
                                         .head_dim_k = c.head_dim,
                                         .head_dim_v = c.head_dim,
                                         .scale = 1.0f / std::sqrt(float(c.head_dim)),
                                         .window = c.window,
                                         .logit_softcap = c.softcap};
        const uint32_t pos0 = P - static_cast<uint32_t>(n);
        auto of = fast->alloc(n * qd), orf = ref->alloc(n * qd);
        fast->attention(*qb, *cache, layer, n, pos0, p, *of);
        ref->attention(*qb, *cache, layer, n, pos0, p, *orf);
        std::vector<float> yf(n * qd), yr(n * qd);
        fast->download(*of, yf);
        ref->download(*orf, yr);
        double worst = 0, spread = 0;
        for (size_t i = 0; i < yf.size(); ++i) {
            QVERIFY2(std::isfinite(yf[i]), "non-finite output");
            worst = std::max(worst, std::fabs(double(yf[i]) - yr[i]));
            spread = std::max(spread, std::fabs(double(yr[i])));
        }
        qInfo("max |fast - reference| %.3g (outputs up to %.3g)", worst, spread);
        QVERIFY2(spread > 1e-2, "degenerate case: outputs all near zero");
        QVERIFY2(worst <= kTolerance, qPrintable(QString("max difference %1").arg(worst)));

        if (n == 1) {
            // Decode time per layer: the median of several calls.
            std::vector<double> ms;
            for (int rep = 0; rep < 7; ++rep) {
                const auto t0 = std::chrono::steady_clock::now();
                fast->attention(*qb, *cache, layer, 1, pos0, p, *of);
                ms.push_back(
                    std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                        .count());
            }
            std::sort(ms.begin(), ms.end());
            qInfo("decode attention at %u positions: %.3f ms per layer (fast path, 2 threads)", P,
                  ms[ms.size() / 2]);
        }
    }
};

QTEST_APPLESS_MAIN(TestAttentionLong)
#include "test_attention_long.moc"
