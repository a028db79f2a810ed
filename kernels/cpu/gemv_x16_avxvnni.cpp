// The 256-bit interleaved decode kernels with AVX-VNNI (gemv_x16_avx2_impl.h); compiled with
// -mavxvnni, run only where detect_cpu_features() found the extension.
#include "cpu/gemv_x16_avx2_impl.h"

namespace siliang::kernels::cpu::detail {

void x16_gemv_q8_0_avxvnni(const uint8_t* group, int64_t blocks, const void* act, float* y) {
    x16_avx2::gemv_32<gguf::TensorType::Q8_0, true>(group, blocks, act, y);
}
void x16_gemv_q4_0_avxvnni(const uint8_t* group, int64_t blocks, const void* act, float* y) {
    x16_avx2::gemv_32<gguf::TensorType::Q4_0, true>(group, blocks, act, y);
}
void x16_gemv_q5_0_avxvnni(const uint8_t* group, int64_t blocks, const void* act, float* y) {
    x16_avx2::gemv_32<gguf::TensorType::Q5_0, true>(group, blocks, act, y);
}
void x16_gemv_q4_k_avxvnni(const uint8_t* group, int64_t blocks, const void* act, float* y) {
    x16_avx2::gemv_q4_k<true>(group, blocks, act, y);
}
void x16_gemv_q6_k_avxvnni(const uint8_t* group, int64_t blocks, const void* act, float* y) {
    x16_avx2::gemv_q6_k<true>(group, blocks, act, y);
}

}  // namespace siliang::kernels::cpu::detail
