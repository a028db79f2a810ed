#!/usr/bin/env python3
"""Dump GGUF files as canonical JSON using llama.cpp's reference reader
(the `gguf` package on PyPI), for test_gguf_python_crosscheck.

Usage: gguf_dump.py FILE... -> one JSON list on stdout, one object per file.
Values are tagged with their GGUF type name; integers are decimal strings and
floats the decimal string of their IEEE-754 double bits, so nothing is
rounded on the way; string values are the hex of their bytes, so any byte
sequence survives.
"""
import hashlib
import json
import struct
import sys

from gguf import GGUFReader, GGUFValueType


def decode(parts, i, vtype):
    """Decodes one value of type `vtype` from the reader's flattened parts,
    starting at parts[i]; returns (value, index of the next part)."""
    if vtype == GGUFValueType.STRING:
        return {"string": bytes(parts[i + 1]).hex()}, i + 2  # length, bytes
    if vtype == GGUFValueType.ARRAY:
        etype = GGUFValueType(int(parts[i][0]))
        count = int(parts[i + 1][0])
        i += 2
        items = []
        for _ in range(count):
            value, i = decode(parts, i, etype)
            items.append(value)
        return {"array": etype.name.lower(), "items": items}, i
    x = parts[i][0]
    if vtype == GGUFValueType.BOOL:
        return {"bool": bool(x)}, i + 1
    if vtype in (GGUFValueType.FLOAT32, GGUFValueType.FLOAT64):
        bits = struct.unpack("<Q", struct.pack("<d", float(x)))[0]
        return {vtype.name.lower(): str(bits)}, i + 1
    return {vtype.name.lower(): str(int(x))}, i + 1


def dump(path):
    reader = GGUFReader(path)
    metadata = []
    for field in reader.fields.values():
        if field.name.startswith("GGUF."):  # the reader's own header pseudo-fields
            continue
        value, end = decode(field.parts, 3, field.types[0])  # parts 0-2: key length, key, type
        assert end == len(field.parts), f"{field.name}: {len(field.parts) - end} parts left over"
        metadata.append({"key": field.name, "value": value})
    tensors = []
    for t in reader.tensors:
        tensors.append({
            "name": t.name,
            "type": str(int(t.tensor_type)),
            "dims": [str(int(d)) for d in t.shape],
            "offset": str(t.data_offset - reader.data_offset),
            "n_bytes": str(int(t.n_bytes)),
            "sha256": hashlib.sha256(t.data.tobytes()).hexdigest(),
        })
    return {
        "version": str(int(reader.fields["GGUF.version"].parts[0][0])),
        "alignment": str(int(reader.alignment)),
        "data_offset": str(int(reader.data_offset)),
        "metadata": metadata,
        "tensors": tensors,
    }


if __name__ == "__main__":
    json.dump([dump(p) for p in sys.argv[1:]], sys.stdout, indent=1)
