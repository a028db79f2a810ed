// The CPU backend. Weights stay in the memory-mapped GGUF file. Two sets of
// kernels:
//  - fast (default): matmul quantizes activations to 8-bit blocks once per op
//    and runs the SIMD integer dot products of vec_dot.h straight on the GGUF
//    blocks (cpu_matmul.h); attention works per GQA group with F16C/AVX2 loops
//    (cpu_attention.h); ops are split across a spinning thread pool.
//  - reference (BackendOptions::reference_kernels, or SILIANG_CPU_REFERENCE=1
//    in the environment): a matmul dequantizes one weight row at a time with
//    the reference kernels (dequantize.h) and dots it in float; attention
//    converts every key to float. The oracle of the golden tests.
// Both compute every output value by the same sequence of operations whatever
// the batch size or thread count, so results do not depend on how a prompt is
// batched. Types without a fast kernel use the reference matmul.
#pragma once

#include <memory>

#include "backend/backend.h"

namespace siliang::kernels::cpu {

std::unique_ptr<backend::Backend> create_cpu_backend(const backend::BackendOptions& options);

// Registers "cpu" with the backend registry. Idempotent. Called at start-up by
// cpu_backend_register.cpp, which CMake compiles into every target that links
// siliang_kernels_cpu, so no static-library dead stripping can drop it.
void register_cpu_backend();

}  // namespace siliang::kernels::cpu
