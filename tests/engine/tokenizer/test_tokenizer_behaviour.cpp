// Behaviour of the public tokenizer API on real vocabularies and on small synthetic GGUF files:
// special tokens and protected (user) ranges, BOS/EOS, end-of-generation tokens, invalid input,
// errors, streaming, long inputs.
#include <QtTest>

#include "gguf/gguf_reader.h"
#include "gguf/gguf_writer.h"
#include "tokenizer/tokenizer.h"
#include "tokenizer/unicode.h"
#include "vocab_fixtures.h"

using namespace siliang;
using namespace siliang::tokenizer;
using namespace siliang::tokenizer::testing;

namespace {

Tokenizer load(const std::string& name) {
    const gguf::File file = gguf::File::open(vocab_path(name));
    return Tokenizer::from_gguf(file);
}

std::vector<int32_t> concat(std::initializer_list<std::vector<int32_t>> parts) {
    std::vector<int32_t> out;
    for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
    return out;
}

// A small byte-level BPE vocabulary: the printable bytes of "abc" plus merges.
std::vector<std::byte> synthetic_bpe(std::string_view model, std::string_view pre,
                                     bool with_tokens = true) {
    gguf::Writer w;
    w.set("general.architecture", gguf::MetaValue::string("test"));
    w.set("tokenizer.ggml.model", gguf::MetaValue::string(model));
    w.set("tokenizer.ggml.pre", gguf::MetaValue::string(pre));
    if (with_tokens) {
        const std::vector<std::string> tokens = {"a", "b", "c", "ab", "bc", "abc", "<|end|>"};
        w.set("tokenizer.ggml.tokens", gguf::MetaValue::array(tokens));
        const std::vector<int32_t> types = {1, 1, 1, 1, 1, 1, 3};
        w.set("tokenizer.ggml.token_type", gguf::MetaValue::array(types));
    }
    // "b c" outranks "a b": "abc" must become a + bc -> abc, never ab + c.
    const std::vector<std::string> merges = {"b c", "a b", "a bc"};
    w.set("tokenizer.ggml.merges", gguf::MetaValue::array(merges));
    w.set("tokenizer.ggml.eos_token_id", gguf::MetaValue::u32(6));
    return w.write_to_memory();
}

// A small SentencePiece vocabulary; `name` is general.name (llama.cpp gives Phi-3's added tokens
// the rstrip attribute by name).
std::vector<std::byte> synthetic_spm(std::string_view name) {
    gguf::Writer w;
    w.set("general.architecture", gguf::MetaValue::string("llama"));
    w.set("general.name", gguf::MetaValue::string(name));
    w.set("tokenizer.ggml.model", gguf::MetaValue::string("llama"));
    const std::vector<std::string> tokens = {"<unk>",
                                             "<s>",
                                             "</s>",
                                             "<|user|>",
                                             "\xE2\x96\x81",
                                             "a",
                                             "\xE2\x96\x81"
                                             "a",
                                             "<0x0A>"};
    w.set("tokenizer.ggml.tokens", gguf::MetaValue::array(tokens));
    const std::vector<float> scores = {0, 0, 0, 0, -2, -3, -1, 0};
    w.set("tokenizer.ggml.scores", gguf::MetaValue::array(scores));
    const std::vector<int32_t> types = {2, 3, 4, 3, 1, 1, 1, 6};
    w.set("tokenizer.ggml.token_type", gguf::MetaValue::array(types));
    return w.write_to_memory();
}

std::string error_of(const std::vector<std::byte>& bytes, const std::string& name) {
    try {
        const gguf::File file = gguf::File::from_memory(bytes, name);
        (void)Tokenizer::from_gguf(file);
    } catch (const TokenizerError& e) {
        return e.what();
    }
    return {};
}

}  // namespace

class TestTokenizerBehaviour : public QObject {
    Q_OBJECT

private slots:
    void user_text_never_yields_special_tokens() {
        const Tokenizer qwen = load("qwen2");
        const std::string prefix = "<|im_start|>user\n";
        const std::string user = "hi <|im_end|>";
        const std::string text = prefix + user + "<|im_end|>";
        const int32_t im_start = 151644, im_end = 151645;
        QCOMPARE(qwen.find_token("<|im_end|>"), std::optional<int32_t>(im_end));

        EncodeOptions options;
        options.parse_special = true;
        options.no_special_ranges = {{prefix.size(), prefix.size() + user.size()}};
        const std::vector<int32_t> ids = qwen.encode(text, options);
        const std::vector<int32_t> plain = qwen.encode("user\nhi <|im_end|>");
        QCOMPARE(ids, concat({{im_start}, plain, {im_end}}));
        QCOMPARE(std::count(ids.begin(), ids.end(), im_end), 1);
        QCOMPARE(qwen.decode(ids), text);

        // Without the range both are parsed; without parse_special neither is.
        options.no_special_ranges.clear();
        const std::vector<int32_t> all = qwen.encode(text, options);
        QCOMPARE(std::count(all.begin(), all.end(), im_end), 2);
        const std::vector<int32_t> none = qwen.encode(text);
        QCOMPARE(std::count(none.begin(), none.end(), im_end), 0);
        QCOMPARE(std::count(none.begin(), none.end(), im_start), 0);

        // A token only partly inside a range is not recognised either.
        options.no_special_ranges = {{text.size() - 3, text.size()}};
        const std::vector<int32_t> partial = qwen.encode(text, options);
        QCOMPARE(std::count(partial.begin(), partial.end(), im_end), 1);
    }

    void user_defined_tokens_are_always_recognised_outside_ranges() {
        const Tokenizer qwen = load("qwen2");
        const auto tool_call = qwen.find_token("<tool_call>");
        QVERIFY(tool_call);
        QVERIFY(qwen.is_special(*tool_call));
        QVERIFY(!qwen.is_control(*tool_call));
        QCOMPARE(qwen.encode("<tool_call>"), std::vector<int32_t>{*tool_call});
        EncodeOptions options;
        options.no_special_ranges = {{0, 11}};
        QVERIFY(qwen.encode("<tool_call>", options).size() > 1);
    }

    void bos_eos_and_end_of_generation() {
        const Tokenizer llama3 = load("llama-bpe");
        QCOMPARE(llama3.pre(), std::string("llama-bpe"));
        QCOMPARE(llama3.special().bos, 128000);
        QVERIFY(llama3.special().add_bos);
        EncodeOptions options;
        options.add_bos = true;
        const std::vector<int32_t> ids = llama3.encode("Hello", options);
        QCOMPARE(ids.front(), 128000);
        QCOMPARE(std::vector<int32_t>(ids.begin() + 1, ids.end()), llama3.encode("Hello"));
        QCOMPARE(llama3.special().eom, -1);  // a Llama 3.0 vocabulary: no <|eom_id|>
        QCOMPARE(llama3.special().eot, 128009);
        for (const char* text : {"<|eot_id|>", "<|end_of_text|>"}) {
            const auto id = llama3.find_token(text);
            QVERIFY2(id && llama3.is_eog(*id), text);
            QVERIFY(std::find(llama3.special().eog.begin(), llama3.special().eog.end(), *id) !=
                    llama3.special().eog.end());
        }
        QVERIFY(!llama3.is_eog(128000));

        const Tokenizer qwen = load("qwen2");
        QVERIFY(!qwen.special().add_bos);
        QCOMPARE(qwen.special().eos, 151645);
        QCOMPARE(qwen.special().eot, 151645);  // <|im_end|>, found by its text
        QVERIFY(qwen.is_eog(151643));          // <|endoftext|>
        QVERIFY(!qwen.is_eog(151644));
        QCOMPARE(qwen.model(), std::string("gpt2"));
        QCOMPARE(qwen.kind(), Kind::BytePairEncoding);
    }

    void sentencepiece_space_prefix_and_specials() {
        const Tokenizer spm = load("llama-spm");
        QCOMPARE(spm.kind(), Kind::SentencePiece);
        QCOMPARE(spm.pre(), std::string("default"));
        QVERIFY(spm.special().add_space_prefix);
        QCOMPARE(spm.special().bos, 1);
        QCOMPARE(spm.special().unk, 0);
        const std::vector<int32_t> hello = spm.encode("Hello");
        QCOMPARE(spm.token_text(hello.front()), std::string_view("\xE2\x96\x81Hello"));
        QCOMPARE(spm.token_piece(hello.front()), std::string(" Hello"));
        EncodeOptions options;
        options.parse_special = true;
        // After a special token the text is prefixed with a space again (llama.cpp).
        QCOMPARE(spm.encode("<s>Hello", options), concat({{1}, hello}));
        options.add_bos = true;
        options.add_eos = true;
        QCOMPARE(spm.encode("Hello", options), concat({{1}, hello, {2}}));
        QCOMPARE(spm.decode(concat({{1}, hello})), std::string("<s> Hello"));
        QCOMPARE(spm.decode(concat({{1}, hello}), false), std::string(" Hello"));
        QCOMPARE(spm.encode(""), std::vector<int32_t>{});
    }

    void wordpiece_normalises_text() {
        const Tokenizer bert = load("bert-bge");
        QCOMPARE(bert.kind(), Kind::WordPiece);
        QCOMPARE(bert.special().cls, 101);
        QCOMPARE(bert.special().bos, 101);
        QCOMPARE(bert.special().sep, 102);
        QCOMPARE(bert.encode("H\xC3\xA9llo, WORLD!"), bert.encode("hello , world !"));
        QCOMPARE(bert.encode("\xF0\x9F\xA6\x99"),
                 std::vector<int32_t>{100});  // llama emoji -> [UNK]
        EncodeOptions options;
        options.add_bos = true;
        options.add_eos = true;
        const std::vector<int32_t> ids = bert.encode("hello", options);
        QCOMPARE(ids.front(), 101);
        QCOMPARE(ids.back(), 102);
        // CJK ideographs are words of their own.
        QCOMPARE(bert.encode("\xE4\xB8\xAD\xE6\x96\x87").size(), size_t(2));
    }

    void invalid_utf8_is_encoded_safely() {
        const std::string bad = std::string("a\xFF\xFE") + "b\xE4\xB8";
        const std::string replaced =
            "a\xEF\xBF\xBD\xEF\xBF\xBD"
            "b\xEF\xBF\xBD\xEF\xBF\xBD";
        const Tokenizer qwen = load("qwen2");
        QCOMPARE(qwen.encode(bad), qwen.encode(replaced));
        QCOMPARE(qwen.decode(qwen.encode(bad)), replaced);
        // SentencePiece keeps the bytes (byte fallback): lossless.
        const Tokenizer spm = load("llama-spm");
        QCOMPARE(spm.decode(spm.encode(bad)), bad);
        const Tokenizer bert = load("bert-bge");
        QCOMPARE(bert.encode("a\xFF"
                             "b"),
                 bert.encode("ab"));
        for (const Tokenizer* t : {&qwen, &spm, &bert}) {
            for (const char* s :
                 {"\x80", "\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xF0\x9F", "\xE2"}) {
                const std::vector<int32_t> ids = t->encode(s);
                for (const int32_t id : ids)
                    QVERIFY(id >= 0 && static_cast<size_t>(id) < t->vocab_size());
            }
        }
    }

    void out_of_range_ids_throw() {
        const Tokenizer qwen = load("qwen2");
        const int32_t n = static_cast<int32_t>(qwen.vocab_size());
        for (const int32_t id : {-1, n, n + 100}) {
            const std::vector<int32_t> ids{id};
            QVERIFY_THROWS_EXCEPTION(TokenizerError, qwen.decode(ids));
            QVERIFY_THROWS_EXCEPTION(TokenizerError, qwen.token_piece(id));
            QVERIFY_THROWS_EXCEPTION(TokenizerError, qwen.token_text(id));
            QVERIFY_THROWS_EXCEPTION(TokenizerError, qwen.is_eog(id));
            StreamDecoder stream(qwen);
            QVERIFY_THROWS_EXCEPTION(TokenizerError, stream.push(id));
        }
        QCOMPARE(qwen.decode(std::vector<int32_t>{n - 1}),
                 qwen.token_piece(n - 1));  // last id is valid
    }

    void stream_decoder_holds_back_partial_characters() {
        const Tokenizer spm = load("llama-spm");
        const auto byte = [&](int b) {
            char name[8];
            std::snprintf(name, sizeof(name), "<0x%02X>", b);
            return *spm.find_token(name);
        };
        StreamDecoder stream(spm);
        QCOMPARE(stream.push(byte(0xE2)), std::string());
        QCOMPARE(stream.push(byte(0x82)), std::string());
        QCOMPARE(stream.push(byte(0xAC)), std::string("\xE2\x82\xAC"));  // €
        QCOMPARE(stream.push(byte(0xE2)), std::string());
        QCOMPARE(stream.push(byte(0x41)), std::string("\xEF\xBF\xBD"
                                                      "A"));  // broken sequence
        QCOMPARE(stream.push(byte(0xFF)), std::string("\xEF\xBF\xBD"));
        QCOMPARE(stream.push(byte(0xF0)), std::string());
        QCOMPARE(stream.finish(), std::string("\xEF\xBF\xBD"));
        QCOMPARE(spm.token_piece(byte(0xE2)), std::string("\xE2"));
    }

    void long_inputs_encode_and_round_trip() {
        std::string inp;
        QVERIFY(read_file(vocab_path("qwen2") + ".inp", inp));
        std::string text;
        while (text.size() < 100 * 1024) text += inp;
        const std::string run(100 * 1024, 'a');  // one 100 KB pre-token
        for (const char* name : {"qwen2", "llama-spm", "llama-bpe", "bert-bge"}) {
            const Tokenizer t = load(name);
            const std::vector<int32_t> ids = t.encode(text);
            QVERIFY(ids.size() > 10000);
            if (t.kind() != Kind::WordPiece) QCOMPARE(t.decode(ids), text);
            const std::vector<int32_t> run_ids = t.encode(run);
            QVERIFY(!run_ids.empty());
            if (t.kind() != Kind::WordPiece) QCOMPARE(t.decode(run_ids), run);
            // Long runs of one character class (regex backtracking, merge queues).
            for (const char* unit : {" ", "\n", " \n", "7", "!?", "\xE3\x80\x80", "\xE4\xB8\xAD"}) {
                std::string same;
                while (same.size() < 100 * 1024) same += unit;
                const std::vector<int32_t> same_ids = t.encode(same);
                QVERIFY(!same_ids.empty() || t.kind() == Kind::WordPiece);
                if (t.kind() != Kind::WordPiece) QCOMPARE(t.decode(same_ids), same);
            }
            qInfo("%s: %zu bytes -> %zu tokens; %zu x 'a' -> %zu tokens", name, text.size(),
                  ids.size(), run.size(), run_ids.size());
        }
    }

    // Random bytes never crash encode, give ids in range, and SentencePiece stays lossless; random
    // id sequences always stream as valid UTF-8 that matches decode().
    void random_input_is_handled() {
        uint64_t state = 0x9E3779B97F4A7C15ULL;
        const auto next = [&state]() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            return state;
        };
        for (const char* name : {"qwen2", "llama-spm", "bert-bge", "deepseek-llm"}) {
            const Tokenizer t = load(name);
            for (int round = 0; round < 200; ++round) {
                std::string s;
                if (round % 3 == 0) {  // random codepoints: valid UTF-8
                    for (size_t k = next() % 24; k > 0; --k) {
                        uint32_t cp = static_cast<uint32_t>(next() % (next() % 2 ? 0x80 : 0x30000));
                        if (cp >= 0xD800 && cp <= 0xDFFF) cp = ' ';
                        unicode::append_utf8(s, cp);
                    }
                } else {  // random bytes
                    s.resize(next() % 48);
                    for (char& c : s)
                        c = static_cast<char>(next() % 4 == 0 ? next() % 128 : next() % 256);
                }
                EncodeOptions options;
                options.parse_special = round % 2 == 0;
                const std::vector<int32_t> ids = t.encode(s, options);
                for (const int32_t id : ids)
                    QVERIFY(id >= 0 && static_cast<size_t>(id) < t.vocab_size());
                // (For invalid input llama.cpp's SentencePiece may fold a space marker into a
                // byte-fallback symbol, so only valid text is guaranteed to come back.)
                if (t.kind() != Kind::WordPiece && unicode::is_valid_utf8(s))
                    QCOMPARE(t.decode(ids), s);

                std::vector<int32_t> random_ids(next() % 24);
                for (int32_t& id : random_ids) id = static_cast<int32_t>(next() % t.vocab_size());
                StreamDecoder stream(t);
                std::string joined;
                for (const int32_t id : random_ids) {
                    const std::string part = stream.push(id);
                    QVERIFY(unicode::is_valid_utf8(part));
                    joined += part;
                }
                joined += stream.finish();
                std::string expected;
                unicode::append_valid_utf8(t.decode(random_ids), expected, true);
                QCOMPARE(joined, expected);
            }
        }
    }

    void merge_ranks_decide_the_order() {
        const auto bytes = synthetic_bpe("gpt2", "gpt-2");
        const gguf::File file = gguf::File::from_memory(bytes, "synthetic.gguf");
        const Tokenizer t = Tokenizer::from_gguf(file);
        QCOMPARE(t.encode("abc"), std::vector<int32_t>{5});  // a + bc -> abc
        QCOMPARE(t.encode("ab"), std::vector<int32_t>{3});
        QCOMPARE(t.encode("cab"), (std::vector<int32_t>{2, 3}));
        QCOMPARE(t.encode("abcabc"), (std::vector<int32_t>{5, 5}));
        QVERIFY(t.is_eog(6));
        QVERIFY(t.is_control(6));
        QCOMPARE(t.decode(std::vector<int32_t>{5, 6}), std::string("abc<|end|>"));
        QCOMPARE(t.decode(std::vector<int32_t>{5, 6}, false), std::string("abc"));
        QCOMPARE(t.find_token("zzz"), std::nullopt);
    }

    void added_token_strip_attributes() {
        const auto phi_bytes = synthetic_spm("Phi3");
        const gguf::File phi_file = gguf::File::from_memory(phi_bytes, "phi.gguf");
        const Tokenizer phi = Tokenizer::from_gguf(phi_file);
        const auto other_bytes = synthetic_spm("other");
        const gguf::File other_file = gguf::File::from_memory(other_bytes, "other.gguf");
        const Tokenizer other = Tokenizer::from_gguf(other_file);
        EncodeOptions options;
        options.parse_special = true;
        // Phi-3: added tokens swallow the whitespace after them; the text after a special token
        // gets the SentencePiece space prefix.
        QCOMPARE(phi.encode("<|user|>\n a", options), (std::vector<int32_t>{3, 6}));
        QCOMPARE(other.encode("<|user|>\n a", options), (std::vector<int32_t>{3, 4, 7, 6}));
        // </s> is user-defined: recognised without parse_special, rstrip for Phi-3 as well.
        QCOMPARE(phi.encode("a</s>  a"), (std::vector<int32_t>{6, 2, 6}));
        QCOMPARE(other.encode("a</s> a"), (std::vector<int32_t>{6, 2, 4, 6}));
        // Without parse_special a control token is plain text; characters with neither a token nor
        // a byte token become <unk>.
        QCOMPARE(other.encode("<|user|>"), (std::vector<int32_t>{4, 0, 0, 0, 0, 0, 0, 0, 0}));
    }

    void load_errors_name_file_and_key() {
        std::string e = error_of(synthetic_bpe("gpt2", "no-such-pre"), "weird.gguf");
        QVERIFY2(e.find("weird.gguf") != std::string::npos, e.c_str());
        QVERIFY2(e.find("tokenizer.ggml.pre") != std::string::npos, e.c_str());
        QVERIFY2(e.find("no-such-pre") != std::string::npos, e.c_str());
        e = error_of(synthetic_bpe("rwkv", "default"), "m.gguf");
        QVERIFY2(e.find("tokenizer.ggml.model") != std::string::npos &&
                     e.find("rwkv") != std::string::npos,
                 e.c_str());
        e = error_of(synthetic_bpe("gpt2", "default", false), "m.gguf");
        QVERIFY2(e.find("m.gguf: tokenizer.ggml.tokens: missing") != std::string::npos, e.c_str());
    }

    void other_vocabularies_load() {
        const Tokenizer neox = load("gpt-neox");  // no tokenizer.ggml.pre: "default"
        QCOMPARE(neox.pre(), std::string("default"));
        QCOMPARE(neox.kind(), Kind::BytePairEncoding);
        const Tokenizer baichuan = load("baichuan");
        QCOMPARE(baichuan.kind(), Kind::SentencePiece);
        QCOMPARE(baichuan.vocab_size(), size_t(64000));
        for (const Tokenizer* t : {&neox, &baichuan}) {
            const std::string s = "Hello world!\n  \xE4\xBD\xA0\xE5\xA5\xBD 123";
            QCOMPARE(t->decode(t->encode(s)), s);
        }
    }
};

QTEST_APPLESS_MAIN(TestTokenizerBehaviour)
#include "test_tokenizer_behaviour.moc"
