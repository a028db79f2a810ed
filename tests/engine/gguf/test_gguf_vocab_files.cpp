// Every real vocabulary file in the shared test data (written by llama.cpp's
// Python gguf package, not by us) maps and reads, with spot checks of values
// known from the files' sources.
#include <QDir>
#include <QtTest>

#include "gguf/gguf_reader.h"

using namespace siliang::gguf;
using namespace std::literals;

namespace {

struct Known {
    const char* file;
    const char* architecture;
    const char* model;  // tokenizer.ggml.model
    const char* pre;    // tokenizer.ggml.pre, nullptr when absent
    uint64_t n_tokens;
    const char* first_token;
    const char* last_token;
    int64_t bos;  // -1 when absent
    int64_t eos;
    int64_t n_merges;  // -1 when absent
    bool scores;       // has tokenizer.ggml.scores
    bool chat_template;
};

// From the files' tokenizer sources (see shared/testdata/README.md).
const Known kKnown[] = {
    {"ggml-vocab-baichuan.gguf", "baichuan", "llama", nullptr, 64000, "<unk>", "\uf1e9", 1, 2, -1,
     true, false},
    {"ggml-vocab-bert-bge.gguf", "bert", "bert", "bert-bge", 30522, "[PAD]", "\uff5e", -1, -1, -1,
     false, false},
    {"ggml-vocab-deepseek-coder.gguf", "llama", "gpt2", "deepseek-coder", 32256, "!", "[PAD32255]",
     32013, 32014, 31757, false, false},
    {"ggml-vocab-deepseek-llm.gguf", "llama", "gpt2", "deepseek-llm", 102400, "!", "[PAD102399]",
     100000, 100001, 99757, false, false},
    {"ggml-vocab-falcon.gguf", "falcon", "gpt2", "falcon", 65024, ">>TITLE<<", "\u0120victoria", 11,
     11, 64784, false, false},
    {"ggml-vocab-gpt-2.gguf", "gpt2", "gpt2", "gpt-2", 50257, "!", "<|endoftext|>", 50256, 50256,
     50000, false, false},
    {"ggml-vocab-gpt-neox.gguf", "gptneox", "gpt2", nullptr, 50432, "<|endoftext|>", "[PAD50431]",
     0, 0, 50009, false, false},
    {"ggml-vocab-llama-bpe.gguf", "llama", "gpt2", "llama-bpe", 128256, "!",
     "<|reserved_special_token_250|>", 128000, 128009, 280147, false, true},
    {"ggml-vocab-llama-spm.gguf", "llama", "llama", "default", 32000, "<unk>", "\u7ed9", 1, 2, -1,
     true, false},
    {"ggml-vocab-mpt.gguf", "mpt", "gpt2", "mpt", 50432, "<|endoftext|>", "[PAD50431]", 0, 0, 50009,
     false, false},
    {"ggml-vocab-phi-3.gguf", "phi3", "llama", "default", 32064, "<unk>", "[PAD32063]", 1, 32000,
     -1, true, true},
    {"ggml-vocab-qwen2.gguf", "qwen2", "gpt2", "qwen2", 151936, "!", "[PAD151935]", 151643, 151645,
     151387, false, true},
    {"ggml-vocab-refact.gguf", "refact", "gpt2", "refact", 49216, "<|endoftext|>", "[PAD49215]", 0,
     0, 48891, false, false},
    {"ggml-vocab-starcoder.gguf", "starcoder2", "gpt2", "starcoder", 49152, "<|endoftext|>", "sdb",
     0, 0, 48872, false, false},
};

QString vocab_dir() {
    return QStringLiteral(SILIANG_TESTDATA_DIR "/vocab");
}

}  // namespace

class TestGgufVocabFiles : public QObject {
    Q_OBJECT

private slots:
    // Each vocabulary file present has a row below, so none goes unread.
    void every_file_has_known_values() {
        const QStringList files = QDir(vocab_dir()).entryList({"*.gguf"}, QDir::Files);
        QVERIFY2(files.size() >= 14, qPrintable("vocab files missing in " + vocab_dir()));
        for (const QString& name : files) {
            const bool known = std::ranges::any_of(
                kKnown, [&](const Known& k) { return name == QLatin1String(k.file); });
            QVERIFY2(known, qPrintable(name + " has no row in kKnown"));
        }
    }

    void reads_vocab_data() {
        QTest::addColumn<int>("index");
        for (std::size_t i = 0; i < std::size(kKnown); ++i) {
            QTest::newRow(kKnown[i].file) << static_cast<int>(i);
        }
    }

    void reads_vocab() {
        QFETCH(int, index);
        const Known& k = kKnown[index];
        const File f = File::open((vocab_dir() + "/" + k.file).toStdString());
        QCOMPARE(f.version(), 3u);
        QCOMPARE(f.alignment(), uint64_t{32});
        QVERIFY(f.tensors().empty());
        QCOMPARE(f.get_string("general.architecture"),
                 std::optional(std::string_view(k.architecture)));
        QCOMPARE(f.get_string("tokenizer.ggml.model"), std::optional(std::string_view(k.model)));
        if (k.pre) {
            QCOMPARE(f.get_string("tokenizer.ggml.pre"), std::optional(std::string_view(k.pre)));
        } else {
            QCOMPARE(f.find("tokenizer.ggml.pre"), nullptr);
        }

        const Array* tokens = f.get_array("tokenizer.ggml.tokens");
        QVERIFY(tokens);
        QCOMPARE(tokens->element_type, ValueType::String);
        QCOMPARE(tokens->count, k.n_tokens);
        QCOMPARE(tokens->strings.size(), k.n_tokens);
        QCOMPARE(tokens->strings.front(), std::string_view(k.first_token));
        QCOMPARE(tokens->strings.back(), std::string_view(k.last_token));
        // Views point into the mapping, inside the file.
        const auto* begin = reinterpret_cast<const char*>(f.bytes().data());
        QVERIFY(tokens->strings.back().data() >= begin &&
                tokens->strings.back().data() + tokens->strings.back().size() <=
                    begin + f.file_size());

        const Array* types = f.get_array("tokenizer.ggml.token_type");
        QVERIFY(types);
        const auto type_values = types->to_i32s();
        QVERIFY(type_values);
        QCOMPARE(type_values->size(), k.n_tokens);
        // llama.cpp token types are 1 (normal) to 6 (byte).
        QVERIFY(std::ranges::all_of(*type_values, [](int32_t t) { return t >= 1 && t <= 6; }));

        const Array* scores = f.get_array("tokenizer.ggml.scores");
        QCOMPARE(scores != nullptr, k.scores);
        if (scores) QCOMPARE(scores->to_f32s()->size(), k.n_tokens);

        if (k.bos >= 0) QCOMPARE(f.get_int("tokenizer.ggml.bos_token_id"), std::optional(k.bos));
        if (k.eos >= 0) QCOMPARE(f.get_int("tokenizer.ggml.eos_token_id"), std::optional(k.eos));

        const Array* merges = f.get_array("tokenizer.ggml.merges");
        if (k.n_merges < 0) {
            QCOMPARE(merges, nullptr);
        } else {
            QVERIFY(merges);
            QCOMPARE(merges->strings.size(), static_cast<std::size_t>(k.n_merges));
            // A BPE merge is two tokens separated by one space.
            QVERIFY(std::ranges::all_of(merges->strings, [](std::string_view m) {
                const auto space = m.find(' ');
                return space != std::string_view::npos && space > 0 && space + 1 < m.size();
            }));
        }
        const auto tmpl = f.get_string("tokenizer.chat_template");
        QCOMPARE(tmpl.has_value(), k.chat_template);
        if (tmpl) QVERIFY(tmpl->find("{%") != std::string_view::npos);
    }

    void qwen2_spot_checks() {
        const File f = File::open((vocab_dir() + "/ggml-vocab-qwen2.gguf").toStdString());
        const auto& tokens = f.get_array("tokenizer.ggml.tokens")->strings;
        QCOMPARE(tokens[151643], "<|endoftext|>"sv);
        QCOMPARE(tokens[151644], "<|im_start|>"sv);
        QCOMPARE(tokens[151645], "<|im_end|>"sv);
        QCOMPARE(f.get_array("tokenizer.ggml.merges")->strings.front(), "\u0120 \u0120"sv);
        QVERIFY(f.get_string("tokenizer.chat_template")->find("<|im_start|>") !=
                std::string_view::npos);
    }
};

QTEST_APPLESS_MAIN(TestGgufVocabFiles)
#include "test_gguf_vocab_files.moc"
