// The transformer forward pass, written once for llama, qwen2, qwen3 and
// gemma3 as a sequence of backend ops; the config flags say which optional
// steps a given architecture takes (as llama.cpp's per-arch graph builders):
//
//   x = embed(tokens) * embedding_scale
//   per layer:  h = norm(x);  q,k,v = h·W (+ bias);  q,k = norm per head (qk_norm);
//               rope(q,k);  a = attention(q, cache)·Wo;  a = post_norm(a);  x += a
//               h = norm(x);  f = (act(h·Wgate) * h·Wup)·Wdown;  f = post_norm(f);  x += f
//   logits = norm(x)·Wout  (softcapped when the model says so)
#include <algorithm>

#include "model/model.h"

namespace siliang::model {

bool Model::forward(std::span<const int32_t> tokens, uint32_t pos0, backend::KvCache& cache,
                    bool all_logits, std::span<float> logits, const std::atomic<bool>* cancel) {
    const auto& c = config_;
    auto& be = *backend_;
    const size_t n = tokens.size();
    if (n == 0) return true;
    const size_t n_out = all_logits ? n : 1;
    if (!logits.empty() && logits.size() < n_out * c.n_vocab)
        throw ModelError(file_.name() + ": forward: logits buffer too small");
    for (int32_t t : tokens)
        if (t < 0 || static_cast<uint32_t>(t) >= c.n_vocab)
            throw ModelError(file_.name() + ": token id " + std::to_string(t) +
                             " out of range (vocabulary of " + std::to_string(c.n_vocab) + ")");

    const size_t E = c.n_embd, QD = size_t{c.n_head} * c.head_dim_k,
                 KD = size_t{c.n_head_kv} * c.head_dim_k, VD = size_t{c.n_head_kv} * c.head_dim_v,
                 OD = size_t{c.n_head} * c.head_dim_v;
    if (act_.tokens < n) {
        act_.x = be.alloc(n * E), act_.h = be.alloc(n * E), act_.a = be.alloc(n * E);
        act_.q = be.alloc(n * QD), act_.k = be.alloc(n * KD), act_.v = be.alloc(n * VD);
        act_.o = be.alloc(n * OD);
        act_.gate = be.alloc(n * c.n_ff), act_.up = be.alloc(n * c.n_ff);
        act_.tokens = n;
    }
    auto &x = act_.x, &h = act_.h, &a = act_.a, &q = act_.q, &k = act_.k, &v = act_.v, &o = act_.o,
         &gate = act_.gate, &up = act_.up;

    be.get_rows(*token_embd_, tokens, *x);
    if (c.embedding_scale != 1.0f) be.scale(*x, c.embedding_scale, n * E);

    backend::AttentionParams ap{.n_head = c.n_head,
                                .n_head_kv = c.n_head_kv,
                                .head_dim_k = c.head_dim_k,
                                .head_dim_v = c.head_dim_v,
                                .scale = c.attention_scale,
                                .window = 0,
                                .logit_softcap = c.attn_logit_softcap};
    for (uint32_t il = 0; il < c.n_layer; ++il) {
        if (cancel && cancel->load(std::memory_order_relaxed)) return false;
        const auto& l = layers_[il];
        const bool sliding = c.layer_sliding[il];

        be.rms_norm(*x, l.attn_norm.get(), n, E, c.rms_eps, *h);
        const backend::MatmulTarget qkv[] = {
            {l.wq.get(), q.get()}, {l.wk.get(), k.get()}, {l.wv.get(), v.get()}};
        be.matmuls(qkv, *h, n);
        if (l.bq) be.add_bias(*q, *l.bq, n);
        if (l.bk) be.add_bias(*k, *l.bk, n);
        if (l.bv) be.add_bias(*v, *l.bv, n);
        if (l.q_norm) be.rms_norm(*q, l.q_norm.get(), n * c.n_head, c.head_dim_k, c.rms_eps, *q);
        if (l.k_norm) be.rms_norm(*k, l.k_norm.get(), n * c.n_head_kv, c.head_dim_k, c.rms_eps, *k);

        backend::RopeParams rp{
            .mode = c.rope_neox ? backend::RopeMode::NeoX : backend::RopeMode::Normal,
            .n_rot = c.n_rot,
            .freq_base = sliding ? c.rope_freq_base_swa : c.rope_freq_base,
            .freq_scale = sliding ? 1.0f : c.rope_freq_scale,
            .freq_factors = sliding ? nullptr : rope_freqs_.get(),
            .ext_factor = sliding ? 0.0f : c.rope_yarn_ext_factor,
            .attn_factor = sliding ? 1.0f : c.rope_yarn_attn_factor,
            .beta_fast = c.rope_yarn_beta_fast,
            .beta_slow = c.rope_yarn_beta_slow,
            .original_context = c.rope_original_context};
        be.rope(*q, n, c.n_head, c.head_dim_k, pos0, rp);
        be.rope(*k, n, c.n_head_kv, c.head_dim_k, pos0, rp);

        be.store_kv(cache, il, pos0, n, *k, *v);
        ap.window = sliding ? c.sliding_window : 0;
        be.attention(*q, cache, il, n, pos0, ap, *o);
        be.matmul(*l.wo, *o, n, *a);
        if (l.attn_post_norm) be.rms_norm(*a, l.attn_post_norm.get(), n, E, c.rms_eps, *a);
        be.add(*x, *a, n * E);

        be.rms_norm(*x, l.ffn_norm.get(), n, E, c.rms_eps, *h);
        const backend::MatmulTarget gate_up[] = {{l.ffn_gate.get(), gate.get()},
                                                 {l.ffn_up.get(), up.get()}};
        be.matmuls(gate_up, *h, n);
        be.gated_activation(*gate, *up, n * c.n_ff,
                            c.gelu_ffn ? backend::Activation::GeluTanh : backend::Activation::Silu);
        be.matmul(*l.ffn_down, *gate, n, *a);
        if (l.ffn_post_norm) be.rms_norm(*a, l.ffn_post_norm.get(), n, E, c.rms_eps, *a);
        be.add(*x, *a, n * E);
    }

    if (logits.empty()) return true;  // an intermediate batch: only the cache was wanted
    // Only the rows whose logits are wanted go through the (large) LM head.
    be.rms_norm(*x, output_norm_.get(), n, E, c.rms_eps, *h);
    if (act_.logit_rows < n_out) {
        act_.logits = be.alloc(n_out * c.n_vocab);
        act_.logit_rows = n_out;
    }
    auto& out = act_.logits;
    be.matmul(output_ ? *output_ : *token_embd_, *h, n_out, *out, all_logits ? 0 : (n - 1) * E);
    if (c.final_logit_softcap > 0) be.softcap(*out, n_out * c.n_vocab, c.final_logit_softcap);
    be.download(*out, logits.first(n_out * c.n_vocab));
    return true;
}

}  // namespace siliang::model
