// Random-weight benchmark models (random_model.h): llama.cpp's Q4_K_M type choice
// per tensor, and the file sizes the CPU-performance issue quotes for the real
// shapes (computed from the plan, not written: those files are 0.4-1.9 GB), plus
// one small Q4_K_M file written, read back and run, and the siliang-make-model tool.
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <map>

#include "gguf/gguf_reader.h"
#include "model/model.h"
#include "quant_mixture.h"
#include "random_model.h"
#include "runtime/session.h"

namespace {

using siliang::gguf::TensorType;
using siliang::test_models::Mixture;
using siliang::test_models::PlannedTensor;
using siliang::test_models::RandomModelSpec;

constexpr double kMiB = 1024.0 * 1024.0;
constexpr double kGiB = kMiB * 1024.0;
constexpr uint64_t kQwenVocab = 151936;
const char* const kVocab = SILIANG_TESTDATA_DIR "/vocab/ggml-vocab-qwen2.gguf";

RandomModelSpec shape(const char* name, TensorType type, Mixture mixture) {
    RandomModelSpec spec;
    spec.type = type;
    spec.mixture = mixture;
    if (!siliang::test_models::apply_shape_preset(name, spec)) qFatal("unknown shape %s", name);
    return spec;
}

uint64_t total_bytes(const std::vector<PlannedTensor>& plan) {
    uint64_t sum = 0;
    for (const PlannedTensor& t : plan) sum += t.n_bytes;
    return sum;
}

std::map<std::string, TensorType> types_by_name(const std::vector<PlannedTensor>& plan) {
    std::map<std::string, TensorType> out;
    for (const PlannedTensor& t : plan) out[t.name] = t.type;
    return out;
}

std::string blk(int layer, const char* tensor) {
    return "blk." + std::to_string(layer) + "." + tensor + ".weight";
}

}  // namespace

class TestMakeModel : public QObject {
    Q_OBJECT

private slots:
    // llama.cpp: the first and last eighth of the layers, and every third in between.
    void more_bits_layers() {
        const auto layers = [](int n) {
            QList<int> out;
            for (int i = 0; i < n; ++i)
                if (siliang::test_models::use_more_bits(i, n)) out << i;
            return out;
        };
        QCOMPARE(layers(24), (QList<int>{0, 1, 2, 5, 8, 11, 14, 17, 20, 21, 22, 23}));
        QCOMPARE(layers(28), (QList<int>{0, 1, 2, 5, 8, 11, 14, 17, 20, 23, 24, 25, 26, 27}));
    }

    void fallbacks_for_rows_that_are_not_whole_k_blocks() {
        using siliang::test_models::k_quant_fallback;
        QCOMPARE(k_quant_fallback(TensorType::Q4_K, 896), TensorType::Q5_0);
        QCOMPARE(k_quant_fallback(TensorType::Q6_K, 896), TensorType::Q8_0);
        QCOMPARE(k_quant_fallback(TensorType::Q4_K, 4864), TensorType::Q4_K);
        QCOMPARE(k_quant_fallback(TensorType::Q6_K, 1536), TensorType::Q6_K);
        QCOMPARE(k_quant_fallback(TensorType::Q4_K, 48), TensorType::F16);  // not even 32s
    }

    // Qwen2.5-0.5B shape: n_embd 896 is not a multiple of 256, so most matrices fall back
    // to Q5_0 and the tied embedding (the LM head) is Q8_0; ffn_down rows (4864) stay K.
    void qwen05b_q4_k_m_plan() {
        const auto plan = siliang::test_models::plan_tensors(
            shape("qwen2.5-0.5b", TensorType::F32, Mixture::Q4_K_M), kQwenVocab);
        const auto types = types_by_name(plan);
        QCOMPARE(types.at("token_embd.weight"), TensorType::Q8_0);
        QVERIFY(!types.contains("output.weight"));
        for (int il = 0; il < 24; ++il) {
            const bool more = siliang::test_models::use_more_bits(il, 24);
            for (const char* t : {"attn_q", "attn_k", "attn_output", "ffn_gate", "ffn_up"})
                QCOMPARE(types.at(blk(il, t)), TensorType::Q5_0);
            QCOMPARE(types.at(blk(il, "attn_v")), more ? TensorType::Q8_0 : TensorType::Q5_0);
            QCOMPARE(types.at(blk(il, "ffn_down")), more ? TensorType::Q6_K : TensorType::Q4_K);
            QCOMPARE(types.at("blk." + std::to_string(il) + ".attn_q.bias"), TensorType::F32);
        }
        // By hand: Q8_0 embedding 144,643,072 + 24 x 7,175,168 (q, k, o, gate, up)
        // + 12 x 121,856 + 12 x 78,848 (v) + 12 x 3,575,040 + 12 x 2,451,456 (down)
        // + 286,208 of F32 norms and biases.
        const uint64_t bytes = total_bytes(plan);
        QCOMPARE(bytes, uint64_t{391859712});
        QVERIFY2(std::abs(bytes / kMiB - 374.0) < 0.01 * 374.0, qPrintable(QString::number(bytes)));
    }

    // R1-Distill-Qwen-1.5B shape: every row is whole 256-blocks; untied Q6_K output.
    void qwen15b_q4_k_m_plan() {
        const auto plan = siliang::test_models::plan_tensors(
            shape("r1-distill-qwen-1.5b", TensorType::F32, Mixture::Q4_K_M), kQwenVocab);
        const auto types = types_by_name(plan);
        QCOMPARE(types.at("token_embd.weight"), TensorType::Q4_K);
        QCOMPARE(types.at("output.weight"), TensorType::Q6_K);
        int q6 = 0;
        for (int il = 0; il < 28; ++il) {
            const bool more = siliang::test_models::use_more_bits(il, 28);
            for (const char* t : {"attn_q", "attn_k", "attn_output", "ffn_gate", "ffn_up"})
                QCOMPARE(types.at(blk(il, t)), TensorType::Q4_K);
            for (const char* t : {"attn_v", "ffn_down"}) {
                QCOMPARE(types.at(blk(il, t)), more ? TensorType::Q6_K : TensorType::Q4_K);
                q6 += more;
            }
        }
        QCOMPARE(q6, 28);  // 14 layers x (attn_v, ffn_down)
        const uint64_t bytes = total_bytes(plan);
        QCOMPARE(bytes, uint64_t{1111370240});
        QVERIFY2(std::abs(bytes / kGiB - 1.04) < 0.01 * 1.04, qPrintable(QString::number(bytes)));
    }

    void q8_0_sizes() {
        const uint64_t small = total_bytes(siliang::test_models::plan_tensors(
            shape("qwen2.5-0.5b", TensorType::Q8_0, Mixture::Uniform), kQwenVocab));
        const uint64_t large = total_bytes(siliang::test_models::plan_tensors(
            shape("r1-distill-qwen-1.5b", TensorType::Q8_0, Mixture::Uniform), kQwenVocab));
        QCOMPARE(small, uint64_t{525120000});
        QCOMPARE(large, uint64_t{1888581632});
        QVERIFY(std::abs(small / kMiB - 501.0) < 0.01 * 501.0);
        QVERIFY(std::abs(large / kGiB - 1.76) < 0.01 * 1.76);
    }

    // Rows depend on (seed, tensor, row) only, not on how the writer cuts a tensor into
    // chunks and parallel slices: a 300-token table (written in one piece) is the start
    // of a 6001-token one (400 KB, written in slices that split rows).
    void rows_independent_of_chunking() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        RandomModelSpec spec;
        spec.arch = "qwen2";
        spec.n_embd = 64;
        spec.n_layer = 1;
        spec.n_head = 4;
        spec.n_head_kv = 2;
        spec.n_ff = 128;
        spec.type = TensorType::Q8_0;
        spec.vocab_from = kVocab;
        spec.n_vocab = 300;
        const QString small = dir.filePath("small.gguf"), large = dir.filePath("large.gguf");
        siliang::test_models::write_random_model(spec, small.toStdString());
        spec.n_vocab = 6001;  // 408,068 bytes: the two slices split a row
        siliang::test_models::write_random_model(spec, large.toStdString());
        const auto a = siliang::gguf::File::open(small.toStdString());
        const auto b = siliang::gguf::File::open(large.toStdString());
        QCOMPARE(std::string(a.tensors()[0].name), std::string("token_embd.weight"));
        QCOMPARE(std::string(b.tensors()[0].name), std::string("token_embd.weight"));
        const auto& ta = a.tensors()[0].data;
        const auto& tb = b.tensors()[0].data;
        QCOMPARE(ta.size(), size_t{300 * 68});
        QCOMPARE(tb.size(), size_t{6001 * 68});
        QVERIFY(std::equal(ta.begin(), ta.end(), tb.begin()));
    }

    // A small Q4_K_M file holds exactly the planned tensors, says Q4_K_M (file type 15),
    // loads and runs; the tool writes the same bytes and rejects an unknown type.
    void small_q4_k_m_file_written_loaded_and_run() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        RandomModelSpec spec;
        spec.arch = "qwen2";
        spec.n_embd = 64;
        spec.n_layer = 8;  // layers 0, 3, 6 and 7 get more bits
        spec.n_head = 4;
        spec.n_head_kv = 2;
        spec.n_ff = 512;
        spec.n_vocab = 400;
        spec.tied_output = false;
        spec.mixture = Mixture::Q4_K_M;
        spec.vocab_from = kVocab;
        const QString path = dir.filePath("small.gguf");
        siliang::test_models::write_random_model(spec, path.toStdString());

        const auto plan = siliang::test_models::plan_tensors(spec, 400);
        const auto file = siliang::gguf::File::open(path.toStdString());
        QCOMPARE(file.get_uint("general.file_type").value_or(0), uint64_t{15});
        QCOMPARE(file.tensors().size(), plan.size());
        for (size_t i = 0; i < plan.size(); ++i) {
            QCOMPARE(std::string(file.tensors()[i].name), plan[i].name);
            QCOMPARE(file.tensors()[i].type, plan[i].type);
            QCOMPARE(file.tensors()[i].dims, plan[i].dims);
            QCOMPARE(file.tensors()[i].n_bytes, plan[i].n_bytes);
        }
        const auto types = types_by_name(plan);
        QCOMPARE(types.at("output.weight"), TensorType::Q8_0);  // rows of 64: not 256-blocks
        QCOMPARE(types.at("token_embd.weight"), TensorType::Q5_0);
        QCOMPARE(types.at(blk(3, "ffn_down")), TensorType::Q6_K);
        QCOMPARE(types.at(blk(4, "ffn_down")), TensorType::Q4_K);
        QCOMPARE(types.at(blk(7, "attn_v")), TensorType::Q8_0);

        auto model = siliang::model::Model::load(path.toStdString());
        siliang::runtime::Session session(*model, {64, 16, true});
        const std::vector<int32_t> tokens{1, 2, 3, 4};
        const std::vector<float> logits = session.evaluate(tokens);
        QCOMPARE(logits.size(), size_t{400});
        float spread = 0;
        for (float v : logits) {
            QVERIFY(std::isfinite(v));
            spread = std::max(spread, std::abs(v - logits[0]));
        }
        QVERIFY(spread > 0);

        const QString tool_path = dir.filePath("tool.gguf");
        QProcess tool;
        tool.start(
            QStringLiteral(SILIANG_MAKE_MODEL),
            {"--arch",   "qwen2",      "--embd", "64",           "--layers", "8",       "--heads",
             "4",        "--kv-heads", "2",      "--ff",         "512",      "--vocab", "400",
             "--untied", "--type",     "q4_k_m", "--vocab-from", kVocab,     "-o",      tool_path});
        QVERIFY(tool.waitForFinished(120000));
        QCOMPARE(tool.exitCode(), 0);
        QFile a(path), b(tool_path);
        QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
        QVERIFY(a.readAll() == b.readAll());

        QProcess bad;
        bad.start(QStringLiteral(SILIANG_MAKE_MODEL),
                  {"--type", "q4_k_x", "--vocab-from", kVocab, "-o", dir.filePath("bad.gguf")});
        QVERIFY(bad.waitForFinished(60000));
        QCOMPARE(bad.exitCode(), 2);
        QVERIFY(bad.readAllStandardError().contains("unsupported type 'q4_k_x'"));
        QVERIFY(!QFile::exists(dir.filePath("bad.gguf")));
    }
};

QTEST_GUILESS_MAIN(TestMakeModel)
#include "test_make_model.moc"
