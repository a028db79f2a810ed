// Matrix multiplication out (n x rows) = x (n x cols) · wᵀ for the CPU backend, two ways:
//  - matmul_reference: each weight row dequantized to float by the reference kernels and dotted
//    in float with every token. Exact to the gguf-py dequantization; the golden tests' oracle.
//  - Matmul::run: the fast path. Each token's activations are quantized once per call into the
//    8-bit block format of the weight type's kernel (vec_dot.h), into scratch kept across
//    calls; then output rows are split across threads and every (row, token) is one integer
//    dot product straight on the GGUF blocks. For a batch of kGemmMinTokens or more, when
//    the kernels have a gemm tile (gemm.h), each thread unpacks a tile of rows at a time
//    into the packed form and runs the tile kernel over all tokens, 4 rows x 4 tokens per
//    call; otherwise rows go in tiles of kTileRows against all tokens, so a tile's weight
//    bytes stay in L1 while the activations stream from L2. On a CPU with AMX
//    (amx_usable()), batches of kAmxMinTokens or more go to gemm_amx.h's INT8 tiles
//    instead, for every quantized type. Weights rewritten into interleaved rows
//    (CpuWeight::x16, x16.h) take its gemv per group of 16 rows below the gemm batch size,
//    and are unpacked back to GGUF blocks a tile at a time for the tiled paths.
//    A single token (decode) goes through run_one_token, which also takes the products of
//    one input with several weights (Backend::matmuls: Q, K and V; gate and up) as one job
//    on the pool: one dispatch and one activation quantization per format instead of one
//    per weight (decode tg64 t=2, alternating with separate jobs: 0.5B Q8_0 1.13 / 1.13 /
//    0.94, Gemma 3 270M 1.02 / 0.98 / 1.08, 1.5B Q4_K_M 1.01-1.05 over five pairs).
// Internal to siliang_kernels_cpu and its tests.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "cpu/cpu_buffers.h"
#include "cpu/gemm_amx.h"
#include "cpu/threadpool.h"
#include "cpu/vec_dot.h"

namespace siliang::kernels::cpu {

void matmul_reference(ThreadPool& pool, const CpuWeight& w, const float* x, size_t n, float* y);

class Matmul {
public:
    explicit Matmul(const Kernels& k) : k_(k) {}
    // False (nothing done) when w's type has no fast kernel.
    bool run(ThreadPool& pool, const CpuWeight& w, const float* x, size_t n, float* y);

    // One product of run_one_token: y (w.rows floats) = x · wᵀ.
    struct Product {
        const CpuWeight* w;
        float* y;
    };
    static constexpr size_t kMaxProducts = 4;
    // One token through up to kMaxProducts weights of the same width (a layer's Q, K, V), as
    // one job on the pool: each weight's rows are cut into units (a group of 16 interleaved
    // rows, or 4 GGUF rows) and the threads claim the units of all of them together. The
    // activations are quantized once per format. False (nothing done) unless every weight has
    // a fast kernel and all have the same width.
    bool run_one_token(ThreadPool& pool, std::span<const Product> products, const float* x);

    // Batches at least this long take the gemm path (when the kernels have one).
    static constexpr size_t kGemmMinTokens = 8;

private:
    // The batch's n tokens into gemm_act_ (room for at least `rows` token rows), for both
    // tiled paths.
    void pack_batch(ThreadPool& pool, const float* x, size_t n, size_t rows, size_t cols);
    void run_gemm(ThreadPool& pool, const CpuWeight& w, const float* x, size_t n, float* y);
    void run_amx(ThreadPool& pool, const CpuWeight& w, const float* x, size_t n, float* y);
    // Interleaved rows (x16.h), n tokens of quantized activations act_row apart.
    void run_x16(ThreadPool& pool, const X16Weight& w, const std::byte* acts, size_t act_row,
                 size_t n, float* y);
    // Rows [r0, r0 + count) of w in GGUF blocks: w's own, or (x16) unpacked into the
    // thread's scratch.
    const std::byte* gguf_rows(const CpuWeight& w, size_t r0, size_t count, int thread);

    const Kernels& k_;
    std::vector<std::byte> act_;        // quantized activations, grown to the largest batch seen
    GemmRows gemm_act_;                 // the batch's activations in gemm.h's form
    std::vector<GemmRows> gemm_tiles_;  // per thread: the weight rows it is working on
    std::vector<AmxWeightTile> amx_tiles_;          // per thread: its weight tile for the AMX tiles
    std::vector<std::vector<std::byte>> unpacked_;  // per thread: x16 rows back in GGUF form
};

}  // namespace siliang::kernels::cpu
