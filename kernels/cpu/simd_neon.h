// Small helpers shared by the AArch64 NEON kernel files (vec_dot_neon.cpp,
// vec_dot_kquants_neon.cpp). Each of those files is compiled twice from one
// source (kernels/cpu/sources.cmake):
//   -march=armv8-a              -> functions named *_neon     (plain NEON)
//   -march=armv8.2-a+dotprod    -> functions named *_neondot  (SILIANG_NEON_DOTPROD
//                                  defined; SDOT for the int8 dot products)
// SILIANG_NEON_FN(name) gives the name of the variant being compiled.
//
// Everything here is in an anonymous namespace on purpose, as in simd_x86.h:
// each variant gets its own copy compiled with its own flags. A shared inline
// function compiled with +dotprod could otherwise be the one copy the linker
// keeps and then run on a CPU without the dot products. For the same reason
// the kernel files include only intrinsics, plain structs and declarations.
#pragma once

#include <arm_neon.h>

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "cpu/quant_blocks.h"
#include "cpu/vec_dot.h"

#if !defined(__aarch64__)
#error "simd_neon.h is for AArch64 builds only"
#endif
#if defined(SILIANG_NEON_DOTPROD) && !defined(__ARM_FEATURE_DOTPROD)
#error "SILIANG_NEON_DOTPROD needs -march=armv8.2-a+dotprod"
#endif

#if defined(SILIANG_NEON_DOTPROD)
#define SILIANG_NEON_FN(name) name##_neondot
#else
#define SILIANG_NEON_FN(name) name##_neon
#endif

namespace siliang::kernels::cpu::detail {
namespace {  // NOLINT: per-file copies are the point, see above

inline const uint8_t* bytes(const void* p) {
    return static_cast<const uint8_t*>(p);
}

// An IEEE half at p (no alignment) as a float: FCVTL, exact like fp16_to_fp32.
inline float half_at(const uint8_t* p) {
    uint16_t h;
    std::memcpy(&h, p, sizeof h);
    return vgetq_lane_f32(vcvt_f32_f16(vreinterpret_f16_u16(vdup_n_u16(h))), 0);
}

inline float float_at(const uint8_t* p) {
    float f;
    std::memcpy(&f, p, sizeof f);
    return f;
}

inline int32_t int_at(const uint8_t* p) {
    int32_t v;
    std::memcpy(&v, p, sizeof v);
    return v;
}

inline uint32_t u32_at(const uint8_t* p) {
    uint32_t v;
    std::memcpy(&v, p, sizeof v);
    return v;
}

// 16 bytes / 4 floats from any address (LDR q has no alignment requirement; going
// through bytes keeps the C++ free of misaligned float pointers).
inline int8x16_t load_s8(const uint8_t* p) {
    return vreinterpretq_s8_u8(vld1q_u8(p));
}
inline float32x4_t load_f32(const uint8_t* p) {
    return vreinterpretq_f32_u8(vld1q_u8(p));
}
inline int16x8_t load_s16(const uint8_t* p) {
    return vreinterpretq_s16_u8(vld1q_u8(p));
}

// acc + the 16 products w[i] * x[i], spread over the four int32 lanes (which
// lane gets which product differs between the variants; only lane sums are
// used). The operands are signed bytes with x within +-127 (the activation
// formats guarantee it) and w within -128..127.
inline int32x4_t dot16(int32x4_t acc, int8x16_t w, int8x16_t x) {
#if defined(SILIANG_NEON_DOTPROD)
    return vdotq_s32(acc, w, x);
#else
    // Products i and i + 8 share an int16 lane: |sum| <= 2 * 128 * 127 < 2^15.
    const int16x8_t p = vmlal_high_s8(vmull_s8(vget_low_s8(w), vget_low_s8(x)), w, x);
    return vpadalq_s16(acc, p);
#endif
}

// {sum of a, sum of b, sum of c, sum of d}: four sub-block dot products side by side.
inline int32x4_t sum4(int32x4_t a, int32x4_t b, int32x4_t c, int32x4_t d) {
    return vpaddq_s32(vpaddq_s32(a, b), vpaddq_s32(c, d));
}

// Activation block layout (ActQ8_32): d at 0, sum at 4, qs at 8.
inline constexpr int kActD = 0, kActSum = 4, kActQs = 8;
static_assert(offsetof(ActQ8_32, d) == kActD && offsetof(ActQ8_32, sum) == kActSum &&
              offsetof(ActQ8_32, qs) == kActQs);
// ActQ8_256: d, bsums, qs.
inline constexpr size_t kAct256D = offsetof(ActQ8_256, d);
inline constexpr size_t kAct256Bsums = offsetof(ActQ8_256, bsums);
inline constexpr size_t kAct256Qs = offsetof(ActQ8_256, qs);

}  // namespace
}  // namespace siliang::kernels::cpu::detail
