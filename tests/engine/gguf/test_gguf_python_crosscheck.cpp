// Cross-check with an independent implementation: llama.cpp's `gguf` Python
// package reads files our writer produced, and must see exactly the metadata
// and tensor bytes that our reader sees. gguf_dump.py prints its view as JSON;
// this test builds the same JSON from File and compares.
#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <bit>
#include <cstring>
#include <fstream>

#include "gguf/gguf_reader.h"
#include "gguf_samples.h"

using namespace siliang::gguf;

namespace {

QString str(uint64_t v) {
    return QString::number(v);
}

QJsonObject to_json(const Value& v);

// Numeric array elements stay raw (little-endian, like the test host).
template <class T>
T load(const Array& a, uint64_t i) {
    T v;
    std::memcpy(&v, a.raw.data() + i * sizeof(T), sizeof(T));
    return v;
}

Value element(const Array& a, uint64_t i) {
    Value v{a.element_type, {}};
    switch (a.element_type) {
        case ValueType::UInt8: v.data = uint64_t{load<uint8_t>(a, i)}; break;
        case ValueType::UInt16: v.data = uint64_t{load<uint16_t>(a, i)}; break;
        case ValueType::UInt32: v.data = uint64_t{load<uint32_t>(a, i)}; break;
        case ValueType::UInt64: v.data = load<uint64_t>(a, i); break;
        case ValueType::Int8: v.data = int64_t{load<int8_t>(a, i)}; break;
        case ValueType::Int16: v.data = int64_t{load<int16_t>(a, i)}; break;
        case ValueType::Int32: v.data = int64_t{load<int32_t>(a, i)}; break;
        case ValueType::Int64: v.data = load<int64_t>(a, i); break;
        case ValueType::Float32: v.data = double{load<float>(a, i)}; break;
        case ValueType::Float64: v.data = load<double>(a, i); break;
        case ValueType::Bool: v.data = load<uint8_t>(a, i) != 0; break;
        case ValueType::String: v.data = a.strings[i]; break;
        case ValueType::Array: return a.arrays[i];
    }
    return v;
}

QJsonObject array_to_json(const Array& a) {
    QJsonArray items;
    for (uint64_t i = 0; i < a.count; ++i) items.append(to_json(element(a, i)));
    return {{"array", QString::fromLatin1(value_type_name(a.element_type).data())},
            {"items", items}};
}

QJsonObject to_json(const Value& v) {
    const QString type = QString::fromLatin1(value_type_name(v.type).data());
    switch (v.type) {
        case ValueType::String: {
            const auto s = *v.as_string();
            return {{type, QString::fromLatin1(QByteArray(s.data(), qsizetype(s.size())).toHex())}};
        }
        case ValueType::Array: return array_to_json(*v.as_array());
        case ValueType::Bool: return {{type, *v.as_bool()}};
        case ValueType::Float32:
        case ValueType::Float64: return {{type, str(std::bit_cast<uint64_t>(*v.as_float()))}};
        default:
            if (const auto u = v.as_uint()) return {{type, str(*u)}};
            return {{type, QString::number(static_cast<qlonglong>(*v.as_int()))}};
    }
}

QJsonObject to_json(const File& f) {
    QJsonArray metadata;
    for (const auto& [key, value] : f.metadata()) {
        metadata.append(QJsonObject{{"key", QString::fromUtf8(key.data(), qsizetype(key.size()))},
                                    {"value", to_json(value)}});
    }
    QJsonArray tensors;
    for (const TensorInfo& t : f.tensors()) {
        QJsonArray dims;
        for (const uint64_t d : t.dims) dims.append(str(d));
        const QByteArray data(reinterpret_cast<const char*>(t.data.data()),
                              qsizetype(t.data.size()));
        tensors.append(QJsonObject{
            {"name", QString::fromUtf8(t.name.data(), qsizetype(t.name.size()))},
            {"type", str(static_cast<uint32_t>(t.type))},
            {"dims", dims},
            {"offset", str(t.offset)},
            {"n_bytes", str(t.n_bytes)},
            {"sha256", QString::fromLatin1(
                           QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex())}});
    }
    return {{"version", str(f.version())},
            {"alignment", str(f.alignment())},
            {"data_offset", str(f.data_offset())},
            {"metadata", metadata},
            {"tensors", tensors}};
}

QString compact(const QJsonValue& v) {
    if (v.isObject())
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    if (v.isArray())
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    return v.toVariant().toString();
}

}  // namespace

class TestGgufPythonCrosscheck : public QObject {
    Q_OBJECT

private slots:
    void python_gguf_reads_what_we_write() {
        QProcess probe;
        probe.start("python3", {"-c", "import gguf"});
        if (!probe.waitForFinished(60000) || probe.exitStatus() != QProcess::NormalExit ||
            probe.exitCode() != 0) {
            QSKIP(qPrintable("python3 with the gguf package is not available (pip install gguf): " +
                             probe.errorString() + " " +
                             QString::fromLocal8Bit(probe.readAllStandardError()).trimmed()));
        }

        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const auto samples = samples::valid_samples();
        QStringList paths;
        for (const auto& s : samples) {
            const QString path = dir.filePath(QString::fromStdString(s.name) + ".gguf");
            std::ofstream out(path.toStdString(), std::ios::binary);
            out.write(reinterpret_cast<const char*>(s.bytes.data()),
                      std::streamsize(s.bytes.size()));
            QVERIFY(out.good());
            paths << path;
        }

        QProcess py;
        py.start("python3", QStringList{SILIANG_TESTS_DIR "/gguf_dump.py"} + paths);
        QVERIFY2(py.waitForFinished(120000), "gguf_dump.py timed out");
        const QByteArray err = py.readAllStandardError();
        QVERIFY2(py.exitStatus() == QProcess::NormalExit && py.exitCode() == 0, err.constData());
        QJsonParseError parse_error;
        const QJsonDocument doc = QJsonDocument::fromJson(py.readAllStandardOutput(), &parse_error);
        QVERIFY2(doc.isArray(), qPrintable(parse_error.errorString()));
        const QJsonArray theirs = doc.array();
        QCOMPARE(theirs.size(), paths.size());

        for (qsizetype i = 0; i < paths.size(); ++i) {
            const File f = File::open(paths[i].toStdString());
            const QJsonObject ours = to_json(f);
            const QJsonObject py_view = theirs[i].toObject();
            const QString where = QString::fromStdString(samples[std::size_t(i)].name);
            for (const char* key : {"version", "alignment", "data_offset"}) {
                QVERIFY2(ours[key] == py_view[key],
                         qPrintable(where + " " + key + ": ours " + compact(ours[key]) +
                                    ", python " + compact(py_view[key])));
            }
            for (const char* list : {"metadata", "tensors"}) {
                const QJsonArray a = ours[list].toArray();
                const QJsonArray b = py_view[list].toArray();
                QVERIFY2(a.size() == b.size(), qPrintable(where + " " + list + " count differs"));
                for (qsizetype j = 0; j < a.size(); ++j) {
                    QJsonObject mine = a[j].toObject();
                    QJsonObject other = b[j].toObject();
                    if (mine.value("type") == QString::number(uint32_t(TensorType::Q8_1))) {
                        // gguf-py's size table still has the old Q8_1 block (float d, s:
                        // 40 bytes); ggml's block_q8_1 holds two halves, 36 bytes. Q8_1
                        // is ggml's internal activation type and never ships in models.
                        for (auto* o : {&mine, &other}) o->remove("n_bytes"), o->remove("sha256");
                    }
                    QVERIFY2(mine == other,
                             qPrintable(where + " " + list + "[" + QString::number(j) + "]: ours " +
                                        compact(a[j]) + "\npython " + compact(b[j])));
                }
            }
        }
    }
};

QTEST_APPLESS_MAIN(TestGgufPythonCrosscheck)
#include "test_gguf_python_crosscheck.moc"
