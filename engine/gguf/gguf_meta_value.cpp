// MetaValue: metadata values encoded for the writer.
#include <algorithm>
#include <bit>

#include "gguf/gguf_endian.h"
#include "gguf/gguf_writer.h"

namespace siliang::gguf {

namespace {

using detail::store_le;

template <class T>
std::vector<std::byte> encode(T v) {
    std::vector<std::byte> out(sizeof(T));
    store_le(out.data(), v);
    return out;
}

void append_u32(std::vector<std::byte>& out, uint32_t v) {
    const std::size_t at = out.size();
    out.resize(at + 4);
    store_le(out.data() + at, v);
}

void append_u64(std::vector<std::byte>& out, uint64_t v) {
    const std::size_t at = out.size();
    out.resize(at + 8);
    store_le(out.data() + at, v);
}

void append_string(std::vector<std::byte>& out, std::string_view s) {
    append_u64(out, s.size());
    const auto* p = reinterpret_cast<const std::byte*>(s.data());
    out.insert(out.end(), p, p + s.size());
}

std::vector<std::byte> array_prefix(ValueType element_type, uint64_t count) {
    std::vector<std::byte> out;
    append_u32(out, static_cast<uint32_t>(element_type));
    append_u64(out, count);
    return out;
}

}  // namespace

MetaValue MetaValue::u8(uint8_t v) {
    return {static_cast<uint32_t>(ValueType::UInt8), encode(v)};
}
MetaValue MetaValue::i8(int8_t v) {
    return {static_cast<uint32_t>(ValueType::Int8), encode(v)};
}
MetaValue MetaValue::u16(uint16_t v) {
    return {static_cast<uint32_t>(ValueType::UInt16), encode(v)};
}
MetaValue MetaValue::i16(int16_t v) {
    return {static_cast<uint32_t>(ValueType::Int16), encode(v)};
}
MetaValue MetaValue::u32(uint32_t v) {
    return {static_cast<uint32_t>(ValueType::UInt32), encode(v)};
}
MetaValue MetaValue::i32(int32_t v) {
    return {static_cast<uint32_t>(ValueType::Int32), encode(v)};
}
MetaValue MetaValue::u64(uint64_t v) {
    return {static_cast<uint32_t>(ValueType::UInt64), encode(v)};
}
MetaValue MetaValue::i64(int64_t v) {
    return {static_cast<uint32_t>(ValueType::Int64), encode(v)};
}
MetaValue MetaValue::f32(float v) {
    return {static_cast<uint32_t>(ValueType::Float32), encode(v)};
}
MetaValue MetaValue::f64(double v) {
    return {static_cast<uint32_t>(ValueType::Float64), encode(v)};
}

MetaValue MetaValue::boolean(bool v) {
    return {static_cast<uint32_t>(ValueType::Bool), encode(static_cast<uint8_t>(v ? 1 : 0))};
}

MetaValue MetaValue::string(std::string_view v) {
    std::vector<std::byte> out;
    append_string(out, v);
    return {static_cast<uint32_t>(ValueType::String), std::move(out)};
}

MetaValue MetaValue::numeric_array(ValueType element_type, std::size_t count,
                                   std::span<const std::byte> host_bytes,
                                   std::size_t element_size) {
    static_assert(sizeof(bool) == 1, "bool arrays are written byte for byte");
    std::vector<std::byte> out = array_prefix(element_type, count);
    const std::size_t at = out.size();
    out.insert(out.end(), host_bytes.begin(), host_bytes.end());
    if constexpr (std::endian::native != std::endian::little) {
        for (std::size_t i = at; i < out.size(); i += element_size) {
            std::reverse(out.begin() + i, out.begin() + i + element_size);
        }
    } else {
        (void)at;
        (void)element_size;
    }
    return {static_cast<uint32_t>(ValueType::Array), std::move(out)};
}

MetaValue MetaValue::array(const std::vector<std::string>& strings) {
    std::vector<std::byte> out = array_prefix(ValueType::String, strings.size());
    for (const std::string& s : strings) append_string(out, s);
    return {static_cast<uint32_t>(ValueType::Array), std::move(out)};
}

MetaValue MetaValue::array(std::span<const std::string_view> strings) {
    std::vector<std::byte> out = array_prefix(ValueType::String, strings.size());
    for (const std::string_view s : strings) append_string(out, s);
    return {static_cast<uint32_t>(ValueType::Array), std::move(out)};
}

MetaValue MetaValue::array(ValueType element_type, std::span<const MetaValue> elements) {
    std::vector<std::byte> out = array_prefix(element_type, elements.size());
    for (std::size_t i = 0; i < elements.size(); ++i) {
        // The file records one element type per array, so a mixed array cannot be written.
        if (elements[i].type_ != static_cast<uint32_t>(element_type)) {
            throw GgufError("gguf writer: array element #" + std::to_string(i) + " has type " +
                            std::string(value_type_name(elements[i].type())) + ", expected " +
                            std::string(value_type_name(element_type)));
        }
        out.insert(out.end(), elements[i].payload_.begin(), elements[i].payload_.end());
    }
    return {static_cast<uint32_t>(ValueType::Array), std::move(out)};
}

MetaValue MetaValue::raw(uint32_t raw_type, std::vector<std::byte> payload) {
    return {raw_type, std::move(payload)};
}

}  // namespace siliang::gguf
