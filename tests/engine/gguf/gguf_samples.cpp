#include "gguf_samples.h"

#include <array>
#include <cstring>
#include <span>
#include <string_view>

#include "gguf/gguf_writer.h"

namespace siliang::gguf::samples {

namespace {

using namespace std::literals;

constexpr std::string_view kDescription =
    "A tiny model written by the GGUF tests.  This string is long on purpose: a file "
    "truncated inside it still passes the size plausibility checks, so the error "
    "must name this value, not the header counts.";
static_assert(kDescription.size() == 200, "small_model_layout() and the samples assume 200");

const std::array<std::string_view, 4> kTokens = {"<s>", "hello", "world", "!"};

void put_u32(std::vector<std::byte>& b, std::size_t at, uint32_t v) {
    for (int i = 0; i < 4; ++i) b.at(at + i) = static_cast<std::byte>(v >> (8 * i));
}

void put_u64(std::vector<std::byte>& b, std::size_t at, uint64_t v) {
    for (int i = 0; i < 8; ++i) b.at(at + i) = static_cast<std::byte>(v >> (8 * i));
}

std::vector<std::byte> raw_payload(std::initializer_list<uint64_t> u32s_then_u64,
                                   std::vector<std::byte> tail = {}) {
    // An array payload: u32 element type, u64 count, then `tail` verbatim.
    std::vector<std::byte> out(12);
    const auto* it = u32s_then_u64.begin();
    put_u32(out, 0, static_cast<uint32_t>(*it++));
    put_u64(out, 4, *it);
    out.insert(out.end(), tail.begin(), tail.end());
    return out;
}

// Tensor bytes live as long as the program: the writer keeps only spans.
std::span<const std::byte> pattern(std::size_t n, unsigned seed) {
    static std::vector<std::vector<std::byte>> store;
    std::vector<std::byte> v(n);
    for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<std::byte>((i * 31 + seed * 7) & 0xff);
    store.push_back(std::move(v));
    return store.back();
}

Writer unchecked() {
    return Writer(WriterOptions{.version = 3, .alignment = 32, .checked = false});
}

// One file holding a single metadata value.
std::vector<std::byte> one_kv(std::string key, MetaValue v) {
    Writer w = unchecked();
    w.set(std::move(key), std::move(v));
    return w.write_to_memory();
}

// One file holding a single raw tensor "t".
std::vector<std::byte> one_tensor(uint32_t type, std::vector<uint64_t> dims, uint64_t data_bytes,
                                  std::optional<uint64_t> offset = {}) {
    Writer w = unchecked();
    w.add_raw_tensor({.name = "t",
                      .type = type,
                      .dims = std::move(dims),
                      .offset = offset,
                      .data = pattern(data_bytes, 1)});
    return w.write_to_memory();
}

MetaValue nested(int depth) {
    // depth 1 is a plain uint8 array; each level wraps it in one more array.
    const std::array<uint8_t, 2> leaf = {7, 9};
    MetaValue v = MetaValue::array(std::span<const uint8_t>(leaf));
    for (int d = 1; d < depth; ++d) v = MetaValue::array(ValueType::Array, std::span(&v, 1));
    return v;
}

std::vector<std::byte> truncated(std::vector<std::byte> b, std::size_t n) {
    b.resize(n);
    return b;
}

std::vector<std::byte> patched_u64(std::size_t at, uint64_t v) {
    auto b = small_model();
    put_u64(b, at, v);
    return b;
}

constexpr uint32_t F32 = static_cast<uint32_t>(TensorType::F32);

}  // namespace

std::vector<std::byte> small_model(uint32_t version, uint32_t alignment) {
    Writer w(WriterOptions{.version = version, .alignment = alignment});
    w.set("general.description", MetaValue::string(kDescription));
    w.set("tokenizer.ggml.tokens", MetaValue::array(std::span<const std::string_view>(kTokens)));
    const std::array<uint32_t, 2> a = {1, 2};
    const std::array<uint32_t, 1> b = {3};
    const std::array<MetaValue, 2> rows = {MetaValue::array(std::span<const uint32_t>(a)),
                                           MetaValue::array(std::span<const uint32_t>(b))};
    w.set("test.nested", MetaValue::array(ValueType::Array, rows));
    w.set("test.count", MetaValue::u32(7));
    w.add_tensor("tok_embd.weight", TensorType::F32, {4, 2}, pattern(32, 2));
    w.add_tensor("blk.0.ffn.weight", TensorType::Q8_0, {32}, pattern(34, 3));
    return w.write_to_memory();
}

SmallModelLayout small_model_layout() {
    // Mirrors small_model(3, 32) field by field; test_gguf_malformed checks it
    // against the reader, so a change to small_model() cannot silently shift it.
    SmallModelLayout l;
    std::size_t at = 24 + 8 + std::string_view("general.description").size() + 4;
    l.first_value = at;
    at += 8 + kDescription.size();
    at += 8 + std::string_view("tokenizer.ggml.tokens").size() + 4 + 4;
    l.tokens_count = at;
    at += 8;
    l.tokens_elements = at;
    for (const auto t : kTokens) at += 8 + t.size();
    at += 8 + std::string_view("test.nested").size() + 4 + 12 + (12 + 8) + (12 + 4);
    at += 8 + std::string_view("test.count").size() + 4 + 4;
    l.first_tensor_name = at;
    at += 8 + std::string_view("tok_embd.weight").size() + 4 + 2 * 8 + 4;
    l.first_tensor_offset = at;
    at += 8;
    at += 8 + std::string_view("blk.0.ffn.weight").size() + 4 + 8 + 4 + 8;
    l.data_offset = (at + 31) / 32 * 32;
    l.size = l.data_offset + 32 + 64;  // F32 4x2 = 32 bytes; Q8_0 block = 34, padded
    return l;
}

std::vector<Sample> valid_samples() {
    std::vector<Sample> out;
    out.push_back({"small_v3", small_model(3, 32), {}, {}});
    out.push_back({"small_v2", small_model(2, 32), {}, {}});
    out.push_back({"small_align1", small_model(3, 1), {}, {}});
    out.push_back({"small_align64", small_model(3, 64), {}, {}});
    out.push_back({"small_v2_align4096", small_model(2, 4096), {}, {}});

    {  // every scalar type and an array of each, plus edge cases
        Writer w;
        w.set("u8", MetaValue::u8(255));
        w.set("i8", MetaValue::i8(-128));
        w.set("u16", MetaValue::u16(65535));
        w.set("i16", MetaValue::i16(-32768));
        w.set("u32", MetaValue::u32(4294967295u));
        w.set("i32", MetaValue::i32(-2147483647 - 1));
        w.set("u64", MetaValue::u64(18446744073709551615ull));
        w.set("i64", MetaValue::i64(-9223372036854775807ll - 1));
        w.set("f32", MetaValue::f32(-1.5f));
        w.set("f64", MetaValue::f64(1e300));
        w.set("bool", MetaValue::boolean(true));
        w.set("str", MetaValue::string("\xe5\x9b\x9b\xe4\xb8\xa4 with a \0 inside"sv));
        w.set("empty_str", MetaValue::string(""));
        const std::array<int16_t, 3> i16s = {-1, 0, 1};
        w.set("arr_i16", MetaValue::array(std::span<const int16_t>(i16s)));
        const std::array<double, 2> f64s = {0.25, -8.0};
        w.set("arr_f64", MetaValue::array(std::span<const double>(f64s)));
        const std::array<bool, 3> bools = {true, false, true};
        w.set("arr_bool", MetaValue::array(std::span<const bool>(bools)));
        w.set("arr_empty", MetaValue::array(ValueType::Float32, {}));
        w.set("deep8", nested(8));
        out.push_back({"every_type", w.write_to_memory(), {}, {}});
    }
    {  // one tensor of every known type, one block each
        Writer w(WriterOptions{.version = 3, .alignment = 16});
        for (uint32_t raw = 0; raw < 64; ++raw) {
            const auto traits = type_traits(raw);
            if (!traits) continue;
            w.add_tensor(std::string(traits->name), static_cast<TensorType>(raw),
                         {traits->block_size}, pattern(traits->type_size, raw));
        }
        out.push_back({"every_tensor_type", w.write_to_memory(), {}, {}});
    }
    {  // metadata only, without the trailing padding (as the vocab files are)
        Writer w;
        w.set("tokenizer.ggml.model", MetaValue::string("gpt2"));
        auto b = w.write_to_memory();
        while (!b.empty() && b.back() == std::byte{0}) b.pop_back();
        out.push_back({"no_tensors_unpadded", std::move(b), {}, {}});
    }
    return out;
}

std::vector<Sample> malformed_samples() {
    const SmallModelLayout l = small_model_layout();
    const std::string desc = "metadata key #0 ('general.description')";
    const std::string tokens = "metadata key #1 ('tokenizer.ggml.tokens')";
    std::vector<Sample> out;
    auto add = [&](std::string name, std::vector<std::byte> b, std::string field,
                   std::string problem) {
        out.push_back({std::move(name), std::move(b), std::move(field), std::move(problem)});
    };

    // Header
    add("empty", {}, "header magic", "needs 4 bytes at byte 0 but the file has 0 bytes");
    {
        auto b = small_model();
        std::memcpy(b.data(), "GGML", 4);
        add("bad_magic", std::move(b), "header magic", "not a GGUF file");
    }
    add(
        "version_1",
        [] {
            auto b = small_model();
            put_u32(b, 4, 1);
            return b;
        }(),
        "header version", "v1 is not supported");
    add(
        "big_endian",
        [] {
            auto b = small_model();
            put_u32(b, 4, 0x03000000u);
            return b;
        }(),
        "header version", "big-endian");
    add(
        "version_4",
        [] {
            auto b = small_model();
            put_u32(b, 4, 4);
            return b;
        }(),
        "header version", "unsupported version 4");
    add("huge_kv_count", patched_u64(16, ~uint64_t{0}), "header metadata count", "cannot fit");
    add("huge_tensor_count", patched_u64(8, uint64_t{1} << 40), "header tensor count",
        "cannot fit");

    // Truncations at interesting offsets
    const auto small = small_model();
    add("trunc_magic", truncated(small, 2), "header magic", "needs 4 bytes at byte 0");
    add("trunc_version", truncated(small, 6), "header version", "needs 4 bytes at byte 4");
    add("trunc_kv_count", truncated(small, 20), "header metadata count", "needs 8 bytes");
    add("trunc_after_header", truncated(small, 24), "header metadata count", "cannot fit");
    add("trunc_string_value", truncated(small, l.first_value + 8 + 100), desc,
        "string length 200 exceeds the 100 bytes remaining");
    // Inside the length of the last token ("!"), after "<s>", "hello" and "world"
    // (8 + 3, 8 + 5, 8 + 5 bytes): the array count still passes its size check.
    const std::size_t last_token = l.tokens_elements + 11 + 13 + 13;
    add("trunc_array_element", truncated(small, last_token + 5), tokens + " element 3 length",
        "needs 8 bytes at byte " + std::to_string(last_token));
    add("trunc_tensor_info", truncated(small, l.first_tensor_offset + 3),
        "tensor 'tok_embd.weight' offset", "needs 8 bytes");
    add("trunc_tensor_data", truncated(small, l.data_offset + 5), "tensor 'tok_embd.weight' offset",
        "data ends at byte " + std::to_string(l.data_offset + 32) + " but the file has " +
            std::to_string(l.data_offset + 5) + " bytes");
    add("trunc_last_tensor", truncated(small, l.size - 40), "tensor 'blk.0.ffn.weight' offset",
        "data ends at byte " + std::to_string(l.data_offset + 32 + 34));

    // Metadata
    add("huge_key_length", patched_u64(24, uint64_t{1} << 62), "metadata key #0 key",
        "string length 4611686018427387904 exceeds");
    add("huge_string_length", patched_u64(l.first_value, 0xffffffffu), desc,
        "string length 4294967295 exceeds");
    add("huge_array_count", patched_u64(l.tokens_count, 0xffffffffu), tokens + " array count",
        "4294967295 elements cannot fit in the remaining");
    add("huge_array_string", patched_u64(l.tokens_elements, uint64_t{1} << 40),
        tokens + " element 0", "string length 1099511627776 exceeds");
    add("unknown_value_type", one_kv("k", MetaValue::raw(13, {})), "metadata key #0 ('k') type",
        "unknown value type 13");
    add("unknown_array_type", one_kv("k", MetaValue::raw(9, raw_payload({42, 0}))),
        "metadata key #0 ('k') array type", "unknown element type 42");
    add("nested_array_bad_type",
        one_kv("k", MetaValue::raw(9, raw_payload({9, 1}, raw_payload({77, 0})))),
        "metadata key #0 ('k') element 0 array type", "unknown element type 77");
    add("bool_value_2", one_kv("k", MetaValue::raw(7, {std::byte{2}})), "metadata key #0 ('k')",
        "bool value 2 is not 0 or 1");
    add("bool_array_value_5",
        one_kv("k",
               MetaValue::raw(9, raw_payload({7, 3}, {std::byte{1}, std::byte{0}, std::byte{5}}))),
        "metadata key #0 ('k') element 2", "bool value 5 is not 0 or 1");
    {
        // The error names the path down to the array that is one level too deep.
        std::string field = "metadata key #0 ('deep')";
        for (int level = 1; level <= 8; ++level) field += " element 0";
        add("nesting_too_deep", one_kv("deep", nested(9)), field, "nested deeper than 8 levels");
    }
    {
        Writer w = unchecked();
        w.set("a", MetaValue::u32(1));
        w.set("b", MetaValue::u32(2));
        w.set("a", MetaValue::u32(3));
        add("duplicate_key", w.write_to_memory(), "metadata key #2 ('a')",
            "duplicate key (first defined by metadata key #0)");
    }
    add("alignment_48", one_kv("general.alignment", MetaValue::u32(48)),
        "metadata key #0 ('general.alignment')", "alignment 48 is not a non-zero power of two");
    add("alignment_0", one_kv("general.alignment", MetaValue::u32(0)),
        "metadata key #0 ('general.alignment')", "alignment 0 is not a non-zero power of two");
    add("alignment_u64", one_kv("general.alignment", MetaValue::u64(32)),
        "metadata key #0 ('general.alignment')", "must be uint32, found uint64");
    add(
        "key_with_control_bytes",
        [] {
            Writer w = unchecked();
            w.set(std::string("k\n\x01", 3), MetaValue::u8(1));
            w.set(std::string("k\n\x01", 3), MetaValue::u8(1));
            return w.write_to_memory();
        }(),
        "metadata key #1 ('k\\x0a\\x01')", "duplicate key");

    // Tensor infos
    add("huge_tensor_name", patched_u64(l.first_tensor_name, uint64_t{1} << 50), "tensor #0 name",
        "string length 1125899906842624 exceeds");
    add("n_dims_0", one_tensor(F32, {}, 0), "tensor 't' n_dims", "n_dims is 0, must be 1 to 4");
    add("n_dims_5", one_tensor(F32, {1, 1, 1, 1, 1}, 4), "tensor 't' n_dims",
        "n_dims is 5, must be 1 to 4");
    add("dim_zero", one_tensor(F32, {4, 0}, 0), "tensor 't' dims[1]", "dimension is 0");
    add("dims_overflow", one_tensor(F32, {uint64_t{1} << 32, uint64_t{1} << 32}, 4),
        "tensor 't' dims[1]", "element count overflows");
    add("bytes_overflow", one_tensor(F32, {uint64_t{1} << 31, uint64_t{1} << 31}, 4),
        "tensor 't' size", "byte size overflows");
    add("removed_tensor_type", one_tensor(4, {32}, 18), "tensor 't' type", "unknown tensor type 4");
    add("unknown_tensor_type", one_tensor(1000, {1}, 4), "tensor 't' type",
        "unknown tensor type 1000");
    add("partial_block_row", one_tensor(static_cast<uint32_t>(TensorType::Q4_K), {100}, 144),
        "tensor 't' dims[0]", "row length 100 is not a multiple of the Q4_K block size 256");
    add("offset_unaligned", one_tensor(F32, {4}, 16, 8), "tensor 't' offset",
        "offset 8 is not a multiple of the alignment 32");
    add("offset_past_end", one_tensor(F32, {4}, 16, uint64_t{1} << 40), "tensor 't' offset",
        "is past the end of the file");
    add("offset_wraps", one_tensor(F32, {4}, 16, ~uint64_t{31}), "tensor 't' offset",
        "is past the end of the file");
    add("data_past_end", one_tensor(F32, {64}, 16), "tensor 't' offset", "data ends at byte");
    {
        Writer w = unchecked();
        w.add_raw_tensor(
            {.name = "a", .type = F32, .dims = {16}, .offset = 0, .data = pattern(64, 4)});
        w.add_raw_tensor(
            {.name = "b", .type = F32, .dims = {16}, .offset = 32, .data = pattern(64, 5)});
        add("overlapping_tensors", w.write_to_memory(), "tensor 'b' offset",
            "data [32, 96) overlaps tensor 'a' at [0, 64)");
    }
    {
        Writer w = unchecked();
        w.add_raw_tensor({.name = "a", .type = F32, .dims = {4}, .data = pattern(16, 6)});
        w.add_raw_tensor({.name = "a", .type = F32, .dims = {4}, .data = pattern(16, 7)});
        add("duplicate_tensor_name", w.write_to_memory(), "tensor 'a' name",
            "duplicate tensor name (first used by tensor #0)");
    }
    return out;
}

}  // namespace siliang::gguf::samples
