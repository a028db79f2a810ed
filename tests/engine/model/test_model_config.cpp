// ModelConfig from GGUF metadata for each architecture, and the load-time
// errors: unknown architecture, missing key or tensor, wrong shape,
// unsupported tensor type, unknown backend, cancelled load.
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "backend/registry.h"
#include "gguf/gguf_writer.h"
#include "model/model.h"
#include "runtime/session.h"
#include "tiny_model.h"

using namespace siliang;

namespace {

model::ModelConfig config_of(const test::TinySpec& spec) {
    const auto bytes = test::tiny_model_bytes(spec);
    return model::read_model_config(gguf::File::from_memory(bytes, "tiny.gguf"));
}

// Runs `fn`, expecting an exception of type E whose message contains every one of `parts`.
template <class E, class Fn>
void expect_error(Fn fn, std::initializer_list<std::string> parts) {
    try {
        fn();
        QFAIL("no error");
    } catch (const E& e) {
        for (const auto& p : parts)
            QVERIFY2(std::string(e.what()).find(p) != std::string::npos, e.what());
    }
}

}  // namespace

class TestModelConfig : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    std::filesystem::path write(const test::TinySpec& spec) {
        return test::write_tiny_model(dir_.path().toStdString(), spec);
    }

private slots:
    void llama() {
        test::TinySpec s;
        s.rope_scaling = "linear";
        const auto c = config_of(s);
        QCOMPARE(c.arch, model::Architecture::Llama);
        QCOMPARE(c.n_embd, 64u);
        QCOMPARE(c.n_layer, 2u);
        QCOMPARE(c.n_ff, 96u);
        QCOMPARE(c.n_head, 4u);
        QCOMPARE(c.n_head_kv, 2u);
        QCOMPARE(c.head_dim_k, 16u);
        QCOMPARE(c.n_rot, 16u);  // rope.dimension_count absent: the head dimension
        QCOMPARE(c.n_vocab, 48u);
        QCOMPARE(c.context_length, 512u);
        QCOMPARE(c.rms_eps, 1e-6f);
        QVERIFY(!c.rope_neox && !c.qkv_bias && !c.qk_norm && !c.post_norms && !c.gelu_ffn);
        QVERIFY(c.tied_embeddings);
        QCOMPARE(c.rope_scaling_type, std::string("linear"));
        QCOMPARE(c.rope_freq_scale, 0.25f);
        QCOMPARE(c.rope_original_context, 128u);
        QCOMPARE(c.attention_scale, 0.25f);
        QCOMPARE(c.sliding_window, 0u);
        QCOMPARE(std::count(c.layer_sliding.begin(), c.layer_sliding.end(), true), 0);
    }
    void qwen2() {
        test::TinySpec s;
        s.arch = "qwen2";
        s.tied = false;
        const auto c = config_of(s);
        QCOMPARE(c.arch, model::Architecture::Qwen2);
        QVERIFY(c.rope_neox && c.qkv_bias && !c.qk_norm && !c.tied_embeddings);
    }
    void qwen3() {
        test::TinySpec s;
        s.arch = "qwen3";
        const auto c = config_of(s);
        QCOMPARE(c.arch, model::Architecture::Qwen3);
        QVERIFY(c.rope_neox && c.qk_norm && !c.qkv_bias && !c.post_norms);
    }
    void gemma3() {
        test::TinySpec s;
        s.arch = "gemma3";
        s.n_layer = 12;
        s.sliding_window = 512;
        const auto c = config_of(s);
        QCOMPARE(c.arch, model::Architecture::Gemma3);
        QVERIFY(c.rope_neox && c.qk_norm && c.post_norms && c.gelu_ffn);
        QCOMPARE(c.embedding_scale, 8.0f);   // sqrt(64)
        QCOMPARE(c.attention_scale, 0.25f);  // 1/sqrt(key_length)
        QCOMPARE(c.rope_freq_base, 1e6f);
        QCOMPARE(c.rope_freq_base_swa, 1e4f);
        QCOMPARE(c.sliding_window, 512u);
        for (uint32_t i = 0; i < 12; ++i) QCOMPARE(c.layer_sliding[i], i != 5 && i != 11);
    }

    void unknownArchitecture() {
        test::TinySpec s;
        s.arch = "mamba";
        expect_error<model::ModelError>([&] { config_of(s); },
                                        {"tiny.gguf", "'mamba'", "not supported"});
        expect_error<model::ModelError>([&] { model::Model::load(write(s)); },
                                        {"tiny-mamba", "mamba"});
    }
    void missingKey() {
        gguf::Writer w;
        w.set("general.architecture", gguf::MetaValue::string("qwen3"));
        w.set("qwen3.embedding_length", gguf::MetaValue::u32(64));
        const auto bytes = w.write_to_memory();
        expect_error<model::ModelError>(
            [&] { model::read_model_config(gguf::File::from_memory(bytes, "keys.gguf")); },
            {"keys.gguf", "qwen3.block_count", "missing"});
    }
    void missingTensor() {
        test::TinySpec s;
        s.arch = "qwen2";
        s.omit = {"blk.1.attn_k.bias"};
        expect_error<model::ModelError>([&] { model::Model::load(write(s)); },
                                        {"tiny-qwen2", "blk.1.attn_k.bias", "missing"});
    }
    void unsupportedTensorType() {
        test::TinySpec s;
        s.n_embd = 256, s.head_dim = 64, s.seed = 2;
        s.unsupported_type_tensor = "blk.0.ffn_gate.weight";
        expect_error<model::ModelError>(
            [&] { model::Model::load(write(s)); },
            {"tiny-llama-2", "blk.0.ffn_gate.weight", "IQ2_XXS", "not supported"});
    }
    // A header that declares 2 KV heads over tensors made for 1: the first mismatching tensor is
    // named with both shapes.
    void wrongShape() {
        test::TinySpec s;
        s.n_head_kv = 1;
        s.seed = 4;
        auto bytes = test::tiny_model_bytes(s);
        const std::string key = "llama.attention.head_count_kv";
        const auto* k = reinterpret_cast<const std::byte*>(key.data());
        const auto it = std::search(bytes.begin(), bytes.end(), k, k + key.size());
        QVERIFY(it != bytes.end());
        const size_t at = size_t(it - bytes.begin()) + key.size() + 4;  // after the type tag
        QCOMPARE(std::to_integer<int>(bytes[at]), 1);
        bytes[at] = std::byte{2};
        const auto p = dir_.filePath("shape.gguf").toStdString();
        std::ofstream(p, std::ios::binary)
            .write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
        expect_error<model::ModelError>(
            [&] { model::Model::load(p); },
            {"shape.gguf", "blk.0.attn_k.weight", "[64, 16]", "expected [64, 32]"});
    }

    void backends() {
        const auto names = backend::available_backends();
        QVERIFY(std::find(names.begin(), names.end(), "cpu") != names.end());
        expect_error<backend::BackendError>([] { backend::create_backend("tpu"); },
                                            {"'tpu'", "cpu"});
        expect_error<backend::BackendError>(
            [&] { model::Model::load(write({}), {.backend = "tpu"}); }, {"tpu"});
    }

    void progressAndCancel() {
        const auto path = write({});
        std::vector<float> seen;
        auto m = model::Model::load(path, {.progress = [&](float p) {
                                        seen.push_back(p);
                                        return true;
                                    }});
        QVERIFY(seen.size() > 10);
        QVERIFY(std::is_sorted(seen.begin(), seen.end()));
        QCOMPARE(seen.back(), 1.0f);
        expect_error<model::LoadCancelled>(
            [&] { model::Model::load(path, {.progress = [](float p) { return p < 0.5f; }}); },
            {"tiny-llama", "cancelled"});
    }

    // Quantized weights run through the same ops: Q8_0 logits stay close to F32's.
    void quantizedWeightsCloseToF32() {
        test::TinySpec s;
        s.seed = 7;
        s.tied = false;
        auto f32 = model::Model::load(write(s));
        s.weight_type = gguf::TensorType::Q8_0;
        auto q8 = model::Model::load(write(s));
        const std::vector<int32_t> prompt = {1, 5, 9, 17, 33, 4};
        runtime::Session a(*f32, {.context = 16}), b(*q8, {.context = 16});
        const auto la = a.evaluate(prompt), lb = b.evaluate(prompt);
        float d = 0, scale = 0;
        for (size_t i = 0; i < la.size(); ++i) {
            d = std::max(d, std::fabs(la[i] - lb[i]));
            scale = std::max(scale, std::fabs(la[i]));
        }
        QVERIFY2(d > 0 && d < 0.05f * scale, qPrintable(QString("%1 vs %2").arg(d).arg(scale)));
    }
};

QTEST_APPLESS_MAIN(TestModelConfig)
#include "test_model_config.moc"
