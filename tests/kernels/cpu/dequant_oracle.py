#!/usr/bin/env python3
"""Oracle for the CPU reference kernels: gguf-py's numpy (de)quantization.

Used by make_dequant_goldens.py (committed goldens) and, at test time, by the
live tests (fresh random data every run). Every output file is raw
little-endian data; the C++ tests know the layouts.

Subcommands:
  random   --out DIR --seed S --blocks N   per type: TYPE.blocks.bin (edge blocks
                                          first, then N random ones), TYPE.f32.bin
  fp       --out DIR [--seed S]            exhaustive fp16/bf16 -> fp32 and a
                                          structured fp32 -> fp16/bf16 sweep
  quantize --out DIR --seed S --blocks N   input.f32.bin and TYPE.q.bin for every
                                          type gguf-py quantizes
  model    --model PATH                    one line per tensor:
                                          name<TAB>type<TAB>n_elements<TAB>sha256(float32)
"""
from __future__ import annotations

import argparse
import hashlib
import os
import sys

import numpy as np
import gguf
from gguf import GGMLQuantizationType as QT

# name -> (block_size, type_size, byte offsets of half-precision parameters)
BLOCK_TYPES = {
    "Q4_0": (32, 18, [0]),
    "Q4_1": (32, 20, [0, 2]),
    "Q5_0": (32, 22, [0]),
    "Q5_1": (32, 24, [0, 2]),
    "Q8_0": (32, 34, [0]),
    "Q2_K": (256, 84, [80, 82]),
    "Q3_K": (256, 110, [108]),
    "Q4_K": (256, 144, [0, 2]),
    "Q5_K": (256, 176, [0, 2]),
    "Q6_K": (256, 210, [208]),
    "Q8_K": (256, 292, []),  # float32 d at offset 0
}

# Types whose bytes gguf-py can produce from float32.
QUANTIZABLE = ["F16", "BF16", "Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q8_0"]

# Low 16 bits combined with every high half in the fp32 -> fp16/bf16 sweep.
# They put each rounding case at every exponent: exact, just below / at /
# just above the half-way point of fp16 (bit 12) and bf16 (bit 15), ties with
# an even and an odd kept bit, and sticky bits. Must match kFp32SweepLows in
# test_kernels_cpu_fp_conversions.cpp.
FP32_SWEEP_LOWS = [0x0000, 0x0001, 0x0FFF, 0x1000, 0x1001, 0x1FFF, 0x2000, 0x3000,
                   0x3001, 0x7FFF, 0x8000, 0x8001, 0xC000, 0xEFFF, 0xF000, 0xFFFF]


def dequantize_reference(name: str, blocks: np.ndarray) -> np.ndarray:
    """float32 values of packed blocks (uint8, flat). Infinite and NaN scales
    in the edge blocks are intended, so numpy's warnings about them are off."""
    with np.errstate(all="ignore"):
        return _dequantize_reference(name, blocks)


def _dequantize_reference(name: str, blocks: np.ndarray) -> np.ndarray:
    if name == "Q8_K":
        # gguf-py has no Q8_K; this is ggml's dequantize_row_q8_K: d * q in float32.
        b = blocks.reshape(-1, 292)
        d = b[:, 0:4].copy().view(np.float32)
        qs = b[:, 4:260].copy().view(np.int8).astype(np.float32)
        return (d * qs).reshape(-1).astype(np.float32)
    out = gguf.quants.dequantize(blocks, QT[name])
    return np.ascontiguousarray(out, dtype=np.float32).reshape(-1)


def random_finite_halves(rng: np.random.Generator, n: int) -> np.ndarray:
    """Half bit patterns over the whole finite range (subnormals included)."""
    h = rng.integers(0, 0x10000, size=n, dtype=np.uint32).astype(np.uint16)
    inf_or_nan = (h & 0x7C00) == 0x7C00
    h[inf_or_nan] ^= 0x4000  # exponent 31 -> 15: finite
    return h


def realistic_halves(rng: np.random.Generator, n: int) -> np.ndarray:
    """Scales of the size real models have (about 1e-4 .. 1e-1), either sign."""
    v = rng.choice([-1.0, 1.0], size=n) * 10.0 ** rng.uniform(-4, -1, size=n)
    return v.astype(np.float16).view(np.uint16)


def set_halves(block: np.ndarray, offsets: list[int], halves) -> None:
    for off, h in zip(offsets, halves):
        block[off:off + 2] = np.array([h], dtype=np.uint16).view(np.uint8)


def edge_blocks(name: str, rng: np.random.Generator) -> list[np.ndarray]:
    """Hand-picked blocks: zeros, saturated quants, signed zeros, subnormal,
    huge, infinite and NaN scales."""
    _, type_size, offs = BLOCK_TYPES[name]
    out = []

    def block(fill=None):
        if fill is None:
            return rng.integers(0, 256, size=type_size, dtype=np.uint8)
        return np.full(type_size, fill, dtype=np.uint8)

    if name == "Q8_K":
        def with_d(b, d_bits):
            b[0:4] = np.array([d_bits], dtype=np.uint32).view(np.uint8)
            return b
        out.append(block(0))
        out.append(with_d(block(0xFF), 0x3F800000))   # 1.0, all quants -1
        out.append(with_d(block(), 0xBF800000))       # -1.0
        out.append(with_d(block(), 0x80000000))       # -0.0
        out.append(with_d(block(), 0x00000001))       # smallest subnormal
        out.append(with_d(block(), 0x7F7FFFFF))       # FLT_MAX: products overflow to inf
        out.append(with_d(block(), 0x7F800000))       # inf (inf * 0 = NaN)
        out.append(with_d(block(), 0x7FC00001))       # quiet NaN with payload
        return out

    n = len(offs)
    cases = [
        (0, [0x0000] * n),                    # all zero
        (0xFF, [0x3C00] * n),                 # every quant / sub-scale at its maximum, scale 1
        (0xFF, [0xBC00] * n),                 # same with scale -1
        (None, [0x0000, 0x8000][:n]),         # +0 scale, -0 min: signed zeros
        (None, [0x8000, 0x0000][:n]),         # -0 scale, +0 min
        (None, [0x0001, 0x83FF][:n]),         # subnormal scales
        (None, [0x7BFF, 0xFBFF][:n]),         # largest finite scales
        (None, list(realistic_halves(rng, n) | 0x8000)),  # negative realistic scales
        (None, [0x7C00, 0xFC00][:n]),         # infinite scales (inf * 0 = NaN)
        (None, [0x7E00, 0x7C01][:n]),         # quiet and signalling NaN scales
    ]
    for fill, halves in cases:
        b = block(fill)
        set_halves(b, offs, halves)
        out.append(b)
    return out


def random_blocks(name: str, rng: np.random.Generator, count: int) -> list[np.ndarray]:
    """Random bytes with finite scale fields: half over the whole finite range,
    half at realistic magnitudes."""
    _, type_size, offs = BLOCK_TYPES[name]
    out = []
    for i in range(count):
        b = rng.integers(0, 256, size=type_size, dtype=np.uint8)
        if name == "Q8_K":
            if i % 2 == 0:
                d = rng.integers(0, 1 << 32, dtype=np.uint64).astype(np.uint32)
                if (d & 0x7F800000) == 0x7F800000:
                    d ^= np.uint32(0x40000000)
            else:
                d = np.array(rng.uniform(-1e-2, 1e-2), dtype=np.float32).view(np.uint32)
            b[0:4] = np.array([d], dtype=np.uint32).view(np.uint8)
        else:
            halves = random_finite_halves(rng, len(offs)) if i % 2 == 0 else realistic_halves(rng, len(offs))
            set_halves(b, offs, halves)
        out.append(b)
    return out


def write_block_set(out_dir: str, name: str, blocks: list[np.ndarray]) -> None:
    data = np.concatenate(blocks).astype(np.uint8)
    values = dequantize_reference(name, data)
    assert values.size == len(blocks) * BLOCK_TYPES[name][0]
    data.tofile(os.path.join(out_dir, f"{name}.blocks.bin"))
    values.astype("<f4").tofile(os.path.join(out_dir, f"{name}.f32.bin"))


def cmd_random(args) -> None:
    rng = np.random.default_rng(args.seed)
    for name in BLOCK_TYPES:
        write_block_set(args.out, name, edge_blocks(name, rng) + random_blocks(name, rng, args.blocks))


def fp32_sweep_inputs(lows: list[int]) -> np.ndarray:
    hi = np.arange(0x10000, dtype=np.uint32).reshape(-1, 1) << np.uint32(16)
    lo = np.array(lows, dtype=np.uint32).reshape(1, -1)
    return (hi | lo).reshape(-1)


def fp_conversion_outputs(lows: list[int]) -> dict[str, np.ndarray]:
    all16 = np.arange(0x10000, dtype=np.uint32).astype(np.uint16)
    sweep = fp32_sweep_inputs(lows)
    with np.errstate(over="ignore", invalid="ignore"):
        return {
            "fp16_to_fp32": all16.view(np.float16).astype(np.float32).view(np.uint32),
            "bf16_to_fp32": gguf.quants.dequantize(all16.view(np.uint8), QT.BF16).astype(np.float32).view(np.uint32),
            "fp32_to_fp16": sweep.view(np.float32).astype(np.float16).view(np.uint16),
            "fp32_to_bf16": gguf.quants.quantize(sweep.view(np.float32), QT.BF16).view(np.uint16),
        }


def cmd_fp(args) -> None:
    lows = list(FP32_SWEEP_LOWS)
    if args.seed is not None:  # the live test adds random low halves
        rng = np.random.default_rng(args.seed)
        lows += [int(v) for v in rng.integers(0, 0x10000, size=16)]
    np.array(lows, dtype="<u4").tofile(os.path.join(args.out, "fp32_sweep_lows.bin"))
    for key, arr in fp_conversion_outputs(lows).items():
        arr.astype(arr.dtype.newbyteorder("<")).tofile(os.path.join(args.out, f"{key}.bin"))


def quantize_inputs(rng: np.random.Generator, blocks: int) -> np.ndarray:
    """Rows of 32 floats: Gaussian at several scales, plus zero, constant,
    single-spike and all-negative blocks (how the extreme picks the sign)."""
    rows = []
    for i in range(blocks):
        kind = i % 8
        if kind == 0:
            r = np.zeros(32)
        elif kind == 1:
            r = np.full(32, rng.normal())
        elif kind == 2:
            r = np.zeros(32)
            r[rng.integers(32)] = rng.normal() * 100
        elif kind == 3:
            r = -np.abs(rng.normal(size=32))
        else:
            r = rng.normal(size=32) * 10.0 ** rng.uniform(-3, 2)
        rows.append(r)
    return np.concatenate(rows).astype(np.float32)


def cmd_quantize(args) -> None:
    rng = np.random.default_rng(args.seed)
    x = quantize_inputs(rng, args.blocks)
    x.astype("<f4").tofile(os.path.join(args.out, "input.f32.bin"))
    for name in QUANTIZABLE:
        q = gguf.quants.quantize(x, QT[name])
        np.ascontiguousarray(q).view(np.uint8).tofile(os.path.join(args.out, f"{name}.q.bin"))


def cmd_model(args) -> None:
    reader = gguf.GGUFReader(args.model)
    for t in reader.tensors:
        with np.errstate(all="ignore"):
            values = gguf.quants.dequantize(t.data, t.tensor_type)
        values = np.ascontiguousarray(values, dtype=np.float32)
        digest = hashlib.sha256(values.astype("<f4").tobytes()).hexdigest()
        print(f"{t.name}\t{t.tensor_type.name}\t{int(t.n_elements)}\t{digest}")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("random")
    r.add_argument("--out", required=True)
    r.add_argument("--seed", type=int, required=True)
    r.add_argument("--blocks", type=int, default=4096)
    f = sub.add_parser("fp")
    f.add_argument("--out", required=True)
    f.add_argument("--seed", type=int)
    q = sub.add_parser("quantize")
    q.add_argument("--out", required=True)
    q.add_argument("--seed", type=int, required=True)
    q.add_argument("--blocks", type=int, default=4096)
    m = sub.add_parser("model")
    m.add_argument("--model", required=True)
    args = p.parse_args()
    {"random": cmd_random, "fp": cmd_fp, "quantize": cmd_quantize, "model": cmd_model}[args.cmd](args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
