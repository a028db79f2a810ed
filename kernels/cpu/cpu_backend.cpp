#include "cpu/cpu_backend.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <vector>

#include "backend/registry.h"
#include "cpu/dequantize.h"
#include "cpu/threadpool.h"

namespace siliang::kernels::cpu {
namespace {

using backend::AttentionParams;
using backend::RopeParams;

class CpuBuffer final : public backend::Buffer {
public:
    explicit CpuBuffer(size_t n) : data(n, 0.0f) {}
    size_t size() const override { return data.size(); }
    std::vector<float> data;
};

class CpuWeight final : public backend::Weight {
public:
    explicit CpuWeight(const gguf::TensorInfo& t) : info(t) {
        const auto traits = gguf::type_traits(t.type);
        cols_ = t.dims.empty() ? 1 : t.dims[0];
        rows_ = t.dims.empty() ? 1 : t.n_elements / cols_;
        row_bytes = cols_ / traits->block_size * traits->type_size;
    }
    gguf::TensorType type() const override { return info.type; }
    uint64_t cols() const override { return cols_; }
    uint64_t rows() const override { return rows_; }
    const std::byte* row(uint64_t r) const { return info.data.data() + r * row_bytes; }
    void row_f32(uint64_t r, float* dst) const {
        dequantize_row(info.type, row(r), dst, static_cast<int64_t>(cols_));
    }

    gguf::TensorInfo info;
    uint64_t cols_ = 0, rows_ = 0, row_bytes = 0;
};

class CpuKvCache final : public backend::KvCache {
public:
    CpuKvCache(uint32_t layers, uint32_t ctx, uint32_t kd, uint32_t vd, bool half)
        : n_layer(layers), context(ctx), k_dim(kd), v_dim(vd), f16(half) {
        const size_t kn = size_t{layers} * ctx * kd, vn = size_t{layers} * ctx * vd;
        if (f16) {
            k16.assign(kn, 0);
            v16.assign(vn, 0);
        } else {
            k32.assign(kn, 0.0f);
            v32.assign(vn, 0.0f);
        }
    }
    // Position `pos` of `layer` as floats into dst.
    void load_k(uint32_t layer, uint32_t pos, float* dst) const {
        load(k16, k32, k_dim, layer, pos, dst);
    }
    void load_v(uint32_t layer, uint32_t pos, float* dst) const {
        load(v16, v32, v_dim, layer, pos, dst);
    }
    void store(bool key, uint32_t layer, uint32_t pos, const float* src) {
        const uint32_t dim = key ? k_dim : v_dim;
        const size_t at = (size_t{layer} * context + pos) * dim;
        if (f16) {
            auto& d = key ? k16 : v16;
            for (uint32_t i = 0; i < dim; ++i) d[at + i] = fp32_to_fp16(src[i]);
        } else {
            std::memcpy((key ? k32 : v32).data() + at, src, dim * sizeof(float));
        }
    }

    uint32_t n_layer, context, k_dim, v_dim;
    bool f16;
    std::vector<uint16_t> k16, v16;
    std::vector<float> k32, v32;

private:
    void load(const std::vector<uint16_t>& h, const std::vector<float>& f, uint32_t dim,
              uint32_t layer, uint32_t pos, float* dst) const {
        const size_t at = (size_t{layer} * context + pos) * dim;
        if (f16) {
            for (uint32_t i = 0; i < dim; ++i) dst[i] = fp16_to_fp32(h[at + i]);
        } else {
            std::memcpy(dst, f.data() + at, dim * sizeof(float));
        }
    }
};

std::vector<float>& buf(backend::Buffer& b) {
    return static_cast<CpuBuffer&>(b).data;
}
const std::vector<float>& buf(const backend::Buffer& b) {
    return static_cast<const CpuBuffer&>(b).data;
}
const CpuWeight& weight(const backend::Weight& w) {
    return static_cast<const CpuWeight&>(w);
}

void need(bool ok, const char* op, const char* what) {
    if (!ok) throw std::invalid_argument(std::string("cpu backend: ") + op + ": " + what);
}

// Eight partial sums: a fixed order (so results never depend on the batch) that
// the compiler can keep in vector registers.
float dot(const float* a, const float* b, size_t n) {
    float s[8] = {};
    size_t i = 0;
    for (; i + 8 <= n; i += 8)
        for (int j = 0; j < 8; ++j) s[j] += a[i + j] * b[i + j];
    for (; i < n; ++i) s[i % 8] += a[i] * b[i];
    return ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
}

class CpuBackend final : public backend::Backend {
public:
    explicit CpuBackend(const backend::BackendOptions& options) : pool_(options.threads) {}

    std::string name() const override { return "cpu"; }
    bool supports(gguf::TensorType type) const override {
        return can_dequantize(type) && type != gguf::TensorType::Q8_K;  // Q8_K: activations only
    }
    std::unique_ptr<backend::Weight> make_weight(const gguf::TensorInfo& t) override {
        need(supports(t.type), "make_weight", "unsupported tensor type");
        return std::make_unique<CpuWeight>(t);
    }
    std::unique_ptr<backend::Buffer> alloc(size_t n) override {
        return std::make_unique<CpuBuffer>(n);
    }
    std::unique_ptr<backend::KvCache> alloc_kv(uint32_t n_layer, uint32_t context, uint32_t k_dim,
                                               uint32_t v_dim, bool f16) override {
        return std::make_unique<CpuKvCache>(n_layer, context, k_dim, v_dim, f16);
    }
    void upload(backend::Buffer& dst, std::span<const float> src, size_t off) override {
        need(off + src.size() <= dst.size(), "upload", "out of range");
        std::copy(src.begin(), src.end(), buf(dst).begin() + static_cast<ptrdiff_t>(off));
    }
    void download(const backend::Buffer& src, std::span<float> dst, size_t off) override {
        need(off + dst.size() <= src.size(), "download", "out of range");
        std::copy_n(buf(src).begin() + static_cast<ptrdiff_t>(off), dst.size(), dst.begin());
    }

    void get_rows(const backend::Weight& table, std::span<const int32_t> ids,
                  backend::Buffer& out) override {
        const auto& w = weight(table);
        need(out.size() >= ids.size() * w.cols(), "get_rows", "output too small");
        for (size_t i = 0; i < ids.size(); ++i) {
            need(ids[i] >= 0 && static_cast<uint64_t>(ids[i]) < w.rows(), "get_rows",
                 "token id out of range");
            w.row_f32(static_cast<uint64_t>(ids[i]), buf(out).data() + i * w.cols());
        }
    }

    void rms_norm(const backend::Buffer& x, const backend::Weight* w, size_t rows, size_t cols,
                  float eps, backend::Buffer& out) override {
        need(x.size() >= rows * cols && out.size() >= rows * cols, "rms_norm", "size");
        std::vector<float> g;
        if (w) {
            need(weight(*w).cols() == cols, "rms_norm", "weight length");
            g.resize(cols);
            weight(*w).row_f32(0, g.data());
        }
        const float* src = buf(x).data();
        float* dst = buf(out).data();
        for (size_t r = 0; r < rows; ++r) {
            // Sum of squares in double, as ggml does, then one float scale.
            double sum = 0;
            for (size_t c = 0; c < cols; ++c) sum += double(src[r * cols + c]) * src[r * cols + c];
            const float s = 1.0f / std::sqrt(static_cast<float>(sum / double(cols)) + eps);
            for (size_t c = 0; c < cols; ++c) {
                const float v = src[r * cols + c] * s;
                dst[r * cols + c] = w ? v * g[c] : v;
            }
        }
    }

    void matmul(const backend::Weight& wt, const backend::Buffer& x, size_t n, backend::Buffer& out,
                size_t x_off) override {
        const auto& w = weight(wt);
        const size_t cols = w.cols(), rows = w.rows();
        need(x_off + n * cols <= x.size() && n * rows <= out.size(), "matmul", "size");
        need(&x != &out, "matmul", "x and out alias");
        const float* xs = buf(x).data() + x_off;
        float* ys = buf(out).data();
        pool_.parallel_for(rows, [&](size_t begin, size_t end, int) {
            std::vector<float> row(cols);
            for (size_t r = begin; r < end; ++r) {
                w.row_f32(r, row.data());
                for (size_t t = 0; t < n; ++t)
                    ys[t * rows + r] = dot(row.data(), xs + t * cols, cols);
            }
        });
    }

    void add_bias(backend::Buffer& x, const backend::Weight& bias, size_t n) override {
        const auto& b = weight(bias);
        std::vector<float> v(b.cols());
        b.row_f32(0, v.data());
        need(x.size() >= n * v.size(), "add_bias", "size");
        for (size_t t = 0; t < n; ++t)
            for (size_t i = 0; i < v.size(); ++i) buf(x)[t * v.size() + i] += v[i];
    }
    void add(backend::Buffer& x, const backend::Buffer& y, size_t count) override {
        need(x.size() >= count && y.size() >= count, "add", "size");
        for (size_t i = 0; i < count; ++i) buf(x)[i] += buf(y)[i];
    }
    void scale(backend::Buffer& x, float f, size_t count) override {
        need(x.size() >= count, "scale", "size");
        for (size_t i = 0; i < count; ++i) buf(x)[i] *= f;
    }
    void softcap(backend::Buffer& x, size_t count, float cap) override {
        need(x.size() >= count, "softcap", "size");
        for (size_t i = 0; i < count; ++i) buf(x)[i] = cap * std::tanh(buf(x)[i] / cap);
    }
    void gated_activation(backend::Buffer& gate, const backend::Buffer& up, size_t count,
                          backend::Activation act) override {
        need(gate.size() >= count && up.size() >= count, "gated_activation", "size");
        float* g = buf(gate).data();
        const float* u = buf(up).data();
        for (size_t i = 0; i < count; ++i) {
            const float v = g[i];
            float a;
            if (act == backend::Activation::Silu) {
                a = v / (1.0f + std::exp(-v));
            } else {  // GELU, tanh approximation (ggml_gelu, HF gelu_pytorch_tanh)
                constexpr float k = 0.7978845608028654f;  // sqrt(2/pi)
                a = 0.5f * v * (1.0f + std::tanh(k * v * (1.0f + 0.044715f * v * v)));
            }
            g[i] = a * u[i];
        }
    }

    void rope(backend::Buffer& x, size_t n_tokens, uint32_t n_head, uint32_t head_dim,
              uint32_t pos0, const RopeParams& p) override {
        need(x.size() >= n_tokens * n_head * head_dim, "rope", "size");
        need(p.n_rot <= head_dim && p.n_rot % 2 == 0, "rope", "n_rot");
        const uint32_t half = p.n_rot / 2;
        std::vector<float> factors(half, 1.0f);
        if (p.freq_factors) {
            need(weight(*p.freq_factors).cols() >= half, "rope", "freq_factors length");
            std::vector<float> all(weight(*p.freq_factors).cols());
            weight(*p.freq_factors).row_f32(0, all.data());
            std::copy_n(all.begin(), half, factors.begin());
        }
        // theta_i = pos * scale * base^(-2i/n_rot) / factor_i, as ggml_rope_ext without YaRN.
        std::vector<float> inv(half);
        for (uint32_t i = 0; i < half; ++i)
            inv[i] = std::pow(p.freq_base, -2.0f * float(i) / float(p.n_rot)) / factors[i];
        std::vector<float> cs(half), sn(half);
        for (size_t t = 0; t < n_tokens; ++t) {
            const float pos = float(pos0 + t) * p.freq_scale;
            for (uint32_t i = 0; i < half; ++i) {
                cs[i] = std::cos(pos * inv[i]);
                sn[i] = std::sin(pos * inv[i]);
            }
            for (uint32_t h = 0; h < n_head; ++h) {
                float* v = buf(x).data() + (t * n_head + h) * head_dim;
                for (uint32_t i = 0; i < half; ++i) {
                    const uint32_t a = p.mode == backend::RopeMode::NeoX ? i : 2 * i;
                    const uint32_t b = p.mode == backend::RopeMode::NeoX ? i + half : 2 * i + 1;
                    const float x0 = v[a], x1 = v[b];
                    v[a] = x0 * cs[i] - x1 * sn[i];
                    v[b] = x0 * sn[i] + x1 * cs[i];
                }
            }
        }
    }

    void store_kv(backend::KvCache& cache, uint32_t layer, uint32_t pos0, size_t n,
                  const backend::Buffer& k, const backend::Buffer& v) override {
        auto& c = static_cast<CpuKvCache&>(cache);
        need(layer < c.n_layer && pos0 + n <= c.context, "store_kv", "position out of range");
        need(k.size() >= n * c.k_dim && v.size() >= n * c.v_dim, "store_kv", "size");
        for (size_t t = 0; t < n; ++t) {
            c.store(true, layer, static_cast<uint32_t>(pos0 + t), buf(k).data() + t * c.k_dim);
            c.store(false, layer, static_cast<uint32_t>(pos0 + t), buf(v).data() + t * c.v_dim);
        }
    }

    void attention(const backend::Buffer& q, const backend::KvCache& cache, uint32_t layer,
                   size_t n, uint32_t pos0, const AttentionParams& p,
                   backend::Buffer& out) override {
        const auto& c = static_cast<const CpuKvCache&>(cache);
        need(p.n_head_kv > 0 && p.n_head % p.n_head_kv == 0, "attention", "head counts");
        need(c.k_dim == p.n_head_kv * p.head_dim_k && c.v_dim == p.n_head_kv * p.head_dim_v,
             "attention", "cache dims");
        need(layer < c.n_layer && pos0 + n <= c.context, "attention", "position out of range");
        need(q.size() >= n * p.n_head * p.head_dim_k && out.size() >= n * p.n_head * p.head_dim_v,
             "attention", "size");
        const uint32_t group = p.n_head / p.n_head_kv;
        // One task per (token, head); each reads the cache itself, so its arithmetic is the same
        // whatever else is in the batch.
        pool_.parallel_for(n * p.n_head, [&](size_t begin, size_t end, int) {
            std::vector<float> kbuf(c.k_dim), vbuf(c.v_dim), scores;
            for (size_t task = begin; task < end; ++task) {
                const size_t t = task / p.n_head;
                const uint32_t h = static_cast<uint32_t>(task % p.n_head), kvh = h / group;
                const uint32_t pos = pos0 + static_cast<uint32_t>(t);
                const uint32_t first = p.window && pos + 1 > p.window ? pos + 1 - p.window : 0;
                const float* qv = buf(q).data() + (t * p.n_head + h) * p.head_dim_k;
                scores.assign(pos + 1 - first, 0.0f);
                float max = -INFINITY;
                for (uint32_t j = first; j <= pos; ++j) {
                    c.load_k(layer, j, kbuf.data());
                    float s = dot(qv, kbuf.data() + kvh * p.head_dim_k, p.head_dim_k) * p.scale;
                    if (p.logit_softcap > 0) s = p.logit_softcap * std::tanh(s / p.logit_softcap);
                    scores[j - first] = s;
                    max = std::max(max, s);
                }
                double sum = 0;
                for (float& s : scores) {
                    s = std::exp(s - max);
                    sum += s;
                }
                float* o = buf(out).data() + (t * p.n_head + h) * p.head_dim_v;
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

private:
    ThreadPool pool_;
};

}  // namespace

std::unique_ptr<backend::Backend> create_cpu_backend(const backend::BackendOptions& options) {
    return std::make_unique<CpuBackend>(options);
}

void register_cpu_backend() {
    static std::once_flag once;
    std::call_once(once, [] { backend::register_backend("cpu", create_cpu_backend); });
}

}  // namespace siliang::kernels::cpu
