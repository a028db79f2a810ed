// Json: strict parsing with line:column errors, Python-compatible dumping, and malformed input.
#include <QtTest>

#include "chat/json.h"

using siliang::chat::Json;
using siliang::chat::JsonError;

class TestChatJson : public QObject {
    Q_OBJECT

private slots:
    void parses_and_dumps_like_python_data() {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("dumped");
        QTest::newRow("scalars")
            << "[null, true, false, 0, -12, 1.5, 1e3, 1E-7, 123456789012345]"
            << "[null, true, false, 0, -12, 1.5, 1000.0, 1e-07, 123456789012345]";
        QTest::newRow("object order") << "{\"b\": 1, \"a\": {\"z\": [], \"y\": {}}}"
                                      << "{\"b\": 1, \"a\": {\"z\": [], \"y\": {}}}";
        QTest::newRow("escapes")
            << "[\"a\\\"b\\\\c\\/d\\n\\t\\r\\b\\f\", \"\\u00e9\\u4f60\", \"\\ud83d\\ude00\", "
               "\"\\u0001\"]"
            << "[\"a\\\"b\\\\c/d\\n\\t\\r\\b\\f\", \"é你\", \"😀\", \"\\u0001\"]";
        QTest::newRow("utf8 kept") << "\"四两拨千斤\""
                                   << "\"四两拨千斤\"";
        QTest::newRow("whitespace") << " \n\t{ \"a\" :\r\n 1 } \n"
                                    << "{\"a\": 1}";
        QTest::newRow("big float") << "[1e16, 1e15, 0.0001, 0.00001, 123.456, -0.0]"
                                   << "[1e+16, 1000000000000000.0, 0.0001, 1e-05, 123.456, -0.0]";
    }
    void parses_and_dumps_like_python() {
        QFETCH(QString, input);
        QFETCH(QString, dumped);
        QByteArray in = input.toUtf8();
        Json j = Json::parse(std::string_view(in.constData(), size_t(in.size())));
        QCOMPARE(QString::fromStdString(j.dump()), dumped);
    }

    void rejects_malformed_json_with_position_data() {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("where");
        QTest::newRow("empty") << ""
                               << "line 1, column 1";
        QTest::newRow("trailing comma") << "[1, 2,]"
                                        << "line 1, column 7";
        QTest::newRow("object trailing comma") << "{\"a\": 1,}"
                                               << "line 1, column 9";
        QTest::newRow("single quotes") << "{'a': 1}"
                                       << "line 1, column 2";
        QTest::newRow("unterminated string") << "[\"abc"
                                             << "line 1, column 6";
        QTest::newRow("control char") << "\"a\nb\""
                                      << "line 1, column 3";
        QTest::newRow("bad escape") << "\"\\x41\""
                                    << "line 1, column 3";
        QTest::newRow("leading zero") << "[01]"
                                      << "line 1, column 3";
        QTest::newRow("NaN") << "[NaN]"
                             << "line 1, column 2";
        QTest::newRow("garbage after") << "{}\n  x"
                                       << "line 2, column 3";
        QTest::newRow("second line") << "{\n  \"a\": tru\n}"
                                     << "line 2, column 8";
        QTest::newRow("missing colon") << "{\"a\" 1}"
                                       << "line 1, column 6";
        QTest::newRow("bare minus") << "-"
                                    << "line 1, column 2";
        QTest::newRow("bad utf8") << QString::fromLatin1("\"\xff\"") << "line 1, column 2";
    }
    void rejects_malformed_json_with_position() {
        QFETCH(QString, input);
        QFETCH(QString, where);
        QByteArray in =
            input == QString::fromLatin1("\"\xff\"") ? QByteArray("\"\xff\"") : input.toUtf8();
        try {
            Json::parse(std::string_view(in.constData(), size_t(in.size())));
            QFAIL("parsed malformed JSON");
        } catch (const JsonError& e) {
            QVERIFY2(QString::fromUtf8(e.what()).startsWith(where + ": "), e.what());
        }
    }

    void rejects_deep_nesting() {
        std::string deep(100000, '[');
        QVERIFY_THROWS_EXCEPTION(JsonError, Json::parse(deep));
    }

    void builds_values() {
        Json msg = Json::object({{"role", "user"}, {"content", "hi"}});
        msg.set("content", "bye");  // replaces in place
        msg.set("n", int64_t(3));
        Json arr;
        arr.push_back(msg);
        arr.push_back(nullptr);
        QCOMPARE(QString::fromStdString(arr.dump()),
                 QStringLiteral("[{\"role\": \"user\", \"content\": \"bye\", \"n\": 3}, null]"));
        QVERIFY(arr[0]["missing"].is_null());
        QCOMPARE(arr[0]["n"].as_integer(), 3);
        QVERIFY(Json::parse(arr.dump()) == arr);
        QCOMPARE(QString::fromStdString(Json::array({Json(size_t(5)), Json(uint32_t(7)), Json(-3LL),
                                                     Json(2.5f), Json(true), Json("x")})
                                            .dump()),
                 QStringLiteral("[5, 7, -3, 2.5, true, \"x\"]"));
    }
};

QTEST_APPLESS_MAIN(TestChatJson)
#include "test_chat_json.moc"
