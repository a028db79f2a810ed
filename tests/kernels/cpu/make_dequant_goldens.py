#!/usr/bin/env python3
"""Regenerates the committed goldens in goldens/ from gguf-py (fixed seed).

    python3 tests/kernels/cpu/make_dequant_goldens.py

Writes, for each block type, TYPE.blocks.bin (edge blocks, then random ones)
and TYPE.f32.bin (gguf-py's float32 dequantization); quantize.input.f32.bin
with TYPE.q.bin (gguf-py's quantization of it); and fp_conversions.sha256 (the
SHA-256 of numpy's exhaustive fp16/bf16 -> fp32 conversion and of the
structured fp32 -> fp16/bf16 sweep). Needs numpy and gguf (gguf-py >= 0.10).
"""
from __future__ import annotations

import hashlib
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import dequant_oracle as oracle  # noqa: E402

SEED = 20261128
RANDOM_BLOCKS_LEGACY = 38  # plus 10 edge blocks: 48 blocks of 32
RANDOM_BLOCKS_K = 6        # plus 10 (Q8_K: 8) edge blocks: 16 of 256
QUANTIZE_BLOCKS = 64


def main() -> int:
    out = os.path.join(HERE, "goldens")
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(SEED)
    for name, (block_size, _, _) in oracle.BLOCK_TYPES.items():
        count = RANDOM_BLOCKS_K if block_size == 256 else RANDOM_BLOCKS_LEGACY
        if name == "Q8_K":
            count += 2
        blocks = oracle.edge_blocks(name, rng) + oracle.random_blocks(name, rng, count)
        oracle.write_block_set(out, name, blocks)

    x = oracle.quantize_inputs(rng, QUANTIZE_BLOCKS)
    x.astype("<f4").tofile(os.path.join(out, "quantize.input.f32.bin"))
    for name in oracle.QUANTIZABLE:
        q = oracle.gguf.quants.quantize(x, oracle.QT[name])
        np.ascontiguousarray(q).view(np.uint8).tofile(os.path.join(out, f"quantize.{name}.q.bin"))

    with open(os.path.join(out, "fp_conversions.sha256"), "w") as f:
        for key, arr in oracle.fp_conversion_outputs(oracle.FP32_SWEEP_LOWS).items():
            data = arr.astype(arr.dtype.newbyteorder("<")).tobytes()
            f.write(f"{key} {hashlib.sha256(data).hexdigest()}\n")

    total = sum(os.path.getsize(os.path.join(out, n)) for n in os.listdir(out))
    print(f"wrote {len(os.listdir(out))} files, {total} bytes, to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
