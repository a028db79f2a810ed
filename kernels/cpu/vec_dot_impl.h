// Per-ISA dot-product and activation-quantization kernels behind the tables
// of vec_dot.cpp. Internal to siliang_kernels_cpu and its tests (the tests
// call single kernels to compare an ISA with the reference).
//
// Every function follows VecDotFn / QuantizeActFn of vec_dot.h:
//   float dot_X_ISA(int64_t n, const void* w, const void* a)
// with n elements (a multiple of the weight block), w the packed GGUF blocks
// (no alignment) and a the activations in the type's ActFormat. The _avx2
// functions exist only in x86-64 GCC/clang builds (SILIANG_KERNELS_X86_SIMD
// defined), the _avx512 ones too; the _neon and _neondot ones only in AArch64
// GCC/clang builds (SILIANG_KERNELS_ARM_SIMD defined). Each may only be called
// when isa_available() says so for its ISA.
#pragma once

#include <cstddef>
#include <cstdint>

namespace siliang::kernels::cpu::detail {

// ---- activation quantizers (vec_dot.h: QuantizeActFn) ----
void quantize_act_q8_32_ref(const float* x, void* dst, int64_t n);
void quantize_act_q8_256_ref(const float* x, void* dst, int64_t n);

// ---- float-activation dots (a: float32[n]) ----
float dot_f32_ref(int64_t n, const float* a, const float* b);
float dot_f32w_ref(int64_t n, const void* w, const void* a);  // F32 weights
float dot_f16_ref(int64_t n, const void* w, const void* a);
float dot_bf16_ref(int64_t n, const void* w, const void* a);

// ---- 32-blocks with ActQ8_32 activations (K1) ----
float dot_q4_0_ref(int64_t n, const void* w, const void* a);
float dot_q4_1_ref(int64_t n, const void* w, const void* a);
float dot_q5_0_ref(int64_t n, const void* w, const void* a);
float dot_q5_1_ref(int64_t n, const void* w, const void* a);
float dot_q8_0_ref(int64_t n, const void* w, const void* a);

// ---- K-quants with ActQ8_256 activations (K2: vec_dot_kquants_ref.cpp) ----
float dot_q2_k_ref(int64_t n, const void* w, const void* a);
float dot_q3_k_ref(int64_t n, const void* w, const void* a);
float dot_q4_k_ref(int64_t n, const void* w, const void* a);
float dot_q5_k_ref(int64_t n, const void* w, const void* a);
float dot_q6_k_ref(int64_t n, const void* w, const void* a);

#if defined(SILIANG_KERNELS_X86_SIMD)
// ---- AVX2 + FMA + F16C (vec_dot_avx2.cpp; K-quants: vec_dot_kquants_avx2.cpp) ----
void quantize_act_q8_32_avx2(const float* x, void* dst, int64_t n);
void quantize_act_q8_256_avx2(const float* x, void* dst, int64_t n);
float dot_f32_avx2(int64_t n, const float* a, const float* b);
float dot_f32w_avx2(int64_t n, const void* w, const void* a);
float dot_f16_avx2(int64_t n, const void* w, const void* a);
float dot_bf16_avx2(int64_t n, const void* w, const void* a);
float dot_q4_0_avx2(int64_t n, const void* w, const void* a);
float dot_q4_1_avx2(int64_t n, const void* w, const void* a);
float dot_q5_0_avx2(int64_t n, const void* w, const void* a);
float dot_q5_1_avx2(int64_t n, const void* w, const void* a);
float dot_q8_0_avx2(int64_t n, const void* w, const void* a);
float dot_q2_k_avx2(int64_t n, const void* w, const void* a);
float dot_q3_k_avx2(int64_t n, const void* w, const void* a);
float dot_q4_k_avx2(int64_t n, const void* w, const void* a);
float dot_q5_k_avx2(int64_t n, const void* w, const void* a);
float dot_q6_k_avx2(int64_t n, const void* w, const void* a);

// ---- AVX-512 F/BW/VL/VNNI (vec_dot_avx512.cpp; K-quants: vec_dot_kquants_avx512.cpp) ----
void quantize_act_q8_32_avx512(const float* x, void* dst, int64_t n);
void quantize_act_q8_256_avx512(const float* x, void* dst, int64_t n);
float dot_f32_avx512(int64_t n, const float* a, const float* b);
float dot_f32w_avx512(int64_t n, const void* w, const void* a);
float dot_f16_avx512(int64_t n, const void* w, const void* a);
float dot_bf16_avx512(int64_t n, const void* w, const void* a);
float dot_q4_0_avx512(int64_t n, const void* w, const void* a);
float dot_q4_1_avx512(int64_t n, const void* w, const void* a);
float dot_q5_0_avx512(int64_t n, const void* w, const void* a);
float dot_q5_1_avx512(int64_t n, const void* w, const void* a);
float dot_q8_0_avx512(int64_t n, const void* w, const void* a);
float dot_q2_k_avx512(int64_t n, const void* w, const void* a);
float dot_q3_k_avx512(int64_t n, const void* w, const void* a);
float dot_q4_k_avx512(int64_t n, const void* w, const void* a);
// Four rows `stride` bytes apart into out[0..4).
void dot4_q4_k_avx512(int64_t n, const void* w, size_t stride, const void* a, float* out);
float dot_q5_k_avx512(int64_t n, const void* w, const void* a);
float dot_q6_k_avx512(int64_t n, const void* w, const void* a);
#endif

#if defined(SILIANG_KERNELS_ARM_SIMD)
// ---- AArch64 NEON (vec_dot_neon.cpp; K-quants: vec_dot_kquants_neon.cpp), compiled for
// plain ARMv8-A: int8 products by widening multiplies ----
void quantize_act_q8_32_neon(const float* x, void* dst, int64_t n);
void quantize_act_q8_256_neon(const float* x, void* dst, int64_t n);
float dot_f32_neon(int64_t n, const float* a, const float* b);
float dot_f32w_neon(int64_t n, const void* w, const void* a);
float dot_f16_neon(int64_t n, const void* w, const void* a);
float dot_bf16_neon(int64_t n, const void* w, const void* a);
float dot_q4_0_neon(int64_t n, const void* w, const void* a);
float dot_q4_1_neon(int64_t n, const void* w, const void* a);
float dot_q5_0_neon(int64_t n, const void* w, const void* a);
float dot_q5_1_neon(int64_t n, const void* w, const void* a);
float dot_q8_0_neon(int64_t n, const void* w, const void* a);
float dot_q2_k_neon(int64_t n, const void* w, const void* a);
float dot_q3_k_neon(int64_t n, const void* w, const void* a);
float dot_q4_k_neon(int64_t n, const void* w, const void* a);
float dot_q5_k_neon(int64_t n, const void* w, const void* a);
float dot_q6_k_neon(int64_t n, const void* w, const void* a);

// ---- the same two files compiled again for ARMv8.2-A + dotprod (SDOT) ----
void quantize_act_q8_32_neondot(const float* x, void* dst, int64_t n);
void quantize_act_q8_256_neondot(const float* x, void* dst, int64_t n);
float dot_f32_neondot(int64_t n, const float* a, const float* b);
float dot_f32w_neondot(int64_t n, const void* w, const void* a);
float dot_f16_neondot(int64_t n, const void* w, const void* a);
float dot_bf16_neondot(int64_t n, const void* w, const void* a);
float dot_q4_0_neondot(int64_t n, const void* w, const void* a);
float dot_q4_1_neondot(int64_t n, const void* w, const void* a);
float dot_q5_0_neondot(int64_t n, const void* w, const void* a);
float dot_q5_1_neondot(int64_t n, const void* w, const void* a);
float dot_q8_0_neondot(int64_t n, const void* w, const void* a);
float dot_q2_k_neondot(int64_t n, const void* w, const void* a);
float dot_q3_k_neondot(int64_t n, const void* w, const void* a);
float dot_q4_k_neondot(int64_t n, const void* w, const void* a);
float dot_q5_k_neondot(int64_t n, const void* w, const void* a);
float dot_q6_k_neondot(int64_t n, const void* w, const void* a);
#endif

}  // namespace siliang::kernels::cpu::detail
