// Writer -> reader round trips: every value type, nested arrays, tensors of
// several types, GGUF v2 and v3, several alignments, memory and file output.
#include <QTemporaryDir>
#include <QtTest>

#include <array>
#include <cmath>
#include <limits>

#include "gguf/gguf_reader.h"
#include "gguf/gguf_writer.h"
#include "gguf_samples.h"

using namespace siliang::gguf;
using namespace std::literals;

namespace {

std::vector<std::byte> pattern(std::size_t n, unsigned seed) {
    std::vector<std::byte> v(n);
    for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<std::byte>((i * 131 + seed) & 0xff);
    return v;
}

template <class T>
std::vector<T> raw_as(const Array& a) {
    std::vector<T> out(a.count);
    std::memcpy(out.data(), a.raw.data(), a.raw.size());
    return out;
}

}  // namespace

class TestGgufRoundtrip : public QObject {
    Q_OBJECT

private slots:
    void every_value_type_data() {
        QTest::addColumn<uint32_t>("version");
        QTest::addColumn<uint32_t>("alignment");
        for (const uint32_t version : {2u, 3u}) {
            for (const uint32_t alignment : {1u, 8u, 32u, 64u, 4096u}) {
                const std::string row =
                    "v" + std::to_string(version) + "_align" + std::to_string(alignment);
                QTest::newRow(row.c_str()) << version << alignment;
            }
        }
    }

    void every_value_type() {
        QFETCH(uint32_t, version);
        QFETCH(uint32_t, alignment);
        Writer w(WriterOptions{.version = version, .alignment = alignment});
        w.set("u8", MetaValue::u8(200));
        w.set("i8", MetaValue::i8(-100));
        w.set("u16", MetaValue::u16(65535));
        w.set("i16", MetaValue::i16(-32768));
        w.set("u32", MetaValue::u32(4000000000u));
        w.set("i32", MetaValue::i32(-2000000000));
        w.set("u64", MetaValue::u64(std::numeric_limits<uint64_t>::max()));
        w.set("i64", MetaValue::i64(std::numeric_limits<int64_t>::min()));
        w.set("f32", MetaValue::f32(0.1f));
        w.set("f64", MetaValue::f64(-2.5e-300));
        w.set("true", MetaValue::boolean(true));
        w.set("false", MetaValue::boolean(false));
        w.set("str", MetaValue::string("\xe5\x9b\x9b\xe4\xb8\xa4\0x"sv));
        w.set("empty", MetaValue::string(""));
        const std::array<uint8_t, 3> u8s = {0, 128, 255};
        const std::array<int32_t, 3> i32s = {-1, 0, 2147483647};
        const std::array<uint64_t, 2> u64s = {0, std::numeric_limits<uint64_t>::max()};
        const std::array<float, 3> f32s = {1.5f, -0.0f, std::numeric_limits<float>::infinity()};
        const std::array<double, 2> f64s = {1e-300, 42.0};
        const std::array<bool, 3> bools = {true, false, true};
        w.set("a.u8", MetaValue::array(std::span<const uint8_t>(u8s)));
        w.set("a.i32", MetaValue::array(std::span<const int32_t>(i32s)));
        w.set("a.u64", MetaValue::array(std::span<const uint64_t>(u64s)));
        w.set("a.f32", MetaValue::array(std::span<const float>(f32s)));
        w.set("a.f64", MetaValue::array(std::span<const double>(f64s)));
        w.set("a.bool", MetaValue::array(std::span<const bool>(bools)));
        w.set("a.i16", MetaValue::array(std::vector<int16_t>{-7, 7}));
        w.set("a.str", MetaValue::array(std::vector<std::string>{"a", "", "long string"}));
        w.set("a.empty", MetaValue::array(ValueType::Int64, {}));
        // [[1, 2], [], [["x"]]]: rows of different element types under one Array type.
        const std::array<MetaValue, 3> rows = {
            MetaValue::array(std::vector<uint32_t>{1, 2}), MetaValue::array(ValueType::Float32, {}),
            MetaValue::array(ValueType::Array,
                             std::array{MetaValue::array(std::vector<std::string>{"x"})})};
        w.set("a.nested", MetaValue::array(ValueType::Array, rows));

        const auto f32_data = pattern(4 * 6, 1);
        const auto q8_data = pattern(34 * 2, 2);
        const auto q4k_data = pattern(144, 3);
        const auto i8_data = pattern(2 * 3 * 1 * 2, 4);
        w.add_tensor("f32", TensorType::F32, {3, 2}, f32_data);
        w.add_tensor("q8", TensorType::Q8_0, {32, 2}, q8_data);
        w.add_tensor("q4k", TensorType::Q4_K, {256}, q4k_data);
        w.add_tensor("i8.4d", TensorType::I8, {2, 3, 1, 2}, i8_data);

        const auto bytes = w.write_to_memory();
        QCOMPARE(uint64_t{bytes.size()}, w.file_size());
        const File f = File::from_memory(bytes, "rt.gguf");
        QCOMPARE(f.version(), version);
        QCOMPARE(f.alignment(), uint64_t{alignment});
        QCOMPARE(f.data_offset(), w.data_offset());
        QCOMPARE(f.data_offset() % alignment, uint64_t{0});
        QCOMPARE(f.metadata().size(), std::size_t{24} + (alignment != 32 ? 1 : 0));
        if (alignment != 32) QCOMPARE(f.metadata()[0].first, "general.alignment"sv);

        QCOMPARE(f.find("u8")->type, ValueType::UInt8);
        QCOMPARE(f.get_uint("u8"), std::optional<uint64_t>(200));
        QCOMPARE(f.get_int("i8"), std::optional<int64_t>(-100));
        QCOMPARE(f.get_uint("u16"), std::optional<uint64_t>(65535));
        QCOMPARE(f.get_int("i16"), std::optional<int64_t>(-32768));
        QCOMPARE(f.get_uint("u32"), std::optional<uint64_t>(4000000000u));
        QCOMPARE(f.get_int("i32"), std::optional<int64_t>(-2000000000));
        QCOMPARE(f.get_uint("u64"), std::optional<uint64_t>(std::numeric_limits<uint64_t>::max()));
        QCOMPARE(f.get_int("i64"), std::optional<int64_t>(std::numeric_limits<int64_t>::min()));
        QCOMPARE(f.find("f32")->type, ValueType::Float32);
        QCOMPARE(f.get_float("f32"), std::optional<double>(double{0.1f}));
        QCOMPARE(f.get_float("f64"), std::optional<double>(-2.5e-300));
        QCOMPARE(f.get_bool("true"), std::optional<bool>(true));
        QCOMPARE(f.get_bool("false"), std::optional<bool>(false));
        QCOMPARE(f.get_string("str"), std::optional("\xe5\x9b\x9b\xe4\xb8\xa4\0x"sv));
        QCOMPARE(f.get_string("empty"), std::optional(""sv));

        QCOMPARE(raw_as<uint8_t>(*f.get_array("a.u8")),
                 std::vector<uint8_t>(u8s.begin(), u8s.end()));
        QCOMPARE(*f.get_array("a.i32")->to_i32s(), std::vector<int32_t>(i32s.begin(), i32s.end()));
        QCOMPARE(raw_as<uint64_t>(*f.get_array("a.u64")),
                 std::vector<uint64_t>(u64s.begin(), u64s.end()));
        const auto read_f32s = *f.get_array("a.f32")->to_f32s();
        QCOMPARE(read_f32s.size(), std::size_t{3});
        QCOMPARE(read_f32s[0], 1.5f);
        QVERIFY(std::signbit(read_f32s[1]) && read_f32s[1] == 0.0f);
        QVERIFY(std::isinf(read_f32s[2]));
        QCOMPARE(raw_as<double>(*f.get_array("a.f64")),
                 std::vector<double>(f64s.begin(), f64s.end()));
        QCOMPARE(f.get_array("a.bool")->element_type, ValueType::Bool);
        QCOMPARE(raw_as<uint8_t>(*f.get_array("a.bool")), (std::vector<uint8_t>{1, 0, 1}));
        QCOMPARE(*f.get_array("a.i16")->to_ints(), (std::vector<int64_t>{-7, 7}));
        QCOMPARE(f.get_array("a.str")->strings,
                 (std::vector<std::string_view>{"a", "", "long string"}));
        QCOMPARE(f.get_array("a.empty")->element_type, ValueType::Int64);
        QCOMPARE(f.get_array("a.empty")->count, uint64_t{0});

        const Array* nested = f.get_array("a.nested");
        QVERIFY(nested);
        QCOMPARE(nested->element_type, ValueType::Array);
        QCOMPARE(nested->arrays.size(), std::size_t{3});
        QCOMPARE(*nested->arrays[0].as_array()->to_ints(), (std::vector<int64_t>{1, 2}));
        QCOMPARE(nested->arrays[1].as_array()->element_type, ValueType::Float32);
        QCOMPARE(nested->arrays[1].as_array()->count, uint64_t{0});
        const Array* inner = nested->arrays[2].as_array()->arrays.at(0).as_array();
        QCOMPARE(inner->strings, std::vector<std::string_view>{"x"});

        struct Expect {
            const char* name;
            TensorType type;
            std::vector<uint64_t> dims;
            const std::vector<std::byte>* data;
        };
        const std::vector<Expect> expected = {{"f32", TensorType::F32, {3, 2}, &f32_data},
                                              {"q8", TensorType::Q8_0, {32, 2}, &q8_data},
                                              {"q4k", TensorType::Q4_K, {256}, &q4k_data},
                                              {"i8.4d", TensorType::I8, {2, 3, 1, 2}, &i8_data}};
        QCOMPARE(f.tensors().size(), expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i) {
            const TensorInfo& t = f.tensors()[i];
            QCOMPARE(t.name, std::string_view(expected[i].name));
            QCOMPARE(f.find_tensor(expected[i].name), &t);
            QCOMPARE(t.type, expected[i].type);
            QCOMPARE(t.dims, expected[i].dims);
            QCOMPARE(t.n_bytes, uint64_t{expected[i].data->size()});
            QCOMPARE(t.offset % alignment, uint64_t{0});
            QVERIFY(std::equal(t.data.begin(), t.data.end(), expected[i].data->begin(),
                               expected[i].data->end()));
            QCOMPARE(t.data.data(), bytes.data() + f.data_offset() + t.offset);
        }
        QCOMPARE(f.tensors()[0].n_elements, uint64_t{6});
        QCOMPARE(f.tensors()[3].n_elements, uint64_t{12});
        QCOMPARE(f.find_tensor("missing"), nullptr);
        QCOMPARE(f.find("missing"), nullptr);
    }

    // Conversions refuse values that do not fit instead of wrapping.
    void value_conversions_check_range() {
        Writer w;
        w.set("neg", MetaValue::i32(-1));
        w.set("big", MetaValue::u64(std::numeric_limits<uint64_t>::max()));
        w.set("str", MetaValue::string("7"));
        w.set("flag", MetaValue::boolean(true));
        w.set("wide", MetaValue::array(std::vector<int64_t>{1, int64_t{1} << 40}));
        w.set("huge",
              MetaValue::array(std::vector<uint64_t>{std::numeric_limits<uint64_t>::max()}));
        w.set("f64s", MetaValue::array(std::vector<double>{1e300}));
        w.set("strs", MetaValue::array(std::vector<std::string>{"1"}));
        const auto bytes = w.write_to_memory();
        const File f = File::from_memory(bytes, "conv.gguf");
        QCOMPARE(f.get_uint("neg"), std::nullopt);
        QCOMPARE(f.get_int("neg"), std::optional<int64_t>(-1));
        QCOMPARE(f.get_float("neg"), std::optional<double>(-1.0));
        QCOMPARE(f.get_int("big"), std::nullopt);
        QCOMPARE(f.get_uint("str"), std::nullopt);
        QCOMPARE(f.get_string("neg"), std::nullopt);
        QCOMPARE(f.get_bool("neg"), std::nullopt);
        QCOMPARE(f.get_uint("flag"), std::nullopt);
        QCOMPARE(f.get_array("str"), nullptr);
        QCOMPARE(f.get_string("missing"), std::nullopt);
        QCOMPARE(*f.get_array("wide")->to_ints(), (std::vector<int64_t>{1, int64_t{1} << 40}));
        QCOMPARE(f.get_array("wide")->to_i32s(), std::nullopt);
        QCOMPARE(f.get_array("huge")->to_ints(), std::nullopt);
        QCOMPARE(f.get_array("f64s")->to_f32s(), std::nullopt);
        QCOMPARE(f.get_array("f64s")->to_ints(), std::nullopt);
        QCOMPARE(f.get_array("strs")->to_f32s(), std::nullopt);
        QCOMPARE(f.get_array("strs")->to_ints(), std::nullopt);
        QCOMPARE(*f.get_array("wide")->to_f32s(), (std::vector<float>{1.0f, 1099511627776.0f}));
    }

    // A tensor produced by a callback is streamed in chunks, in order, to a file
    // that File::open maps; the output equals the in-memory one byte for byte.
    void streamed_tensor_to_file() {
        constexpr uint64_t kElements = 3 * 1024 * 1024 / 2 + 64;  // 6 MiB + 256 B of F32
        std::vector<std::pair<uint64_t, std::size_t>> calls;
        auto fill = [&calls](uint64_t offset, std::span<std::byte> chunk) {
            calls.emplace_back(offset, chunk.size());
            for (std::size_t i = 0; i < chunk.size(); ++i) {
                chunk[i] = static_cast<std::byte>(((offset + i) * 7) >> 3);
            }
        };
        Writer w(WriterOptions{.version = 3, .alignment = 64});
        w.set("general.name", MetaValue::string("streamed"));
        const auto small = pattern(64, 9);
        w.add_tensor("small", TensorType::F16, {32}, small);
        w.add_tensor("big", TensorType::F32, {kElements}, fill);

        QTemporaryDir dir;
        const std::filesystem::path path = dir.filePath("streamed.gguf").toStdString();
        w.write_to_file(path);
        QVERIFY(!std::filesystem::exists(path.string() + ".tmp"));
        QCOMPARE(calls.size(), std::size_t{2});  // 4 MiB chunks
        QCOMPARE(calls[0], (std::pair<uint64_t, std::size_t>{0, 4u << 20}));
        QCOMPARE(calls[1].first, uint64_t{4u << 20});
        QCOMPARE(calls[1].first + calls[1].second, kElements * 4);

        const File f = File::open(path);
        QCOMPARE(f.name(), path.string());
        QCOMPARE(f.file_size(), w.file_size());
        const TensorInfo* big = f.find_tensor("big");
        QVERIFY(big);
        QCOMPARE(big->n_bytes, kElements * 4);
        QCOMPARE(big->offset % 64, uint64_t{0});
        for (uint64_t i = 0; i < big->n_bytes; i += 4099) {
            QCOMPARE(big->data[i], static_cast<std::byte>((i * 7) >> 3));
        }
        QVERIFY(std::ranges::equal(f.find_tensor("small")->data, small));

        calls.clear();
        const auto memory = w.write_to_memory();
        QVERIFY(std::ranges::equal(memory, f.bytes()));
    }

    // Views point into the mapping, which moves with the File.
    void moved_file_keeps_views_valid() {
        QTemporaryDir dir;
        const std::filesystem::path path = dir.filePath("m.gguf").toStdString();
        Writer w;
        w.set("k", MetaValue::string("value"));
        const auto data = pattern(16, 5);
        w.add_tensor("t", TensorType::F32, {4}, data);
        w.write_to_file(path);
        File a = File::open(path);
        const std::string_view key = a.metadata()[0].first;
        const auto tensor = a.tensors()[0].data;
        File b = std::move(a);
        const auto other_bytes = samples::small_model();
        File c = File::from_memory(other_bytes, "other.gguf");
        c = std::move(b);
        QCOMPARE(c.name(), path.string());
        QCOMPARE(c.metadata()[0].first, key);
        QCOMPARE(c.metadata()[0].first.data(), key.data());
        QCOMPARE(c.get_string("k"), std::optional("value"sv));
        QCOMPARE(c.find_tensor("t")->data.data(), tensor.data());
        QVERIFY(std::ranges::equal(c.find_tensor("t")->data, data));
    }

    void writer_refuses_invalid_input_data() {
        QTest::addColumn<int>("which");
        QTest::addColumn<QString>("problem");
        QTest::newRow("version 1") << 0 << "version 1 is not 2 or 3";
        QTest::newRow("alignment 24") << 1 << "alignment 24 is not a non-zero power of two";
        QTest::newRow("duplicate key") << 2 << "duplicate metadata key 'k'";
        QTest::newRow("alignment key mismatch") << 3 << "general.alignment must be the uint32 32";
        QTest::newRow("wrong data size") << 4 << "data has 15 bytes, F32 of this shape needs 16";
        QTest::newRow("dims 0") << 5 << "a dimension is 0";
        QTest::newRow("5 dims") << 6 << "5 dims, must be 1 to 4";
        QTest::newRow("partial block")
            << 7 << "row length 16 is not a multiple of the block size 32";
        QTest::newRow("duplicate tensor") << 8 << "duplicate tensor name";
        QTest::newRow("mixed array") << 9 << "array element #1 has type string, expected uint32";
        QTest::newRow("unknown type") << 10 << "unknown tensor type 4";
    }

    void writer_refuses_invalid_input() {
        QFETCH(int, which);
        QFETCH(QString, problem);
        const auto data = pattern(16, 1);
        try {
            Writer w;
            switch (which) {
                case 0: (void)Writer(WriterOptions{.version = 1}); break;
                case 1: (void)Writer(WriterOptions{.alignment = 24}); break;
                case 2:
                    w.set("k", MetaValue::u8(1));
                    w.set("k", MetaValue::u8(1));
                    break;
                case 3: w.set("general.alignment", MetaValue::u32(64)); break;
                case 4: w.add_tensor("t", TensorType::F32, {4}, std::span(data).first(15)); break;
                case 5: w.add_tensor("t", TensorType::F32, {4, 0}, data); break;
                case 6: w.add_tensor("t", TensorType::F32, {1, 1, 1, 1, 4}, data); break;
                case 7: w.add_tensor("t", TensorType::Q8_0, {16}, data); break;
                case 8:
                    w.add_tensor("t", TensorType::F32, {4}, data);
                    w.add_tensor("t", TensorType::F32, {4}, data);
                    break;
                case 9:
                    (void)MetaValue::array(ValueType::UInt32,
                                           std::array{MetaValue::u32(1), MetaValue::string("x")});
                    break;
                case 10: w.add_tensor("t", static_cast<TensorType>(4), {32}, data); break;
            }
            QFAIL("the writer accepted invalid input");
        } catch (const GgufError& e) {
            QVERIFY2(std::string(e.what()).starts_with("gguf writer: "), e.what());
            QVERIFY2(QString::fromUtf8(e.what()).contains(problem), e.what());
        }
    }

    // The shared samples (also the fuzz seeds) all parse.
    void valid_samples_parse() {
        for (const auto& s : siliang::gguf::samples::valid_samples()) {
            const File f = File::from_memory(s.bytes, s.name);
            QVERIFY2(!f.metadata().empty(), s.name.c_str());
        }
        const auto every = siliang::gguf::samples::valid_samples();
        const auto it = std::ranges::find(every, "every_tensor_type", &samples::Sample::name);
        QVERIFY(it != every.end());
        const File f = File::from_memory(it->bytes, it->name);
        QCOMPARE(f.tensors().size(), std::size_t{32});  // every type in gguf_types.h
        for (const TensorInfo& t : f.tensors()) {
            QCOMPARE(t.name, type_traits(t.type)->name);
            QCOMPARE(t.n_bytes, uint64_t{type_traits(t.type)->type_size});
        }
    }
};

QTEST_APPLESS_MAIN(TestGgufRoundtrip)
#include "test_gguf_roundtrip.moc"
