// GGUF v2/v3 parser. Layout (all little-endian):
//   "GGUF" u32 version  u64 tensor_count  u64 kv_count
//   kv_count  x { string key, u32 value_type, value }
//   tensor_count x { string name, u32 n_dims, u64 dims[n_dims], u32 type, u64 offset }
//   padding to `general.alignment` (default 32), then the data section.
// A string is u64 length + bytes; an array is u32 element_type + u64 count + elements.
//
// Every read goes through Cursor, which checks the remaining length first, so a
// hostile file can only make us throw. Counts are checked against the bytes
// that remain, and reservations are capped, so allocations stay proportional
// to what the file actually holds.
#include "gguf/gguf_reader.h"

#include <algorithm>
#include <bit>
#include <concepts>
#include <cstdio>
#include <cstring>
#include <limits>
#include <type_traits>

#include "gguf/gguf_endian.h"
#include "gguf/gguf_mmap.h"

namespace siliang::gguf {

namespace {

constexpr uint32_t kMaxDims = 4;   // GGML_MAX_DIMS
constexpr int kMaxArrayDepth = 8;  // nested arrays; real files use none
constexpr uint64_t kDefaultAlignment = 32;
// Smallest encodings, used to bound counts before anything is allocated:
// a kv is key length (8) + type (4) + a one-byte value; a tensor info is
// name length (8) + n_dims (4) + one dim (8) + type (4) + offset (8).
constexpr uint64_t kMinKvBytes = 13;
constexpr uint64_t kMinTensorInfoBytes = 32;
// Counts pass the checks above when the bytes that follow could hold them,
// e.g. 500M empty strings in 4 GB of zeroed tensor data behind a corrupted
// count. Reserving at most this many up front keeps memory growing only with
// entries that actually parse, so a bad count fails fast and small.
constexpr uint64_t kMaxReserve = 1 << 16;

std::size_t reserve_hint(uint64_t count) {
    return static_cast<std::size_t>(std::min(count, kMaxReserve));
}

// A non-owning reference to a callable that names the field being read. Field
// names are only formatted when an error is thrown, so the hot path (151936
// vocabulary strings) builds no strings.
class FieldRef {
public:
    template <class F>
    requires(!std::same_as<std::remove_cvref_t<F>, FieldRef>)
        FieldRef(const F& f)  // NOLINT(google-explicit-constructor): used as a parameter type
        : obj_(&f),
          call_([](const void* o) { return std::string((*static_cast<const F*>(o))()); }) {}
    std::string operator()() const { return call_(obj_); }

private:
    const void* obj_;
    std::string (*call_)(const void*);
};

// Shows a name from the file in an error message: printable ASCII as is,
// anything else escaped, long names shortened.
std::string quote(std::string_view s) {
    constexpr std::size_t kMaxShown = 80;
    std::string out = "'";
    for (std::size_t i = 0; i < s.size() && i < kMaxShown; ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c < 0x7f && c != '\\' && c != '\'') {
            out += static_cast<char>(c);
        } else {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            out += buf;
        }
    }
    if (s.size() > kMaxShown) out += "...";
    out += "'";
    return out;
}

std::string str(uint64_t v) {
    return std::to_string(v);
}

bool valid_value_type(uint32_t t) {
    return t <= static_cast<uint32_t>(ValueType::Float64);
}

// Bytes of one element of a fixed-size type, 0 for string and array.
uint64_t fixed_size(ValueType t) {
    switch (t) {
        case ValueType::UInt8:
        case ValueType::Int8:
        case ValueType::Bool: return 1;
        case ValueType::UInt16:
        case ValueType::Int16: return 2;
        case ValueType::UInt32:
        case ValueType::Int32:
        case ValueType::Float32: return 4;
        case ValueType::UInt64:
        case ValueType::Int64:
        case ValueType::Float64: return 8;
        case ValueType::String:
        case ValueType::Array: return 0;
    }
    return 0;
}

// Smallest encoding of one array element of type t.
uint64_t min_element_size(ValueType t) {
    if (t == ValueType::String) return 8;  // length
    if (t == ValueType::Array) return 12;  // element type + count
    return fixed_size(t);
}

class Cursor {
public:
    Cursor(std::span<const std::byte> bytes, const std::string& name)
        : bytes_(bytes), name_(name) {}

    uint64_t pos() const { return pos_; }
    uint64_t remaining() const { return bytes_.size() - pos_; }

    [[noreturn]] void fail(const std::string& field, const std::string& problem) const {
        throw GgufError(name_ + ": " + field + ": " + problem);
    }

    void need(uint64_t n, FieldRef field) const {
        if (n > remaining()) {
            fail(field(), "needs " + str(n) + " bytes at byte " + str(pos_) + " but the file has " +
                              str(bytes_.size()) + " bytes");
        }
    }

    template <class T>
    T read(FieldRef field) {
        need(sizeof(T), field);
        const T v = detail::load_le<T>(bytes_.data() + pos_);
        pos_ += sizeof(T);
        return v;
    }

    std::span<const std::byte> take(uint64_t n, FieldRef field) {
        need(n, field);
        const auto out = bytes_.subspan(pos_, n);
        pos_ += n;
        return out;
    }

    std::string_view read_string(FieldRef field) {
        const auto len = read<uint64_t>([&] { return field() + " length"; });
        if (len > remaining()) {
            fail(field(), "string length " + str(len) + " exceeds the " + str(remaining()) +
                              " bytes remaining in the file");
        }
        const auto s = take(len, field);
        return {reinterpret_cast<const char*>(s.data()), s.size()};
    }

    bool read_bool(FieldRef field) {
        const auto b = read<uint8_t>(field);
        if (b > 1) fail(field(), "bool value " + str(b) + " is not 0 or 1");
        return b == 1;
    }

    // A value of a known type (the caller has validated `type`).
    Value read_value(ValueType type, int depth, FieldRef field) {
        Value v;
        v.type = type;
        switch (type) {
            case ValueType::UInt8: v.data = uint64_t{read<uint8_t>(field)}; break;
            case ValueType::UInt16: v.data = uint64_t{read<uint16_t>(field)}; break;
            case ValueType::UInt32: v.data = uint64_t{read<uint32_t>(field)}; break;
            case ValueType::UInt64: v.data = read<uint64_t>(field); break;
            case ValueType::Int8: v.data = int64_t{read<int8_t>(field)}; break;
            case ValueType::Int16: v.data = int64_t{read<int16_t>(field)}; break;
            case ValueType::Int32: v.data = int64_t{read<int32_t>(field)}; break;
            case ValueType::Int64: v.data = read<int64_t>(field); break;
            case ValueType::Float32: v.data = double{read<float>(field)}; break;
            case ValueType::Float64: v.data = read<double>(field); break;
            case ValueType::Bool: v.data = read_bool(field); break;
            case ValueType::String: v.data = read_string(field); break;
            case ValueType::Array: v.data = read_array(depth + 1, field); break;
        }
        return v;
    }

    std::shared_ptr<const Array> read_array(int depth, FieldRef field) {
        if (depth > kMaxArrayDepth) {
            fail(field(), "arrays nested deeper than " + str(kMaxArrayDepth) + " levels");
        }
        auto a = std::make_shared<Array>();
        const auto raw_type = read<uint32_t>([&] { return field() + " array type"; });
        if (!valid_value_type(raw_type)) {
            fail(field() + " array type", "unknown element type " + str(raw_type));
        }
        a->element_type = static_cast<ValueType>(raw_type);
        a->count = read<uint64_t>([&] { return field() + " array count"; });
        // Bound the count by the bytes left before reserving or looping.
        const uint64_t min_size = min_element_size(a->element_type);
        if (a->count > remaining() / min_size) {
            fail(field() + " array count", str(a->count) +
                                               " elements cannot fit in the remaining " +
                                               str(remaining()) + " bytes");
        }
        const auto element = [&](uint64_t i) { return field() + " element " + str(i); };
        switch (a->element_type) {
            case ValueType::String:
                a->strings.reserve(reserve_hint(a->count));
                for (uint64_t i = 0; i < a->count; ++i) {
                    a->strings.push_back(read_string([&] { return element(i); }));
                }
                break;
            case ValueType::Array:
                a->arrays.reserve(reserve_hint(a->count));
                for (uint64_t i = 0; i < a->count; ++i) {
                    a->arrays.push_back(
                        read_value(ValueType::Array, depth, [&] { return element(i); }));
                }
                break;
            case ValueType::Bool:
                a->raw = take(a->count, field);
                for (uint64_t i = 0; i < a->count; ++i) {
                    const auto b = static_cast<uint8_t>(a->raw[i]);
                    if (b > 1) fail(element(i), "bool value " + str(b) + " is not 0 or 1");
                }
                break;
            default: a->raw = take(a->count * min_size, field); break;
        }
        return a;
    }

private:
    std::span<const std::byte> bytes_;
    const std::string& name_;
    uint64_t pos_ = 0;
};

// x * y, or nullopt when it overflows uint64.
std::optional<uint64_t> checked_mul(uint64_t x, uint64_t y) {
    if (x != 0 && y > std::numeric_limits<uint64_t>::max() / x) return std::nullopt;
    return x * y;
}

std::optional<uint64_t> checked_add(uint64_t x, uint64_t y) {
    if (y > std::numeric_limits<uint64_t>::max() - x) return std::nullopt;
    return x + y;
}

std::string hex_bytes(std::span<const std::byte> b) {
    std::string out;
    for (const std::byte c : b) {
        char buf[4];
        std::snprintf(buf, sizeof buf, "%02x", static_cast<unsigned>(c));
        if (!out.empty()) out += ' ';
        out += buf;
    }
    return out;
}

}  // namespace

struct File::Mapping {
    explicit Mapping(const std::filesystem::path& path) : file(path) {}
    detail::MappedFile file;
};

File::File(File&&) noexcept = default;
File& File::operator=(File&&) noexcept = default;
File::~File() = default;

File File::open(const std::filesystem::path& path) {
    File f;
    f.name_ = path.string();
    f.mapping_ = std::make_unique<Mapping>(path);
    f.bytes_ = f.mapping_->file.bytes();
    f.parse();
    return f;
}

File File::from_memory(std::span<const std::byte> bytes, std::string name) {
    File f;
    f.name_ = std::move(name);
    f.bytes_ = bytes;
    f.parse();
    return f;
}

void File::parse() {
    Cursor in(bytes_, name_);

    // --- header ---
    const auto magic = in.take(4, [] { return "header magic"; });
    if (std::memcmp(magic.data(), "GGUF", 4) != 0) {
        in.fail("header magic",
                "expected \"GGUF\" (47 47 55 46), found " + hex_bytes(magic) + ": not a GGUF file");
    }
    version_ = in.read<uint32_t>([] { return "header version"; });
    if (version_ == 1) {
        in.fail("header version", "GGUF v1 is not supported (only v2 and v3)");
    }
    if (version_ != 2 && version_ != 3) {
        const uint32_t swapped = ((version_ & 0xffu) << 24) | ((version_ & 0xff00u) << 8) |
                                 ((version_ >> 8) & 0xff00u) | (version_ >> 24);
        if (swapped >= 1 && swapped <= 3) {
            in.fail("header version", "the file is big-endian (version reads as " + str(version_) +
                                          "); only little-endian GGUF is supported");
        }
        in.fail("header version", "unsupported version " + str(version_) + " (only 2 and 3)");
    }
    const auto tensor_count = in.read<uint64_t>([] { return "header tensor count"; });
    const auto kv_count = in.read<uint64_t>([] { return "header metadata count"; });
    // Plausibility before reserving: each entry needs a minimum number of bytes.
    if (kv_count > in.remaining() / kMinKvBytes) {
        in.fail("header metadata count", str(kv_count) +
                                             " key/value pairs cannot fit in the remaining " +
                                             str(in.remaining()) + " bytes");
    }
    if (tensor_count > (in.remaining() - kv_count * kMinKvBytes) / kMinTensorInfoBytes) {
        in.fail("header tensor count",
                str(tensor_count) + " tensor infos cannot fit in the remaining " +
                    str(in.remaining()) + " bytes (after " + str(kv_count) + " key/value pairs)");
    }

    // --- metadata ---
    metadata_.reserve(reserve_hint(kv_count));
    key_index_.reserve(reserve_hint(kv_count));
    for (uint64_t i = 0; i < kv_count; ++i) {
        const std::string_view key =
            in.read_string([&] { return "metadata key #" + str(i) + " key"; });
        const auto field = [&] { return "metadata key #" + str(i) + " (" + quote(key) + ")"; };
        const auto raw_type = in.read<uint32_t>([&] { return field() + " type"; });
        if (!valid_value_type(raw_type)) {
            in.fail(field() + " type", "unknown value type " + str(raw_type));
        }
        Value value = in.read_value(static_cast<ValueType>(raw_type), 0, field);
        const auto [it, inserted] = key_index_.emplace(key, metadata_.size());
        if (!inserted) {
            in.fail(field(),
                    "duplicate key (first defined by metadata key #" + str(it->second) + ")");
        }
        if (key == "general.alignment") {
            if (value.type != ValueType::UInt32) {
                in.fail(field(),
                        "must be uint32, found " + std::string(value_type_name(value.type)));
            }
            const uint64_t a = *value.as_uint();
            if (a == 0 || !std::has_single_bit(a)) {
                in.fail(field(), "alignment " + str(a) + " is not a non-zero power of two");
            }
            alignment_ = a;
        }
        metadata_.emplace_back(key, std::move(value));
    }
    if (key_index_.find("general.alignment") == key_index_.end()) alignment_ = kDefaultAlignment;

    // --- tensor infos ---
    tensors_.reserve(reserve_hint(tensor_count));
    tensor_index_.reserve(reserve_hint(tensor_count));
    for (uint64_t i = 0; i < tensor_count; ++i) {
        TensorInfo t;
        t.name = in.read_string([&] { return "tensor #" + str(i) + " name"; });
        const auto field = [&] { return "tensor " + quote(t.name); };
        const auto n_dims = in.read<uint32_t>([&] { return field() + " n_dims"; });
        if (n_dims < 1 || n_dims > kMaxDims) {
            in.fail(field() + " n_dims",
                    "n_dims is " + str(n_dims) + ", must be 1 to " + str(kMaxDims));
        }
        t.dims.resize(n_dims);
        uint64_t n_elements = 1;
        for (uint32_t d = 0; d < n_dims; ++d) {
            const auto dim_field = [&] { return field() + " dims[" + str(d) + "]"; };
            t.dims[d] = in.read<uint64_t>(dim_field);
            if (t.dims[d] == 0) in.fail(dim_field(), "dimension is 0");
            const auto product = checked_mul(n_elements, t.dims[d]);
            // ggml counts elements in int64_t.
            if (!product || *product > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
                in.fail(dim_field(), "the element count overflows a 64-bit signed integer");
            }
            n_elements = *product;
        }
        t.n_elements = n_elements;
        const auto raw_type = in.read<uint32_t>([&] { return field() + " type"; });
        const auto traits = type_traits(raw_type);
        if (!traits) in.fail(field() + " type", "unknown tensor type " + str(raw_type));
        t.type = static_cast<TensorType>(raw_type);
        if (t.dims[0] % traits->block_size != 0) {
            in.fail(field() + " dims[0]",
                    "row length " + str(t.dims[0]) + " is not a multiple of the " +
                        std::string(traits->name) + " block size " + str(traits->block_size));
        }
        // Rows are whole blocks, so the element count is too.
        const auto n_bytes = checked_mul(n_elements / traits->block_size, traits->type_size);
        if (!n_bytes) in.fail(field() + " size", "the byte size overflows a 64-bit integer");
        t.n_bytes = *n_bytes;
        t.offset = in.read<uint64_t>([&] { return field() + " offset"; });
        if (t.offset % alignment_ != 0) {
            in.fail(field() + " offset", "offset " + str(t.offset) +
                                             " is not a multiple of the alignment " +
                                             str(alignment_));
        }
        const auto [it, inserted] = tensor_index_.emplace(t.name, tensors_.size());
        if (!inserted) {
            in.fail(field() + " name",
                    "duplicate tensor name (first used by tensor #" + str(it->second) + ")");
        }
        tensors_.push_back(std::move(t));
    }

    // --- data section ---
    // header end <= file size <= SIZE_MAX and alignment <= 2^31, so this cannot overflow.
    data_offset_ = (in.pos() + alignment_ - 1) / alignment_ * alignment_;
    const uint64_t size = bytes_.size();
    for (TensorInfo& t : tensors_) {
        const auto field = "tensor " + quote(t.name) + " offset";
        const auto start = checked_add(data_offset_, t.offset);
        if (!start || *start > size) {
            in.fail(field, "offset " + str(t.offset) + " from the data section at byte " +
                               str(data_offset_) + " is past the end of the file (" + str(size) +
                               " bytes)");
        }
        const auto end = checked_add(*start, t.n_bytes);
        if (!end || *end > size) {
            in.fail(field, "data ends at byte " + (end ? str(*end) : std::string("beyond 2^64")) +
                               " but the file has " + str(size) + " bytes");
        }
        t.data = bytes_.subspan(*start, t.n_bytes);
        t.file_mapped = mapping_ != nullptr;
    }
    // Tensor data may be in any order but must not overlap.
    std::vector<const TensorInfo*> by_offset;
    by_offset.reserve(tensors_.size());
    for (const TensorInfo& t : tensors_) by_offset.push_back(&t);
    std::sort(by_offset.begin(), by_offset.end(),
              [](const TensorInfo* a, const TensorInfo* b) { return a->offset < b->offset; });
    for (std::size_t i = 1; i < by_offset.size(); ++i) {
        const TensorInfo& prev = *by_offset[i - 1];
        const TensorInfo& next = *by_offset[i];
        if (prev.offset + prev.n_bytes > next.offset) {
            in.fail("tensor " + quote(next.name) + " offset",
                    "data [" + str(next.offset) + ", " + str(next.offset + next.n_bytes) +
                        ") overlaps tensor " + quote(prev.name) + " at [" + str(prev.offset) +
                        ", " + str(prev.offset + prev.n_bytes) + ")");
        }
    }
}

const Value* File::find(std::string_view key) const {
    const auto it = key_index_.find(key);
    return it == key_index_.end() ? nullptr : &metadata_[it->second].second;
}

std::optional<std::string_view> File::get_string(std::string_view key) const {
    const Value* v = find(key);
    return v ? v->as_string() : std::nullopt;
}

std::optional<uint64_t> File::get_uint(std::string_view key) const {
    const Value* v = find(key);
    return v ? v->as_uint() : std::nullopt;
}

std::optional<int64_t> File::get_int(std::string_view key) const {
    const Value* v = find(key);
    return v ? v->as_int() : std::nullopt;
}

std::optional<double> File::get_float(std::string_view key) const {
    const Value* v = find(key);
    return v ? v->as_float() : std::nullopt;
}

std::optional<bool> File::get_bool(std::string_view key) const {
    const Value* v = find(key);
    return v ? v->as_bool() : std::nullopt;
}

const Array* File::get_array(std::string_view key) const {
    const Value* v = find(key);
    return v ? v->as_array() : nullptr;
}

const TensorInfo* File::find_tensor(std::string_view name) const {
    const auto it = tensor_index_.find(name);
    return it == tensor_index_.end() ? nullptr : &tensors_[it->second];
}

}  // namespace siliang::gguf
