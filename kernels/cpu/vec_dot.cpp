// The kernel tables of vec_dot.h: one per ISA, each entry pointing at that
// ISA's kernel (the per-ISA functions are declared in vec_dot_impl.h).
#include "cpu/vec_dot.h"

#include <stdexcept>
#include <string>

#include "cpu/cpu_features.h"
#include "cpu/vec_dot_impl.h"

namespace siliang::kernels::cpu {
size_t act_bytes(ActFormat format, int64_t n) {
    if (n <= 0) return 0;
    const auto un = static_cast<size_t>(n);
    switch (format) {
        case ActFormat::F32: return un * sizeof(float);
        case ActFormat::Q8_32: return (un + 31) / 32 * sizeof(ActQ8_32);
        case ActFormat::Q8_256: return (un + 255) / 256 * sizeof(ActQ8_256);
    }
    return 0;
}

namespace {

using gguf::TensorType;

// The dots of one ISA, by weight type. A null entry: no kernel for that type
// in this ISA (the caller falls back to its reference path).
struct DotSet {
    VecDotFn f32, f16, bf16;
    VecDotFn q4_0, q4_1, q5_0, q5_1, q8_0;
    VecDotFn q2_k, q3_k, q4_k, q5_k, q6_k;
};

constexpr DotSet kRefDots = {
    detail::dot_f32w_ref, detail::dot_f16_ref,  detail::dot_bf16_ref, detail::dot_q4_0_ref,
    detail::dot_q4_1_ref, detail::dot_q5_0_ref, detail::dot_q5_1_ref, detail::dot_q8_0_ref,
    detail::dot_q2_k_ref, detail::dot_q3_k_ref, detail::dot_q4_k_ref, detail::dot_q5_k_ref,
    detail::dot_q6_k_ref,
};

#if defined(SILIANG_KERNELS_X86_SIMD)
constexpr DotSet kAvx2Dots = {
    detail::dot_f32w_avx2, detail::dot_f16_avx2,  detail::dot_bf16_avx2, detail::dot_q4_0_avx2,
    detail::dot_q4_1_avx2, detail::dot_q5_0_avx2, detail::dot_q5_1_avx2, detail::dot_q8_0_avx2,
    detail::dot_q2_k_avx2, detail::dot_q3_k_avx2, detail::dot_q4_k_avx2, detail::dot_q5_k_avx2,
    detail::dot_q6_k_avx2,
};

constexpr DotSet kAvx512Dots = {
    detail::dot_f32w_avx512, detail::dot_f16_avx512,  detail::dot_bf16_avx512,
    detail::dot_q4_0_avx512, detail::dot_q4_1_avx512, detail::dot_q5_0_avx512,
    detail::dot_q5_1_avx512, detail::dot_q8_0_avx512, detail::dot_q2_k_avx512,
    detail::dot_q3_k_avx512, detail::dot_q4_k_avx512, detail::dot_q5_k_avx512,
    detail::dot_q6_k_avx512,
};
#endif

#if defined(SILIANG_KERNELS_ARM_SIMD)
constexpr DotSet kNeonDots = {
    detail::dot_f32w_neon, detail::dot_f16_neon,  detail::dot_bf16_neon, detail::dot_q4_0_neon,
    detail::dot_q4_1_neon, detail::dot_q5_0_neon, detail::dot_q5_1_neon, detail::dot_q8_0_neon,
    detail::dot_q2_k_neon, detail::dot_q3_k_neon, detail::dot_q4_k_neon, detail::dot_q5_k_neon,
    detail::dot_q6_k_neon,
};

constexpr DotSet kNeonDotDots = {
    detail::dot_f32w_neondot, detail::dot_f16_neondot,  detail::dot_bf16_neondot,
    detail::dot_q4_0_neondot, detail::dot_q4_1_neondot, detail::dot_q5_0_neondot,
    detail::dot_q5_1_neondot, detail::dot_q8_0_neondot, detail::dot_q2_k_neondot,
    detail::dot_q3_k_neondot, detail::dot_q4_k_neondot, detail::dot_q5_k_neondot,
    detail::dot_q6_k_neondot,
};
#endif

WeightKernel lookup(const DotSet& s, TensorType type) {
    const auto make = [](ActFormat act, VecDotFn dot) {
        return dot ? WeightKernel{act, dot, nullptr} : WeightKernel{};
    };
    switch (type) {
        case TensorType::F32: return make(ActFormat::F32, s.f32);
        case TensorType::F16: return make(ActFormat::F32, s.f16);
        case TensorType::BF16: return make(ActFormat::F32, s.bf16);
        case TensorType::Q4_0: return make(ActFormat::Q8_32, s.q4_0);
        case TensorType::Q4_1: return make(ActFormat::Q8_32, s.q4_1);
        case TensorType::Q5_0: return make(ActFormat::Q8_32, s.q5_0);
        case TensorType::Q5_1: return make(ActFormat::Q8_32, s.q5_1);
        case TensorType::Q8_0: return make(ActFormat::Q8_32, s.q8_0);
        case TensorType::Q2_K: return make(ActFormat::Q8_256, s.q2_k);
        case TensorType::Q3_K: return make(ActFormat::Q8_256, s.q3_k);
        case TensorType::Q4_K: return make(ActFormat::Q8_256, s.q4_k);
        case TensorType::Q5_K: return make(ActFormat::Q8_256, s.q5_k);
        case TensorType::Q6_K: return make(ActFormat::Q8_256, s.q6_k);
        default: return WeightKernel{};
    }
}

// for_type is a plain function pointer, so each table gets its own function.
WeightKernel ref_for_type(TensorType type) {
    return lookup(kRefDots, type);
}

const Kernels kRefKernels = {Isa::Ref, detail::quantize_act_q8_32_ref,
                             detail::quantize_act_q8_256_ref, ref_for_type, detail::dot_f32_ref};

#if defined(SILIANG_KERNELS_X86_SIMD)
WeightKernel avx2_for_type(TensorType type) {
    return lookup(kAvx2Dots, type);
}
WeightKernel avx512_for_type(TensorType type) {
    WeightKernel k = lookup(kAvx512Dots, type);
    // The four-row form it has (vec_dot.h: VecDot4Fn). Q6_K's was built and measured too:
    // 1.5B's LM head (Q6_K, 1536 wide) read 0.76-0.85 of a plain read of its bytes with it
    // against 0.89-0.93 without (siliang-matvec-bench, t=2), so Q6_K rows go one at a time.
    if (type == TensorType::Q4_K) k.dot4 = detail::dot4_q4_k_avx512;
    return k;
}

const Kernels kAvx2Kernels = {Isa::Avx2, detail::quantize_act_q8_32_avx2,
                              detail::quantize_act_q8_256_avx2, avx2_for_type,
                              detail::dot_f32_avx2};
const Kernels kAvx512Kernels = {Isa::Avx512,
                                detail::quantize_act_q8_32_avx512,
                                detail::quantize_act_q8_256_avx512,
                                avx512_for_type,
                                detail::dot_f32_avx512,
                                detail::gemm_tile_avx512};
#endif

#if defined(SILIANG_KERNELS_ARM_SIMD)
WeightKernel neon_for_type(TensorType type) {
    return lookup(kNeonDots, type);
}
WeightKernel neondot_for_type(TensorType type) {
    return lookup(kNeonDotDots, type);
}

// No gemm tiles: batches use the dot per (row, token) pair, as AVX2 does.
const Kernels kNeonKernels = {Isa::Neon, detail::quantize_act_q8_32_neon,
                              detail::quantize_act_q8_256_neon, neon_for_type,
                              detail::dot_f32_neon};
const Kernels kNeonDotKernels = {Isa::NeonDot, detail::quantize_act_q8_32_neondot,
                                 detail::quantize_act_q8_256_neondot, neondot_for_type,
                                 detail::dot_f32_neondot};
#endif

}  // namespace

const Kernels& kernels_for(Isa isa) {
    if (!isa_available(isa)) {
        throw std::invalid_argument(
            std::string("kernels_for: ") + isa_name(isa) +
            " kernels are not available on this CPU or build (best: " + isa_name(best_isa()) + ")");
    }
#if defined(SILIANG_KERNELS_X86_SIMD)
    if (isa == Isa::Avx512) return kAvx512Kernels;
    if (isa == Isa::Avx2) return kAvx2Kernels;
#endif
#if defined(SILIANG_KERNELS_ARM_SIMD)
    if (isa == Isa::NeonDot) return kNeonDotKernels;
    if (isa == Isa::Neon) return kNeonKernels;
#endif
    return kRefKernels;
}

const Kernels& kernels() {
    // Thread-safe one-time initialization (a function-local static).
    static const Kernels& selected = kernels_for(selected_isa());
    return selected;
}

}  // namespace siliang::kernels::cpu
