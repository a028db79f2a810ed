// Conformance with llama.cpp's tokenizer on the real vocabularies in testdata/vocab: every .inp
// string must tokenize to exactly the ids of its .out line (no BOS, no special parsing), decode
// back to itself for the lossless vocabularies, and stream-decode to the same text in valid UTF-8.
#include <QtTest>

#include <chrono>
#include <ctime>

#include "gguf/gguf_reader.h"
#include "tokenizer/tokenizer.h"
#include "tokenizer/unicode.h"
#include "vocab_fixtures.h"

using namespace siliang;
using namespace siliang::tokenizer;
using namespace siliang::tokenizer::testing;

class TestTokenizerConformance : public QObject {
    Q_OBJECT

private:
    // Vocabularies with .inp/.out pairs; `lossless`: decode(encode(s)) == s for every string.
    void vocab_rows() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("lossless");
        for (const char* name : {"llama-spm", "phi-3", "qwen2", "llama-bpe", "deepseek-coder",
                                 "deepseek-llm", "falcon", "gpt-2", "mpt", "refact", "starcoder"})
            QTest::newRow(name) << QString(name) << true;
        // WordPiece lowercases, strips accents and drops whitespace: not lossless.
        QTest::newRow("bert-bge") << QString("bert-bge") << false;
    }

    struct Case {
        Tokenizer tokenizer;
        std::vector<std::string> strings;
        std::vector<std::vector<int32_t>> expected;
    };

    static std::optional<Case> load_case(const QString& name) {
        const std::string base = vocab_path(name.toStdString());
        std::string inp, out;
        if (!read_file(base + ".inp", inp) || !read_file(base + ".out", out)) return std::nullopt;
        const gguf::File file = gguf::File::open(base);
        return Case{Tokenizer::from_gguf(file), split_inp(inp), parse_out(out)};
    }

private slots:
    void encode_matches_llama_cpp_data() { vocab_rows(); }
    void encode_matches_llama_cpp() {
        QFETCH(QString, name);
        auto c = load_case(name);
        QVERIFY2(c, qPrintable("missing fixture for " + name));
        QCOMPARE(c->strings.size(), c->expected.size());
        QVERIFY(c->strings.size() > 30);
        size_t exact = 0;
        QString first_failure;
        for (size_t i = 0; i < c->strings.size(); ++i) {
            const std::vector<int32_t> got = c->tokenizer.encode(c->strings[i]);
            const std::vector<int32_t>& want = c->expected[i];
            if (got == want) {
                ++exact;
                continue;
            }
            if (first_failure.isEmpty()) {
                size_t pos = 0;
                while (pos < got.size() && pos < want.size() && got[pos] == want[pos]) ++pos;
                first_failure =
                    QString(
                        "string %1 \"%2\": first difference at token %3\n  got:  %4\n  want: %5")
                        .arg(i)
                        .arg(QString::fromStdString(c->strings[i]))
                        .arg(pos)
                        .arg(QString::fromStdString(format_ids(got)))
                        .arg(QString::fromStdString(format_ids(want)));
            }
        }
        qInfo("%s: %zu/%zu strings exact", qPrintable(name), exact, c->strings.size());
        QVERIFY2(exact == c->strings.size(), qPrintable(first_failure));
    }

    void decode_round_trips_data() { vocab_rows(); }
    void decode_round_trips() {
        QFETCH(QString, name);
        QFETCH(bool, lossless);
        auto c = load_case(name);
        QVERIFY(c);
        size_t same = 0;
        for (const std::string& s : c->strings) {
            const std::vector<int32_t> ids = c->tokenizer.encode(s);
            const std::string back = c->tokenizer.decode(ids);
            if (back == s) {
                ++same;
            } else if (lossless) {
                QFAIL(qPrintable(
                    QString("%1: \"%2\" decodes to \"%3\"")
                        .arg(name, QString::fromStdString(s), QString::fromStdString(back))));
            }
        }
        if (!lossless) {
            // WordPiece still reproduces the plain lowercase ASCII words.
            const std::vector<int32_t> ids = c->tokenizer.encode("hello world");
            QCOMPARE(c->tokenizer.decode(ids), std::string(" hello world"));
            QVERIFY(same < c->strings.size());
        }
    }

    void stream_decoder_yields_valid_utf8_data() { vocab_rows(); }
    void stream_decoder_yields_valid_utf8() {
        QFETCH(QString, name);
        auto c = load_case(name);
        QVERIFY(c);
        size_t held_back = 0;
        for (const std::string& s : c->strings) {
            const std::vector<int32_t> ids = c->tokenizer.encode(s);
            StreamDecoder stream(c->tokenizer);
            std::string joined;
            for (const int32_t id : ids) {
                const std::string part = stream.push(id);
                QVERIFY2(unicode::is_valid_utf8(part),
                         qPrintable(name + ": invalid UTF-8 streamed"));
                if (part.empty() && !c->tokenizer.token_piece(id).empty()) ++held_back;
                joined += part;
            }
            joined += stream.finish();
            std::string expected;
            unicode::append_valid_utf8(c->tokenizer.decode(ids), expected, true);
            QCOMPARE(joined, expected);
        }
        // SentencePiece spells rare characters (Khmer, emoji) with byte tokens: the decoder must
        // have held back partial characters.
        if (c->tokenizer.kind() == Kind::SentencePiece) QVERIFY(held_back > 0);
    }

    void load_time_of_large_vocabularies_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("tokens");
        QTest::newRow("qwen2") << QString("qwen2") << 151936;
        QTest::newRow("llama-bpe") << QString("llama-bpe") << 128256;
    }
    // Reported, not asserted (performance is measured by benchmarks, not unit tests).
    void load_time_of_large_vocabularies() {
        QFETCH(QString, name);
        QFETCH(int, tokens);
        const gguf::File file = gguf::File::open(vocab_path(name.toStdString()));
        const auto start = std::chrono::steady_clock::now();
        const std::clock_t cpu_start = std::clock();
        const Tokenizer tokenizer = Tokenizer::from_gguf(file);
        const double cpu_ms =
            1000.0 * static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
        const double ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count();
        qInfo("%s: %zu tokens loaded in %.1f ms wall, %.1f ms CPU (GGUF already open)",
              qPrintable(name), tokenizer.vocab_size(), ms, cpu_ms);
        QCOMPARE(tokenizer.vocab_size(), static_cast<size_t>(tokens));
        QCOMPARE(tokenizer.kind(), Kind::BytePairEncoding);
    }
};

QTEST_APPLESS_MAIN(TestTokenizerConformance)
#include "test_tokenizer_conformance.moc"
