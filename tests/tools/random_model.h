// Tiny (or full-size) llama.cpp-compatible GGUF models with deterministic
// pseudo-random weights, for whole-model correctness tests and benchmarks.
//
// The weights come from our own PRNG (splitmix64 + Box-Muller), seeded per
// tensor and per row from the spec's seed and the tensor's name, so the same
// spec always gives the same bytes on every platform and the file can be
// streamed to disk one row at a time. Matrices are normal(0, 1/sqrt(fan_in)),
// norms 1 + normal(0, 0.1), biases normal(0, 0.1): logits are spread out
// enough that argmax comparisons are meaningful.
//
// The tokenizer is copied from a vocabulary GGUF (tokens, scores, token
// types, merges, pre-tokenizer, special ids, chat template), reduced to `n_vocab` entries
// (the special tokens are kept, renumbered after the ordinary ones; merges
// whose parts are gone are dropped) or padded with "[PADn]" tokens.
//
// This lives in tests/ because it quantizes through siliang_kernels_cpu,
// which engine/ must not depend on.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "gguf/gguf_types.h"

namespace siliang::test_models {

// How the 2-D weights get their types.
enum class Mixture {
    Uniform,  // every matrix is `type` (or its fallback, see matrix_type)
    Q4_K_M,   // llama.cpp's Q4_K_M choice per tensor (quant_mixture.h); `type` is ignored
};

struct RandomModelSpec {
    std::string arch = "llama";  // llama, qwen2, qwen3, gemma3
    int n_embd = 64;
    int n_layer = 2;
    int n_head = 4;
    int n_head_kv = 2;
    int n_ff = 128;
    int head_dim = 0;  // 0: n_embd / n_head
    int n_vocab = 0;   // 0: as many tokens as the vocabulary file has
    int context_length = 2048;
    double rms_eps = 1e-6;
    double rope_base = 10000.0;
    // rope.scaling.*: "" (none), "linear" or "yarn", with its factor and the original
    // (pre-extension) context length.
    std::string rope_scaling;
    double rope_scaling_factor = 1.0;
    int rope_original_context = 0;
    int sliding_window = 0;  // gemma3: attention.sliding_window (0: 512)
    bool tied_output = true;
    gguf::TensorType type = gguf::TensorType::F32;  // type of every 2-D weight
    Mixture mixture = Mixture::Uniform;
    uint64_t seed = 1;
    std::filesystem::path vocab_from;  // a GGUF with tokenizer.ggml.* keys
    // Also keep every control token (token type 3: <|im_start|>, ...) when the
    // vocabulary is reduced, as a chat model needs them.
    bool keep_control_tokens = false;
    std::string chat_template;  // replaces the vocabulary file's template when not empty
    std::string name;           // general.name; empty: "siliang-random-<arch>"
    // Trained weights instead of random ones: <weights_dir>/<tensor name>.f32 holds each
    // tensor as little-endian float32 rows of dims[0] elements (GGUF order), quantized to
    // the planned type as it is written.
    std::filesystem::path weights_dir;
};

// Fills `spec` with a named real-model shape ("qwen2.5-0.5b",
// "r1-distill-qwen-1.5b"); returns false for an unknown name. Keeps the
// spec's type, seed and vocabulary file.
bool apply_shape_preset(const std::string& name, RandomModelSpec& spec);

// The type actually used for a matrix with rows of `row_length` elements:
// `requested`, or llama.cpp's fallback when the row is not a whole number of
// its blocks (Q4_K -> Q5_0, Q6_K -> Q8_0). Throws std::invalid_argument when
// no supported type fits.
gguf::TensorType matrix_type(gguf::TensorType requested, uint64_t row_length);

// One tensor of the file write_random_model() would write for `spec`.
struct PlannedTensor {
    std::string name;
    std::vector<uint64_t> dims;  // ggml order: row length first
    gguf::TensorType type = gguf::TensorType::F32;
    uint64_t n_bytes = 0;
};

// The tensors, in file order, for a vocabulary of `n_vocab` tokens (what the
// vocabulary file gives after spec.n_vocab is applied), without writing anything:
// their types and sizes can be checked against llama.cpp's figures. Throws
// std::invalid_argument like write_random_model().
std::vector<PlannedTensor> plan_tensors(const RandomModelSpec& spec, uint64_t n_vocab);

// Writes the model. Throws std::invalid_argument for an inconsistent spec and
// gguf::GgufError for an unreadable vocabulary file or a failed write.
void write_random_model(const RandomModelSpec& spec, const std::filesystem::path& out);

}  // namespace siliang::test_models
