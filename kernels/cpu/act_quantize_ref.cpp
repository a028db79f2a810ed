// Reference quantization of activations into ActQ8_32 / ActQ8_256.
//
// Per block: d = max|x| / 127 and q = round(x / d), rounding to nearest with
// ties to EVEN, the rounding AVX's _mm*_round_ps(_MM_FROUND_TO_NEAREST_INT)
// does in one instruction, so the SIMD quantizers give the same bytes. The
// rounding is spelled out with floor() instead of nearbyint() so it does not
// depend on the FPU rounding mode. A block of zeros gets d = 0 and q = 0.
// x / d is a true division (not x * (1 / d)), correctly rounded in scalar and
// SIMD alike. |x / d| <= 127 up to rounding, and q is clamped to [-127, 127]
// all the same (also keeping NaN input from reaching an undefined float to
// int conversion; the bytes for non-finite input are not specified). dst
// needs no alignment.
#include <cmath>
#include <cstring>

#include "cpu/kernels_impl.h"
#include "cpu/vec_dot.h"
#include "cpu/vec_dot_impl.h"

namespace siliang::kernels::cpu::detail {

namespace {

int8_t round_q8(float v) {
    const float f = std::floor(v);
    float r = f;
    const float frac = v - f;  // exact for |v| < 2^23
    if (frac > 0.5f || (frac == 0.5f && std::fmod(f, 2.0f) != 0.0f)) r = f + 1.0f;
    if (!(r <= 127.0f)) r = 127.0f;  // also NaN
    if (!(r >= -127.0f)) r = -127.0f;
    return static_cast<int8_t>(r);
}

// Quantizes `len` floats; returns d and the quants in q.
float quantize_block(const float* x, int len, int8_t* q) {
    float amax = 0.0f;
    for (int i = 0; i < len; ++i) amax = std::fmax(amax, std::fabs(x[i]));
    const float d = amax / 127.0f;
    if (d == 0.0f) {
        std::memset(q, 0, static_cast<size_t>(len));
        return 0.0f;
    }
    for (int i = 0; i < len; ++i) q[i] = round_q8(x[i] / d);
    return d;
}

}  // namespace

void quantize_act_q8_32_ref(const float* x, void* dst, int64_t n) {
    for (int64_t b = 0; b < n / 32; ++b) {
        ActQ8_32 blk;
        blk.d = quantize_block(x + b * 32, 32, blk.qs);
        int32_t sum = 0;
        for (int8_t q : blk.qs) sum += q;
        blk.sum = sum;
        store_block(dst, b, blk);
    }
}

void quantize_act_q8_256_ref(const float* x, void* dst, int64_t n) {
    for (int64_t b = 0; b < n / 256; ++b) {
        ActQ8_256 blk;
        blk.d = quantize_block(x + b * 256, 256, blk.qs);
        for (int g = 0; g < 16; ++g) {
            int sum = 0;
            for (int i = 0; i < 16; ++i) sum += blk.qs[g * 16 + i];
            blk.bsums[g] = static_cast<int16_t>(sum);
        }
        store_block(dst, b, blk);
    }
}

}  // namespace siliang::kernels::cpu::detail
