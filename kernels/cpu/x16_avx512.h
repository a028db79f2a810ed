// AVX-512 helpers shared by the code that reads interleaved groups (x16.h): the decode kernels
// (gemv_x16_avx512.cpp) and the AMX tiles of prompt processing (gemm_amx.cpp). Include only
// from files compiled with the AVX-512 flags. Internal to siliang_kernels_cpu.
#pragma once

#include <cstdint>
#include <cstring>

#include "cpu/simd_x86.h"

namespace siliang::kernels::cpu::detail {
namespace {

// 64 bits at p as a byte mask.
inline __mmask64 x16_mask_at(const uint8_t* p) {
    uint64_t m;
    std::memcpy(&m, p, 8);
    return m;
}

// The quants of one Q4_0 / Q5_0 chunk (x16_layout.h) as unsigned bytes, quad by quad: out[k]
// holds, for the 16 rows, quants 4k..4k+3 (the low nibbles of nibble vector k for k < 4, the
// high nibbles of vector k - 4 after), plus 16 where a Q5_0 fifth bit is set.
template <bool kFifthBit>
inline void x16_nibble_quads(const uint8_t* chunk, __m512i out[8]) {
    const __m512i low4 = _mm512_set1_epi8(0x0F), bit5 = _mm512_set1_epi8(0x10);
#pragma GCC unroll 4
    for (int k = 0; k < 4; ++k) {
        const __m512i v = _mm512_load_si512(chunk + 64 * k);
        out[k] = _mm512_and_si512(v, low4);
        out[k + 4] = _mm512_and_si512(_mm512_srli_epi16(v, 4), low4);
        if constexpr (kFifthBit) {
            out[k] = _mm512_mask_add_epi8(out[k], x16_mask_at(chunk + 256 + 8 * k), out[k], bit5);
            out[k + 4] = _mm512_mask_add_epi8(out[k + 4], x16_mask_at(chunk + 256 + 8 * (k + 4)),
                                              out[k + 4], bit5);
        }
    }
}

}  // namespace
}  // namespace siliang::kernels::cpu::detail
