// IEEE half (fp16) and bfloat16 <-> float32 conversions, done on the bit
// patterns so they are exact, identical on every compiler and CPU, and
// independent of the FPU's rounding mode, flush-to-zero flags or F16C.
//
// They match numpy (the oracle for our kernels), including NaN payloads:
//  - fp16_to_fp32 keeps a NaN's payload and its signalling bit, as numpy's
//    astype(float32) does. ggml's portable C conversion ends in a float
//    multiply, which quiets a signalling NaN (0x7C01 -> 0x7FC02000 there,
//    0x7F802000 here); those 2 * 511 inputs are the only ones that differ.
//  - fp32_to_fp16 rounds to nearest, ties to even, and keeps the top 10
//    payload bits of a NaN (forcing a non-zero payload so it stays a NaN), as
//    numpy's astype(float16) does. ggml's scalar code returns the canonical
//    0x7E00 for every NaN; finite values and infinities agree.
//  - bf16 follows ggml_compute_fp32_to_bf16, which gguf-py copies: round to
//    nearest even, NaN made quiet (bit 6 of the bf16 set) and truncated.
#pragma once

#include <bit>
#include <cstdint>

namespace siliang::kernels::cpu {

inline float fp16_to_fp32(uint16_t h) {
    const uint32_t sign = static_cast<uint32_t>(h & 0x8000u) << 16;
    const uint32_t exponent = (h >> 10) & 0x1Fu;
    const uint32_t mantissa = h & 0x3FFu;
    uint32_t bits;
    if (exponent == 0x1F) {
        bits = sign | 0x7F800000u | (mantissa << 13);  // inf, or NaN with its payload
    } else if (exponent != 0) {
        bits = sign | ((exponent + (127 - 15)) << 23) | (mantissa << 13);
    } else if (mantissa == 0) {
        bits = sign;  // signed zero
    } else {
        // Subnormal half: mantissa * 2^-24 is a normal float. Put the leading
        // one (at bit `top`) in the implicit position and drop it.
        const int top = std::bit_width(mantissa) - 1;  // 0..9
        const uint32_t exp32 = static_cast<uint32_t>(top - 24 + 127);
        bits = sign | (exp32 << 23) | (((mantissa << (10 - top)) & 0x3FFu) << 13);
    }
    return std::bit_cast<float>(bits);
}

inline uint16_t fp32_to_fp16(float f) {
    const uint32_t bits = std::bit_cast<uint32_t>(f);
    const auto sign = static_cast<uint16_t>((bits >> 16) & 0x8000u);
    const uint32_t magnitude = bits & 0x7FFFFFFFu;
    if (magnitude >= 0x7F800000u) {
        if (magnitude == 0x7F800000u) return sign | 0x7C00u;
        uint32_t payload = (magnitude & 0x7FFFFFu) >> 13;
        if (payload == 0) payload = 1;  // a NaN must not turn into infinity
        return static_cast<uint16_t>(sign | 0x7C00u | payload);
    }
    // 65520 (0x477FF000) is halfway between 65504, the largest half, and
    // 65536; ties go to the even neighbour, which is infinity.
    if (magnitude >= 0x477FF000u) return sign | 0x7C00u;
    if (magnitude >= 0x38800000u) {
        // Normal half: rebias the exponent, round off 13 mantissa bits. A
        // carry out of the mantissa correctly bumps the exponent.
        uint32_t half = ((magnitude >> 23) - (127 - 15)) << 10 | ((magnitude >> 13) & 0x3FFu);
        const uint32_t rest = magnitude & 0x1FFFu;
        if (rest > 0x1000u || (rest == 0x1000u && (half & 1u))) ++half;
        return static_cast<uint16_t>(sign | half);
    }
    // 2^-25 (0x33000000) is halfway between 0 and the smallest subnormal; the
    // tie goes to zero, and everything below it too.
    if (magnitude <= 0x33000000u) return sign;
    // Subnormal half: count units of 2^-24. The float is (1.m) * 2^(e-127),
    // i.e. significand * 2^(e-150), so units = significand >> (126 - e).
    const uint32_t significand = (magnitude & 0x7FFFFFu) | 0x800000u;
    const uint32_t shift = 126 - (magnitude >> 23);  // 14..24
    uint32_t half = significand >> shift;
    const uint32_t rest = significand & ((1u << shift) - 1);
    const uint32_t halfway = 1u << (shift - 1);
    if (rest > halfway || (rest == halfway && (half & 1u))) ++half;  // may become 0x0400
    return static_cast<uint16_t>(sign | half);
}

inline float bf16_to_fp32(uint16_t h) {
    return std::bit_cast<float>(static_cast<uint32_t>(h) << 16);
}

inline uint16_t fp32_to_bf16(float f) {
    const uint32_t bits = std::bit_cast<uint32_t>(f);
    if ((bits & 0x7FFFFFFFu) > 0x7F800000u) {
        return static_cast<uint16_t>((bits >> 16) | 64u);  // NaN: keep it, make it quiet
    }
    // Adding 0x7FFF plus the lowest kept bit rounds to nearest, ties to even.
    // No overflow: the largest non-NaN input is 0xFF800000.
    return static_cast<uint16_t>((bits + 0x7FFFu + ((bits >> 16) & 1u)) >> 16);
}

}  // namespace siliang::kernels::cpu
