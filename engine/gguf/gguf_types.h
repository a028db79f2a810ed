// GGUF on-disk enumerations and per-type block layout.
// Values are fixed by the GGUF format (ggml's ggml_type / gguf_type); never renumber.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace siliang::gguf {

// Metadata value types (GGUF v2/v3).
enum class ValueType : uint32_t {
    UInt8 = 0,
    Int8 = 1,
    UInt16 = 2,
    Int16 = 3,
    UInt32 = 4,
    Int32 = 5,
    Float32 = 6,
    Bool = 7,
    String = 8,
    Array = 9,
    UInt64 = 10,
    Int64 = 11,
    Float64 = 12,
};

// Tensor element types (ggml_type). Gaps are types ggml has removed.
enum class TensorType : uint32_t {
    F32 = 0,
    F16 = 1,
    Q4_0 = 2,
    Q4_1 = 3,
    Q5_0 = 6,
    Q5_1 = 7,
    Q8_0 = 8,
    Q8_1 = 9,
    Q2_K = 10,
    Q3_K = 11,
    Q4_K = 12,
    Q5_K = 13,
    Q6_K = 14,
    Q8_K = 15,
    IQ2_XXS = 16,
    IQ2_XS = 17,
    IQ3_XXS = 18,
    IQ1_S = 19,
    IQ4_NL = 20,
    IQ3_S = 21,
    IQ2_S = 22,
    IQ4_XS = 23,
    I8 = 24,
    I16 = 25,
    I32 = 26,
    I64 = 27,
    F64 = 28,
    IQ1_M = 29,
    BF16 = 30,
    TQ1_0 = 34,
    TQ2_0 = 35,
    MXFP4 = 39,
};

// How a tensor type is stored: `block_size` elements occupy `type_size` bytes.
struct TypeTraits {
    std::string_view name;  // "Q4_K", "F32", ...
    uint32_t block_size;
    uint32_t type_size;
};

// Layout of a known type, or nullopt for a number no ggml type has.
std::optional<TypeTraits> type_traits(TensorType type);
std::optional<TypeTraits> type_traits(uint32_t raw_type);

std::string_view value_type_name(ValueType type);

}  // namespace siliang::gguf
