// GGUF v2/v3 reader. The file is memory-mapped; metadata strings and tensor
// data are views into the mapping, valid as long as the File lives (moving a
// File keeps them valid). Every length, count, offset and dimension is checked
// against the file before use: a truncated or hostile file throws GgufError
// naming the file and the field, it never reads out of bounds or allocates
// more than the file could describe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

#include "gguf/gguf_types.h"

namespace siliang::gguf {

class GgufError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct Array;

// One metadata value. Integers keep their signedness; floats are widened to double.
struct Value {
    ValueType type = ValueType::UInt8;
    std::variant<std::monostate, uint64_t, int64_t, double, bool, std::string_view,
                 std::shared_ptr<const Array>>
        data;

    // Any integer type whose value fits (negative values never convert to unsigned).
    std::optional<uint64_t> as_uint() const;
    std::optional<int64_t> as_int() const;
    // Float32/Float64 (and integers, converted).
    std::optional<double> as_float() const;
    std::optional<bool> as_bool() const;
    std::optional<std::string_view> as_string() const;
    const Array* as_array() const;
};

// An array value. Numeric and bool elements stay in the mapped file (`raw`,
// little-endian, count * element size bytes); strings and nested arrays are
// decoded into views.
struct Array {
    ValueType element_type = ValueType::UInt8;
    uint64_t count = 0;
    std::span<const std::byte> raw;         // numeric / bool elements
    std::vector<std::string_view> strings;  // element_type == String
    std::vector<Value> arrays;              // element_type == Array (nested)

    // Element-wise conversions; nullopt when the element type does not convert
    // (e.g. floats requested from a string array, or a value out of range).
    std::optional<std::vector<int64_t>> to_ints() const;
    std::optional<std::vector<int32_t>> to_i32s() const;
    std::optional<std::vector<float>> to_f32s() const;
};

struct TensorInfo {
    std::string_view name;
    std::vector<uint64_t> dims;  // dims[0] is the innermost (row) dimension, as in ggml's ne[]
    TensorType type = TensorType::F32;
    uint64_t offset = 0;  // relative to the start of the data section
    uint64_t n_elements = 0;
    uint64_t n_bytes = 0;
    std::span<const std::byte> data;  // view into the mapping, n_bytes long
    // data lies in File::open's read-only file mapping (not from_memory's caller's bytes):
    // its pages can be dropped from this process and are read back from the file if touched.
    bool file_mapped = false;
};

class File {
public:
    // Maps the file read-only. Throws GgufError("<path>: <field>: <problem>").
    static File open(const std::filesystem::path& path);
    // Parses bytes the caller keeps alive (tests, fuzzing). `name` is used in errors.
    static File from_memory(std::span<const std::byte> bytes, std::string name);

    File(File&&) noexcept;
    File& operator=(File&&) noexcept;
    File(const File&) = delete;
    File& operator=(const File&) = delete;
    ~File();

    const std::string& name() const { return name_; }
    uint32_t version() const { return version_; }
    uint64_t alignment() const { return alignment_; }
    uint64_t data_offset() const { return data_offset_; }
    uint64_t file_size() const { return bytes_.size(); }
    std::span<const std::byte> bytes() const { return bytes_; }
    // bytes() are open()'s read-only mapping of the file (not from_memory()'s caller's bytes):
    // pages of it can be dropped from the process (backend::release_mapped_pages).
    bool file_mapped() const { return mapping_ != nullptr; }

    // Key/value pairs in file order.
    const std::vector<std::pair<std::string_view, Value>>& metadata() const { return metadata_; }
    const Value* find(std::string_view key) const;
    std::optional<std::string_view> get_string(std::string_view key) const;
    std::optional<uint64_t> get_uint(std::string_view key) const;
    std::optional<int64_t> get_int(std::string_view key) const;
    std::optional<double> get_float(std::string_view key) const;
    std::optional<bool> get_bool(std::string_view key) const;
    const Array* get_array(std::string_view key) const;

    const std::vector<TensorInfo>& tensors() const { return tensors_; }
    const TensorInfo* find_tensor(std::string_view name) const;

private:
    File() = default;
    // Fills everything below from bytes_; throws GgufError.
    void parse();

    struct Mapping;
    std::unique_ptr<Mapping> mapping_;
    std::string name_;
    std::span<const std::byte> bytes_;
    uint32_t version_ = 0;
    uint64_t alignment_ = 32;
    uint64_t data_offset_ = 0;
    std::vector<std::pair<std::string_view, Value>> metadata_;
    std::vector<TensorInfo> tensors_;
    // Lookup by name; the views point into bytes_, so they survive a move.
    std::unordered_map<std::string_view, std::size_t> key_index_;
    std::unordered_map<std::string_view, std::size_t> tensor_index_;
};

}  // namespace siliang::gguf
