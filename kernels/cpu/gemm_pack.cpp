// Unpacking of GGUF weight rows and float activations into gemm.h's common form.
//
// Each type's element value, written as s * q + o with q in 0..255 (d, dmin, m are
// the block's halves, sc / m the sub-block scales and mins):
//   Q8_0  d * q8           q = q8 + 128     s = d          o = -128 d
//   Q4_0  d * (q4 - 8)     q = q4           s = d          o = -8 d
//   Q4_1  d * q4 + m       q = q4           s = d          o = m
//   Q5_0  d * (q5 - 16)    q = q5           s = d          o = -16 d
//   Q5_1  d * q5 + m       q = q5           s = d          o = m
//   Q2_K  d sc q2 - dmin m                  s = d sc       o = -dmin m
//   Q3_K  d sc (q3 - 4 [high bit clear])    q = low + 4 high, s = d sc, o = -4 s
//   Q4_K, Q5_K  d sc q - dmin m             s = d sc       o = -dmin m
//   Q6_K  d sc (q6 - 32)   q = q6           s = d sc       o = -32 s
// s * q and o are exact in float32 (at most 24 significant bits each) and the sum
// rounds once, as the dequantizers' own last step does, so s * q + o equals
// dequantize_row() bit for bit (test_gemm checks every type).
#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string>

#include "cpu/fp16.h"
#include "cpu/gemm.h"
#include "cpu/kernels_impl.h"
#include "cpu/vec_dot.h"

namespace siliang::kernels::cpu {

using gguf::TensorType;

namespace {

// Where one row's output goes: quants q[e], and s / o per 16-element group.
struct RowOut {
    uint8_t* q;
    float* s;
    float* o;
    void group(int64_t g, float scale, float offset) const {
        s[g] = scale;
        o[g] = offset;
    }
};

// The 32-element types: block i covers elements 32 i ..., groups 2 i and 2 i + 1.
void unpack_q8_0(const void* row, int64_t blocks, const RowOut& out) {
    for (int64_t i = 0; i < blocks; ++i) {
        const auto b = detail::load_block<BlockQ8_0>(row, i);
        const float d = fp16_to_fp32(b.d);
        uint8_t* q = out.q + 32 * i;  // a local pointer: the byte stores cannot move `out`
        for (int j = 0; j < 32; ++j) q[j] = static_cast<uint8_t>(b.qs[j] ^ 0x80);  // q8 + 128
        out.group(2 * i, d, -128.0f * d);
        out.group(2 * i + 1, d, -128.0f * d);
    }
}

// Q4_0 / Q4_1 / Q5_0 / Q5_1: element j in the low nibble of qs[j], j + 16 in the
// high one; Q5's fifth bit of element j is bit j of qh.
template <typename Block, bool kFifthBit, bool kMin>
void unpack_32(const void* row, int64_t blocks, const RowOut& out) {
    for (int64_t i = 0; i < blocks; ++i) {
        const auto b = detail::load_block<Block>(row, i);
        const float d = fp16_to_fp32(b.d);
        uint32_t qh = 0;
        if constexpr (kFifthBit) std::memcpy(&qh, b.qh, sizeof qh);
        uint8_t* q = out.q + 32 * i;
        for (int j = 0; j < 16; ++j) {
            q[j] = static_cast<uint8_t>(b.qs[j] & 0x0F);
            q[j + 16] = static_cast<uint8_t>(b.qs[j] >> 4);
            if constexpr (kFifthBit) {
                q[j] = static_cast<uint8_t>(q[j] | (((qh >> j) & 1u) << 4));
                q[j + 16] = static_cast<uint8_t>(q[j + 16] | (((qh >> (j + 16)) & 1u) << 4));
            }
        }
        float o;
        if constexpr (kMin)
            o = fp16_to_fp32(b.m);
        else
            o = (kFifthBit ? -16.0f : -8.0f) * d;
        out.group(2 * i, d, o);
        out.group(2 * i + 1, d, o);
    }
}

// The K-quants: block i covers elements 256 i ..., groups 16 i ... 16 i + 15.
void unpack_q2_k(const void* row, int64_t blocks, const RowOut& out) {
    for (int64_t i = 0; i < blocks; ++i) {
        const auto b = detail::load_block<BlockQ2_K>(row, i);
        const float d = fp16_to_fp32(b.d), dmin = fp16_to_fp32(b.dmin);
        uint8_t* q = out.q + kQK_K * i;
        for (int e = 0; e < kQK_K; ++e) q[e] = static_cast<uint8_t>(detail::q2_k_quant(b, e));
        for (int g = 0; g < 16; ++g)
            out.group(16 * i + g, d * static_cast<float>(b.scales[g] & 0xF),
                      -(dmin * static_cast<float>(b.scales[g] >> 4)));
    }
}

void unpack_q3_k(const void* row, int64_t blocks, const RowOut& out) {
    for (int64_t i = 0; i < blocks; ++i) {
        const auto b = detail::load_block<BlockQ3_K>(row, i);
        const float d = fp16_to_fp32(b.d);
        uint8_t* q = out.q + kQK_K * i;
        for (int e = 0; e < kQK_K; ++e) q[e] = static_cast<uint8_t>(detail::q3_k_quant(b, e));
        for (int g = 0; g < 16; ++g) {
            const float s = d * static_cast<float>(detail::q3_k_scale(b.scales, g));
            out.group(16 * i + g, s, -4.0f * s);
        }
    }
}

template <typename Block, bool kFifthBit>
void unpack_q45_k(const void* row, int64_t blocks, const RowOut& out) {
    for (int64_t i = 0; i < blocks; ++i) {
        const auto b = detail::load_block<Block>(row, i);
        const float d = fp16_to_fp32(b.d), dmin = fp16_to_fp32(b.dmin);
        for (int s = 0; s < kQK_K / 32; ++s) {
            uint8_t sc, m;
            detail::scale_min_k4(s, b.scales, sc, m);
            const int shift = 4 * (s % 2);
            uint8_t* q = out.q + kQK_K * i + 32 * s;
            for (int l = 0; l < 32; ++l) {
                int v = (b.qs[32 * (s / 2) + l] >> shift) & 0xF;
                if constexpr (kFifthBit) v |= ((b.qh[l] >> s) & 1) << 4;
                q[l] = static_cast<uint8_t>(v);
            }
            const float scale = d * static_cast<float>(sc);
            const float offset = -(dmin * static_cast<float>(m));
            out.group(16 * i + 2 * s, scale, offset);
            out.group(16 * i + 2 * s + 1, scale, offset);
        }
    }
}

void unpack_q6_k(const void* row, int64_t blocks, const RowOut& out) {
    for (int64_t i = 0; i < blocks; ++i) {
        const auto b = detail::load_block<BlockQ6_K>(row, i);
        const float d = fp16_to_fp32(b.d);
        uint8_t* q = out.q + kQK_K * i;
        for (int e = 0; e < kQK_K; ++e) q[e] = static_cast<uint8_t>(detail::q6_k_quant(b, e));
        for (int g = 0; g < 16; ++g) {
            const float s = d * static_cast<float>(b.scales[g]);
            out.group(16 * i + g, s, -32.0f * s);
        }
    }
}

using UnpackFn = void (*)(const void* row, int64_t blocks, const RowOut& out);

struct Unpacker {
    UnpackFn fn = nullptr;
    int64_t block = 0;  // elements per block
};

Unpacker unpacker(TensorType type) {
    switch (type) {
        case TensorType::Q8_0: return {unpack_q8_0, 32};
        case TensorType::Q4_0: return {unpack_32<BlockQ4_0, false, false>, 32};
        case TensorType::Q4_1: return {unpack_32<BlockQ4_1, false, true>, 32};
        case TensorType::Q5_0: return {unpack_32<BlockQ5_0, true, false>, 32};
        case TensorType::Q5_1: return {unpack_32<BlockQ5_1, true, true>, 32};
        case TensorType::Q2_K: return {unpack_q2_k, kQK_K};
        case TensorType::Q3_K: return {unpack_q3_k, kQK_K};
        case TensorType::Q4_K: return {unpack_q45_k<BlockQ4_K, false>, kQK_K};
        case TensorType::Q5_K: return {unpack_q45_k<BlockQ5_K, true>, kQK_K};
        case TensorType::Q6_K: return {unpack_q6_k, kQK_K};
        default: return {};
    }
}

}  // namespace

bool gemm_packable(TensorType type) {
    return unpacker(type).fn != nullptr;
}

void GemmRows::resize(size_t row_count, int64_t elements) {
    n = elements;
    quants = gemm_quants(elements);
    groups = gemm_groups(elements);
    rows = row_count;
    // Padding stays zero: quants, scales and offsets past n never change.
    q.assign(row_count * static_cast<size_t>(quants), 0);
    scale.assign(row_count * static_cast<size_t>(groups), 0.0f);
    offset.assign(row_count * static_cast<size_t>(groups), 0.0f);
}

void pack_rows(TensorType type, const void* w, size_t row_bytes, size_t count, int64_t n,
               GemmRows& out) {
    const Unpacker u = unpacker(type);
    if (!u.fn)
        throw std::invalid_argument("pack_rows: no packed form for type " +
                                    (gguf::type_traits(type)
                                         ? std::string(gguf::type_traits(type)->name)
                                         : std::to_string(static_cast<uint32_t>(type))));
    if (n <= 0 || n % u.block != 0)
        throw std::invalid_argument("pack_rows: row length " + std::to_string(n) +
                                    " is not a positive multiple of the type's block of " +
                                    std::to_string(u.block));
    if (out.rows < count || out.n != n) out.resize(count, n);
    for (size_t r = 0; r < count; ++r) {
        const RowOut row{out.q.data() + r * static_cast<size_t>(out.quants),
                         out.scale.data() + r * static_cast<size_t>(out.groups),
                         out.offset.data() + r * static_cast<size_t>(out.groups)};
        u.fn(static_cast<const std::byte*>(w) + r * row_bytes, n / u.block, row);
    }
}

void pack_activations(QuantizeQ8_32Fn quantize_q8_32, const float* x, size_t stride, size_t begin,
                      size_t end, GemmRows& out) {
    const int64_t n = out.n;
    if (n <= 0 || n % 32 != 0 || end > out.rows)
        throw std::invalid_argument("pack_activations: rows " + std::to_string(begin) + ".." +
                                    std::to_string(end) + " of length " + std::to_string(n) +
                                    " do not fit the prepared rows");
    // One row of blocks on the stack (n is a row of the model: at most some ten thousand).
    constexpr int64_t kChunk = 64;
    ActQ8_32 blocks[kChunk];
    for (size_t t = begin; t < end; ++t) {
        uint8_t* q = out.q.data() + t * static_cast<size_t>(out.quants);
        float* d = out.scale.data() + t * static_cast<size_t>(out.groups);
        float* ds = out.offset.data() + t * static_cast<size_t>(out.groups);
        for (int64_t b0 = 0; b0 < n / 32; b0 += kChunk) {
            const int64_t nb = std::min(kChunk, n / 32 - b0);
            quantize_q8_32(x + t * stride + 32 * b0, blocks, 32 * nb);
            for (int64_t i = 0; i < nb; ++i) {
                const int64_t b = b0 + i;
                std::memcpy(q + 32 * b, blocks[i].qs, 32);
                for (int h = 0; h < 2; ++h) {
                    int sum = 0;
                    for (int j = 0; j < 16; ++j) sum += blocks[i].qs[16 * h + j];
                    d[2 * b + h] = blocks[i].d;
                    ds[2 * b + h] = blocks[i].d * static_cast<float>(sum);
                }
            }
        }
    }
}

}  // namespace siliang::kernels::cpu
