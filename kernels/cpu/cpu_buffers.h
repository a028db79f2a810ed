// The CPU backend's concrete Buffer, Weight and KvCache, shared by the files that
// implement its ops (cpu_backend.cpp, cpu_matmul.cpp, cpu_attention.cpp).
// Internal to siliang_kernels_cpu.
#pragma once

#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "backend/backend.h"
#include "cpu/dequantize.h"
#include "cpu/fp16.h"
#include "cpu/x16.h"

namespace siliang::kernels::cpu {

class CpuBuffer final : public backend::Buffer {
public:
    explicit CpuBuffer(size_t n) : data(n, 0.0f) {}
    size_t size() const override { return data.size(); }
    std::vector<float> data;
};

// A view of a memory-mapped GGUF tensor. One-row tensors (norm weights, biases, RoPE
// frequency factors: a few KiB) are also kept as floats, converted once here, so the ops
// that use them every token neither dequantize nor allocate. A Q8_0, Q4_K or Q6_K matrix may
// instead be rewritten into interleaved rows (x16, x16.h); its file pages are then released
// and row() must not be read: row_f32() and the matmul read x16.
class CpuWeight final : public backend::Weight {
public:
    explicit CpuWeight(const gguf::TensorInfo& t) : info(t) {
        const auto traits = gguf::type_traits(t.type);
        cols_ = t.dims.empty() ? 1 : t.dims[0];
        rows_ = t.dims.empty() ? 1 : t.n_elements / cols_;
        row_bytes = cols_ / traits->block_size * traits->type_size;
        if (rows_ == 1) {
            values.resize(cols_);
            row_f32(0, values.data());
        }
    }
    gguf::TensorType type() const override { return info.type; }
    uint64_t cols() const override { return cols_; }
    uint64_t rows() const override { return rows_; }
    const std::byte* row(uint64_t r) const { return info.data.data() + r * row_bytes; }
    void row_f32(uint64_t r, float* dst) const {
        if (x16)
            x16->dequantize_row(r, dst);
        else
            dequantize_row(info.type, row(r), dst, static_cast<int64_t>(cols_));
    }

    gguf::TensorInfo info;
    uint64_t cols_ = 0, rows_ = 0, row_bytes = 0;
    std::vector<float> values;       // the row as floats when rows_ == 1
    std::unique_ptr<X16Weight> x16;  // the rows interleaved for decode, when rewritten
};

// Keys and values laid out [layer][position][n_head_kv * head_dim], F16 or F32.
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
    // The first element of `layer`'s position 0 (row stride k_dim / v_dim elements).
    const void* k_layer(uint32_t layer) const {
        const size_t at = size_t{layer} * context * k_dim;
        return f16 ? static_cast<const void*>(k16.data() + at) : k32.data() + at;
    }
    const void* v_layer(uint32_t layer) const {
        const size_t at = size_t{layer} * context * v_dim;
        return f16 ? static_cast<const void*>(v16.data() + at) : v32.data() + at;
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

inline std::vector<float>& buf(backend::Buffer& b) {
    return static_cast<CpuBuffer&>(b).data;
}
inline const std::vector<float>& buf(const backend::Buffer& b) {
    return static_cast<const CpuBuffer&>(b).data;
}
inline const CpuWeight& weight(const backend::Weight& w) {
    return static_cast<const CpuWeight&>(w);
}

inline void need(bool ok, const char* op, const char* what) {
    if (!ok) throw std::invalid_argument(std::string("cpu backend: ") + op + ": " + what);
}

}  // namespace siliang::kernels::cpu
