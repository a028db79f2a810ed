// Causal attention over the CPU KV cache (Backend::attention), two ways:
//  - attention_reference: one (token, head) task at a time, every cached key converted to
//    float and dotted in scalar float. The oracle; what the backend did first.
//  - Attention::run: the fast path. A task is (token, KV head, chunk of positions) and serves
//    all query heads of the GQA group, so each key and value row is read once per group, not
//    once per head; F16 rows are converted with F16C and dotted/accumulated with AVX2+FMA
//    (cpu_attention_avx2.cpp) or AVX-512, both taking the group's heads two at a time so each
//    key and value vector is loaded and converted once per pair; softmax exponentials are
//    vectorized. When there are fewer
//    (token, KV head) pairs than threads can use (decode), the positions are split into
//    chunks too and the chunks' partial softmax sums are merged afterwards (as flash-decoding
//    does), so one long context keeps every core busy.
// Internal to siliang_kernels_cpu and its tests.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "backend/backend.h"
#include "cpu/cpu_attention_ops.h"
#include "cpu/cpu_buffers.h"
#include "cpu/threadpool.h"

namespace siliang::kernels::cpu {

void attention_reference(ThreadPool& pool, const CpuKvCache& cache, uint32_t layer, const float* q,
                         size_t n, uint32_t pos0, const backend::AttentionParams& p, float* out);

// The fast path with its scratch memory, grown on demand and kept across calls so the token
// loop does not allocate.
class Attention {
public:
    explicit Attention(const AttentionOps& ops) : ops_(ops) {}
    void run(ThreadPool& pool, const CpuKvCache& cache, uint32_t layer, const float* q, size_t n,
             uint32_t pos0, const backend::AttentionParams& p, float* out);

private:
    const AttentionOps& ops_;
    std::vector<std::vector<float>> thread_scratch_;  // scores and accumulators, per thread
    std::vector<float> partials_;  // per (token, head, chunk): max, sum, Dv accumulators
};

}  // namespace siliang::kernels::cpu
