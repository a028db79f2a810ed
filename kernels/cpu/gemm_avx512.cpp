// The gemm tile (gemm.h) with AVX-512 VNNI: up to 4 weight rows x 4 tokens per call,
// each (row, token) pair in its own 16-lane float accumulator.
//
// A step takes 64 quants of every row and token. vpdpbusd multiplies the unsigned
// weight bytes with the signed activation bytes and sums each 4 into an int32 lane,
// so lanes 4g..4g+3 hold group g's partial sums; they become floats and are scaled
// by the row's and the token's scale of that group (4 scales spread over 16 lanes by
// one permute per row or token, shared by the whole tile). The offsets' term is one
// float multiply-add per 16 groups. Lanes are summed once, at the end.
//
// Weights of a tile sit packed in L2 (the caller packs a few dozen rows), the tokens'
// quants stream past them; a 4 x 4 tile loads 8 vectors for 16 integer dot products.
#include "cpu/simd_x86.h"  // immintrin.h, with GCC 12 header warnings silenced

#include "cpu/gemm.h"

namespace siliang::kernels::cpu::detail {

namespace {

template <int kRows, int kTokens>
void tile(const GemmRows& w, size_t w_row0, const GemmRows& a, size_t a_row0, float* out,
          size_t out_stride) {
    const __m512i spread = _mm512_set_epi32(3, 3, 3, 3, 2, 2, 2, 2, 1, 1, 1, 1, 0, 0, 0, 0);
    const auto scales4 = [&](const float* p) {
        return _mm512_permutexvar_ps(spread, _mm512_broadcast_f32x4(_mm_loadu_ps(p)));
    };
    const uint8_t* wq[kRows];
    const float *ws[kRows], *wo[kRows];
#pragma GCC unroll 4
    for (int r = 0; r < kRows; ++r) {
        wq[r] = w.q_row(w_row0 + r);
        ws[r] = w.scale_row(w_row0 + r);
        wo[r] = w.offset_row(w_row0 + r);
    }
    const uint8_t* xq[kTokens];
    const float *xd[kTokens], *xs[kTokens];
#pragma GCC unroll 4
    for (int t = 0; t < kTokens; ++t) {
        xq[t] = a.q_row(a_row0 + t);
        xd[t] = a.scale_row(a_row0 + t);
        xs[t] = a.offset_row(a_row0 + t);
    }
    __m512 acc[kRows][kTokens];
#pragma GCC unroll 4
    for (int r = 0; r < kRows; ++r) {
#pragma GCC unroll 4
        for (int t = 0; t < kTokens; ++t) acc[r][t] = _mm512_setzero_ps();
    }

    const int64_t quants = w.quants;
    for (int64_t k = 0; k < quants; k += kGemmK) {
        const int64_t g = k / kGemmGroup;
        __m512i x[kTokens];
        __m512 xscale[kTokens];
#pragma GCC unroll 4
        for (int t = 0; t < kTokens; ++t) {
            x[t] = _mm512_loadu_si512(xq[t] + k);
            xscale[t] = scales4(xd[t] + g);
        }
#pragma GCC unroll 4
        for (int r = 0; r < kRows; ++r) {
            const __m512i q = _mm512_loadu_si512(wq[r] + k);
            const __m512 wscale = scales4(ws[r] + g);
#pragma GCC unroll 4
            for (int t = 0; t < kTokens; ++t) {
                const __m512i dot = _mm512_dpbusd_epi32(_mm512_setzero_si512(), q, x[t]);
                const __m512 scaled = _mm512_mul_ps(_mm512_cvtepi32_ps(dot), wscale);
                acc[r][t] = _mm512_fmadd_ps(scaled, xscale[t], acc[r][t]);
            }
        }
    }
    const int64_t groups = w.groups;
    for (int64_t g = 0; g < groups; g += kGemmOffsets) {
        __m512 xsum[kTokens];
#pragma GCC unroll 4
        for (int t = 0; t < kTokens; ++t) xsum[t] = _mm512_loadu_ps(xs[t] + g);
#pragma GCC unroll 4
        for (int r = 0; r < kRows; ++r) {
            const __m512 o = _mm512_loadu_ps(wo[r] + g);
#pragma GCC unroll 4
            for (int t = 0; t < kTokens; ++t) acc[r][t] = _mm512_fmadd_ps(o, xsum[t], acc[r][t]);
        }
    }
#pragma GCC unroll 4
    for (int t = 0; t < kTokens; ++t) {
#pragma GCC unroll 4
        for (int r = 0; r < kRows; ++r)
            out[static_cast<size_t>(t) * out_stride + static_cast<size_t>(r)] =
                _mm512_reduce_add_ps(acc[r][t]);
    }
}

using TileFn = void (*)(const GemmRows&, size_t, const GemmRows&, size_t, float*, size_t);

template <int kRows>
constexpr TileFn kByTokens[kGemmMaxTokens] = {tile<kRows, 1>, tile<kRows, 2>, tile<kRows, 3>,
                                              tile<kRows, 4>};
constexpr const TileFn* kTiles[kGemmMaxRows] = {kByTokens<1>, kByTokens<2>, kByTokens<3>,
                                                kByTokens<4>};

}  // namespace

void gemm_tile_avx512(const GemmRows& w, size_t w_row0, int nr, const GemmRows& a, size_t a_row0,
                      int nt, float* out, size_t out_stride) {
    kTiles[nr - 1][nt - 1](w, w_row0, a, a_row0, out, out_stride);
}

}  // namespace siliang::kernels::cpu::detail
