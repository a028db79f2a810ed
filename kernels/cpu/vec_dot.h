// Fast dot products of a weight row with an activation vector, the way decode
// is memory-bound: weights stay in their GGUF block format (read once, never
// expanded to float), activations are quantized once per matmul to an 8-bit
// block format and each block's dot product is done in integers.
//
// Activation formats (ours, not ggml's: float scales, and the block sums the
// offset/min terms of Q4_1, Q5_1 and the K-quants need):
//   ActQ8_32  for weights in blocks of 32 (Q4_0, Q4_1, Q5_0, Q5_1, Q8_0)
//   ActQ8_256 for K-quants (Q2_K, Q3_K, Q4_K, Q5_K, Q6_K), layout of ggml's block_q8_K
//   plain float32 for F32, F16 and BF16 weights
// Quantization is round-to-nearest of x / d with d = max|x| / 127 per block
// (ties to even, a true division; every ISA writes the same bytes; a block
// of zeros gets d = 0; see act_quantize_ref.cpp).
//
// Every kernel exists as a portable reference (scalar, the oracle the SIMD
// variants are tested against) and, where the CPU has them, as AVX2+FMA and
// AVX-512 (F, BW, VL, VNNI) variants on x86-64 and NEON (ASIMD) and NEON +
// dotprod variants on AArch64. kernels() picks the best set for this CPU
// once; SILIANG_CPU_ISA=ref|avx2|avx512|neon|neondot in the environment
// forces a lower one (tests and benchmarks compare them).
#pragma once

#include <cstddef>
#include <cstdint>

#include "cpu/gemm.h"
#include "gguf/gguf_types.h"

namespace siliang::kernels::cpu {

struct ActQ8_32 {
    float d;      // scale: x ≈ d * qs[i]
    int32_t sum;  // sum of qs
    int8_t qs[32];
};
struct ActQ8_256 {
    float d;
    int16_t bsums[16];  // sums of each 16 consecutive qs
    int8_t qs[256];
};
static_assert(sizeof(ActQ8_32) == 40 && sizeof(ActQ8_256) == 292);

enum class ActFormat { F32, Q8_32, Q8_256 };

// Bytes of activation storage for `n` elements in `format` (n a multiple of its block).
size_t act_bytes(ActFormat format, int64_t n);

// Two chains, one per architecture, each level including the one below:
//   x86-64:  Ref < Avx2 < Avx512
//   AArch64: Ref < Neon < NeonDot
// The enum values carry no order across the chains: compare ISAs with
// isa_available() / isa_includes() (cpu_features.h), never by integer value.
enum class Isa { Ref, Avx2, Avx512, Neon, NeonDot };
const char* isa_name(Isa isa);
// The best ISA this CPU and build support (AVX-512 needs F, BW, VL and VNNI;
// NeonDot needs the ARMv8.2 dot product instructions SDOT/UDOT).
Isa best_isa();
// Whether `isa`'s kernels can run here: it is best_isa() or below it in
// best_isa()'s chain (Ref always is).
bool isa_available(Isa isa);

// dot(n, w, a): the dot product of one weight row of n elements (GGUF blocks
// at w, no alignment needed) with n activations at a in the weight type's
// ActFormat.
using VecDotFn = float (*)(int64_t n, const void* w, const void* a);
// Quantizes n floats (a multiple of the block size) into the format at dst.
using QuantizeActFn = void (*)(const float* x, void* dst, int64_t n);

// dot4(n, w, stride, a, out): the dots of four weight rows `stride` bytes apart (from w) with
// the same activations, into out[0..4); equal to four calls of the type's dot, bit for bit.
// Decode's rows are short (1536 elements of Q4_K are 6 blocks), so loading the activations
// once for four rows and summing four accumulators at the end is worth 1.1-1.3x there.
using VecDot4Fn = void (*)(int64_t n, const void* w, size_t stride, const void* a, float* out);

struct WeightKernel {
    ActFormat act = ActFormat::F32;
    VecDotFn dot = nullptr;
    VecDot4Fn dot4 = nullptr;  // null: this ISA has no four-row form of the type's dot
};

struct Kernels {
    Isa isa = Isa::Ref;
    QuantizeActFn quantize_q8_32 = nullptr;
    QuantizeActFn quantize_q8_256 = nullptr;
    // The kernel for a weight type; {F32, nullptr} for types without one.
    WeightKernel (*for_type)(gguf::TensorType type) = nullptr;
    // dot of two float vectors (attention, F32 weights).
    float (*dot_f32)(int64_t n, const float* a, const float* b) = nullptr;
    // Tiles of gemm.h's packed rows x tokens (batches); null: batches use `dot` per pair.
    GemmTileFn gemm_tile = nullptr;
};

// The kernels for `isa` (must be isa_available(), else std::invalid_argument);
// kernels() = the selected set: best_isa(), or lower if SILIANG_CPU_ISA says
// so (a request above best_isa() gets best_isa(); rules in cpu_features.h).
const Kernels& kernels_for(Isa isa);
const Kernels& kernels();

}  // namespace siliang::kernels::cpu
