#include "cpu/cpu_attention.h"

#include <algorithm>
#include <cmath>

#include "cpu/reference_dot.h"

namespace siliang::kernels::cpu {
namespace {

inline float to_f32(float x) {
    return x;
}
inline float to_f32(uint16_t h) {
    return fp16_to_fp32(h);
}

template <typename T>
void scores_scalar(const float* q, const T* k, size_t stride, size_t m, uint32_t d, float scale,
                   float* s) {
    for (size_t j = 0; j < m; ++j) {
        const T* row = k + j * stride;
        float acc = 0;
        for (uint32_t i = 0; i < d; ++i) acc += q[i] * to_f32(row[i]);
        s[j] = acc * scale;
    }
}

float exp_sum_scalar(float* s, size_t m, float max) {
    float sum = 0;
    for (size_t j = 0; j < m; ++j) {
        s[j] = std::exp(s[j] - max);
        sum += s[j];
    }
    return sum;
}

template <typename T>
void accumulate_scalar(const float* e, const T* v, size_t stride, size_t m, uint32_t d,
                       float* acc) {
    for (size_t j = 0; j < m; ++j) {
        const T* row = v + j * stride;
        for (uint32_t i = 0; i < d; ++i) acc[i] += e[j] * to_f32(row[i]);
    }
}

// Positions per block of the fast path's loops: 128 keys of 64 F16 values are 16 KiB, so a
// block stays in L1 while every head of the group reads it.
constexpr size_t kBlock = 128;
// Decode splits positions into chunks of at least this many, so that the partial-softmax
// bookkeeping stays negligible next to the work.
constexpr size_t kMinChunk = 256;

}  // namespace

const AttentionOps& attention_ops_scalar() {
    static const AttentionOps ops{scores_scalar<uint16_t>, scores_scalar<float>, exp_sum_scalar,
                                  accumulate_scalar<uint16_t>, accumulate_scalar<float>};
    return ops;
}

void attention_reference(ThreadPool& pool, const CpuKvCache& c, uint32_t layer, const float* q,
                         size_t n, uint32_t pos0, const backend::AttentionParams& p, float* out) {
    const uint32_t group = p.n_head / p.n_head_kv;
    // One task per (token, head); each reads the cache itself, so its arithmetic is the same
    // whatever else is in the batch.
    pool.parallel_for(n * p.n_head, [&](size_t begin, size_t end, int) {
        std::vector<float> kbuf(c.k_dim), vbuf(c.v_dim), scores;
        for (size_t task = begin; task < end; ++task) {
            const size_t t = task / p.n_head;
            const uint32_t h = static_cast<uint32_t>(task % p.n_head), kvh = h / group;
            const uint32_t pos = pos0 + static_cast<uint32_t>(t);
            const uint32_t first = p.window && pos + 1 > p.window ? pos + 1 - p.window : 0;
            const float* qv = q + (t * p.n_head + h) * p.head_dim_k;
            scores.assign(pos + 1 - first, 0.0f);
            float max = -INFINITY;
            for (uint32_t j = first; j <= pos; ++j) {
                c.load_k(layer, j, kbuf.data());
                float s =
                    reference_dot(qv, kbuf.data() + kvh * p.head_dim_k, p.head_dim_k) * p.scale;
                if (p.logit_softcap > 0) s = p.logit_softcap * std::tanh(s / p.logit_softcap);
                scores[j - first] = s;
                max = std::max(max, s);
            }
            double sum = 0;
            for (float& s : scores) {
                s = std::exp(s - max);
                sum += s;
            }
            float* o = out + (t * p.n_head + h) * p.head_dim_v;
            std::fill_n(o, p.head_dim_v, 0.0f);
            for (uint32_t j = first; j <= pos; ++j) {
                c.load_v(layer, j, vbuf.data());
                const float wgt = static_cast<float>(scores[j - first] / sum);
                const float* vv = vbuf.data() + kvh * p.head_dim_v;
                for (uint32_t d = 0; d < p.head_dim_v; ++d) o[d] += wgt * vv[d];
            }
        }
    });
}

void Attention::run(ThreadPool& pool, const CpuKvCache& c, uint32_t layer, const float* q, size_t n,
                    uint32_t pos0, const backend::AttentionParams& p, float* out) {
    const uint32_t n_head = p.n_head, n_kv = p.n_head_kv, group = n_head / n_kv;
    const uint32_t dk = p.head_dim_k, dv = p.head_dim_v;
    const auto first_of = [&](uint32_t pos) {
        return p.window && pos + 1 > p.window ? pos + 1 - p.window : 0u;
    };
    const uint32_t last = pos0 + static_cast<uint32_t>(n) - 1;
    const size_t longest = last + 1 - first_of(last);  // no token sees more positions

    // Enough tasks for every thread (4 each, for balance) when the tokens and KV heads alone
    // are too few, i.e. in decode.
    const size_t threads = static_cast<size_t>(pool.threads()), pairs = n * n_kv;
    size_t chunks = 1;
    if (pairs < 4 * threads)
        chunks =
            std::max<size_t>(1, std::min((4 * threads + pairs - 1) / pairs, longest / kMinChunk));
    const size_t max_m = (longest + chunks - 1) / chunks;

    // Scratch, grown here on the calling thread so workers never allocate: per thread the
    // group's scores (group x max_m), accumulators (group x dv), and max/sum pairs.
    const size_t per_thread = group * max_m + size_t{group} * dv + 2 * group;
    if (thread_scratch_.size() < threads) thread_scratch_.resize(threads);
    for (auto& s : thread_scratch_)
        if (s.size() < per_thread) s.resize(per_thread);
    const size_t pstride = dv + 2;
    if (chunks > 1 && partials_.size() < n * n_head * chunks * pstride)
        partials_.resize(n * n_head * chunks * pstride);

    const bool f16 = c.f16;
    const void* kbase = c.k_layer(layer);
    const void* vbase = c.v_layer(layer);
    pool.parallel_for(pairs * chunks, [&](size_t begin, size_t end, int thread) {
        float* scratch = thread_scratch_[static_cast<size_t>(thread)].data();
        for (size_t task = begin; task < end; ++task) {
            const size_t t = task / (n_kv * chunks), g = task / chunks % n_kv, ci = task % chunks;
            const uint32_t pos = pos0 + static_cast<uint32_t>(t), first = first_of(pos);
            const size_t len = pos + 1 - first, clen = (len + chunks - 1) / chunks;
            const size_t j0 = std::min<size_t>(first + ci * clen, pos + 1);
            const size_t m = std::min<size_t>(j0 + clen, pos + 1) - j0;
            float* s = scratch;
            float* acc = scratch + group * m;
            float* mx = acc + size_t{group} * dv;
            float* sum = mx + group;
            const float* qg = q + (t * n_head + g * group) * dk;

            for (size_t jb = 0; jb < m; jb += kBlock) {
                const size_t bl = std::min(kBlock, m - jb);
                const size_t krow = (j0 + jb) * c.k_dim + g * dk;
                uint32_t hh = 0;
                for (; ops_.scores2_f16 && hh + 1 < group; hh += 2) {
                    const float *q0 = qg + hh * dk, *q1 = q0 + dk;
                    float *s0 = s + hh * m + jb, *s1 = s0 + m;
                    if (f16)
                        ops_.scores2_f16(q0, q1, static_cast<const uint16_t*>(kbase) + krow,
                                         c.k_dim, bl, dk, p.scale, s0, s1);
                    else
                        ops_.scores2_f32(q0, q1, static_cast<const float*>(kbase) + krow, c.k_dim,
                                         bl, dk, p.scale, s0, s1);
                }
                for (; hh < group; ++hh) {
                    float* sh = s + hh * m + jb;
                    if (f16)
                        ops_.scores_f16(qg + hh * dk, static_cast<const uint16_t*>(kbase) + krow,
                                        c.k_dim, bl, dk, p.scale, sh);
                    else
                        ops_.scores_f32(qg + hh * dk, static_cast<const float*>(kbase) + krow,
                                        c.k_dim, bl, dk, p.scale, sh);
                }
            }
            if (p.logit_softcap > 0)
                for (size_t i = 0; i < group * m; ++i)
                    s[i] = p.logit_softcap * std::tanh(s[i] / p.logit_softcap);
            for (uint32_t hh = 0; hh < group; ++hh) {
                float* sh = s + hh * m;
                mx[hh] = m ? *std::max_element(sh, sh + m) : -INFINITY;
                sum[hh] = ops_.exp_sum(sh, m, mx[hh]);
            }
            std::fill_n(acc, size_t{group} * dv, 0.0f);
            for (size_t jb = 0; jb < m; jb += kBlock) {
                const size_t bl = std::min(kBlock, m - jb);
                const size_t vrow = (j0 + jb) * c.v_dim + g * dv;
                uint32_t hh = 0;
                for (; ops_.accumulate2_f16 && hh + 1 < group; hh += 2) {
                    const float *e0 = s + hh * m + jb, *e1 = e0 + m;
                    float *a0 = acc + hh * dv, *a1 = a0 + dv;
                    if (f16)
                        ops_.accumulate2_f16(e0, e1, static_cast<const uint16_t*>(vbase) + vrow,
                                             c.v_dim, bl, dv, a0, a1);
                    else
                        ops_.accumulate2_f32(e0, e1, static_cast<const float*>(vbase) + vrow,
                                             c.v_dim, bl, dv, a0, a1);
                }
                for (; hh < group; ++hh) {
                    if (f16)
                        ops_.accumulate_f16(s + hh * m + jb,
                                            static_cast<const uint16_t*>(vbase) + vrow, c.v_dim, bl,
                                            dv, acc + hh * dv);
                    else
                        ops_.accumulate_f32(s + hh * m + jb,
                                            static_cast<const float*>(vbase) + vrow, c.v_dim, bl,
                                            dv, acc + hh * dv);
                }
            }
            for (uint32_t hh = 0; hh < group; ++hh) {
                const size_t h = g * group + hh;
                if (chunks == 1) {
                    float* o = out + (t * n_head + h) * dv;
                    const float inv = 1.0f / sum[hh];
                    for (uint32_t i = 0; i < dv; ++i) o[i] = acc[hh * dv + i] * inv;
                } else {
                    float* part = partials_.data() + ((t * n_head + h) * chunks + ci) * pstride;
                    part[0] = mx[hh];
                    part[1] = sum[hh];
                    std::copy_n(acc + hh * dv, dv, part + 2);
                }
            }
        }
    });
    if (chunks == 1) return;
    // Merge the chunks: rescale each chunk's sums to the common maximum. Few (token, head)
    // pairs take this path (decode), so it runs on the calling thread.
    for (size_t th = 0; th < n * n_head; ++th) {
        const float* part = partials_.data() + th * chunks * pstride;
        float gmax = -INFINITY;
        for (size_t ci = 0; ci < chunks; ++ci) gmax = std::max(gmax, part[ci * pstride]);
        float* o = out + th * dv;
        std::fill_n(o, dv, 0.0f);
        float total = 0;
        for (size_t ci = 0; ci < chunks; ++ci) {
            const float* pc = part + ci * pstride;
            if (pc[1] == 0) continue;  // an empty chunk
            const float w = std::exp(pc[0] - gmax);
            total += pc[1] * w;
            for (uint32_t i = 0; i < dv; ++i) o[i] += pc[2 + i] * w;
        }
        const float inv = 1.0f / total;
        for (uint32_t i = 0; i < dv; ++i) o[i] *= inv;
    }
}

}  // namespace siliang::kernels::cpu
