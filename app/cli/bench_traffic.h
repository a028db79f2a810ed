// What one decode step of a model reads from memory, for `siliang-cli bench`:
// generation speed × these bytes is the bandwidth the engine achieves, to put
// next to the bandwidth the machine can deliver.
#pragma once

#include <cstdint>

#include "gguf/gguf_reader.h"
#include "model/model_config.h"

namespace siliang::cli {

// Bytes of weights one generated token reads: every tensor of the file once
// (all blocks, the output norm and the LM head), except the token embedding
// table, of which the lookup reads one row, unless it doubles as the LM head.
uint64_t decode_weight_bytes(const gguf::File& file, const model::ModelConfig& config);

// Bytes of K and V one cached position takes across all layers.
uint64_t kv_bytes_per_position(const model::ModelConfig& config, bool f16);

// Bytes of a KV cache of `context` positions (what runtime::Session allocates).
uint64_t kv_cache_bytes(const model::ModelConfig& config, uint32_t context, bool f16);

// Mean KV-cache bytes read per token while generating `n_gen` tokens into a cache that already
// holds `depth` positions (token i attends to positions 0..depth + i, or to the last
// `sliding_window` of them on sliding-window layers): what a tgN test reads besides the weights.
double mean_kv_read_bytes(const model::ModelConfig& config, bool f16, int n_gen, int depth = 0);

}  // namespace siliang::cli
