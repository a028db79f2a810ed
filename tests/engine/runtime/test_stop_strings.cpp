// Stop strings over a stream cut at every possible place: the emitted text and
// the stop flag must not depend on where the cuts fall.
#include <QtTest>

#include <string>
#include <vector>

#include "runtime/rng.h"
#include "runtime/stop_strings.h"

using siliang::runtime::partial_match_suffix;
using siliang::runtime::Rng;
using siliang::runtime::StopStringMatcher;

namespace {

struct Outcome {
    std::string text;
    bool stopped = false;
};

// Feeds `pieces` and finishes; checks on the way that nothing is emitted after
// a stop and that the text emitted so far is always a prefix of `expected`.
Outcome feed(const std::vector<std::string>& stops, const std::vector<std::string_view>& pieces,
             const std::string& expected) {
    StopStringMatcher m(stops);
    Outcome out;
    for (std::string_view piece : pieces) {
        const auto r = m.push(piece);
        if (out.stopped && !r.text.empty()) qFatal("text emitted after a stop");
        out.text += r.text;
        out.stopped = out.stopped || r.stopped;
        if (!expected.starts_with(out.text)) return out;  // the caller reports it
    }
    if (!out.stopped) out.text += m.finish();
    if (out.stopped != m.stopped()) qFatal("stopped() disagrees with push()");
    return out;
}

}  // namespace

class TestStopStrings : public QObject {
    Q_OBJECT

private slots:
    void partialMatchSuffix() {
        QCOMPARE(partial_match_suffix("hello <|im", "<|im_end|>"), size_t(4));
        QCOMPARE(partial_match_suffix("hello <|im_end|>", "<|im_end|>"), size_t(0));  // not proper
        QCOMPARE(partial_match_suffix("abab", "abac"), size_t(2));
        QCOMPARE(partial_match_suffix("xaba", "abac"), size_t(3));
        QCOMPARE(partial_match_suffix("xx", "x"), size_t(0));
        QCOMPARE(partial_match_suffix("", "abc"), size_t(0));
        QCOMPARE(partial_match_suffix("aaa", "aaab"), size_t(3));
    }

    void everySplit_data() {
        QTest::addColumn<QStringList>("stops");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<bool>("stopped");
        QTest::newRow("simple") << QStringList{"STOP"} << "one two STOP three"
                                << "one two " << true;
        QTest::newRow("near miss") << QStringList{"STOP"} << "STO STOPPED"
                                   << "STO " << true;
        QTest::newRow("never") << QStringList{"STOP"} << "one STO two ST"
                               << "one STO two ST" << false;
        QTest::newRow("partial at end") << QStringList{"</s>"} << "answer </"
                                        << "answer </" << false;
        QTest::newRow("overlapping self") << QStringList{"aab"} << "xaaaab tail"
                                          << "xaa" << true;
        QTest::newRow("first to complete wins") << QStringList{"abcd", "bc"} << "zabcd"
                                                << "za" << true;
        QTest::newRow("same end, longer cuts") << QStringList{"cd", "abcd"} << "zabcd"
                                               << "z" << true;
        QTest::newRow("earlier of two") << QStringList{"User:", "\n\n"} << "Hi.\n\nUser: x"
                                        << "Hi." << true;
        QTest::newRow("chinese") << QStringList{"用户："} << "你好，世界。用户：再见"
                                 << "你好，世界。" << true;
        QTest::newRow("emoji") << QStringList{"🛑"} << "go 🚀 go 🛑 no"
                               << "go 🚀 go " << true;
        QTest::newRow("at start") << QStringList{"###"} << "### rest"
                                  << "" << true;
        QTest::newRow("empty stop ignored") << QStringList{""} << "abc"
                                            << "abc" << false;
        QTest::newRow("no stops") << QStringList{} << "a<b"
                                  << "a<b" << false;
    }

    // Every pair of cut points (three pieces, empty ones included), then random
    // cuts into many pieces with a fixed seed.
    void everySplit() {
        QFETCH(QStringList, stops);
        QFETCH(QString, text);
        QFETCH(QString, expected);
        QFETCH(bool, stopped);
        std::vector<std::string> stop_list;
        for (const QString& s : stops) stop_list.push_back(s.toStdString());
        const std::string t = text.toStdString();
        const std::string want = expected.toStdString();
        const std::string_view v(t);
        auto check = [&](const std::vector<std::string_view>& pieces, const char* how) {
            const Outcome o = feed(stop_list, pieces, want);
            if (o.text != want || o.stopped != stopped)
                QFAIL(qPrintable(QString("%1: got \"%2\" stopped=%3")
                                     .arg(how, QString::fromStdString(o.text))
                                     .arg(o.stopped)));
        };
        for (size_t i = 0; i <= t.size(); ++i)
            for (size_t j = i; j <= t.size(); ++j)
                check({v.substr(0, i), v.substr(i, j - i), v.substr(j)}, "two cuts");
        Rng rng(2024);
        for (int round = 0; round < 300; ++round) {
            std::vector<std::string_view> pieces;
            for (size_t at = 0; at < t.size();) {
                const size_t len = rng.next() % 4;  // 0..3 bytes, empty pieces included
                pieces.push_back(v.substr(at, len));
                at += len;
            }
            check(pieces, "random cuts");
        }
    }

    void holdsOnlyWhatCouldStillMatch() {
        StopStringMatcher m({"<|im_end|>"});
        auto r = m.push("Hello <|im");
        QCOMPARE(r.text, std::string("Hello "));
        QVERIFY(!r.stopped);
        r = m.push("_start");  // "<|im_start" cannot become "<|im_end|>": released at once
        QCOMPARE(r.text, std::string("<|im_start"));
        r = m.push("<");
        QCOMPARE(r.text, std::string(""));
        r = m.push("|im_end|> ignored");
        QCOMPARE(r.text, std::string(""));
        QVERIFY(r.stopped);
        QVERIFY(m.stopped());
        QCOMPARE(m.push("more").text, std::string(""));
        QCOMPARE(m.finish(), std::string(""));
    }
};

QTEST_APPLESS_MAIN(TestStopStrings)
#include "test_stop_strings.moc"
