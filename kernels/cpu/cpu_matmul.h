// Matrix multiplication out (n x rows) = x (n x cols) · wᵀ for the CPU backend, two ways:
//  - matmul_reference: each weight row dequantized to float by the reference kernels and dotted
//    in float with every token. Exact to the gguf-py dequantization; the golden tests' oracle.
//  - Matmul::run: the fast path. Each token's activations are quantized once per call into the
//    8-bit block format of the weight type's kernel (vec_dot.h), into scratch kept across
//    calls; then output rows are split across threads and every (row, token) is one integer
//    dot product straight on the GGUF blocks. For a batch, rows go in tiles of kTileRows
//    against all tokens, so a tile's weight bytes stay in L1 while the activations stream
//    from L2.
// Internal to siliang_kernels_cpu and its tests.
#pragma once

#include <cstddef>
#include <vector>

#include "cpu/cpu_buffers.h"
#include "cpu/threadpool.h"
#include "cpu/vec_dot.h"

namespace siliang::kernels::cpu {

void matmul_reference(ThreadPool& pool, const CpuWeight& w, const float* x, size_t n, float* y);

class Matmul {
public:
    explicit Matmul(const Kernels& k) : k_(k) {}
    // False (nothing done) when w's type has no fast kernel.
    bool run(ThreadPool& pool, const CpuWeight& w, const float* x, size_t n, float* y);

private:
    const Kernels& k_;
    std::vector<std::byte> act_;  // quantized activations, grown to the largest batch seen
};

}  // namespace siliang::kernels::cpu
