// Type dispatch for dequantize_row() / quantize_row(), and the plain float
// formats (F32, F16, BF16).
#include "cpu/dequantize.h"

#include <cstring>
#include <stdexcept>
#include <string>

#include "cpu/fp16.h"
#include "cpu/kernels_impl.h"

namespace siliang::kernels::cpu {

namespace {

using gguf::TensorType;

std::string type_name(TensorType type) {
    if (const auto traits = gguf::type_traits(type)) return std::string(traits->name);
    return "type " + std::to_string(static_cast<uint32_t>(type));
}

// Validates `n` for `type` and returns the number of blocks.
int64_t block_count(const char* what, TensorType type, int64_t n) {
    const auto traits = gguf::type_traits(type);
    if (!traits) {
        throw std::invalid_argument(std::string(what) + ": " + type_name(type) +
                                    " is not a known tensor type");
    }
    if (n < 0 || n % traits->block_size != 0) {
        throw std::invalid_argument(
            std::string(what) + ": " + type_name(type) + ": " + std::to_string(n) +
            " elements is not a whole number of blocks of " + std::to_string(traits->block_size));
    }
    return n / traits->block_size;
}

[[noreturn]] void unsupported(const char* what, TensorType type) {
    throw std::invalid_argument(std::string(what) + ": " + type_name(type) +
                                " is not supported by the CPU reference kernels");
}

}  // namespace

bool can_dequantize(TensorType type) {
    switch (type) {
        case TensorType::F32:
        case TensorType::F16:
        case TensorType::BF16:
        case TensorType::Q4_0:
        case TensorType::Q4_1:
        case TensorType::Q5_0:
        case TensorType::Q5_1:
        case TensorType::Q8_0:
        case TensorType::Q2_K:
        case TensorType::Q3_K:
        case TensorType::Q4_K:
        case TensorType::Q5_K:
        case TensorType::Q6_K:
        case TensorType::Q8_K: return true;
        default: return false;
    }
}

void dequantize_row(TensorType type, const void* src, float* dst, int64_t n_elements) {
    constexpr const char* kWhat = "dequantize_row";
    if (!can_dequantize(type)) unsupported(kWhat, type);
    const int64_t nb = block_count(kWhat, type, n_elements);
    const auto* bytes = static_cast<const unsigned char*>(src);
    switch (type) {
        case TensorType::F32:
            std::memcpy(dst, src, static_cast<std::size_t>(nb) * sizeof(float));
            return;
        case TensorType::F16:
            for (int64_t i = 0; i < nb; ++i) {
                uint16_t h;
                std::memcpy(&h, bytes + 2 * i, sizeof h);
                dst[i] = fp16_to_fp32(h);
            }
            return;
        case TensorType::BF16:
            for (int64_t i = 0; i < nb; ++i) {
                uint16_t h;
                std::memcpy(&h, bytes + 2 * i, sizeof h);
                dst[i] = bf16_to_fp32(h);
            }
            return;
        case TensorType::Q4_0: detail::dequantize_q4_0(src, dst, nb); return;
        case TensorType::Q4_1: detail::dequantize_q4_1(src, dst, nb); return;
        case TensorType::Q5_0: detail::dequantize_q5_0(src, dst, nb); return;
        case TensorType::Q5_1: detail::dequantize_q5_1(src, dst, nb); return;
        case TensorType::Q8_0: detail::dequantize_q8_0(src, dst, nb); return;
        case TensorType::Q2_K: detail::dequantize_q2_k(src, dst, nb); return;
        case TensorType::Q3_K: detail::dequantize_q3_k(src, dst, nb); return;
        case TensorType::Q4_K: detail::dequantize_q4_k(src, dst, nb); return;
        case TensorType::Q5_K: detail::dequantize_q5_k(src, dst, nb); return;
        case TensorType::Q6_K: detail::dequantize_q6_k(src, dst, nb); return;
        case TensorType::Q8_K: detail::dequantize_q8_k(src, dst, nb); return;
        default: unsupported(kWhat, type);
    }
}

bool can_quantize(TensorType type) {
    switch (type) {
        case TensorType::F32:
        case TensorType::F16:
        case TensorType::BF16:
        case TensorType::Q4_0:
        case TensorType::Q4_1:
        case TensorType::Q5_0:
        case TensorType::Q5_1:
        case TensorType::Q8_0:
        case TensorType::Q2_K:
        case TensorType::Q3_K:
        case TensorType::Q4_K:
        case TensorType::Q5_K:
        case TensorType::Q6_K: return true;
        default: return false;
    }
}

void quantize_row(TensorType type, const float* src, void* dst, int64_t n) {
    constexpr const char* kWhat = "quantize_row";
    if (!can_quantize(type)) unsupported(kWhat, type);
    const int64_t nb = block_count(kWhat, type, n);
    auto* bytes = static_cast<unsigned char*>(dst);
    switch (type) {
        case TensorType::F32:
            std::memcpy(dst, src, static_cast<std::size_t>(nb) * sizeof(float));
            return;
        case TensorType::F16:
            for (int64_t i = 0; i < nb; ++i) {
                const uint16_t h = fp32_to_fp16(src[i]);
                std::memcpy(bytes + 2 * i, &h, sizeof h);
            }
            return;
        case TensorType::BF16:
            for (int64_t i = 0; i < nb; ++i) {
                const uint16_t h = fp32_to_bf16(src[i]);
                std::memcpy(bytes + 2 * i, &h, sizeof h);
            }
            return;
        case TensorType::Q4_0: detail::quantize_q4_0(src, dst, nb); return;
        case TensorType::Q4_1: detail::quantize_q4_1(src, dst, nb); return;
        case TensorType::Q5_0: detail::quantize_q5_0(src, dst, nb); return;
        case TensorType::Q5_1: detail::quantize_q5_1(src, dst, nb); return;
        case TensorType::Q8_0: detail::quantize_q8_0(src, dst, nb); return;
        case TensorType::Q2_K: detail::quantize_q2_k(src, dst, nb); return;
        case TensorType::Q3_K: detail::quantize_q3_k(src, dst, nb); return;
        case TensorType::Q4_K: detail::quantize_q4_k(src, dst, nb); return;
        case TensorType::Q5_K: detail::quantize_q5_k(src, dst, nb); return;
        case TensorType::Q6_K: detail::quantize_q6_k(src, dst, nb); return;
        default: unsupported(kWhat, type);
    }
}

}  // namespace siliang::kernels::cpu
