// Little-endian loads and stores for the GGUF byte stream. GGUF v2/v3 files as
// written by every mainstream tool are little-endian; going through memcpy
// keeps unaligned reads from the mapping well-defined.
#pragma once

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstring>
#include <type_traits>

namespace siliang::gguf::detail {

template <class T>
T load_le(const std::byte* p) {
    static_assert(std::is_trivially_copyable_v<T>);
    T value;
    if constexpr (std::endian::native == std::endian::little) {
        std::memcpy(&value, p, sizeof(T));
    } else {
        std::byte tmp[sizeof(T)];
        std::reverse_copy(p, p + sizeof(T), tmp);
        std::memcpy(&value, tmp, sizeof(T));
    }
    return value;
}

template <class T>
void store_le(std::byte* p, T value) {
    static_assert(std::is_trivially_copyable_v<T>);
    std::memcpy(p, &value, sizeof(T));
    if constexpr (std::endian::native != std::endian::little) std::reverse(p, p + sizeof(T));
}

}  // namespace siliang::gguf::detail
