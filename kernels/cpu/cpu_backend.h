// The CPU backend: correct rather than fast. Weights stay in the memory-mapped
// GGUF file; a matmul dequantizes one weight row at a time with the reference
// kernels (dequantize.h) and dots it, in float, with every token's activations.
// Output rows are split across a persistent thread pool. Every output value is
// computed by the same sequence of float operations whatever the batch size or
// thread count, so results do not depend on how a prompt is batched.
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
