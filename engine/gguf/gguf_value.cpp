// Conversions of decoded metadata values (Value, Array) to plain C++ types.
#include <cmath>
#include <limits>
#include <utility>

#include "gguf/gguf_endian.h"
#include "gguf/gguf_reader.h"

namespace siliang::gguf {

namespace {

using detail::load_le;

// Element `i` of a numeric array as the widest matching C++ type. The reader
// has checked that raw.size() == count * element size.
template <class Out>
std::optional<Out> int_element(const Array& a, std::size_t i) {
    const std::byte* p = a.raw.data();
    auto in_range = [](auto v) -> std::optional<Out> {
        if (std::in_range<Out>(v)) return static_cast<Out>(v);
        return std::nullopt;
    };
    switch (a.element_type) {
        case ValueType::UInt8: return in_range(load_le<uint8_t>(p + i));
        case ValueType::Int8: return in_range(load_le<int8_t>(p + i));
        case ValueType::UInt16: return in_range(load_le<uint16_t>(p + 2 * i));
        case ValueType::Int16: return in_range(load_le<int16_t>(p + 2 * i));
        case ValueType::UInt32: return in_range(load_le<uint32_t>(p + 4 * i));
        case ValueType::Int32: return in_range(load_le<int32_t>(p + 4 * i));
        case ValueType::UInt64: return in_range(load_le<uint64_t>(p + 8 * i));
        case ValueType::Int64: return in_range(load_le<int64_t>(p + 8 * i));
        default: return std::nullopt;
    }
}

bool is_integer(ValueType t) {
    switch (t) {
        case ValueType::UInt8:
        case ValueType::Int8:
        case ValueType::UInt16:
        case ValueType::Int16:
        case ValueType::UInt32:
        case ValueType::Int32:
        case ValueType::UInt64:
        case ValueType::Int64: return true;
        default: return false;
    }
}

template <class Out>
std::optional<std::vector<Out>> ints_of(const Array& a) {
    if (!is_integer(a.element_type)) return std::nullopt;
    std::vector<Out> out;
    out.reserve(a.count);
    for (std::size_t i = 0; i < a.count; ++i) {
        const auto v = int_element<Out>(a, i);
        if (!v) return std::nullopt;
        out.push_back(*v);
    }
    return out;
}

}  // namespace

std::optional<uint64_t> Value::as_uint() const {
    if (const auto* u = std::get_if<uint64_t>(&data)) return *u;
    if (const auto* s = std::get_if<int64_t>(&data)) {
        if (*s >= 0) return static_cast<uint64_t>(*s);
    }
    return std::nullopt;
}

std::optional<int64_t> Value::as_int() const {
    if (const auto* s = std::get_if<int64_t>(&data)) return *s;
    if (const auto* u = std::get_if<uint64_t>(&data)) {
        if (std::in_range<int64_t>(*u)) return static_cast<int64_t>(*u);
    }
    return std::nullopt;
}

std::optional<double> Value::as_float() const {
    if (const auto* d = std::get_if<double>(&data)) return *d;
    if (const auto* s = std::get_if<int64_t>(&data)) return static_cast<double>(*s);
    if (const auto* u = std::get_if<uint64_t>(&data)) return static_cast<double>(*u);
    return std::nullopt;
}

std::optional<bool> Value::as_bool() const {
    if (const auto* b = std::get_if<bool>(&data)) return *b;
    return std::nullopt;
}

std::optional<std::string_view> Value::as_string() const {
    if (const auto* s = std::get_if<std::string_view>(&data)) return *s;
    return std::nullopt;
}

const Array* Value::as_array() const {
    if (const auto* a = std::get_if<std::shared_ptr<const Array>>(&data)) return a->get();
    return nullptr;
}

std::optional<std::vector<int64_t>> Array::to_ints() const {
    return ints_of<int64_t>(*this);
}

std::optional<std::vector<int32_t>> Array::to_i32s() const {
    return ints_of<int32_t>(*this);
}

std::optional<std::vector<float>> Array::to_f32s() const {
    std::vector<float> out;
    if (element_type == ValueType::Float32) {
        out.reserve(count);
        for (std::size_t i = 0; i < count; ++i) out.push_back(load_le<float>(raw.data() + 4 * i));
        return out;
    }
    if (element_type == ValueType::Float64) {
        out.reserve(count);
        for (std::size_t i = 0; i < count; ++i) {
            const double d = load_le<double>(raw.data() + 8 * i);
            // A finite double beyond float's range does not convert.
            if (std::isfinite(d) && std::fabs(d) > std::numeric_limits<float>::max()) {
                return std::nullopt;
            }
            out.push_back(static_cast<float>(d));
        }
        return out;
    }
    if (is_integer(element_type)) {
        const auto ints = ints_of<int64_t>(*this);
        if (!ints) return std::nullopt;  // uint64 values above INT64_MAX
        out.reserve(ints->size());
        for (const int64_t v : *ints) out.push_back(static_cast<float>(v));
        return out;
    }
    return std::nullopt;
}

}  // namespace siliang::gguf
