#include "bench_traffic.h"

#include <algorithm>

namespace siliang::cli {

namespace {

uint64_t layer_kv_row_bytes(const model::ModelConfig& config, bool f16) {
    const uint64_t element = f16 ? 2 : 4;
    return static_cast<uint64_t>(config.n_head_kv) * (config.head_dim_k + config.head_dim_v) *
           element;
}

}  // namespace

uint64_t decode_weight_bytes(const gguf::File& file, const model::ModelConfig& config) {
    uint64_t bytes = 0;
    for (const gguf::TensorInfo& t : file.tensors()) {
        if (t.name == "token_embd.weight" && !config.tied_embeddings) {
            const uint64_t rows = t.dims.size() >= 2 ? t.dims[1] : 1;
            bytes += rows > 0 ? t.n_bytes / rows : 0;
            continue;
        }
        bytes += t.n_bytes;
    }
    return bytes;
}

uint64_t kv_bytes_per_position(const model::ModelConfig& config, bool f16) {
    return layer_kv_row_bytes(config, f16) * config.n_layer;
}

uint64_t kv_cache_bytes(const model::ModelConfig& config, uint32_t context, bool f16) {
    return kv_bytes_per_position(config, f16) * context;
}

double mean_kv_read_bytes(const model::ModelConfig& config, bool f16, int n_gen, int depth) {
    if (n_gen <= 0) return 0.0;
    const double row = static_cast<double>(layer_kv_row_bytes(config, f16));
    double positions = 0;  // summed over layers and generated tokens
    for (uint32_t layer = 0; layer < config.n_layer; ++layer) {
        const bool sliding = config.sliding_window > 0 && layer < config.layer_sliding.size() &&
                             config.layer_sliding[layer];
        for (int i = 0; i < n_gen; ++i) {
            const uint64_t seen = static_cast<uint64_t>(depth) + static_cast<uint64_t>(i) + 1;
            positions += static_cast<double>(
                sliding ? std::min<uint64_t>(seen, config.sliding_window) : seen);
        }
    }
    return positions * row / n_gen;
}

}  // namespace siliang::cli
