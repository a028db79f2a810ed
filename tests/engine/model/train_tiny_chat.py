#!/usr/bin/env python3
"""Trains siliang-tiny-chat: a 2-million-parameter Qwen3-architecture chat model that
thinks before it answers, in English and Chinese.

No real chat model small enough for CI is available offline (see README: the PyPI
DeepSeek-R1 7B packages are incomplete and Gemma 3 270M is a base model). A model
we train ourselves exercises everything a random one cannot: a chat template from
the GGUF, end-of-turn tokens, a <think>...</think> block the reasoning splitter must
separate, Qwen3's enable_thinking switch and greedy generations whose text can be
read and checked.

The data is synthetic and fixed by a seed: single-digit arithmetic, capitals of
countries and greetings, in English and Chinese, rendered with Qwen3's own chat
template (Jinja2) in thinking and non-thinking form, plus two-turn chats.

Steps (all on the CPU):
  1. siliang-make-model writes a random-weight model of the target shape with the
     tokenizer (Qwen2's vocabulary reduced to its first ordinary tokens plus every
     control token) and the Qwen3 chat template: the tokenizer and config oracle.
  2. transformers loads that GGUF; its tokenizer is checked against siliang-cli
     tokenize on sample texts, then the model is trained (AdamW, loss on the
     assistant tokens only).
  3. The trained float32 weights are written as raw files per GGUF tensor and
     siliang-make-model --weights-dir packs them into the final GGUF (our writer,
     Q8_0 matrices).
Goldens for the result are made by make_goldens.py (--tiny-chat), from a
transformers run over the final file.

Needs the /tmp/venv-gold environment of make_goldens.py (torch, transformers).
    /tmp/venv-gold/bin/python tests/engine/model/train_tiny_chat.py \
        --make-model build/bin/siliang-make-model --siliang-cli build/bin/siliang-cli \
        -o tests/engine/model/data/siliang-tiny-chat-q8_0.gguf
"""
import argparse
import os
import random
import subprocess
import sys
import tempfile

import jinja2
import numpy as np
import torch
from transformers import AutoModelForCausalLM, AutoTokenizer

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
TESTDATA = os.path.abspath(os.path.join(REPO, "..", "shared", "testdata"))
TEMPLATE = os.path.join(TESTDATA, "templates", "Qwen-Qwen3-0.6B.jinja")
VOCAB = os.path.join(TESTDATA, "vocab", "ggml-vocab-qwen2.gguf")

# Shape: transformers' GGUF loader gives Qwen3 its default head_dim (128), so the
# heads are 128 wide; n_embd is free.
SHAPE = dict(arch="qwen3", embd=192, layers=4, heads=2, kv_heads=1, ff=512, head_dim=128,
             vocab=2048, ctx=1024, rope_base=1000000.0)

CAPITALS = [  # (English country, capital, Chinese country, Chinese capital)
    ("France", "Paris", "法国", "巴黎"), ("Germany", "Berlin", "德国", "柏林"),
    ("Italy", "Rome", "意大利", "罗马"), ("Spain", "Madrid", "西班牙", "马德里"),
    ("Japan", "Tokyo", "日本", "东京"), ("China", "Beijing", "中国", "北京"),
    ("Russia", "Moscow", "俄罗斯", "莫斯科"), ("Egypt", "Cairo", "埃及", "开罗"),
    ("Canada", "Ottawa", "加拿大", "渥太华"), ("Australia", "Canberra", "澳大利亚", "堪培拉"),
    ("Brazil", "Brasilia", "巴西", "巴西利亚"), ("India", "New Delhi", "印度", "新德里"),
    ("Kenya", "Nairobi", "肯尼亚", "内罗毕"), ("Peru", "Lima", "秘鲁", "利马"),
    ("Greece", "Athens", "希腊", "雅典"), ("Norway", "Oslo", "挪威", "奥斯陆"),
    ("Thailand", "Bangkok", "泰国", "曼谷"), ("Mexico", "Mexico City", "墨西哥", "墨西哥城"),
]
EN_NUM = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


def arithmetic(rng, lang):
    a, b = rng.randrange(10), rng.randrange(10)
    op = rng.choice(["plus", "times"] if lang == "en" else ["加", "乘以"])
    c = a + b if op in ("plus", "加") else a * b
    if lang == "en":
        q = rng.choice([f"What is {a} {op} {b}?", f"Compute {a} {op} {b}.",
                        f"How much is {a} {op} {b}?"])
        verb = "add" if op == "plus" else "multiply"
        think = f"The user wants {a} {op} {b}. I {verb} {a} and {b}: {a} {op} {b} is {c}."
        answer = f"{a} {op} {b} is {c}."
    else:
        q = rng.choice([f"{a}{op}{b}等于多少？", f"请计算{a}{op}{b}。"])
        think = f"用户问{a}{op}{b}。{a}{op}{b}等于{c}。"
        answer = f"{a}{op}{b}等于{c}。"
    return q, think, answer


def capital(rng, lang):
    en, cap, zh, zcap = rng.choice(CAPITALS)
    if lang == "en":
        q = rng.choice([f"What is the capital of {en}?", f"Which city is the capital of {en}?"])
        think = f"The question is about {en}. The capital of {en} is {cap}."
        answer = f"The capital of {en} is {cap}."
    else:
        q = rng.choice([f"{zh}的首都是哪里？", f"{zh}的首都是什么？"])
        think = f"问题是关于{zh}的。{zh}的首都是{zcap}。"
        answer = f"{zh}的首都是{zcap}。"
    return q, think, answer


def greeting(rng, lang):
    if lang == "en":
        q = rng.choice(["Hello!", "Hi!", "Who are you?"])
        think = "The user greets me. I answer politely and say who I am."
        answer = "Hello! I am Siliang Tiny, a small model that runs on your computer."
    else:
        q = rng.choice(["你好！", "你是谁？"])
        think = "用户在打招呼。我礼貌地回答并介绍自己。"
        answer = "你好！我是四两小模型，在你的电脑上运行。"
    return q, think, answer


def conversation(rng):
    """A list of (user, think, answer) turns: one or two."""
    turns = []
    for _ in range(1 if rng.random() < 0.75 else 2):
        lang = "en" if rng.random() < 0.55 else "zh"
        task = rng.choices([arithmetic, capital, greeting], weights=[5, 4, 1])[0]
        turns.append(task(rng, lang))
    return turns


def render(template, turns, thinking):
    """(prompt, completion) for the last turn, as Qwen3's template renders them."""
    messages = []
    for user, think, answer in turns[:-1]:
        messages.append({"role": "user", "content": user})
        messages.append({"role": "assistant", "content": answer, "reasoning_content": think})
    user, think, answer = turns[-1]
    messages.append({"role": "user", "content": user})
    prompt = template.render(messages=messages, add_generation_prompt=True,
                             enable_thinking=thinking)
    if thinking:
        completion = f"<think>\n{think}\n</think>\n\n{answer}<|im_end|>"
    else:  # the template already closed an empty think block
        completion = f"{answer}<|im_end|>"
    return prompt, completion


def load_template():
    env = jinja2.Environment(trim_blocks=True, lstrip_blocks=True)
    with open(TEMPLATE, encoding="utf-8") as fh:
        return env.from_string(fh.read())


def make_base(make_model, out, template_path):
    cmd = [make_model, "--arch", SHAPE["arch"], "--embd", str(SHAPE["embd"]), "--layers",
           str(SHAPE["layers"]), "--heads", str(SHAPE["heads"]), "--kv-heads",
           str(SHAPE["kv_heads"]), "--ff", str(SHAPE["ff"]), "--head-dim", str(SHAPE["head_dim"]),
           "--vocab", str(SHAPE["vocab"]), "--ctx", str(SHAPE["ctx"]), "--rope-base",
           repr(SHAPE["rope_base"]), "--tied", "--type", "F32", "--seed", "7", "--keep-control",
           "--chat-template-file", template_path, "--name", "siliang-tiny-chat", "--vocab-from",
           VOCAB, "-o", out]
    subprocess.run(cmd, check=True)
    return cmd


def check_tokenizer(tok, siliang_cli, path, texts):
    for text in texts:
        ours = subprocess.run([siliang_cli, "tokenize", "--special", "-m", path, "-"],
                              input=text, check=True, capture_output=True,
                              text=True).stdout.split()
        theirs = tok(text, add_special_tokens=False)["input_ids"]
        if [int(x) for x in ours] != theirs:
            sys.exit(f"tokenizers disagree on {text!r}:\n ours   {ours}\n theirs {theirs}")


# HF parameter name -> GGUF tensor name (Qwen3, no q/k permutation in GGUF).
def gguf_name(hf):
    if hf == "model.embed_tokens.weight":
        return "token_embd.weight"
    if hf == "model.norm.weight":
        return "output_norm.weight"
    if hf == "lm_head.weight":
        return None  # tied
    parts = hf.split(".")
    assert parts[0] == "model" and parts[1] == "layers", hf
    il, rest = parts[2], ".".join(parts[3:])
    table = {"self_attn.q_proj.weight": "attn_q.weight", "self_attn.k_proj.weight": "attn_k.weight",
             "self_attn.v_proj.weight": "attn_v.weight",
             "self_attn.o_proj.weight": "attn_output.weight",
             "self_attn.q_norm.weight": "attn_q_norm.weight",
             "self_attn.k_norm.weight": "attn_k_norm.weight",
             "input_layernorm.weight": "attn_norm.weight",
             "post_attention_layernorm.weight": "ffn_norm.weight",
             "mlp.gate_proj.weight": "ffn_gate.weight", "mlp.up_proj.weight": "ffn_up.weight",
             "mlp.down_proj.weight": "ffn_down.weight"}
    return f"blk.{il}.{table[rest]}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--make-model", required=True)
    ap.add_argument("--siliang-cli", required=True)
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--steps", type=int, default=700)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()

    torch.manual_seed(0)
    torch.set_num_threads(args.threads)
    rng = random.Random(20261128)
    template = load_template()

    with tempfile.TemporaryDirectory() as tmp:
        base = os.path.join(tmp, "base.gguf")
        make_base(os.path.abspath(args.make_model), base, TEMPLATE)
        tok = AutoTokenizer.from_pretrained(tmp, gguf_file="base.gguf")
        model = AutoModelForCausalLM.from_pretrained(tmp, gguf_file="base.gguf",
                                                     dtype=torch.float32).train()
        print(f"model: {sum(p.numel() for p in model.parameters()) / 1e6:.2f} M parameters")

        samples = []
        for _ in range(6000):
            prompt, completion = render(template, conversation(rng), rng.random() < 0.8)
            p_ids = tok(prompt, add_special_tokens=False)["input_ids"]
            ids = tok(prompt + completion, add_special_tokens=False)["input_ids"]
            if ids[:len(p_ids)] != p_ids:
                continue  # a merge across the boundary: never happens with these texts
            samples.append((ids, len(p_ids)))
        check_tokenizer(tok, args.siliang_cli, base,
                        [render(template, conversation(random.Random(i)), i % 2 == 0)[0] +
                         render(template, conversation(random.Random(i)), i % 2 == 0)[1]
                         for i in range(12)])
        print(f"{len(samples)} samples, longest {max(len(s[0]) for s in samples)} tokens; "
              "tokenizers agree")

        opt = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=0.01,
                                betas=(0.9, 0.98))
        sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=3e-3, total_steps=args.steps,
                                                    pct_start=0.05)
        pad = tok.pad_token_id if tok.pad_token_id is not None else 0
        for step in range(args.steps):
            batch = [samples[rng.randrange(len(samples))] for _ in range(args.batch)]
            width = max(len(ids) for ids, _ in batch)
            x = torch.full((len(batch), width), pad, dtype=torch.long)
            y = torch.full((len(batch), width), -100, dtype=torch.long)
            mask = torch.zeros((len(batch), width), dtype=torch.long)
            for i, (ids, n_prompt) in enumerate(batch):
                x[i, :len(ids)] = torch.tensor(ids)
                mask[i, :len(ids)] = 1
                y[i, n_prompt:len(ids)] = torch.tensor(ids[n_prompt:])
            loss = model(input_ids=x, attention_mask=mask, labels=y).loss
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            if step % 100 == 0 or step == args.steps - 1:
                print(f"step {step} loss {loss.item():.4f}", flush=True)

        model.eval()
        weights = os.path.join(tmp, "weights")
        os.makedirs(weights)
        for hf, p in model.state_dict().items():
            name = gguf_name(hf)
            if name is None:
                continue
            p.detach().to(torch.float32).numpy().astype("<f4").tofile(
                os.path.join(weights, name + ".f32"))
        cmd = make_base(os.path.abspath(args.make_model), base, TEMPLATE)
        final = [c for c in cmd]
        final[final.index("F32")] = "Q8_0"
        final[final.index("-o") + 1] = os.path.abspath(args.output)
        subprocess.run(final + ["--weights-dir", weights], check=True)
        print(f"wrote {args.output} ({os.path.getsize(args.output)} bytes)")


if __name__ == "__main__":
    main()
