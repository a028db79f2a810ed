#include "model/model.h"

#include <cmath>

#include "backend/host_memory.h"
#include "backend/registry.h"

namespace siliang::model {
namespace {

std::string shape_string(const std::vector<uint64_t>& dims) {
    std::string s = "[";
    for (size_t i = 0; i < dims.size(); ++i) s += (i ? ", " : "") + std::to_string(dims[i]);
    return s + "]";
}

}  // namespace

Model::Model(gguf::File file, tokenizer::Tokenizer tokenizer, ModelConfig config)
    : file_(std::move(file)), tokenizer_(std::move(tokenizer)), config_(std::move(config)) {}

Model::~Model() = default;

std::unique_ptr<Model> Model::load(const std::filesystem::path& path, const LoadOptions& options) {
    gguf::File file = gguf::File::open(path);
    ModelConfig config = read_model_config(file);
    tokenizer::Tokenizer tok = tokenizer::Tokenizer::from_gguf(file);
    std::unique_ptr<Model> model(new Model(std::move(file), std::move(tok), std::move(config)));
    model->backend_ = backend::create_backend(
        options.backend,
        {.threads = options.threads, .reference_kernels = options.reference_kernels});
    model->load_weights(options);
    // The header (metadata and tensor table) has been copied out: the vocabulary into the
    // tokenizer (Gemma 3's 262k token texts, scores and types are about 6 MB of the file), the
    // rest into config and weights. Its pages leave the resident set; a later metadata read
    // (the chat template) faults them back from the page cache.
    const gguf::File& f = model->file_;
    if (f.file_mapped()) backend::release_mapped_pages(f.bytes().first(f.data_offset()));
    return model;
}

void Model::load_weights(const LoadOptions& options) {
    const auto& c = config_;
    // Each expected tensor is checked for presence, shape and a type the backend supports
    // before it is used, so a bad file fails here, naming the tensor, not in the middle of a turn.
    // Progress counts get() calls: 16 per layer and 4 (3 when tied) others.
    const size_t total = (c.tied_embeddings ? 3 : 4) + size_t{c.n_layer} * 16;
    size_t done = 0;
    auto report = [&] {
        ++done;
        if (options.progress && !options.progress(float(done) / float(total)))
            throw LoadCancelled(file_.name() + ": loading cancelled");
    };
    auto get = [&](const std::string& name, std::vector<uint64_t> dims, bool required,
                   backend::WeightUse use =
                       backend::WeightUse::Matmul) -> std::unique_ptr<backend::Weight> {
        report();
        const auto* t = file_.find_tensor(name);
        if (!t) {
            if (required) throw ModelError(file_.name() + ": tensor " + name + ": missing");
            return nullptr;
        }
        if (t->dims != dims)
            throw ModelError(file_.name() + ": tensor " + name + ": shape " +
                             shape_string(t->dims) + ", expected " + shape_string(dims));
        if (!backend_->supports(t->type)) {
            const auto traits = gguf::type_traits(t->type);
            throw ModelError(file_.name() + ": tensor " + name + ": type " +
                             std::string(traits ? traits->name : "unknown") +
                             " is not supported by the " + backend_->name() + " backend");
        }
        return backend_->make_weight(*t, use);
    };
    const uint64_t E = c.n_embd, V = c.n_vocab, F = c.n_ff;
    const uint64_t QD = uint64_t{c.n_head} * c.head_dim_k,
                   KD = uint64_t{c.n_head_kv} * c.head_dim_k,
                   VD = uint64_t{c.n_head_kv} * c.head_dim_v,
                   OD = uint64_t{c.n_head} * c.head_dim_v;
    // Tied embeddings are the output matrix too; otherwise only rows are looked up.
    token_embd_ = get("token_embd.weight", {E, V}, true,
                      c.tied_embeddings ? backend::WeightUse::Matmul : backend::WeightUse::Lookup);
    output_norm_ = get("output_norm.weight", {E}, true);
    output_ = c.tied_embeddings ? nullptr : get("output.weight", {E, V}, true);
    rope_freqs_ = get("rope_freqs.weight", {c.n_rot / 2}, false);
    layers_.resize(c.n_layer);
    for (uint32_t i = 0; i < c.n_layer; ++i) {
        auto& l = layers_[i];
        const std::string p = "blk." + std::to_string(i) + ".";
        l.attn_norm = get(p + "attn_norm.weight", {E}, true);
        l.wq = get(p + "attn_q.weight", {E, QD}, true);
        l.wk = get(p + "attn_k.weight", {E, KD}, true);
        l.wv = get(p + "attn_v.weight", {E, VD}, true);
        l.wo = get(p + "attn_output.weight", {OD, E}, true);
        l.bq = get(p + "attn_q.bias", {QD}, c.qkv_bias);
        l.bk = get(p + "attn_k.bias", {KD}, c.qkv_bias);
        l.bv = get(p + "attn_v.bias", {VD}, c.qkv_bias);
        l.q_norm = get(p + "attn_q_norm.weight", {c.head_dim_k}, c.qk_norm);
        l.k_norm = get(p + "attn_k_norm.weight", {c.head_dim_k}, c.qk_norm);
        l.attn_post_norm = get(p + "post_attention_norm.weight", {E}, c.post_norms);
        l.ffn_norm = get(p + "ffn_norm.weight", {E}, true);
        l.ffn_gate = get(p + "ffn_gate.weight", {E, F}, true);
        l.ffn_up = get(p + "ffn_up.weight", {E, F}, true);
        l.ffn_down = get(p + "ffn_down.weight", {F, E}, true);
        l.ffn_post_norm = get(p + "post_ffw_norm.weight", {E}, c.post_norms);
    }
}

std::unique_ptr<backend::KvCache> Model::create_kv_cache(uint32_t context, bool f16) {
    return backend_->alloc_kv(config_.n_layer, context, config_.n_head_kv * config_.head_dim_k,
                              config_.n_head_kv * config_.head_dim_v, f16);
}

}  // namespace siliang::model
