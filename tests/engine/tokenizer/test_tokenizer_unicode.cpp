// The Unicode building blocks of the tokenizers: UTF-8 validation and replacement, character
// classes across scripts, lowercase / NFD maps, GPT-2's byte mapping and the pre-tokenizer regexes.
#include <QtTest>

#include "tokenizer/pretokenizer.h"
#include "tokenizer/unicode.h"

using namespace siliang::tokenizer;
using unicode::Category;

namespace {

std::string valid(std::string_view in, bool final = true) {
    std::string out;
    unicode::append_valid_utf8(in, out, final);
    return out;
}

std::vector<std::string> split(std::string_view pre, std::string_view text) {
    const auto tokenizer = PreTokenizer::create(pre);
    std::vector<std::pair<size_t, size_t>> pieces;
    tokenizer->split(text, pieces);
    std::vector<std::string> out;
    for (const auto& [b, e] : pieces) out.emplace_back(text.substr(b, e - b));
    return out;
}

const std::string kFffd = "\xEF\xBF\xBD";

}  // namespace

class TestTokenizerUnicode : public QObject {
    Q_OBJECT

private slots:
    void utf8_validation() {
        QVERIFY(unicode::is_valid_utf8(""));
        QVERIFY(unicode::is_valid_utf8("plain ASCII text, long enough for the fast path"));
        QVERIFY(unicode::is_valid_utf8(
            "\xD0\xBD\xD0\xB5 \xE4\xB8\xAD \xF0\x9F\xA6\x99 \xF4\x8F\xBF\xBF"));
        for (const char* bad :
             {"\x80", "\xC0\xAF", "\xC1\xBF", "\xE0\x80\x80", "\xED\xA0\x80", "\xF4\x90\x80\x80",
              "\xF5\x80\x80\x80", "\xFF", "\xE4\xB8", "abc\xF0\x9F\xA6"})
            QVERIFY2(!unicode::is_valid_utf8(bad), bad);
    }

    void replacement_of_ill_formed_sequences() {
        QCOMPARE(valid("a\xE2\x82\xAC"
                       "b"),
                 std::string("a\xE2\x82\xAC"
                             "b"));
        QCOMPARE(valid("\xE2\x82"), kFffd);                      // truncated: one maximal subpart
        QCOMPARE(valid("\xC0\xAF"), kFffd + kFffd);              // overlong lead is never valid
        QCOMPARE(valid("\xED\xA0\x80"), kFffd + kFffd + kFffd);  // surrogate
        QCOMPARE(valid("\xF0\x80"), kFffd + kFffd);
        QCOMPARE(valid("\xE2\x82"
                       "A"),
                 kFffd + "A");
        // Not final: an incomplete tail is left for later.
        std::string out;
        QCOMPARE(unicode::append_valid_utf8("ok\xF0\x9F\xA6", out, false), size_t(2));
        QCOMPARE(out, std::string("ok"));
        out.clear();
        QCOMPARE(unicode::append_valid_utf8("\xF0\x41", out, false), size_t(2));
        QCOMPARE(out, kFffd + "A");
    }

    void lenient_decoding_matches_llama_cpp() {
        // One U+FFFD per byte that does not start a complete sequence.
        QCOMPARE(unicode::decode_lenient("a\xE4\xB8"
                                         "b"),
                 (std::vector<uint32_t>{'a', 0xFFFD, 0xFFFD, 'b'}));
        QCOMPARE(unicode::decode_lenient("\xD0\xBD"), std::vector<uint32_t>{0x43D});
        QCOMPARE(unicode::sanitize_lenient("x\xFFy"), "x" + kFffd + "y");
        QCOMPARE(unicode::sanitize_lenient("\xED\xA0\x80"), kFffd);
        const std::string ok = "\xE4\xB8\xAD\xE6\x96\x87";
        QCOMPARE(unicode::sanitize_lenient(ok), ok);
    }

    void categories_across_scripts() {
        const std::pair<uint32_t, Category> cases[] = {
            {'A', Category::Letter},         {0x44F, Category::Letter},   // я
            {0x4E2D, Category::Letter},      {0x1780, Category::Letter},  // 中, Khmer KA
            {0x17B6, Category::Mark},        {0x301, Category::Mark},     // Khmer vowel sign, acute
            {'7', Category::Number},         {0x661, Category::Number},   // Arabic-Indic one
            {0xBD, Category::Number},        {'!', Category::Punctuation},  // ½
            {0x3002, Category::Punctuation}, {'$', Category::Symbol},       // 。
            {0x1F999, Category::Symbol},     {0x2705, Category::Symbol},    // 🦙, ✅
            {' ', Category::Separator},      {0x3000, Category::Separator},
            {'\n', Category::Control},       {0x200D, Category::Control},  // ZWJ (Cf)
            {0x378, Category::Unassigned},
        };
        for (const auto& [cp, cat] : cases)
            QVERIFY2(unicode::category(cp) == cat, qPrintable(QString::number(cp, 16)));
        QVERIFY(unicode::is_whitespace(0x3000));
        QVERIFY(unicode::is_whitespace('\t'));
        QVERIFY(!unicode::is_whitespace(0x200B));  // zero width space is not White_Space
    }

    void case_and_decomposition_maps() {
        QCOMPARE(unicode::to_lower('Q'), uint32_t('q'));
        QCOMPARE(unicode::to_lower(0xC4), uint32_t(0xE4));    // Ä
        QCOMPARE(unicode::to_lower(0x42F), uint32_t(0x44F));  // Я
        QCOMPARE(unicode::to_lower(0x3A3), uint32_t(0x3C3));  // Σ
        QCOMPARE(unicode::to_lower(0x130), uint32_t('i'));    // İ -> i + combining dot: first
        QCOMPARE(unicode::to_lower(0x100), uint32_t(0x101));  // stride-2 range
        QCOMPARE(unicode::to_lower(0x4E2D), uint32_t(0x4E2D));
        QCOMPARE(unicode::nfd_first(0xC4), uint32_t('A'));
        QCOMPARE(unicode::nfd_first(0xE9), uint32_t('e'));
        QCOMPARE(unicode::nfd_first(0x1EA5), uint32_t('a'));     // ấ
        QCOMPARE(unicode::nfd_first(0xAC00), uint32_t(0x1100));  // 가: Hangul leading jamo
        QCOMPARE(unicode::nfd_first(0x439), uint32_t(0x438));    // й -> и
        QCOMPARE(unicode::nfd_first('a'), uint32_t('a'));
    }

    void byte_level_mapping() {
        QCOMPARE(unicode::byte_to_codepoint(' '), uint32_t(0x120));   // Ġ
        QCOMPARE(unicode::byte_to_codepoint('\n'), uint32_t(0x10A));  // Ċ
        QCOMPARE(unicode::byte_to_codepoint('a'), uint32_t('a'));
        QCOMPARE(unicode::byte_to_utf8(' '), std::string("\xC4\xA0"));
        for (int b = 0; b < 256; ++b)
            QCOMPARE(unicode::codepoint_to_byte(unicode::byte_to_codepoint(uint8_t(b))), b);
        QCOMPARE(unicode::codepoint_to_byte(0x4E2D), -1);
    }

    void pre_tokenizer_regexes() {
        QCOMPARE(split("qwen2", "Hello, world! 123  x\n\n"),
                 (std::vector<std::string>{"Hello", ",", " world", "!", " ", "1", "2", "3", " ",
                                           " x", "\n\n"}));
        QCOMPARE(split("llama-bpe", "12345 don't"),
                 (std::vector<std::string>{"123", "45", " don", "'t"}));
        QCOMPARE(split("gpt-2", "  hi there"), (std::vector<std::string>{" ", " hi", " there"}));
        // deepseek-coder: digits one by one, CJK runs apart from letters.
        QCOMPARE(split("deepseek-coder",
                       "ab\xE4\xB8\xAD\xE6\x96\x87"
                       "42"),
                 (std::vector<std::string>{"ab", "\xE4\xB8\xAD\xE6\x96\x87", "4", "2"}));
        // Non-ASCII whitespace counts as \s (U+3000 before a letter joins it as " ?\p{L}+" would
        // not).
        QCOMPARE(split("gpt-2",
                       "a\xE3\x80\x80\xE3\x80\x80"
                       "b"),
                 (std::vector<std::string>{"a", "\xE3\x80\x80", "\xE3\x80\x80", "b"}));
        QVERIFY(PreTokenizer::create("no-such-pre") == nullptr);
        for (std::string_view name : PreTokenizer::known_names()) {
            const std::string text =
                "Hello  wörld 12345 \xE4\xB8\xAD\xE6\x96\x87!! \xF0\x9F\xA6\x99\n";
            const auto pieces = split(name, text);
            std::string joined;
            for (const auto& p : pieces) joined += p;
            QVERIFY2(joined == text, std::string(name).c_str());  // pieces cover the text in order
        }
    }
};

QTEST_APPLESS_MAIN(TestTokenizerUnicode)
#include "test_tokenizer_unicode.moc"
