// Hostile and broken GGUF input: every corruption is rejected with a GgufError
// whose message is "<file>: <field>: <problem>", and nothing else escapes.
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

#include "gguf/gguf_reader.h"
#include "gguf_samples.h"

using namespace siliang::gguf;

namespace {

const std::vector<samples::Sample>& malformed() {
    static const auto all = samples::malformed_samples();
    return all;
}

// Parses `bytes`; returns the GgufError message, or nullopt when it parsed.
// Any other exception propagates and fails the test.
std::optional<std::string> parse_error(std::span<const std::byte> bytes, const std::string& name) {
    try {
        File::from_memory(bytes, name);
        return std::nullopt;
    } catch (const GgufError& e) {
        return std::string(e.what());
    }
}

}  // namespace

class TestGgufMalformed : public QObject {
    Q_OBJECT

private slots:
    // The offsets the truncation samples use must be where the reader finds them.
    void small_model_layout_matches_the_file() {
        const auto bytes = samples::small_model();
        const auto l = samples::small_model_layout();
        const File f = File::from_memory(bytes, "small.gguf");
        QCOMPARE(bytes.size(), l.size);
        QCOMPARE(f.data_offset(), uint64_t{l.data_offset});
        QCOMPARE(f.get_string("general.description")->size(), std::size_t{200});
        QCOMPARE(f.get_array("tokenizer.ggml.tokens")->count, uint64_t{4});
        // The first tensor's offset field holds 0, its name starts at first_tensor_name.
        QCOMPARE(static_cast<int>(bytes[l.first_tensor_offset]), 0);
        QCOMPARE(static_cast<int>(bytes[l.first_tensor_name]), 15);  // strlen("tok_embd.weight")
        QCOMPARE(static_cast<int>(bytes[l.tokens_count]), 4);
        QCOMPARE(static_cast<int>(bytes[l.tokens_elements]), 3);  // strlen("<s>")
        QCOMPARE(static_cast<int>(bytes[l.first_value]), 200);
    }

    void rejects_naming_file_and_field_data() {
        QTest::addColumn<int>("index");
        for (std::size_t i = 0; i < malformed().size(); ++i) {
            QTest::newRow(malformed()[i].name.c_str()) << static_cast<int>(i);
        }
    }

    void rejects_naming_file_and_field() {
        QFETCH(int, index);
        const samples::Sample& s = malformed()[static_cast<std::size_t>(index)];
        const std::string name = s.name + ".gguf";
        const auto error = parse_error(s.bytes, name);
        QVERIFY2(error.has_value(), "the malformed file parsed without error");
        const std::string prefix = name + ": " + s.field + ": ";
        QVERIFY2(error->starts_with(prefix),
                 ("expected prefix \"" + prefix + "\", got \"" + *error + "\"").c_str());
        QVERIFY2(error->find(s.problem) != std::string::npos,
                 ("expected \"" + s.problem + "\" in \"" + *error + "\"").c_str());
    }

    // Every prefix of a valid file shorter than its last tensor's data is
    // rejected; every longer prefix (cutting only padding) still parses.
    void truncated_at_every_byte_data() {
        QTest::addColumn<int>("index");
        const auto valid = samples::valid_samples();
        for (std::size_t i = 0; i < valid.size(); ++i) {
            QTest::newRow(valid[i].name.c_str()) << static_cast<int>(i);
        }
    }

    void truncated_at_every_byte() {
        QFETCH(int, index);
        const auto s = samples::valid_samples()[static_cast<std::size_t>(index)];
        const File full = File::from_memory(s.bytes, "full.gguf");
        // The shortest prefix that parses: the end of the last tensor's data, or
        // for a metadata-only file the end of the header (not exposed by File).
        uint64_t needed = 0;
        for (const TensorInfo& t : full.tensors()) {
            needed = std::max(needed, full.data_offset() + t.offset + t.n_bytes);
        }
        if (full.tensors().empty()) {
            while (parse_error(std::span(s.bytes).first(needed), "probe.gguf")) ++needed;
            // Only the trailing padding may be cut.
            QVERIFY(needed + full.alignment() > s.bytes.size());
        }
        for (std::size_t n = 0; n < s.bytes.size(); ++n) {
            const std::string name = "cut" + std::to_string(n) + ".gguf";
            const auto error = parse_error(std::span(s.bytes).first(n), name);
            if (n < needed) {
                QVERIFY2(error.has_value(),
                         ("prefix of " + std::to_string(n) + " bytes parsed").c_str());
                QVERIFY2(error->starts_with(name + ": "), error->c_str());
            } else {
                QVERIFY2(!error.has_value(), error->c_str());
            }
        }
    }

    // Single-byte corruptions anywhere either parse or throw GgufError naming the
    // file; never another exception (bad_alloc, length_error, out_of_range...).
    void flipped_bytes_only_throw_gguf_errors() {
        for (const auto& s : samples::valid_samples()) {
            if (s.bytes.size() > 8192) continue;  // the 4096-alignment file is mostly padding
            auto bytes = s.bytes;
            int rejected = 0;
            for (std::size_t i = 0; i < bytes.size(); ++i) {
                for (const unsigned mask : {0x01u, 0x80u, 0xffu}) {
                    bytes[i] ^= static_cast<std::byte>(mask);
                    const auto error = parse_error(bytes, s.name);
                    if (error) {
                        QVERIFY2(error->starts_with(s.name + ": "), error->c_str());
                        ++rejected;
                    }
                    bytes[i] ^= static_cast<std::byte>(mask);
                }
            }
            QVERIFY2(rejected > 0, s.name.c_str());
        }
    }

    void open_missing_file_names_the_path() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("missing.gguf").toStdString();
        try {
            File::open(path);
            QFAIL("opened a missing file");
        } catch (const GgufError& e) {
            QVERIFY2(std::string(e.what()).starts_with(path + ": open: "), e.what());
        }
    }

    void open_directory_is_rejected() {
        QTemporaryDir dir;
        const std::string path = dir.path().toStdString();
        try {
            File::open(path);
            QFAIL("opened a directory");
        } catch (const GgufError& e) {
            QCOMPARE(std::string(e.what()), path + ": open: not a regular file");
        }
    }

    // A malformed file on disk goes through the mapping path with the same checks.
    void open_reports_corruption_with_the_path() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("model.gguf").toStdString();
        const auto& s = malformed()[1];  // bad_magic
        QCOMPARE(s.name, std::string("bad_magic"));
        {
            std::ofstream out(path, std::ios::binary);
            out.write(reinterpret_cast<const char*>(s.bytes.data()),
                      static_cast<std::streamsize>(s.bytes.size()));
        }
        try {
            File::open(path);
            QFAIL("opened a file with a bad magic");
        } catch (const GgufError& e) {
            QVERIFY2(std::string(e.what()).starts_with(path + ": header magic: "), e.what());
        }
        // An empty file cannot be mapped; it is reported as truncated, not as an mmap error.
        { std::ofstream(path, std::ios::binary | std::ios::trunc); }
        try {
            File::open(path);
            QFAIL("opened an empty file");
        } catch (const GgufError& e) {
            QVERIFY2(std::string(e.what()).starts_with(path + ": header magic: "), e.what());
        }
    }
};

QTEST_APPLESS_MAIN(TestGgufMalformed)
#include "test_gguf_malformed.moc"
