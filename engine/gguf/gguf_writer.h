// GGUF v2/v3 writer. Builds metadata of every value type (including nested
// arrays) and tensors, and writes them to a file or to memory.
//
// Tensor data is never copied into the writer: it is either a span the caller
// keeps alive until the write returns, or produced chunk by chunk by a callback
// while the file is written, so a multi-gigabyte model can be streamed to disk
// with only one chunk in memory.
//
// By default the writer refuses to produce an invalid file (WriterOptions::
// checked). Tests that need malformed files turn checking off and use the raw
// entry points (MetaValue::raw, Writer::add_raw_tensor) to write anything.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "gguf/gguf_reader.h"
#include "gguf/gguf_types.h"

namespace siliang::gguf {

// Element types that map onto a GGUF scalar: bool, 8/16/32/64-bit integers, float, double.
template <class T>
concept MetaScalar = std::same_as<T, bool> || std::same_as<T, float> || std::same_as<T, double> ||
    (std::is_integral_v<T> && !std::same_as<T, char> &&
     (sizeof(T) == 1 || sizeof(T) == 2 || sizeof(T) == 4 || sizeof(T) == 8));

// One metadata value, owned and already encoded as it appears in the file
// after its type tag (for an array: element type, count, elements).
class MetaValue {
public:
    static MetaValue u8(uint8_t v);
    static MetaValue i8(int8_t v);
    static MetaValue u16(uint16_t v);
    static MetaValue i16(int16_t v);
    static MetaValue u32(uint32_t v);
    static MetaValue i32(int32_t v);
    static MetaValue u64(uint64_t v);
    static MetaValue i64(int64_t v);
    static MetaValue f32(float v);
    static MetaValue f64(double v);
    static MetaValue boolean(bool v);
    static MetaValue string(std::string_view v);

    // Typed numeric / bool array: uint8_t..int64_t, float, double, bool.
    template <MetaScalar T>
    static MetaValue array(std::span<const T> values) {
        return numeric_array(scalar_type<T>(), values.size(), std::as_bytes(values), sizeof(T));
    }
    template <MetaScalar T>
    requires(!std::same_as<T, bool>)  // std::vector<bool> is not contiguous
        static MetaValue array(const std::vector<T>& values) {
        return array(std::span<const T>(values));
    }
    static MetaValue array(const std::vector<std::string>& strings);
    static MetaValue array(std::span<const std::string_view> strings);
    // Any array: every element must have type `element_type` (use Array for
    // nested arrays). An empty array needs the explicit element type.
    static MetaValue array(ValueType element_type, std::span<const MetaValue> elements);

    // Unchecked: a type number and payload bytes written verbatim (malformed files).
    static MetaValue raw(uint32_t raw_type, std::vector<std::byte> payload);

    uint32_t raw_type() const { return type_; }
    ValueType type() const { return static_cast<ValueType>(type_); }
    std::span<const std::byte> payload() const { return payload_; }

    template <MetaScalar T>
    static constexpr ValueType scalar_type() {
        if constexpr (std::same_as<T, bool>)
            return ValueType::Bool;
        else if constexpr (std::same_as<T, float>)
            return ValueType::Float32;
        else if constexpr (std::same_as<T, double>)
            return ValueType::Float64;
        else if constexpr (sizeof(T) == 1)
            return std::is_signed_v<T> ? ValueType::Int8 : ValueType::UInt8;
        else if constexpr (sizeof(T) == 2)
            return std::is_signed_v<T> ? ValueType::Int16 : ValueType::UInt16;
        else if constexpr (sizeof(T) == 4)
            return std::is_signed_v<T> ? ValueType::Int32 : ValueType::UInt32;
        else
            return std::is_signed_v<T> ? ValueType::Int64 : ValueType::UInt64;
    }

private:
    MetaValue(uint32_t type, std::vector<std::byte> payload)
        : type_(type), payload_(std::move(payload)) {}
    static MetaValue numeric_array(ValueType element_type, std::size_t count,
                                   std::span<const std::byte> host_bytes, std::size_t element_size);

    uint32_t type_;
    std::vector<std::byte> payload_;
};

struct WriterOptions {
    uint32_t version = 3;     // 2 or 3 (identical layouts for little-endian files)
    uint32_t alignment = 32;  // data alignment; recorded as general.alignment when not 32
    bool checked = true;      // false: write whatever is given, for malformed test files
};

// Produces `chunk.size()` bytes of a tensor starting at byte `offset` of its data.
using TensorFill = std::function<void(uint64_t offset, std::span<std::byte> chunk)>;

class Writer {
public:
    explicit Writer(WriterOptions options = {});

    // Adds a key/value pair (file order is call order). Checked: GgufError on a
    // duplicate key or a general.alignment that disagrees with the options.
    void set(std::string key, MetaValue value);

    // A tensor whose bytes the caller keeps alive until the write returns.
    // Checked: known type, 1..4 non-zero dims, whole blocks per row,
    // data.size() equal to the tensor's byte size, unique name.
    void add_tensor(std::string name, TensorType type, std::vector<uint64_t> dims,
                    std::span<const std::byte> data);
    // A tensor whose bytes are produced while writing, in order, chunk by chunk.
    void add_tensor(std::string name, TensorType type, std::vector<uint64_t> dims, TensorFill fill);

    // Unchecked tensor for malformed files: any type number and dims, and an
    // optional offset recorded instead of the real one. `data` (any length) is
    // placed in the data section as a normal tensor's would be.
    struct RawTensor {
        std::string name{};
        uint32_t type = 0;
        std::vector<uint64_t> dims{};
        std::optional<uint64_t> offset{};
        std::span<const std::byte> data{};
    };
    void add_raw_tensor(RawTensor tensor);

    // Byte offset of the data section in the output (header, metadata and
    // tensor infos, padded to the alignment).
    uint64_t data_offset() const;
    // Total size of the output.
    uint64_t file_size() const;

    std::vector<std::byte> write_to_memory() const;
    // Writes `path` through a temporary file in the same folder that is renamed
    // into place, so a failed write never leaves a truncated model behind.
    // Throws GgufError("<path>: write: <reason>").
    void write_to_file(const std::filesystem::path& path) const;

    class Sink;  // output target, defined in the .cpp

private:
    struct Tensor {
        std::string name;
        uint32_t type = 0;
        std::vector<uint64_t> dims;
        std::optional<uint64_t> recorded_offset;  // raw tensors only
        uint64_t n_bytes = 0;
        uint64_t placement = 0;  // where the data goes in the data section
        std::span<const std::byte> data;
        TensorFill fill;
    };
    void add_checked(Tensor tensor, TensorType type);
    void append_tensor(Tensor tensor);
    std::vector<std::byte> encode_header() const;
    void write(Sink& sink) const;

    WriterOptions options_;
    std::vector<std::pair<std::string, MetaValue>> metadata_;
    std::vector<Tensor> tensors_;
    uint64_t data_size_ = 0;  // data section size so far, padded
};

}  // namespace siliang::gguf
