// The scalar gemm tile (gemm.h): the formula written out, the oracle of the SIMD tiles.
#include "cpu/gemm.h"

namespace siliang::kernels::cpu::detail {

void gemm_tile_ref(const GemmRows& w, size_t w_row0, int nr, const GemmRows& a, size_t a_row0,
                   int nt, float* out, size_t out_stride) {
    const int64_t groups = w.quants / kGemmGroup;
    for (int t = 0; t < nt; ++t) {
        const auto* xq = reinterpret_cast<const int8_t*>(a.q_row(a_row0 + t));
        const float* xd = a.scale_row(a_row0 + t);
        const float* xs = a.offset_row(a_row0 + t);
        for (int r = 0; r < nr; ++r) {
            const uint8_t* q = w.q_row(w_row0 + r);
            const float* s = w.scale_row(w_row0 + r);
            const float* o = w.offset_row(w_row0 + r);
            float acc = 0.0f;
            for (int64_t g = 0; g < groups; ++g) {
                int32_t dot = 0;
                for (int64_t e = g * kGemmGroup; e < (g + 1) * kGemmGroup; ++e)
                    dot += static_cast<int32_t>(q[e]) * xq[e];
                acc += s[g] * xd[g] * static_cast<float>(dot) + o[g] * xs[g];
            }
            out[static_cast<size_t>(t) * out_stride + static_cast<size_t>(r)] = acc;
        }
    }
}

}  // namespace siliang::kernels::cpu::detail
