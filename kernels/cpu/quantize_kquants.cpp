// Quantization to Q2_K, Q3_K, Q4_K, Q5_K and Q6_K with ggml's reference
// algorithms (quantize_row_q*_K_ref, no importance matrix), used
// to write test models. gguf-py cannot quantize K-quants, so there is no byte
// oracle; the steps below keep ggml's float operations and their order
// (contraction is off for this target) so that the result is deterministic
// and, operation for operation, the same search ggml performs.
#include <cmath>
#include <cstring>

#include "cpu/fp16.h"
#include "cpu/kernels_impl.h"

namespace siliang::kernels::cpu::detail {

namespace {

// Scales smaller than this are treated as an all-zero group (ggml's GROUP_MAX_EPS).
constexpr float kGroupMaxEps = 1e-15f;

// Round to nearest (ties to even) for |v| < 2^22: adding 1.5 * 2^23 moves the
// integer part into the low mantissa bits. ggml's nearest_int; using the same
// trick (not lrintf) keeps results identical even where the FPU's rounding
// mode has been changed.
int nearest_int(float v) {
    const float shifted = v + 12582912.0f;
    int32_t bits;
    std::memcpy(&bits, &shifted, sizeof bits);
    return (bits & 0x007FFFFF) - 0x00400000;
}

int clamp_int(int v, int lo, int hi) {
    return v < lo ? lo : (v > hi ? hi : v);
}

// Fits x[i] ~ scale * L[i] - min with L in [0, nmax] by weighted least
// squares, trying nstep + 1 candidate grids; returns the scale and stores the
// (non-negative) min in `the_min`. ggml's make_qkx2_quants.
float make_qkx2_quants(int n, int nmax, const float* x, const float* weights, uint8_t* L,
                       float* the_min, uint8_t* Laux, float rmin, float rdelta, int nstep,
                       bool use_mad) {
    float min = x[0];
    float max = x[0];
    float sum_w = weights[0];
    float sum_x = sum_w * x[0];
    for (int i = 1; i < n; ++i) {
        if (x[i] < min) min = x[i];
        if (x[i] > max) max = x[i];
        const float w = weights[i];
        sum_w += w;
        sum_x += w * x[i];
    }
    if (min > 0) min = 0;
    if (max == min) {
        for (int i = 0; i < n; ++i) L[i] = 0;
        *the_min = -min;
        return 0.0f;
    }
    float iscale = static_cast<float>(nmax) / (max - min);
    float scale = 1 / iscale;
    float best_error = 0;
    for (int i = 0; i < n; ++i) {
        const int l = nearest_int(iscale * (x[i] - min));
        L[i] = static_cast<uint8_t>(clamp_int(l, 0, nmax));
        float diff = scale * static_cast<float>(L[i]) + min - x[i];
        diff = use_mad ? std::fabs(diff) : diff * diff;
        best_error += weights[i] * diff;
    }
    if (nstep < 1) {
        *the_min = -min;
        return scale;
    }
    for (int is = 0; is <= nstep; ++is) {
        iscale = (rmin + rdelta * static_cast<float>(is) + static_cast<float>(nmax)) / (max - min);
        float sum_l = 0, sum_l2 = 0, sum_xl = 0;
        for (int i = 0; i < n; ++i) {
            const int l = clamp_int(nearest_int(iscale * (x[i] - min)), 0, nmax);
            Laux[i] = static_cast<uint8_t>(l);
            const float w = weights[i];
            const auto lf = static_cast<float>(l);
            sum_l += w * lf;
            sum_l2 += w * lf * lf;
            sum_xl += w * lf * x[i];
        }
        const float D = sum_w * sum_l2 - sum_l * sum_l;
        if (D > 0) {
            float this_scale = (sum_w * sum_xl - sum_x * sum_l) / D;
            float this_min = (sum_l2 * sum_x - sum_l * sum_xl) / D;
            if (this_min > 0) {
                this_min = 0;
                this_scale = sum_xl / sum_l2;
            }
            float cur_error = 0;
            for (int i = 0; i < n; ++i) {
                float diff = this_scale * static_cast<float>(Laux[i]) + this_min - x[i];
                diff = use_mad ? std::fabs(diff) : diff * diff;
                cur_error += weights[i] * diff;
            }
            if (cur_error < best_error) {
                for (int i = 0; i < n; ++i) L[i] = Laux[i];
                best_error = cur_error;
                scale = this_scale;
                min = this_min;
            }
        }
    }
    *the_min = -min;
    return scale;
}

// The element of largest magnitude (the first of equals), with its sign: the
// signed symmetric fits map it to -nmax.
float signed_extreme(int n, const float* x) {
    float max = 0;
    float amax = 0;
    for (int i = 0; i < n; ++i) {
        const float ax = std::fabs(x[i]);
        if (ax > amax) {
            amax = ax;
            max = x[i];
        }
    }
    return max;
}

// Fits x[i] ~ scale * (L[i] - nmax) with L - nmax in [-nmax, nmax - 1],
// weighting by x^2 (ggml's make_qx_quants with rmse_type 1 and no importance
// weights), trying 18 grids around the one that maps the extreme to -nmax.
float make_qx_quants(int n, int nmax, const float* x, int8_t* L) {
    const float max = signed_extreme(n, x);
    if (std::fabs(max) < kGroupMaxEps) {
        for (int i = 0; i < n; ++i) L[i] = 0;
        return 0.0f;
    }
    float iscale = static_cast<float>(-nmax) / max;
    float sumlx = 0;
    float suml2 = 0;
    for (int i = 0; i < n; ++i) {
        const int l = clamp_int(nearest_int(iscale * x[i]), -nmax, nmax - 1);
        L[i] = static_cast<int8_t>(l + nmax);
        const float w = x[i] * x[i];
        const auto lf = static_cast<float>(l);
        sumlx += w * x[i] * lf;
        suml2 += w * lf * lf;
    }
    float scale = suml2 != 0.0f ? sumlx / suml2 : 0.0f;
    float best = scale * sumlx;
    for (int is = -9; is <= 9; ++is) {
        if (is == 0) continue;
        iscale = -(static_cast<float>(nmax) + 0.1f * static_cast<float>(is)) / max;
        sumlx = suml2 = 0;
        for (int i = 0; i < n; ++i) {
            const int l = clamp_int(nearest_int(iscale * x[i]), -nmax, nmax - 1);
            const float w = x[i] * x[i];
            const auto lf = static_cast<float>(l);
            sumlx += w * x[i] * lf;
            suml2 += w * lf * lf;
        }
        if (suml2 > 0 && sumlx * sumlx > best * suml2) {
            for (int i = 0; i < n; ++i) {
                L[i] = static_cast<int8_t>(nmax +
                                           clamp_int(nearest_int(iscale * x[i]), -nmax, nmax - 1));
            }
            scale = sumlx / suml2;
            best = scale * sumlx;
        }
    }
    return scale;
}

// Fits x[i] ~ scale * L[i] with L in [-nmax, nmax - 1] (signed, offset by
// nmax when stored), then refines one element at a time to maximise the
// x^2-weighted fit (ggml's make_q3_quants with do_rmse).
float make_q3_quants(int n, int nmax, const float* x, int8_t* L) {
    const float max = signed_extreme(n, x);
    if (std::fabs(max) < kGroupMaxEps) {
        for (int i = 0; i < n; ++i) L[i] = 0;
        return 0.0f;
    }
    const float iscale = static_cast<float>(-nmax) / max;
    float sumlx = 0;
    float suml2 = 0;
    for (int i = 0; i < n; ++i) {
        const int l = clamp_int(nearest_int(iscale * x[i]), -nmax, nmax - 1);
        L[i] = static_cast<int8_t>(l);
        const float w = x[i] * x[i];
        sumlx += w * x[i] * static_cast<float>(l);
        suml2 += w * static_cast<float>(l) * static_cast<float>(l);
    }
    for (int itry = 0; itry < 5; ++itry) {
        int n_changed = 0;
        for (int i = 0; i < n; ++i) {
            const float w = x[i] * x[i];
            const auto li = static_cast<float>(L[i]);
            float slx = sumlx - w * x[i] * li;
            if (slx > 0) {
                float sl2 = suml2 - w * li * li;
                const int new_l = clamp_int(nearest_int(x[i] * sl2 / slx), -nmax, nmax - 1);
                if (new_l != L[i]) {
                    const auto nl = static_cast<float>(new_l);
                    slx += w * x[i] * nl;
                    sl2 += w * nl * nl;
                    if (sl2 > 0 && slx * slx * suml2 > sumlx * sumlx * sl2) {
                        L[i] = static_cast<int8_t>(new_l);
                        sumlx = slx;
                        suml2 = sl2;
                        ++n_changed;
                    }
                }
            }
        }
        if (n_changed == 0) break;
    }
    for (int i = 0; i < n; ++i) L[i] = static_cast<int8_t>(L[i] + nmax);
    return sumlx / suml2;
}

// Packs 256 values of 2 bits (L[i] in 0..3) as Q2_K / Q3_K store them: byte
// l of each 32-byte group holds elements l, l + 32, l + 64, l + 96 of its 128.
void pack_2bit(const uint8_t* L, uint8_t* qs) {
    for (int j = 0; j < kQK_K; j += 128) {
        for (int l = 0; l < 32; ++l) {
            qs[j / 4 + l] = static_cast<uint8_t>(L[j + l] | (L[j + l + 32] << 2) |
                                                 (L[j + l + 64] << 4) | (L[j + l + 96] << 6));
        }
    }
}

// The 8 scales and 8 mins of a Q4_K / Q5_K block as 6-bit values against
// the block maxima, packed into the 12-byte layout; sets d and dmin.
void pack_scales_mins_k4(const float* scales, const float* mins, float max_scale, float max_min,
                         uint8_t* packed, uint16_t& d, uint16_t& dmin) {
    const float inv_scale = max_scale > 0 ? 63.0f / max_scale : 0.0f;
    const float inv_min = max_min > 0 ? 63.0f / max_min : 0.0f;
    for (int j = 0; j < kQK_K / 32; ++j) {
        // The uint8_t conversion before the MIN is ggml's (a negative
        // result wraps and is then clamped to 63).
        auto ls = static_cast<uint8_t>(nearest_int(inv_scale * scales[j]));
        auto lm = static_cast<uint8_t>(nearest_int(inv_min * mins[j]));
        if (ls > 63) ls = 63;
        if (lm > 63) lm = 63;
        if (j < 4) {
            packed[j] = ls;
            packed[j + 4] = lm;
        } else {
            packed[j + 4] = static_cast<uint8_t>((ls & 0xF) | ((lm & 0xF) << 4));
            packed[j - 4] |= static_cast<uint8_t>((ls >> 4) << 6);
            packed[j] |= static_cast<uint8_t>((lm >> 4) << 6);
        }
    }
    d = fp32_to_fp16(max_scale / 63.0f);
    dmin = fp32_to_fp16(max_min / 63.0f);
}

// Affine fits of the 8 sub-blocks of 32 (values 0..nmax), weighted towards
// large values; returns the maxima of the scales and mins (Q4_K, Q5_K).
void fit_sub_blocks_32(const float* x, int nmax, float rmin, int nstep, uint8_t* L, float* scales,
                       float* mins, float& max_scale, float& max_min) {
    uint8_t Laux[32];
    float weights[32];
    max_scale = 0;  // mins are subtracted, so scales are never negative
    max_min = 0;
    for (int j = 0; j < kQK_K / 32; ++j) {
        float sum_x2 = 0;
        for (int l = 0; l < 32; ++l) sum_x2 += x[32 * j + l] * x[32 * j + l];
        const float av_x = std::sqrt(sum_x2 / 32);
        for (int l = 0; l < 32; ++l) weights[l] = av_x + std::fabs(x[32 * j + l]);
        scales[j] = make_qkx2_quants(32, nmax, x + 32 * j, weights, L + 32 * j, &mins[j], Laux,
                                     rmin, 0.1f, nstep, false);
        if (scales[j] > max_scale) max_scale = scales[j];
        if (mins[j] > max_min) max_min = mins[j];
    }
}

// Re-quantizes the values against the 6-bit scales and mins as stored.
void requantize_k4(const float* x, const uint8_t* packed, uint16_t d16, uint16_t dmin16, int nmax,
                   uint8_t* L) {
    for (int j = 0; j < kQK_K / 32; ++j) {
        uint8_t sc, m;
        scale_min_k4(j, packed, sc, m);
        const float d = fp16_to_fp32(d16) * static_cast<float>(sc);
        if (d == 0.0f) continue;
        const float dm = fp16_to_fp32(dmin16) * static_cast<float>(m);
        for (int l = 0; l < 32; ++l) {
            const int q = nearest_int((x[32 * j + l] + dm) / d);
            L[32 * j + l] = static_cast<uint8_t>(clamp_int(q, 0, nmax));
        }
    }
}

}  // namespace

void quantize_q4_k(const float* src, void* dst, int64_t n_blocks) {
    for (int64_t i = 0; i < n_blocks; ++i) {
        const float* x = src + i * kQK_K;
        uint8_t L[kQK_K];
        float mins[kQK_K / 32];
        float scales[kQK_K / 32];
        float max_scale, max_min;
        fit_sub_blocks_32(x, 15, -1.0f, 20, L, scales, mins, max_scale, max_min);
        BlockQ4_K b{};
        pack_scales_mins_k4(scales, mins, max_scale, max_min, b.scales, b.d, b.dmin);
        requantize_k4(x, b.scales, b.d, b.dmin, 15, L);
        for (int c = 0; c < 4; ++c) {
            for (int l = 0; l < 32; ++l) {
                b.qs[32 * c + l] = static_cast<uint8_t>(L[64 * c + l] | (L[64 * c + 32 + l] << 4));
            }
        }
        store_block(dst, i, b);
    }
}

// As Q4_K with 5-bit values: the low 4 bits in qs (same nibble layout), the
// fifth in qh (bit 2c of qh[l] for element 64c + l, bit 2c + 1 for 64c + 32 + l).
void quantize_q5_k(const float* src, void* dst, int64_t n_blocks) {
    for (int64_t i = 0; i < n_blocks; ++i) {
        const float* x = src + i * kQK_K;
        uint8_t L[kQK_K];
        float mins[kQK_K / 32];
        float scales[kQK_K / 32];
        float max_scale, max_min;
        fit_sub_blocks_32(x, 31, -0.5f, 15, L, scales, mins, max_scale, max_min);
        BlockQ5_K b{};
        pack_scales_mins_k4(scales, mins, max_scale, max_min, b.scales, b.d, b.dmin);
        requantize_k4(x, b.scales, b.d, b.dmin, 31, L);
        for (int c = 0; c < 4; ++c) {
            for (int l = 0; l < 32; ++l) {
                const int l1 = L[64 * c + l], l2 = L[64 * c + 32 + l];
                b.qs[32 * c + l] = static_cast<uint8_t>((l1 & 0xF) | ((l2 & 0xF) << 4));
                b.qh[l] |=
                    static_cast<uint8_t>(((l1 >> 4) << (2 * c)) | ((l2 >> 4) << (2 * c + 1)));
            }
        }
        store_block(dst, i, b);
    }
}

// 16 sub-blocks of 16 with 2-bit values, each with a 4-bit scale and a 4-bit
// min against the block maxima (mean-absolute-deviation fits, as ggml).
void quantize_q2_k(const float* src, void* dst, int64_t n_blocks) {
    constexpr float kQ4Scale = 15.0f;
    for (int64_t i = 0; i < n_blocks; ++i) {
        const float* x = src + i * kQK_K;
        uint8_t L[kQK_K];
        uint8_t Laux[16];
        float weights[16];
        float mins[kQK_K / 16];
        float scales[kQK_K / 16];
        float max_scale = 0, max_min = 0;
        for (int j = 0; j < kQK_K / 16; ++j) {
            for (int l = 0; l < 16; ++l) weights[l] = std::fabs(x[16 * j + l]);
            scales[j] = make_qkx2_quants(16, 3, x + 16 * j, weights, L + 16 * j, &mins[j], Laux,
                                         -0.5f, 0.1f, 15, true);
            if (scales[j] > max_scale) max_scale = scales[j];
            if (mins[j] > max_min) max_min = mins[j];
        }
        BlockQ2_K b{};
        if (max_scale > 0) {
            const float iscale = kQ4Scale / max_scale;
            for (int j = 0; j < kQK_K / 16; ++j)
                b.scales[j] = static_cast<uint8_t>(nearest_int(iscale * scales[j]));
            b.d = fp32_to_fp16(max_scale / kQ4Scale);
        }
        if (max_min > 0) {
            const float iscale = kQ4Scale / max_min;
            for (int j = 0; j < kQK_K / 16; ++j)
                b.scales[j] |= static_cast<uint8_t>(nearest_int(iscale * mins[j]) << 4);
            b.dmin = fp32_to_fp16(max_min / kQ4Scale);
        }
        for (int j = 0; j < kQK_K / 16; ++j) {
            const float d = fp16_to_fp32(b.d) * static_cast<float>(b.scales[j] & 0xF);
            if (d == 0.0f) continue;
            const float dm = fp16_to_fp32(b.dmin) * static_cast<float>(b.scales[j] >> 4);
            for (int l = 0; l < 16; ++l) {
                const int q = nearest_int((x[16 * j + l] + dm) / d);
                L[16 * j + l] = static_cast<uint8_t>(clamp_int(q, 0, 3));
            }
        }
        pack_2bit(L, b.qs);
        store_block(dst, i, b);
    }
}

// 16 sub-blocks of 16 with signed 3-bit values (-4..3): the low 2 bits in qs,
// the third in hmask (set = no -4 offset), and 6-bit signed sub-block scales.
void quantize_q3_k(const float* src, void* dst, int64_t n_blocks) {
    for (int64_t i = 0; i < n_blocks; ++i) {
        const float* x = src + i * kQK_K;
        int8_t Ls[kQK_K];
        float scales[kQK_K / 16];
        float max_scale = 0, amax = 0;
        for (int j = 0; j < kQK_K / 16; ++j) {
            scales[j] = make_q3_quants(16, 4, x + 16 * j, Ls + 16 * j);
            const float scale = std::fabs(scales[j]);
            if (scale > amax) {
                amax = scale;
                max_scale = scales[j];
            }
        }
        BlockQ3_K b{};
        if (max_scale != 0.0f) {
            const float iscale = -32.0f / max_scale;
            for (int j = 0; j < kQK_K / 16; ++j) {
                int l = clamp_int(nearest_int(iscale * scales[j]), -32, 31) + 32;
                if (j < 8)
                    b.scales[j] = static_cast<uint8_t>(l & 0xF);
                else
                    b.scales[j - 8] |= static_cast<uint8_t>((l & 0xF) << 4);
                l >>= 4;
                b.scales[j % 4 + 8] |= static_cast<uint8_t>(l << (2 * (j / 4)));
            }
            b.d = fp32_to_fp16(1 / iscale);
        }
        uint8_t L[kQK_K] = {};
        for (int j = 0; j < kQK_K / 16; ++j) {
            int sc = j < 8 ? b.scales[j] & 0xF : b.scales[j - 8] >> 4;
            sc = (sc | (((b.scales[8 + j % 4] >> (2 * (j / 4))) & 3) << 4)) - 32;
            const float d = fp16_to_fp32(b.d) * static_cast<float>(sc);
            if (d == 0.0f) continue;
            for (int l = 0; l < 16; ++l) {
                const int q = clamp_int(nearest_int(x[16 * j + l] / d), -4, 3);
                L[16 * j + l] = static_cast<uint8_t>(q + 4);
            }
        }
        int m = 0;
        uint8_t hm = 1;
        for (int j = 0; j < kQK_K; ++j) {
            if (L[j] > 3) {
                b.hmask[m] |= hm;
                L[j] = static_cast<uint8_t>(L[j] - 4);
            }
            if (++m == kQK_K / 8) {
                m = 0;
                hm = static_cast<uint8_t>(hm << 1);
            }
        }
        pack_2bit(L, b.qs);
        store_block(dst, i, b);
    }
}

void quantize_q6_k(const float* src, void* dst, int64_t n_blocks) {
    for (int64_t i = 0; i < n_blocks; ++i) {
        const float* x = src + i * kQK_K;
        int8_t L[kQK_K];
        float scales[kQK_K / 16];

        float max_scale = 0;
        float max_abs_scale = 0;
        for (int ib = 0; ib < kQK_K / 16; ++ib) {
            scales[ib] = make_qx_quants(16, 32, x + 16 * ib, L + 16 * ib);
            const float abs_scale = std::fabs(scales[ib]);
            if (abs_scale > max_abs_scale) {
                max_abs_scale = abs_scale;
                max_scale = scales[ib];
            }
        }

        BlockQ6_K b{};
        if (max_abs_scale < kGroupMaxEps) {
            store_block(dst, i, b);  // all zero, d = +0
            continue;
        }

        // 8-bit signed sub-block scales; the extreme one maps to -128.
        const float iscale = -128.0f / max_scale;
        b.d = fp32_to_fp16(1 / iscale);
        for (int ib = 0; ib < kQK_K / 16; ++ib) {
            const int s = nearest_int(iscale * scales[ib]);
            b.scales[ib] = static_cast<int8_t>(s < 127 ? s : 127);
        }
        for (int j = 0; j < kQK_K / 16; ++j) {
            const float d = fp16_to_fp32(b.d) * static_cast<float>(b.scales[j]);
            if (d == 0.0f) continue;
            for (int l = 0; l < 16; ++l) {
                const int q = nearest_int(x[16 * j + l] / d);
                L[16 * j + l] = static_cast<int8_t>(clamp_int(q, -32, 31) + 32);
            }
        }
        for (int half = 0; half < 2; ++half) {
            const int8_t* Lh = L + 128 * half;
            for (int l = 0; l < 32; ++l) {
                const int q1 = Lh[l], q2 = Lh[l + 32], q3 = Lh[l + 64], q4 = Lh[l + 96];
                b.ql[64 * half + l] = static_cast<uint8_t>((q1 & 0xF) | ((q3 & 0xF) << 4));
                b.ql[64 * half + l + 32] = static_cast<uint8_t>((q2 & 0xF) | ((q4 & 0xF) << 4));
                b.qh[32 * half + l] = static_cast<uint8_t>((q1 >> 4) | ((q2 >> 4) << 2) |
                                                           ((q3 >> 4) << 4) | ((q4 >> 4) << 6));
            }
        }
        store_block(dst, i, b);
    }
}

}  // namespace siliang::kernels::cpu::detail
