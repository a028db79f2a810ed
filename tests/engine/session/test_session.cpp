// Session: KV-cache bookkeeping over tiny random-weight models of every
// architecture. The logits themselves are checked against Hugging Face in
// test_model_goldens; here they must only be consistent with each other.
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <thread>

#include "model/model.h"
#include "runtime/session.h"
#include "tiny_model.h"

using namespace siliang;

namespace {

float max_abs_diff(std::span<const float> a, std::span<const float> b) {
    if (a.size() != b.size()) return INFINITY;
    float d = 0;
    for (size_t i = 0; i < a.size(); ++i) d = std::max(d, std::fabs(a[i] - b[i]));
    return d;
}

std::vector<int32_t> some_tokens(size_t n, uint32_t vocab, int32_t salt = 0) {
    std::vector<int32_t> t;
    for (size_t i = 0; i < n; ++i)
        t.push_back(3 + static_cast<int32_t>((i * 7 + size_t(salt) * 13 + 5) % (vocab - 3)));
    return t;
}

}  // namespace

class TestSession : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    std::unique_ptr<model::Model> load(const test::TinySpec& spec) {
        return model::Model::load(test::write_tiny_model(dir_.path().toStdString(), spec),
                                  {.threads = 2});
    }
    static test::TinySpec spec_for(const QString& arch) {
        test::TinySpec s;
        s.arch = arch.toStdString();
        if (s.arch == "gemma3") {
            s.n_layer = 6;  // five sliding-window layers, then a global one
            s.sliding_window = 4;
        }
        if (s.arch == "qwen2") s.tied = false;
        return s;
    }

private slots:
    void batchInvariance_data() {
        QTest::addColumn<QString>("arch");
        for (const char* a : {"llama", "qwen2", "qwen3", "gemma3"}) QTest::newRow(a) << a;
    }
    // One batch, batches of 1 and batches of 3 give the same logits for every token.
    void batchInvariance() {
        QFETCH(QString, arch);
        auto m = load(spec_for(arch));
        const auto prompt = some_tokens(11, m->config().n_vocab);
        std::vector<std::vector<float>> results;
        for (uint32_t batch : {256u, 1u, 3u}) {
            runtime::Session s(*m, {.context = 64, .batch = batch});
            results.push_back(s.evaluate(prompt, true));
            QCOMPARE(results.back().size(), prompt.size() * m->config().n_vocab);
            // last_logits() is the last row of all the logits.
            const auto last = std::span<const float>(results.back()).last(m->config().n_vocab);
            QCOMPARE(max_abs_diff(last, s.last_logits()), 0.0f);
        }
        QVERIFY(std::all_of(results[0].begin(), results[0].end(),
                            [](float v) { return std::isfinite(v); }));
        const auto [lo, hi] = std::minmax_element(results[0].begin(), results[0].end());
        QVERIFY(*hi - *lo > 1e-3f);  // not a constant output
        QVERIFY(max_abs_diff(results[0], results[1]) <= 1e-5f);
        QVERIFY(max_abs_diff(results[0], results[2]) <= 1e-5f);
        // Appending token by token equals evaluating the whole prompt.
        runtime::Session s(*m, {.context = 64});
        std::vector<float> last;
        for (int32_t t : prompt) last = s.evaluate(std::span(&t, 1));
        QVERIFY(max_abs_diff(last, std::span<const float>(results[0]).last(last.size())) <= 1e-5f);
    }

    // A second prompt sharing a prefix evaluates only its new tokens, with the same logits as
    // a fresh session.
    void prefixReuse() {
        auto m = load(spec_for("llama"));
        const uint32_t V = m->config().n_vocab;
        auto a = some_tokens(9, V), b = a, c = a;
        b.insert(b.end(), {10, 11, 12});
        c.insert(c.end(), {20, 21, 22, 23});
        runtime::Session s(*m, {.context = 64, .batch = 4});
        QCOMPARE(s.prefill(b), b.size());
        QCOMPARE(s.prefill(c), size_t{4});
        QCOMPARE(s.tokens(), c);
        runtime::Session fresh(*m, {.context = 64});
        fresh.prefill(c);
        QVERIFY(max_abs_diff(s.last_logits(), fresh.last_logits()) <= 1e-5f);
        // The same prompt again: only the last token is re-evaluated, the logits are unchanged.
        const std::vector<float> before(s.last_logits().begin(), s.last_logits().end());
        QCOMPARE(s.prefill(c), size_t{1});
        QVERIFY(max_abs_diff(s.last_logits(), before) <= 1e-5f);
        // A prompt that is a prefix of the cache: cut back, last token re-evaluated.
        QCOMPARE(s.prefill(a), size_t{1});
        QCOMPARE(s.tokens(), a);
    }

    void truncateThenEvaluateEqualsFresh() {
        auto m = load(spec_for("qwen3"));
        const uint32_t V = m->config().n_vocab;
        const auto first = some_tokens(10, V), other = some_tokens(6, V, 5);
        runtime::Session s(*m, {.context = 32, .batch = 3});
        s.evaluate(first);
        s.truncate(4);
        QCOMPARE(s.tokens().size(), size_t{4});
        QVERIFY(s.last_logits().empty());
        const auto got = s.evaluate(other);
        std::vector<int32_t> all(first.begin(), first.begin() + 4);
        all.insert(all.end(), other.begin(), other.end());
        runtime::Session fresh(*m, {.context = 32});
        QVERIFY(max_abs_diff(got, fresh.evaluate(all)) <= 1e-5f);
        s.truncate(100);  // beyond the end: nothing to drop
        QCOMPARE(s.tokens(), all);
    }

    void contextOverflowThrows() {
        auto m = load(spec_for("llama"));
        runtime::Session s(*m, {.context = 8, .batch = 4});
        QCOMPARE(s.context(), size_t{8});
        s.evaluate(some_tokens(6, m->config().n_vocab));
        try {
            s.evaluate(some_tokens(3, m->config().n_vocab));
            QFAIL("no overflow error");
        } catch (const std::length_error& e) {
            QVERIFY2(std::string(e.what()).find("context") != std::string::npos, e.what());
        }
        QCOMPARE(s.tokens().size(), size_t{6});           // nothing was evaluated
        s.evaluate(some_tokens(2, m->config().n_vocab));  // exactly full is fine
        QCOMPARE(s.tokens().size(), size_t{8});
    }

    // Cancelling while a long prompt is evaluated stops it between batches or layers; the
    // complete batches stay cached and the session goes on from there correctly.
    void cancelMidPrompt() {
        test::TinySpec spec = spec_for("llama");
        spec.n_embd = 256, spec.n_head = 8, spec.n_head_kv = 4, spec.head_dim = 32;
        spec.n_ff = 512, spec.n_layer = 4;
        auto m = load(spec);
        const auto prompt = some_tokens(1000, m->config().n_vocab);
        runtime::Session s(*m, {.context = 1024, .batch = 8});
        std::atomic<bool> cancel{true};
        QVERIFY_THROWS_EXCEPTION(runtime::Cancelled, s.evaluate(prompt, false, &cancel));
        QCOMPARE(s.tokens().size(), size_t{0});

        cancel = false;
        std::thread canceller([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            cancel = true;
        });
        bool cancelled = false;
        try {
            s.evaluate(prompt, false, &cancel);
        } catch (const runtime::Cancelled&) {
            cancelled = true;
        }
        canceller.join();
        QVERIFY(cancelled);
        const size_t kept = s.tokens().size();
        QVERIFY(kept < prompt.size());
        QCOMPARE(kept % 8, size_t{0});
        QVERIFY(std::equal(s.tokens().begin(), s.tokens().end(), prompt.begin()));
        // Finishing the prompt gives what an uncancelled evaluation gives.
        const std::span<const int32_t> head(prompt.data(), 40);
        s.truncate(std::min<size_t>(kept, 32));
        const auto resumed = s.evaluate(head.subspan(s.tokens().size()));
        runtime::Session fresh(*m, {.context = 64});
        QVERIFY(max_abs_diff(resumed, fresh.evaluate(head)) <= 1e-5f);
    }

    // An F16 cache rounds keys and values: close to F32, yet not identical (so the option works).
    void kvF16CloseToF32() {
        auto m = load(spec_for("gemma3"));
        const auto prompt = some_tokens(12, m->config().n_vocab);
        runtime::Session h(*m, {.context = 32, .kv_f16 = true});
        runtime::Session f(*m, {.context = 32, .kv_f16 = false});
        const auto lh = h.evaluate(prompt, true), lf = f.evaluate(prompt, true);
        const float d = max_abs_diff(lh, lf);
        float scale = 0;
        for (float v : lf) scale = std::max(scale, std::fabs(v));
        QVERIFY2(d > 0 && d < 1e-2f * scale, qPrintable(QString::number(d)));
    }
};

QTEST_APPLESS_MAIN(TestSession)
#include "test_session.moc"
