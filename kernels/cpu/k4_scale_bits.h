// The 12 scale bytes of a Q4_K / Q5_K block (8 scales and 8 mins of 6 bits; scale_min_k4() in
// kernels_impl.h is the reference) unpacked with bit operations on two 64-bit words, for the
// SIMD dots of every ISA (x86 and NEON), which then move the words into vectors their way.
//
// In an anonymous namespace like simd_x86.h / simd_neon.h: every kernel file gets its own copy
// compiled with its own ISA flags, so no copy built for one ISA can be the one another runs.
// Internal to siliang_kernels_cpu.
#pragma once

#include <cstdint>
#include <cstring>

namespace siliang::kernels::cpu::detail {
namespace {  // NOLINT: per-file copies are the point, see above

// low: bytes 0-3 scales 0-3, bytes 4-7 mins 0-3; high: the same for scales / mins 4-7.
// Bytes 0-7 of the block hold the low 6 bits of scales / mins 0-3 and, in bits 6-7, the top
// of scales / mins 4-7, whose low 4 bits are the nibbles of bytes 8-11.
struct K4ScaleWords {
    uint64_t low, high;
};
inline K4ScaleWords k4_scale_words(const uint8_t* s) {
    uint64_t q01;
    std::memcpy(&q01, s, sizeof q01);
    uint32_t w;
    std::memcpy(&w, s + 8, sizeof w);
    const uint64_t w2 = w;
    return {q01 & 0x3F3F3F3F3F3F3F3Full,
            ((w2 | (w2 << 28)) & 0x0F0F0F0F0F0F0F0Full) | ((q01 >> 2) & 0x3030303030303030ull)};
}

// Byte positions of scale s and min s in low | high << 64 (16 bytes, little-endian).
constexpr int k4_scale_at(int s) {
    return s < 4 ? s : s + 4;
}
constexpr int k4_min_at(int s) {
    return k4_scale_at(s) + 4;
}

}  // namespace
}  // namespace siliang::kernels::cpu::detail
