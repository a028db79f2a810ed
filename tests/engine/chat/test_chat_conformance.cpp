// Every shared chat template x every committed conversation renders byte-identically to Python
// Jinja2 configured like Hugging Face (tests/engine/chat/render_reference.py, run live).
#include <QDir>
#include <QFileInfo>
#include <QtTest>

#include <map>

#include "chat/chat_template.h"
#include "conformance_support.h"

using namespace siliang::chat;
using namespace siliang::chat::testing;

namespace {

const char* kDate = "2026-01-15";
const char* kBos = "<s>";
const char* kEos = "</s>";

std::string first_difference(const std::string& expected, const std::string& actual) {
    size_t i = 0;
    while (i < expected.size() && i < actual.size() && expected[i] == actual[i]) ++i;
    auto around = [&](const std::string& s) {
        size_t b = i > 60 ? i - 60 : 0;
        return Json(s.substr(b, 120)).dump();
    };
    return "first difference at byte " + std::to_string(i) + "\n  expected: " + around(expected) +
           "\n  actual:   " + around(actual);
}

// A template's own raise_exception("...") must be raised with the same message by both.
bool raise_exception_mismatch(const std::string& python_error, const std::string& our_error) {
    const std::string prefix = "TemplateError: ";
    if (python_error.compare(0, prefix.size(), prefix) != 0) return false;
    return our_error.find("raise_exception: " + python_error.substr(prefix.size())) ==
           std::string::npos;
}

}  // namespace

class TestChatConformance : public QObject {
    Q_OBJECT

private:
    QString python_;
    QStringList conversations_;
    std::map<std::string, std::pair<int, int>> table_;  // template -> (identical, total)

private slots:
    void initTestCase() {
        python_ = find_python_with_jinja2();
        QDir dir(QStringLiteral(SILIANG_TESTS_DIR "/conversations"));
        for (const QString& f : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
            conversations_ << dir.filePath(f);
        QVERIFY2(conversations_.size() >= 12, "committed conversations missing");
    }

    void templates_match_jinja2_data() {
        QTest::addColumn<QString>("path");
        QDir dir(QStringLiteral(SILIANG_TESTDATA_DIR "/templates"));
        const QStringList files =
            dir.entryList({QStringLiteral("*.jinja")}, QDir::Files, QDir::Name);
        QVERIFY2(!files.isEmpty(), "no templates in testdata/templates");
        for (const QString& f : files) QTest::newRow(qPrintable(f)) << dir.filePath(f);
    }

    void templates_match_jinja2() {
        if (python_.isEmpty())
            QSKIP(
                "no Python 3 with the jinja2 module (Debian: apt install python3-jinja2); "
                "cannot run the reference renderer");
        QFETCH(QString, path);
        const std::string name = QFileInfo(path).fileName().toStdString();
        QString error;
        Json ref = run_reference(python_,
                                 QStringList{QStringLiteral("--template"), path,
                                             QStringLiteral("--date"), QString::fromLatin1(kDate),
                                             QStringLiteral("--bos"), QString::fromLatin1(kBos),
                                             QStringLiteral("--eos"), QString::fromLatin1(kEos)} +
                                     conversations_,
                                 &error);
        QVERIFY2(ref.is_object(), qPrintable(error));
        const bool with_tools = ref["tools"].as_string() == "empty";
        const QByteArray source = read_file(path);

        std::string failures;
        int identical = 0, total = 0, both_rejected = 0;
        std::optional<ChatTemplate> tmpl;
        std::string parse_error;
        try {
            tmpl = ChatTemplate::parse(std::string_view(source.constData(), size_t(source.size())),
                                       name);
        } catch (const TemplateError& e) {
            parse_error = e.what();
        }
        for (int i = 0; i < conversations_.size(); ++i) {
            const Json& expected = ref["results"][size_t(i)];
            const std::string conv = expected["name"].as_string();
            const QByteArray conv_text = read_file(conversations_[i]);
            Json conv_json =
                Json::parse(std::string_view(conv_text.constData(), size_t(conv_text.size())));
            ++total;
            std::string actual, actual_error;
            if (!tmpl) {
                actual_error = parse_error;
            } else {
                RenderOptions o;
                o.messages = conv_json["messages"];
                if (conv_json.contains("tools"))
                    o.tools = conv_json["tools"];
                else if (with_tools)
                    o.tools = Json::array();
                o.add_generation_prompt = !conv_json.contains("add_generation_prompt") ||
                                          conv_json["add_generation_prompt"].as_bool();
                o.bos_token = kBos;
                o.eos_token = kEos;
                o.date = kDate;
                o.extra = conv_json["extra"];
                try {
                    actual = tmpl->render(o).text;
                } catch (const TemplateError& e) {
                    actual_error = e.what();
                }
            }
            const bool ref_ok = expected["ok"].as_bool();
            if (ref_ok && actual_error.empty() && actual == expected["text"].as_string()) {
                ++identical;
            } else if (!ref_ok && !actual_error.empty() &&
                       !raise_exception_mismatch(expected["error"].as_string(), actual_error)) {
                ++identical;  // both reject this conversation (for the same raise_exception)
                ++both_rejected;
            } else if (!ref_ok && !actual_error.empty()) {
                failures += "  " + conv + ": both failed, differently: Jinja2 " +
                            expected["error"].as_string() + " / we " + actual_error + "\n";
            } else if (ref_ok && actual_error.empty()) {
                failures += "  " + conv + ": " +
                            first_difference(expected["text"].as_string(), actual) + "\n";
            } else if (ref_ok) {
                failures += "  " + conv + ": we failed: " + actual_error + "\n";
            } else {
                failures += "  " + conv + ": Jinja2 failed (" + expected["error"].as_string() +
                            ") but we rendered\n";
            }
        }
        table_[name] = {identical, total};
        std::string notes = with_tools ? " (tools=[])" : "";
        if (both_rejected) notes += " (" + std::to_string(both_rejected) + " rejected by both)";
        qInfo("%s: %d/%d identical%s", name.c_str(), identical, total, notes.c_str());
        QVERIFY2(failures.empty(), (name + " differs from Jinja2:\n" + failures).c_str());
    }

    void cleanupTestCase() {
        if (table_.empty()) return;
        int all = 0, same = 0, templates_ok = 0;
        for (const auto& [name, counts] : table_) {
            same += counts.first;
            all += counts.second;
            if (counts.first == counts.second) ++templates_ok;
        }
        qInfo("conformance: %d/%d templates fully identical, %d/%d renders identical", templates_ok,
              int(table_.size()), same, all);
    }
};

QTEST_APPLESS_MAIN(TestChatConformance)
#include "test_chat_conformance.moc"
