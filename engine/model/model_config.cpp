#include "model/model_config.h"

#include <cmath>

namespace siliang::model {
namespace {

class Reader {
public:
    Reader(const gguf::File& file, std::string arch) : file_(file), arch_(std::move(arch)) {}

    [[noreturn]] void fail(const std::string& key, const std::string& what) const {
        throw ModelError(file_.name() + ": " + key + ": " + what);
    }
    std::string key(const char* suffix) const { return arch_ + "." + suffix; }

    uint32_t u32(const char* suffix) const {
        const auto k = key(suffix);
        if (!file_.find(k)) fail(k, "missing");
        return checked(k, file_.get_uint(k));
    }
    uint32_t u32_or(const char* suffix, uint32_t fallback) const {
        const auto k = key(suffix);
        return file_.find(k) ? checked(k, file_.get_uint(k)) : fallback;
    }
    float f32_or(const char* suffix, float fallback) const {
        const auto k = key(suffix);
        if (!file_.find(k)) return fallback;
        const auto v = file_.get_float(k);
        if (!v || !std::isfinite(*v)) fail(k, "not a finite number");
        return static_cast<float>(*v);
    }
    std::string str_or(const char* suffix, std::string fallback) const {
        const auto k = key(suffix);
        if (!file_.find(k)) return fallback;
        const auto v = file_.get_string(k);
        if (!v) fail(k, "not a string");
        return std::string(*v);
    }

private:
    uint32_t checked(const std::string& k, std::optional<uint64_t> v) const {
        if (!v) fail(k, "not a non-negative integer");
        if (*v > 1u << 30) fail(k, "value " + std::to_string(*v) + " out of range");
        return static_cast<uint32_t>(*v);
    }
    const gguf::File& file_;
    std::string arch_;
};

}  // namespace

const char* architecture_name(Architecture arch) {
    switch (arch) {
        case Architecture::Llama: return "llama";
        case Architecture::Qwen2: return "qwen2";
        case Architecture::Qwen3: return "qwen3";
        case Architecture::Gemma3: return "gemma3";
    }
    return "?";
}

ModelConfig read_model_config(const gguf::File& file) {
    const auto arch_value = file.get_string("general.architecture");
    if (!arch_value) throw ModelError(file.name() + ": general.architecture: missing");
    ModelConfig c;
    c.arch_name = std::string(*arch_value);
    if (c.arch_name == "llama") {
        c.arch = Architecture::Llama;
    } else if (c.arch_name == "qwen2") {
        c.arch = Architecture::Qwen2;
    } else if (c.arch_name == "qwen3") {
        c.arch = Architecture::Qwen3;
    } else if (c.arch_name == "gemma3") {
        c.arch = Architecture::Gemma3;
    } else {
        throw ModelError(file.name() + ": architecture '" + c.arch_name +
                         "' is not supported (supported: llama, qwen2, qwen3, gemma3)");
    }
    const Reader r(file, c.arch_name);

    c.n_embd = r.u32("embedding_length");
    c.n_layer = r.u32("block_count");
    c.n_ff = r.u32("feed_forward_length");
    c.n_head = r.u32("attention.head_count");
    c.n_head_kv = r.u32_or("attention.head_count_kv", c.n_head);
    if (c.n_embd == 0) r.fail(r.key("embedding_length"), "must be positive");
    if (c.n_layer == 0) r.fail(r.key("block_count"), "must be positive");
    if (c.n_head == 0) r.fail(r.key("attention.head_count"), "must be positive");
    if (c.n_head_kv == 0 || c.n_head % c.n_head_kv != 0)
        r.fail(r.key("attention.head_count_kv"), "must divide attention.head_count");
    c.head_dim_k = r.u32_or("attention.key_length", c.n_embd / c.n_head);
    c.head_dim_v = r.u32_or("attention.value_length", c.n_embd / c.n_head);
    if (c.head_dim_k == 0 || c.head_dim_v == 0)
        r.fail(r.key("attention.key_length"), "head dimension must be positive");
    c.n_rot = r.u32_or("rope.dimension_count", c.head_dim_k);
    if (c.n_rot > c.head_dim_k || c.n_rot % 2 != 0)
        r.fail(r.key("rope.dimension_count"), "must be even and at most the head dimension");
    c.rms_eps = r.f32_or("attention.layer_norm_rms_epsilon", 1e-5f);
    c.context_length = r.u32_or("context_length", 2048);

    c.rope_freq_base = r.f32_or("rope.freq_base", 10000.0f);
    c.rope_scaling_type = r.str_or("rope.scaling.type", "");
    c.rope_scaling_factor = r.f32_or("rope.scaling.factor", 1.0f);
    c.rope_original_context = r.u32_or("rope.scaling.original_context_length", c.context_length);
    const bool yarn = c.rope_scaling_type == "yarn";
    if ((c.rope_scaling_type == "linear" || yarn) && !(c.rope_scaling_factor > 0))
        r.fail(r.key("rope.scaling.factor"), "must be positive");
    if (c.rope_scaling_type == "linear" || yarn)
        c.rope_freq_scale = 1.0f / c.rope_scaling_factor;
    else if (!c.rope_scaling_type.empty() && c.rope_scaling_type != "none" &&
             c.rope_scaling_type != "llama3")
        r.fail(r.key("rope.scaling.type"), "'" + c.rope_scaling_type + "' is not supported");
    if (yarn) {
        // llama.cpp's defaults: the full blend, unscaled attention, betas 32 and 1.
        c.rope_yarn_ext_factor = r.f32_or("rope.scaling.yarn_ext_factor", 1.0f);
        c.rope_yarn_attn_factor = r.f32_or("rope.scaling.attn_factor", 1.0f);
        c.rope_yarn_beta_fast = r.f32_or("rope.scaling.yarn_beta_fast", 32.0f);
        c.rope_yarn_beta_slow = r.f32_or("rope.scaling.yarn_beta_slow", 1.0f);
        if (c.rope_original_context == 0)
            r.fail(r.key("rope.scaling.original_context_length"), "must be positive");
    }

    c.attention_scale = 1.0f / std::sqrt(static_cast<float>(c.head_dim_k));
    c.attn_logit_softcap = r.f32_or("attn_logit_softcapping", 0.0f);
    c.final_logit_softcap = r.f32_or("final_logit_softcapping", 0.0f);
    c.layer_sliding.assign(c.n_layer, false);

    switch (c.arch) {
        case Architecture::Llama: break;
        case Architecture::Qwen2: c.rope_neox = true; break;
        case Architecture::Qwen3:
            c.rope_neox = true;
            c.qk_norm = true;
            break;
        case Architecture::Gemma3:
            // As llama.cpp: local layers use base 10000 and no scaling; every 6th layer is global.
            c.rope_neox = true;
            c.qk_norm = true;
            c.post_norms = true;
            c.gelu_ffn = true;
            c.embedding_scale = std::sqrt(static_cast<float>(c.n_embd));
            c.rope_freq_base_swa = 10000.0f;
            c.sliding_window = r.u32_or("attention.sliding_window", 0);
            for (uint32_t i = 0; i < c.n_layer; ++i)
                c.layer_sliding[i] = c.sliding_window > 0 && (i + 1) % 6 != 0;
            break;
    }

    const auto* embd = file.find_tensor("token_embd.weight");
    if (!embd) throw ModelError(file.name() + ": tensor token_embd.weight: missing");
    if (embd->dims.size() != 2 || embd->dims[1] == 0 || embd->dims[1] > (1u << 30))
        throw ModelError(file.name() + ": tensor token_embd.weight: bad shape");
    c.n_vocab = static_cast<uint32_t>(embd->dims[1]);
    c.tied_embeddings = file.find_tensor("output.weight") == nullptr;
    c.qkv_bias = file.find_tensor("blk.0.attn_q.bias") != nullptr;
    return c;
}

}  // namespace siliang::model
