// The 256-bit interleaved decode kernels on plain AVX2 (gemv_x16_avx2_impl.h), for CPUs with
// neither AVX-512 nor AVX-VNNI (AMD before Zen 4, Intel client cores before Alder Lake).
#include "cpu/gemv_x16_avx2_impl.h"

namespace siliang::kernels::cpu::detail {

void x16_gemv_q8_0_avx2(const uint8_t* group, int64_t blocks, const void* act, float* y) {
    x16_avx2::gemv_32<gguf::TensorType::Q8_0, false>(group, blocks, act, y);
}
void x16_gemv_q4_0_avx2(const uint8_t* group, int64_t blocks, const void* act, float* y) {
    x16_avx2::gemv_32<gguf::TensorType::Q4_0, false>(group, blocks, act, y);
}
void x16_gemv_q5_0_avx2(const uint8_t* group, int64_t blocks, const void* act, float* y) {
    x16_avx2::gemv_32<gguf::TensorType::Q5_0, false>(group, blocks, act, y);
}
void x16_gemv_q4_k_avx2(const uint8_t* group, int64_t blocks, const void* act, float* y) {
    x16_avx2::gemv_q4_k<false>(group, blocks, act, y);
}
void x16_gemv_q6_k_avx2(const uint8_t* group, int64_t blocks, const void* act, float* y) {
    x16_avx2::gemv_q6_k<false>(group, blocks, act, y);
}

}  // namespace siliang::kernels::cpu::detail
