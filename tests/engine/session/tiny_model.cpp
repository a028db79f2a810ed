#include "tiny_model.h"

#include <cmath>
#include <fstream>
#include <random>
#include <stdexcept>

#include "cpu/dequantize.h"
#include "gguf/gguf_writer.h"

namespace siliang::test {
namespace {

using gguf::MetaValue;
using gguf::TensorType;

struct Builder {
    const TinySpec& spec;
    gguf::Writer writer;
    std::mt19937 rng;
    std::vector<std::vector<std::byte>> keep;  // tensor bytes must outlive the write

    // Values around `center` with spread `scale`, stored as `type` (rows of dims[0]).
    void tensor(const std::string& name, std::vector<uint64_t> dims, float scale,
                float center = 0.0f, TensorType type = TensorType::F32) {
        for (const auto& o : spec.omit)
            if (o == name) return;
        std::uniform_real_distribution<float> dist(-scale, scale);
        uint64_t n = 1;
        for (auto d : dims) n *= d;
        std::vector<float> values(n);
        for (auto& v : values) v = center + dist(rng);
        if (name == spec.unsupported_type_tensor) {
            // IQ2_XXS: 66 bytes per 256 elements; no backend dequantizes it yet.
            keep.emplace_back(n / 256 * 66, std::byte{0x11});
            writer.add_raw_tensor({.name = name,
                                   .type = static_cast<uint32_t>(TensorType::IQ2_XXS),
                                   .dims = dims,
                                   .data = keep.back()});
            return;
        }
        const auto traits = gguf::type_traits(type);
        keep.emplace_back(n / traits->block_size * traits->type_size);
        kernels::cpu::quantize_row(type, values.data(), keep.back().data(),
                                   static_cast<int64_t>(n));
        writer.add_tensor(name, type, std::move(dims), keep.back());
    }
};

}  // namespace

std::vector<std::byte> tiny_model_bytes(const TinySpec& s) {
    Builder b{s, gguf::Writer{}, std::mt19937(s.seed), {}};
    auto& w = b.writer;
    const std::string a = s.arch;
    const bool gemma = a == "gemma3", qwen2 = a == "qwen2", qk_norm = a == "qwen3" || gemma;
    w.set("general.architecture", MetaValue::string(a));
    w.set(a + ".context_length", MetaValue::u32(512));
    w.set(a + ".embedding_length", MetaValue::u32(s.n_embd));
    w.set(a + ".block_count", MetaValue::u32(s.n_layer));
    w.set(a + ".feed_forward_length", MetaValue::u32(s.n_ff));
    w.set(a + ".attention.head_count", MetaValue::u32(s.n_head));
    w.set(a + ".attention.head_count_kv", MetaValue::u32(s.n_head_kv));
    w.set(a + ".attention.key_length", MetaValue::u32(s.head_dim));
    w.set(a + ".attention.value_length", MetaValue::u32(s.head_dim));
    w.set(a + ".attention.layer_norm_rms_epsilon", MetaValue::f32(1e-6f));
    w.set(a + ".rope.freq_base", MetaValue::f32(gemma ? 1e6f : 10000.0f));
    if (!s.rope_scaling.empty()) {
        w.set(a + ".rope.scaling.type", MetaValue::string(s.rope_scaling));
        w.set(a + ".rope.scaling.factor", MetaValue::f32(4.0f));
        w.set(a + ".rope.scaling.original_context_length", MetaValue::u32(128));
    }
    if (gemma && s.sliding_window)
        w.set(a + ".attention.sliding_window", MetaValue::u32(s.sliding_window));

    // A SentencePiece vocabulary: <unk>, <s>, </s>, then plain pieces.
    std::vector<std::string> tokens = {"<unk>", "<s>", "</s>"};
    std::vector<float> scores = {0, 0, 0};
    std::vector<int32_t> types = {2, 3, 3};
    for (uint32_t i = 3; i < s.n_vocab; ++i) {
        tokens.push_back("\xE2\x96\x81w" + std::to_string(i));
        scores.push_back(-float(i));
        types.push_back(1);
    }
    w.set("tokenizer.ggml.model", MetaValue::string("llama"));
    w.set("tokenizer.ggml.tokens", MetaValue::array(tokens));
    w.set("tokenizer.ggml.scores", MetaValue::array(scores));
    w.set("tokenizer.ggml.token_type", MetaValue::array(types));
    w.set("tokenizer.ggml.bos_token_id", MetaValue::u32(1));
    w.set("tokenizer.ggml.eos_token_id", MetaValue::u32(2));

    const uint64_t E = s.n_embd, QD = uint64_t{s.n_head} * s.head_dim,
                   KD = uint64_t{s.n_head_kv} * s.head_dim, F = s.n_ff;
    // Norm weights near 1 (gemma's GGUF stores 1 + w), matrices scaled ~1/sqrt(fan-in).
    const auto T = s.weight_type;
    b.tensor("token_embd.weight", {E, s.n_vocab}, gemma ? 0.1f : 1.0f, 0.0f, T);
    b.tensor("output_norm.weight", {E}, 0.2f, 1.0f);
    if (!s.tied) b.tensor("output.weight", {E, s.n_vocab}, 0.3f, 0.0f, T);
    for (uint32_t i = 0; i < s.n_layer; ++i) {
        const std::string p = "blk." + std::to_string(i) + ".";
        const float m = 1.0f / std::sqrt(float(E)), f = 1.0f / std::sqrt(float(F));
        b.tensor(p + "attn_norm.weight", {E}, 0.2f, 1.0f);
        b.tensor(p + "attn_q.weight", {E, QD}, m * 2, 0.0f, T);
        b.tensor(p + "attn_k.weight", {E, KD}, m * 2, 0.0f, T);
        b.tensor(p + "attn_v.weight", {E, KD}, m, 0.0f, T);
        b.tensor(p + "attn_output.weight", {QD, E}, m, 0.0f, T);
        if (qwen2) {
            b.tensor(p + "attn_q.bias", {QD}, 0.3f);
            b.tensor(p + "attn_k.bias", {KD}, 0.3f);
            b.tensor(p + "attn_v.bias", {KD}, 0.3f);
        }
        if (qk_norm) {
            b.tensor(p + "attn_q_norm.weight", {s.head_dim}, 0.2f, 1.0f);
            b.tensor(p + "attn_k_norm.weight", {s.head_dim}, 0.2f, 1.0f);
        }
        if (gemma) b.tensor(p + "post_attention_norm.weight", {E}, 0.2f, 1.0f);
        b.tensor(p + "ffn_norm.weight", {E}, 0.2f, 1.0f);
        b.tensor(p + "ffn_gate.weight", {E, F}, m * 2, 0.0f, T);
        b.tensor(p + "ffn_up.weight", {E, F}, m * 2, 0.0f, T);
        b.tensor(p + "ffn_down.weight", {F, E}, f, 0.0f, F % 32 == 0 ? T : TensorType::F32);
        if (gemma) b.tensor(p + "post_ffw_norm.weight", {E}, 0.2f, 1.0f);
    }
    return w.write_to_memory();
}

std::filesystem::path write_tiny_model(const std::filesystem::path& dir, const TinySpec& spec) {
    // Distinct names per seed and weight type: overwriting a file a loaded model maps is a SIGBUS.
    std::string name = "tiny-" + spec.arch + "-" + std::to_string(spec.seed);
    if (spec.weight_type != gguf::TensorType::F32)
        name += "-" + std::string(gguf::type_traits(spec.weight_type)->name);
    const auto path = dir / (name + ".gguf");
    const auto bytes = tiny_model_bytes(spec);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
    if (!out) throw std::runtime_error("cannot write " + path.string());
    return path;
}

}  // namespace siliang::test
