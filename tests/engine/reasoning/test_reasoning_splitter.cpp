// The reasoning splitter over streams cut at every possible place: reasoning and
// answer must come out the same whatever the cuts, with tags recognised across
// deltas and never leaked, and text released as soon as it cannot be a tag.
#include <QtTest>

#include <string>
#include <vector>

#include "chat/reasoning_splitter.h"
#include "runtime/rng.h"

using siliang::chat::reasoning_format_for_prompt;
using siliang::chat::ReasoningFormat;
using siliang::chat::ReasoningSplitter;
using siliang::chat::StreamKind;
using siliang::chat::StreamSegment;
using siliang::chat::strip_reasoning;
using siliang::runtime::Rng;

Q_DECLARE_METATYPE(std::string)

namespace {

ReasoningFormat think(bool starts_in_reasoning) {
    ReasoningFormat f;
    f.starts_in_reasoning = starts_in_reasoning;
    return f;
}

struct Split {
    std::string reasoning, answer;
    bool in_reasoning = false;
    std::string error;  // first broken rule, empty when none
};

// Feeds the pieces, checking after every call that segments are non-empty,
// merged by kind, and that what has come out so far is a prefix of the expected
// reasoning and answer (so nothing was emitted early or with the wrong kind).
Split feed(const ReasoningFormat& format, const std::vector<std::string_view>& pieces,
           const std::string& want_reasoning, const std::string& want_answer) {
    ReasoningSplitter splitter(format);
    Split out;
    auto take = [&](const std::vector<StreamSegment>& segments) {
        for (size_t i = 0; i < segments.size(); ++i) {
            if (segments[i].text.empty()) out.error = "empty segment";
            if (i > 0 && segments[i].kind == segments[i - 1].kind) out.error = "unmerged segments";
            (segments[i].kind == StreamKind::Reasoning ? out.reasoning : out.answer) +=
                segments[i].text;
        }
        if (!want_reasoning.starts_with(out.reasoning)) out.error = "reasoning went wrong";
        if (!want_answer.starts_with(out.answer)) out.error = "answer went wrong";
    };
    for (std::string_view piece : pieces) {
        take(splitter.push(piece));
        if (!out.error.empty()) return out;
    }
    out.in_reasoning = splitter.in_reasoning();
    take(splitter.finish());
    return out;
}

}  // namespace

class TestReasoningSplitter : public QObject {
    Q_OBJECT

private slots:
    void everySplit_data() {
        QTest::addColumn<bool>("starts_in_reasoning");
        QTest::addColumn<std::string>("text");
        QTest::addColumn<std::string>("reasoning");
        QTest::addColumn<std::string>("answer");
        QTest::addColumn<bool>("ends_in_reasoning");
        QTest::newRow("R1, prompt opened the block")
            << true
            << std::string(
                   "Okay, the user says hi.\nLet me respond politely.\n</think>\n\nHello! How can "
                   "I help?")
            << std::string("Okay, the user says hi.\nLet me respond politely.\n")
            << std::string("Hello! How can I help?") << false;
        QTest::newRow("R1 repeats the open tag")
            << true << std::string("<think>\nOkay.\n</think>\n\nHi") << std::string("Okay.\n")
            << std::string("Hi") << false;
        QTest::newRow("doubled open tag")
            << false << std::string("<think><think>x <think></think>y") << std::string("x <think>")
            << std::string("y") << false;
        QTest::newRow("Qwen3") << false
                               << std::string("<think>\nThe user greets me.\n</think>\n\nHi there!")
                               << std::string("The user greets me.\n") << std::string("Hi there!")
                               << false;
        QTest::newRow("no think") << false << std::string("Paris is the capital of France.")
                                  << std::string() << std::string("Paris is the capital of France.")
                                  << false;
        QTest::newRow("leading whitespace trimmed")
            << false << std::string("\n\n  Paris.\n") << std::string() << std::string("Paris.\n")
            << false;
        QTest::newRow("unclosed") << false << std::string("<think>\nStill thinking about </thi")
                                  << std::string("Still thinking about </thi") << std::string()
                                  << true;
        QTest::newRow("R1 never closes")
            << true << std::string("hmm <think> and </thin")
            << std::string("hmm <think> and </thin") << std::string() << true;
        QTest::newRow("literal tags in the answer")
            << false
            << std::string("<think>a</think>\n\nUse the <think> tag like <think>this</think>.")
            << std::string("a") << std::string("Use the <think> tag like <think>this</think>.")
            << false;
        QTest::newRow("answer quotes the tag first")
            << false << std::string("The tag <think> starts reasoning.") << std::string()
            << std::string("The tag <think> starts reasoning.") << false;
        QTest::newRow("close tag in a plain answer")
            << false << std::string("a</think>b") << std::string() << std::string("a</think>b")
            << false;
        QTest::newRow("answer that starts like the tag")
            << false << std::string("<thinking is fun") << std::string()
            << std::string("<thinking is fun") << false;
        QTest::newRow("answer is a partial tag")
            << false << std::string("<thi") << std::string() << std::string("<thi") << false;
        QTest::newRow("lookalikes in reasoning")
            << false << std::string("<think>a </b> </thinking> </th ink <</think>z")
            << std::string("a </b> </thinking> </th ink <") << std::string("z") << false;
        QTest::newRow("chinese")
            << false
            << std::string(
                   "<think>\n用户在问候。我应该礼貌回应。\n</think>\n\n你好！有什么可以帮你？")
            << std::string("用户在问候。我应该礼貌回应。\n")
            << std::string("你好！有什么可以帮你？") << false;
        QTest::newRow("emoji") << false
                               << std::string("<think>🤔 hmm 🧠</think>🎉 done 👍🏽")
                               << std::string("🤔 hmm 🧠") << std::string("🎉 done 👍🏽")
                               << false;
        QTest::newRow("empty think") << false << std::string("<think>\n\n</think>\n\nAnswer.")
                                     << std::string() << std::string("Answer.") << false;
        QTest::newRow("whitespace before think") << false << std::string("\n <think>x</think>y")
                                                 << std::string("x") << std::string("y") << false;
        QTest::newRow("reasoning keeps inner blank lines")
            << false << std::string("<think>\n\nx\n\n y\n\n</think>\n\nz\n\n")
            << std::string("x\n\n y\n\n") << std::string("z\n\n") << false;
        QTest::newRow("crlf") << false << std::string("<think>\r\nr\r\n</think>\r\n\r\na\r\n")
                              << std::string("r\r\n") << std::string("a\r\n") << false;
        QTest::newRow("two blocks before the answer")
            << false << std::string("<think>a</think>\n<think>b</think>c") << std::string("ab")
            << std::string("c") << false;
    }

    // Every pair of cut points (three pieces, empty ones included), then random
    // cuts into many small pieces with a fixed seed.
    void everySplit() {
        QFETCH(bool, starts_in_reasoning);
        QFETCH(std::string, text);
        QFETCH(std::string, reasoning);
        QFETCH(std::string, answer);
        QFETCH(bool, ends_in_reasoning);
        const ReasoningFormat format = think(starts_in_reasoning);
        const std::string_view v(text);
        auto check = [&](const std::vector<std::string_view>& pieces, const QString& how) {
            const Split s = feed(format, pieces, reasoning, answer);
            if (!s.error.empty() || s.reasoning != reasoning || s.answer != answer ||
                s.in_reasoning != ends_in_reasoning)
                QFAIL(qPrintable(QString("%1: %2; reasoning \"%3\" answer \"%4\"")
                                     .arg(how, QString::fromStdString(s.error),
                                          QString::fromStdString(s.reasoning),
                                          QString::fromStdString(s.answer))));
        };
        check({v}, "whole");
        for (size_t i = 0; i <= v.size(); ++i)
            for (size_t j = i; j <= v.size(); ++j)
                check({v.substr(0, i), v.substr(i, j - i), v.substr(j)},
                      QString("cuts at %1 and %2").arg(i).arg(j));
        Rng rng(7);
        for (int round = 0; round < 500; ++round) {
            std::vector<std::string_view> pieces;
            for (size_t at = 0; at < v.size();) {
                const size_t len = rng.next() % 5;  // 0..4 bytes: splits tags and UTF-8
                pieces.push_back(v.substr(at, len));
                at += len;
            }
            check(pieces, QString("random round %1").arg(round));
        }
    }

    void otherTagPair() {
        ReasoningFormat f;
        f.open_tag = "[THINK]";
        f.close_tag = "[/THINK]";
        const std::string text = "[THINK]Let me see. <think> is not my tag.[/THINK]Answer [THINK]";
        for (size_t i = 0; i <= text.size(); ++i) {
            const Split s =
                feed(f, {std::string_view(text).substr(0, i), std::string_view(text).substr(i)},
                     "Let me see. <think> is not my tag.", "Answer [THINK]");
            QVERIFY2(s.error.empty(), s.error.c_str());
            QCOMPARE(s.answer, std::string("Answer [THINK]"));
        }
    }

    // Text is held back only while it can still become a tag.
    void releasesAsSoonAsDecided() {
        ReasoningSplitter s(think(true));
        using V = std::vector<StreamSegment>;
        QCOMPARE(s.push("a <"), (V{{StreamKind::Reasoning, "a "}}));
        QCOMPARE(s.push("/th"), V{});
        QCOMPARE(s.push("e"), (V{{StreamKind::Reasoning, "</the"}}));  // not "</think>"
        QCOMPARE(s.push("</th"), V{});
        QCOMPARE(s.push("ink>"), V{});
        QVERIFY(!s.in_reasoning());
        QCOMPARE(s.push("\n\n"), V{});  // whitespace before the answer is dropped
        QCOMPARE(s.push("B"), (V{{StreamKind::Answer, "B"}}));
        QCOMPARE(s.push(" <think>"), (V{{StreamKind::Answer, " <think>"}}));  // literal now
        QCOMPARE(s.push(""), V{});
        QCOMPARE(s.finish(), V{});

        ReasoningSplitter a(think(false));
        QCOMPARE(a.push("<th"), V{});
        QCOMPARE(a.push("ink>\nx</think>y"),
                 (V{{StreamKind::Reasoning, "x"}, {StreamKind::Answer, "y"}}));

        ReasoningSplitter b(think(false));
        QCOMPARE(b.push("<thx"), (V{{StreamKind::Answer, "<thx"}}));

        ReasoningSplitter c(think(false));
        QCOMPARE(c.push("<thi"), V{});
        QCOMPARE(c.finish(), (V{{StreamKind::Answer, "<thi"}}));
    }

    void emptyTagsRejected() {
        ReasoningFormat f;
        f.close_tag.clear();
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, ReasoningSplitter{f});
    }

    // Prompt endings rendered from /work/shared/testdata/templates with jinja2
    // (trim_blocks, lstrip_blocks, one user message "Hi", add_generation_prompt).
    void formatForPrompt_data() {
        QTest::addColumn<std::string>("prompt");
        QTest::addColumn<std::string>("open_tag");
        QTest::addColumn<std::string>("close_tag");
        QTest::addColumn<bool>("starts_in_reasoning");
        QTest::newRow("R1-Distill-Qwen-32B, enable_thinking")
            << std::string("<｜begin▁of▁sentence｜><｜User｜>Hi<｜Assistant｜><think>\n")
            << std::string("<think>") << std::string("</think>") << true;
        QTest::newRow("R1-Distill-Qwen-32B, default closes the block")
            << std::string("<｜begin▁of▁sentence｜><｜User｜>Hi<｜Assistant｜><think>\n</think>")
            << std::string("<think>") << std::string("</think>") << false;
        QTest::newRow("R1-Distill-Llama-8B")
            << std::string("<｜begin▁of▁sentence｜><｜User｜>Hi<｜Assistant｜><think>\n")
            << std::string("<think>") << std::string("</think>") << true;
        QTest::newRow("Qwen3-0.6B, enable_thinking=false")
            << std::string(
                   "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n")
            << std::string("<think>") << std::string("</think>") << false;
        QTest::newRow("Qwen3-0.6B, thinking")
            << std::string("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n")
            << std::string("<think>") << std::string("</think>") << false;
        QTest::newRow("QwQ-32B, enable_thinking")
            << std::string("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n<think>\n")
            << std::string("<think>") << std::string("</think>") << true;
        QTest::newRow("DeepSeek-V3.1, thinking")
            << std::string("<s><｜User｜>Hi<｜Assistant｜><think>") << std::string("<think>")
            << std::string("</think>") << true;
        QTest::newRow("DeepSeek-V3.1, not thinking")
            << std::string("<s><｜User｜>Hi<｜Assistant｜><think></think>")
            << std::string("<think>") << std::string("</think>") << false;
        QTest::newRow("MiniMax-M2") << std::string("[e~[\n]~b]user\nHi[e~[\n]~b]ai\n<think>\n")
                                    << std::string("<think>") << std::string("</think>") << true;
        QTest::newRow("Ministral-3-14B-Reasoning")
            << std::string(
                   "[SYSTEM_PROMPT]...template below:[THINK]Your thoughts or/and "
                   "draft...[/THINK]Here, provide a self-contained "
                   "response.[/SYSTEM_PROMPT][INST]Hi[/INST]")
            << std::string("[THINK]") << std::string("[/THINK]") << false;
        QTest::newRow("Seed-OSS") << std::string(
                                         "<seed:bos>user\nHi<seed:eos><seed:bos>assistant\n")
                                  << std::string("<seed:think>") << std::string("</seed:think>")
                                  << false;
        QTest::newRow("user quotes the tag")
            << std::string(
                   "<|im_start|>user\nWhat does <think> mean?<|im_end|>\n<|im_start|>assistant\n")
            << std::string("<think>") << std::string("</think>") << false;
        QTest::newRow("empty") << std::string() << std::string("<think>") << std::string("</think>")
                               << false;
    }

    void formatForPrompt() {
        QFETCH(std::string, prompt);
        QFETCH(std::string, open_tag);
        QFETCH(std::string, close_tag);
        QFETCH(bool, starts_in_reasoning);
        const ReasoningFormat f = reasoning_format_for_prompt(prompt);
        QCOMPARE(f.open_tag, open_tag);
        QCOMPARE(f.close_tag, close_tag);
        QCOMPARE(f.starts_in_reasoning, starts_in_reasoning);
    }

    void stripReasoning() {
        QCOMPARE(strip_reasoning("<think>\nplan\n</think>\n\nThe answer.", think(false)),
                 std::string("The answer."));
        QCOMPARE(strip_reasoning("plan</think>\n\nThe answer.", think(true)),
                 std::string("The answer."));
        QCOMPARE(strip_reasoning("Just an answer with <think>.", think(false)),
                 std::string("Just an answer with <think>."));
        QCOMPARE(strip_reasoning("<think>never finished", think(false)), std::string());
        QCOMPARE(strip_reasoning("", think(false)), std::string());
    }
};

QTEST_APPLESS_MAIN(TestReasoningSplitter)
#include "test_reasoning_splitter.moc"
