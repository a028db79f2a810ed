// The Backend interface: the small set of ops an architecture is written in
// (engine/model/forward.cpp). A backend owns its buffers: activations live in
// Buffers it allocates, weights in Weights it makes from GGUF tensors (the CPU
// backend views the memory-mapped file, no copy), the KV cache in a KvCache.
// Ops are synchronous: when one returns, its output is ready for the next op.
//
// Layouts are row-major float32 in the engine's view: an activation of n
// tokens by `cols` features is n rows of `cols` floats. A weight of GGUF dims
// [cols, rows] (dims[0] innermost) is `rows` rows of `cols` elements.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "gguf/gguf_reader.h"

namespace siliang::backend {

// An activation buffer of `size()` floats on the backend's device.
class Buffer {
public:
    virtual ~Buffer() = default;
    virtual size_t size() const = 0;
};

// A weight tensor made from a GGUF tensor (any type the backend supports).
class Weight {
public:
    virtual ~Weight() = default;
    virtual gguf::TensorType type() const = 0;
    virtual uint64_t cols() const = 0;  // dims[0]
    virtual uint64_t rows() const = 0;  // product of the other dims
};

// Keys and values of every layer for `context` positions: k_dim and v_dim floats
// (n_head_kv * head_dim) per position and layer, stored as F16 or F32.
class KvCache {
public:
    virtual ~KvCache() = default;
};

// What a weight is for: matmul operand (possibly also looked up: tied embeddings) or only
// a table for get_rows.
enum class WeightUse { Matmul, Lookup };

enum class RopeMode { Normal, NeoX };  // adjacent pairs (llama) / halves (GPT-NeoX, qwen, gemma)
enum class Activation { Silu, GeluTanh };

struct RopeParams {
    RopeMode mode = RopeMode::Normal;
    uint32_t n_rot = 0;  // rotated dimensions of each head (the rest pass through)
    float freq_base = 10000.0f;
    float freq_scale = 1.0f;               // linear scaling: positions are multiplied by it
    const Weight* freq_factors = nullptr;  // n_rot/2 divisors of the frequencies (llama3)
    // YaRN, as ggml_rope_ext: dimension pair i turns at a blend of the interpolated
    // (freq_scale) and the original frequency, ramping from extrapolation (fast-turning
    // pairs, below beta_fast rotations over original_context) to interpolation (below
    // beta_slow), weighted by ext_factor; cos and sin are multiplied by
    // attn_factor * (1 + 0.1 ln(1 / freq_scale)). ext_factor 0: plain scaling.
    float ext_factor = 0.0f;
    float attn_factor = 1.0f;
    float beta_fast = 32.0f, beta_slow = 1.0f;
    uint32_t original_context = 0;
};

// The YaRN angle and cos/sin scale of rotary pair i (0 <= i < n_rot / 2) at `pos`, for
// backends to share: theta = pos * freq_base^(-2i/n_rot) / factor_i blended as above.
struct RopeAngle {
    float theta = 0.0f;
    float mscale = 1.0f;
};
RopeAngle rope_angle(const RopeParams& params, float pos, uint32_t i, float freq_factor);

struct AttentionParams {
    uint32_t n_head = 0, n_head_kv = 0;  // n_head a multiple of n_head_kv (GQA)
    uint32_t head_dim_k = 0, head_dim_v = 0;
    float scale = 1.0f;          // applied to q·k
    uint32_t window = 0;         // sliding window: key j is seen by query i when i - j < window
    float logit_softcap = 0.0f;  // 0 = none, else scores = cap * tanh(scores / cap)
};

// One product of Backend::matmuls().
struct MatmulTarget {
    const Weight* w;
    Buffer* out;
};

class Backend {
public:
    virtual ~Backend() = default;
    virtual std::string name() const = 0;

    virtual bool supports(gguf::TensorType type) const = 0;
    // The tensor's data must stay valid (the gguf::File open) while the Weight lives.
    // `use` lets a backend lay the weight out for what it will do with it: a matrix may be
    // rearranged for its matmul kernels, a table only looked up (get_rows) is left as it is.
    virtual std::unique_ptr<Weight> make_weight(const gguf::TensorInfo& tensor,
                                                WeightUse use = WeightUse::Matmul) = 0;
    virtual std::unique_ptr<Buffer> alloc(size_t n_floats) = 0;
    virtual std::unique_ptr<KvCache> alloc_kv(uint32_t n_layer, uint32_t context, uint32_t k_dim,
                                              uint32_t v_dim, bool f16) = 0;

    virtual void upload(Buffer& dst, std::span<const float> src, size_t dst_offset = 0) = 0;
    virtual void download(const Buffer& src, std::span<float> dst, size_t src_offset = 0) = 0;

    // out[i] = table row ids[i], as float (embedding lookup).
    virtual void get_rows(const Weight& table, std::span<const int32_t> ids, Buffer& out) = 0;
    // x (rows x cols) -> out: x / rms(x) * weight (weight: cols floats, or null for none).
    // out may be x.
    virtual void rms_norm(const Buffer& x, const Weight* weight, size_t rows, size_t cols,
                          float eps, Buffer& out) = 0;
    // out (n x w.rows) = x (n x w.cols) · wᵀ. x and out must differ. `x_offset` (floats) lets
    // the last token of a batch be multiplied alone.
    virtual void matmul(const Weight& w, const Buffer& x, size_t n, Buffer& out,
                        size_t x_offset = 0) = 0;
    // Several products of the same x (a layer's Q, K and V; its gate and up): each
    // target's out (n x w.rows) = x (n x w.cols) · wᵀ, as one matmul() each, which is what
    // this default does. A backend may run them as one job: the CPU backend does for a
    // single token (one dispatch to its threads, the activations quantized once per format),
    // where the small K and V products cost more in dispatch than in reading.
    virtual void matmuls(std::span<const MatmulTarget> targets, const Buffer& x, size_t n) {
        for (const MatmulTarget& t : targets) matmul(*t.w, x, n, *t.out);
    }
    // x (n x bias.cols) += bias on every row.
    virtual void add_bias(Buffer& x, const Weight& bias, size_t n) = 0;
    // x[0..count) += y[0..count).
    virtual void add(Buffer& x, const Buffer& y, size_t count) = 0;
    virtual void scale(Buffer& x, float factor, size_t count) = 0;
    // x (n_tokens x n_head x head_dim), token i at position pos0 + i.
    virtual void rope(Buffer& x, size_t n_tokens, uint32_t n_head, uint32_t head_dim, uint32_t pos0,
                      const RopeParams& params) = 0;
    // gate[0..count) = act(gate) * up.
    virtual void gated_activation(Buffer& gate, const Buffer& up, size_t count, Activation act) = 0;
    // x = cap * tanh(x / cap).
    virtual void softcap(Buffer& x, size_t count, float cap) = 0;
    // Writes k (n x k_dim) and v (n x v_dim) of `layer` at positions pos0...
    virtual void store_kv(KvCache& cache, uint32_t layer, uint32_t pos0, size_t n, const Buffer& k,
                          const Buffer& v) = 0;
    // Causal attention of q (n x n_head x head_dim_k), token i at position pos0 + i, over the
    // cached positions [0, pos0 + i] of `layer`; out is n x n_head x head_dim_v.
    virtual void attention(const Buffer& q, const KvCache& cache, uint32_t layer, size_t n,
                           uint32_t pos0, const AttentionParams& params, Buffer& out) = 0;
};

struct BackendOptions {
    int threads = 0;  // 0 = all hardware threads
    // Run the slow reference kernels (float dequantization and float dots), the oracle the
    // golden tests compare against, instead of the backend's fast ones. Backends without a
    // separate reference path ignore it.
    bool reference_kernels = false;
};

}  // namespace siliang::backend
