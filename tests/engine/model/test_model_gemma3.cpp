// The real Gemma 3 270M (Q4_K_M) model: loads, and its greedy continuation of a
// factual prompt is right. Skipped when the file is not on this machine.
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <numeric>

#include "model/model.h"
#include "runtime/session.h"
#include "test_models.h"

using namespace siliang;

namespace {

std::filesystem::path find_model() {
    return testing::gemma3_test_model();
}

}  // namespace

class TestModelGemma3 : public QObject {
    Q_OBJECT
    std::unique_ptr<model::Model> model_;

private slots:
    void initTestCase() {
        const auto path = find_model();
        if (path.empty() || !std::filesystem::exists(path))
            QSKIP("Gemma 3 270M GGUF not found (set SILIANG_GEMMA3_GGUF)");
        // The reference kernels: the numpy oracle computes in float32 without quantizing
        // activations (the fast path is checked against goldens in test_model_goldens).
        model_ = model::Model::load(path, {.threads = 2, .reference_kernels = true});
    }

    void config() {
        const auto& c = model_->config();
        QCOMPARE(c.arch, model::Architecture::Gemma3);
        QCOMPARE(c.n_layer, 18u);
        QCOMPARE(c.n_embd, 640u);
        QCOMPARE(c.n_head, 4u);
        QCOMPARE(c.n_head_kv, 1u);
        QCOMPARE(c.head_dim_k, 256u);
        QCOMPARE(c.sliding_window, 512u);
        QCOMPARE(c.n_vocab, 262144u);
        QVERIFY(c.tied_embeddings);
        QVERIFY(c.layer_sliding[0] && !c.layer_sliding[5] && !c.layer_sliding[17]);
    }

    // The next-token logits of the brief's prompt equal those of an independent float32
    // reference (gguf-py dequantization + a numpy forward pass, gemma3_numpy_reference.py):
    // the same five tokens, in the same order, with the same values.
    void firstTokenMatchesNumpyReference() {
        const auto prompt = encode("The capital of France is");
        QCOMPARE(prompt, (std::vector<int32_t>{2, 818, 5279, 529, 7001, 563}));
        runtime::Session session(*model_, {.context = 64});
        session.prefill(prompt);
        const auto logits = session.last_logits();
        const std::vector<std::pair<int32_t, float>> expected = {
            {506, 19.0915f}, {496, 18.5476f}, {9079, 18.2686f}, {886, 18.1130f}, {3224, 17.7839f}};
        std::vector<int32_t> order(logits.size());
        std::iota(order.begin(), order.end(), 0);
        std::partial_sort(order.begin(), order.begin() + 5, order.end(),
                          [&](int32_t a, int32_t b) { return logits[a] > logits[b]; });
        for (size_t i = 0; i < expected.size(); ++i) {
            QCOMPARE(order[i], expected[i].first);
            QVERIFY2(std::fabs(logits[order[i]] - expected[i].second) < 5e-3f,
                     qPrintable(QString::number(double(logits[order[i]]))));
        }
        // " the" (506) beats " Paris" (9079) on this quantized base model: the greedy
        // continuation is " the capital of the country of France. It is the largest city...".
        QCOMPARE(QString::fromStdString(model_->tokenizer().token_piece(9079)), QString(" Paris"));
    }

    void greedyAnswers_data() {
        QTest::addColumn<QString>("prompt");
        QTest::addColumn<QString>("expected");
        QTest::newRow("question") << "Question: What is the capital of France?\nAnswer:"
                                  << " Paris";
        QTest::newRow("city of") << "The capital city of France is the city of"
                                 << " Paris";
        QTest::newRow("few-shot") << "The capital of France is Paris. The capital of Germany is"
                                  << " Berlin";
    }
    void greedyAnswers() {
        QFETCH(QString, prompt);
        QFETCH(QString, expected);
        const auto& tok = model_->tokenizer();
        runtime::Session session(*model_, {.context = 64});
        session.prefill(encode(prompt.toStdString()));
        std::vector<int32_t> out;
        for (int i = 0; i < 8; ++i) {
            const auto logits = session.last_logits();
            const auto next = static_cast<int32_t>(std::max_element(logits.begin(), logits.end()) -
                                                   logits.begin());
            out.push_back(next);
            if (tok.is_eog(next)) break;
            session.evaluate(std::span(&next, 1));
        }
        const std::string text = tok.decode(out);
        qInfo("greedy continuation: \"%s\"", text.c_str());
        QVERIFY2(text.find(expected.toStdString()) != std::string::npos, text.c_str());
    }

private:
    std::vector<int32_t> encode(const std::string& text) const {
        tokenizer::EncodeOptions options;
        options.add_bos = true;
        return model_->tokenizer().encode(text, options);
    }
};

QTEST_APPLESS_MAIN(TestModelGemma3)
#include "test_model_gemma3.moc"
