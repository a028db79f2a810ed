#include "cpu/cpu_backend.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string_view>
#include <vector>

#include "backend/registry.h"
#include "cpu/cpu_activation_ops.h"
#include "cpu/cpu_attention.h"
#include "cpu/cpu_buffers.h"
#include "cpu/cpu_matmul.h"
#include "cpu/threadpool.h"
#include "cpu/vec_dot.h"

namespace siliang::kernels::cpu {
namespace {

using backend::AttentionParams;
using backend::RopeParams;

// Elementwise ops on fewer elements than this run on the calling thread: handing a job to the
// pool costs about a microsecond, as much as a few thousand simple float operations.
constexpr size_t kParallelElements = 1 << 15;

// cos and sin of every rotated pair at positions [0, size()) for one set of RoPE parameters,
// computed once: decode needs one new row per token instead of n_rot/2 sin/cos per op.
struct RopeTable {
    RopeParams params;
    std::vector<float> inv;      // per pair: base^(-2i/n_rot) / factor_i
    std::vector<float> factors;  // per pair: factor_i (1 without freq_factors)
    std::vector<float> values;   // per position: half cosines, then half sines
    size_t positions = 0;

    bool matches(const RopeParams& p) const {
        return p.mode == params.mode && p.n_rot == params.n_rot &&
               p.freq_base == params.freq_base && p.freq_scale == params.freq_scale &&
               p.freq_factors == params.freq_factors && p.ext_factor == params.ext_factor &&
               p.attn_factor == params.attn_factor && p.beta_fast == params.beta_fast &&
               p.beta_slow == params.beta_slow && p.original_context == params.original_context;
    }
    void grow(size_t n) {
        const size_t half = params.n_rot / 2;
        if (n <= positions) return;
        n = std::max(n, 2 * positions);  // amortized growth
        values.resize(n * 2 * half);
        for (size_t at = positions; at < n; ++at) {
            // theta_i = pos * scale * base^(-2i/n_rot) / factor_i, as ggml_rope_ext without YaRN.
            const float pos = float(at) * params.freq_scale;
            float* row = values.data() + at * 2 * half;
            if (params.ext_factor != 0.0f) {  // YaRN: the shared angle formula
                for (size_t i = 0; i < half; ++i) {
                    const auto a = backend::rope_angle(params, float(at), uint32_t(i), factors[i]);
                    row[i] = std::cos(a.theta) * a.mscale;
                    row[half + i] = std::sin(a.theta) * a.mscale;
                }
                continue;
            }
            for (size_t i = 0; i < half; ++i) {
                row[i] = std::cos(pos * inv[i]);
                row[half + i] = std::sin(pos * inv[i]);
            }
        }
        positions = n;
    }
};

// SILIANG_CPU_REFERENCE=1 selects the reference kernels in any program (benchmarks compare).
bool reference_from_env() {
    const char* v = std::getenv("SILIANG_CPU_REFERENCE");
    return v && *v && std::string_view(v) != "0";
}

// The attention loops of the selected ISA (SILIANG_CPU_ISA caps them like the dots).
const AttentionOps& attention_ops_for(Isa isa) {
    if (isa == Isa::Avx512 && attention_ops_avx512()) return *attention_ops_avx512();
    if (isa != Isa::Ref && attention_ops_avx2()) return *attention_ops_avx2();
    return attention_ops_scalar();
}

class CpuBackend final : public backend::Backend {
public:
    explicit CpuBackend(const backend::BackendOptions& options)
        : reference_(options.reference_kernels || reference_from_env()),
          pool_(options.threads),
          matmul_(kernels()),
          attention_(attention_ops_for(kernels().isa)),
          activation_(kernels().isa == Isa::Avx512 ? activation_ops_avx512() : nullptr) {}

    std::string name() const override { return "cpu"; }
    bool supports(gguf::TensorType type) const override {
        return can_dequantize(type) && type != gguf::TensorType::Q8_K;  // Q8_K: activations only
    }
    std::unique_ptr<backend::Weight> make_weight(const gguf::TensorInfo& t,
                                                 backend::WeightUse use) override {
        need(supports(t.type), "make_weight", "unsupported tensor type");
        auto w = std::make_unique<CpuWeight>(t);
        // Matrices of the types with an interleaved form go into it where this CPU has the
        // kernel for them (x16.h): decode then reads them at nearly the memory's speed. The
        // copy replaces the file's pages in this process, so memory use stays at the file's
        // size.
        if (!reference_ && use == backend::WeightUse::Matmul && w->rows() % kX16Rows == 0 &&
            x16_gemv_for(t.type, kernels().isa) && x16_enabled()) {
            w->x16 = std::make_unique<X16Weight>(t.type, t.data.data(), w->row_bytes, w->rows(),
                                                 w->cols(), t.file_mapped, &pool_);
        }
        return w;
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
        const float* g = nullptr;
        if (w) {
            need(weight(*w).rows() == 1 && weight(*w).cols() == cols, "rms_norm", "weight length");
            g = weight(*w).values.data();
        }
        const float* src = buf(x).data();
        float* dst = buf(out).data();
        for_rows(rows, rows * cols, [&](size_t begin, size_t end) {
            for (size_t r = begin; r < end; ++r) {
                // Sum of squares in double, as ggml does, then one float scale.
                double sum = 0;
                for (size_t c = 0; c < cols; ++c)
                    sum += double(src[r * cols + c]) * src[r * cols + c];
                const float s = 1.0f / std::sqrt(static_cast<float>(sum / double(cols)) + eps);
                for (size_t c = 0; c < cols; ++c) {
                    const float v = src[r * cols + c] * s;
                    dst[r * cols + c] = g ? v * g[c] : v;
                }
            }
        });
    }

    void matmul(const backend::Weight& wt, const backend::Buffer& x, size_t n, backend::Buffer& out,
                size_t x_off) override {
        const auto& w = weight(wt);
        need(x_off + n * w.cols() <= x.size() && n * w.rows() <= out.size(), "matmul", "size");
        need(&x != &out, "matmul", "x and out alias");
        const float* xs = buf(x).data() + x_off;
        float* ys = buf(out).data();
        if (reference_ || !matmul_.run(pool_, w, xs, n, ys)) matmul_reference(pool_, w, xs, n, ys);
    }
    void matmuls(std::span<const backend::MatmulTarget> targets, const backend::Buffer& x,
                 size_t n) override {
        // One token: one job over all the products' rows (Matmul::run_one_token).
        std::array<Matmul::Product, Matmul::kMaxProducts> products;
        if (n != 1 || reference_ || targets.size() > products.size())
            return Backend::matmuls(targets, x, n);
        for (size_t i = 0; i < targets.size(); ++i) {
            const auto& w = weight(*targets[i].w);
            need(w.cols() <= x.size() && w.rows() <= targets[i].out->size(), "matmuls", "size");
            need(&x != targets[i].out, "matmuls", "x and out alias");
            products[i] = {&w, buf(*targets[i].out).data()};
        }
        if (!matmul_.run_one_token(pool_, {products.data(), targets.size()}, buf(x).data()))
            Backend::matmuls(targets, x, n);
    }

    void add_bias(backend::Buffer& x, const backend::Weight& bias, size_t n) override {
        const auto& b = weight(bias);
        need(b.rows() == 1, "add_bias", "bias is not a vector");
        const std::vector<float>& v = b.values;
        need(x.size() >= n * v.size(), "add_bias", "size");
        for (size_t t = 0; t < n; ++t)
            for (size_t i = 0; i < v.size(); ++i) buf(x)[t * v.size() + i] += v[i];
    }
    void add(backend::Buffer& x, const backend::Buffer& y, size_t count) override {
        need(x.size() >= count && y.size() >= count, "add", "size");
        float* a = buf(x).data();
        const float* b = buf(y).data();
        for (size_t i = 0; i < count; ++i) a[i] += b[i];
    }
    void scale(backend::Buffer& x, float f, size_t count) override {
        need(x.size() >= count, "scale", "size");
        for (size_t i = 0; i < count; ++i) buf(x)[i] *= f;
    }
    void softcap(backend::Buffer& x, size_t count, float cap) override {
        need(x.size() >= count, "softcap", "size");
        float* v = buf(x).data();
        for_rows(count, count, [&](size_t begin, size_t end) {
            for (size_t i = begin; i < end; ++i) v[i] = cap * std::tanh(v[i] / cap);
        });
    }
    void gated_activation(backend::Buffer& gate, const backend::Buffer& up, size_t count,
                          backend::Activation act) override {
        need(gate.size() >= count && up.size() >= count, "gated_activation", "size");
        float* g = buf(gate).data();
        const float* u = buf(up).data();
        if (!reference_ && activation_) {
            const auto fn =
                act == backend::Activation::Silu ? activation_->silu_mul : activation_->gelu_mul;
            for_rows(count, count,
                     [&](size_t begin, size_t end) { fn(g + begin, u + begin, end - begin); });
            return;
        }
        for_rows(count, count, [&](size_t begin, size_t end) {
            for (size_t i = begin; i < end; ++i) {
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
        });
    }

    void rope(backend::Buffer& x, size_t n_tokens, uint32_t n_head, uint32_t head_dim,
              uint32_t pos0, const RopeParams& p) override {
        need(x.size() >= n_tokens * n_head * head_dim, "rope", "size");
        need(p.n_rot <= head_dim && p.n_rot % 2 == 0, "rope", "n_rot");
        const uint32_t half = p.n_rot / 2;
        RopeTable& table = rope_table(p);
        table.grow(size_t{pos0} + n_tokens);
        float* data = buf(x).data();
        const bool neox = p.mode == backend::RopeMode::NeoX;
        for_rows(n_tokens, n_tokens * n_head * head_dim, [&](size_t begin, size_t end) {
            for (size_t t = begin; t < end; ++t) {
                const float* cs = table.values.data() + (pos0 + t) * 2 * half;
                const float* sn = cs + half;
                for (uint32_t h = 0; h < n_head; ++h) {
                    float* v = data + (t * n_head + h) * head_dim;
                    for (uint32_t i = 0; i < half; ++i) {
                        const uint32_t a = neox ? i : 2 * i, b = neox ? i + half : 2 * i + 1;
                        const float x0 = v[a], x1 = v[b];
                        v[a] = x0 * cs[i] - x1 * sn[i];
                        v[b] = x0 * sn[i] + x1 * cs[i];
                    }
                }
            }
        });
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
        if (n == 0) return;
        if (reference_)
            attention_reference(pool_, c, layer, buf(q).data(), n, pos0, p, buf(out).data());
        else
            attention_.run(pool_, c, layer, buf(q).data(), n, pos0, p, buf(out).data());
    }

private:
    // fn(begin, end) over [0, n), split across the pool when `work` elements make it pay.
    template <typename Fn>
    void for_rows(size_t n, size_t work, Fn&& fn) {
        if (work < kParallelElements || n < 2)
            fn(size_t{0}, n);
        else
            pool_.parallel_for(n, [&](size_t begin, size_t end, int) { fn(begin, end); });
    }

    RopeTable& rope_table(const RopeParams& p) {
        for (auto& t : rope_tables_)
            if (t.matches(p)) return t;
        RopeTable t;
        t.params = p;
        const uint32_t half = p.n_rot / 2;
        std::vector<float> factors(half, 1.0f);
        if (p.freq_factors) {
            const auto& f = weight(*p.freq_factors);
            need(f.rows() == 1 && f.cols() >= half, "rope", "freq_factors length");
            std::copy_n(f.values.begin(), half, factors.begin());
        }
        t.factors = factors;
        t.inv.resize(half);
        for (uint32_t i = 0; i < half; ++i)
            t.inv[i] = std::pow(p.freq_base, -2.0f * float(i) / float(p.n_rot)) / factors[i];
        rope_tables_.push_back(std::move(t));
        return rope_tables_.back();
    }

    const bool reference_;
    ThreadPool pool_;
    Matmul matmul_;
    Attention attention_;
    const ActivationOps* activation_;     // null: the scalar loop (reference path, no AVX-512)
    std::vector<RopeTable> rope_tables_;  // one per parameter set (sliding / global layers)
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
