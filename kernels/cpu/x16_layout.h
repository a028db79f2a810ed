// Where each GGUF block field lands in an interleaved group (x16.h), per type: shared by
// the rewrite (x16.cpp) and the kernels that read it. Internal to siliang_kernels_cpu.
#pragma once

#include <cstddef>
#include <cstdint>

#include "gguf/gguf_types.h"

namespace siliang::kernels::cpu {

// A run of `bytes` bytes at `offset` in each GGUF block, interleaved into bytes / 4 vectors of
// 64 bytes at `at` in the block's chunk; every byte XORed with `flip` (Q8_0: q + 128).
// `nibbles`: interleaved four bits at a time instead (Q5_0's fifth bits): nibble s of the run
// (bits 4s..4s+3) of row j goes to nibble j of the 8 bytes at `at` + 8s, so those 8 bytes are
// an AVX-512 byte mask selecting, in a vector of 16 rows x 4 quants, the quants 4s..4s+3 whose
// bit is set.
struct X16Field {
    uint16_t offset, bytes, at;
    uint8_t flip;
    bool nibbles;
};

struct X16Layout {
    gguf::TensorType type;
    int block_elems;     // elements per block
    size_t block_bytes;  // bytes per GGUF block
    X16Field fields[3];
    int n_fields;
    uint16_t d_offset;   // the block's fp16 scale: to the tail, per block an array of 16
    size_t chunk_bytes;  // per block of 16 rows, a multiple of 64
    // False: no tail, the scales are a field of the chunk like the rest (Q4_K's d and dmin).
    bool tail = true;

    static constexpr size_t kTailBytes = 16 * 2;  // per block: the 16 rows' scales
    size_t group_bytes(int64_t blocks) const {
        const size_t tail_bytes = tail ? size_t(blocks) * kTailBytes : 0;
        return size_t(blocks) * chunk_bytes + (tail_bytes + 63) / 64 * 64;
    }
};

// Q8_0: d (fp16) at 0, 32 quants at 2. Chunk: the quants as q + 128. Tail: d.
inline constexpr X16Layout kX16Q8_0 = {
    gguf::TensorType::Q8_0, 32, 34, {{2, 32, 0, 0x80, false}, {}}, 1, 0, 512};
// Q4_0: d at 0, 16 nibble bytes at 2 (element i low, i + 16 high). Chunk: the nibble bytes.
inline constexpr X16Layout kX16Q4_0 = {
    gguf::TensorType::Q4_0, 32, 18, {{2, 16, 0, 0, false}, {}}, 1, 0, 256};
// Q5_0: d at 0, the fifth bits (a 32-bit word) at 2, 16 nibble bytes at 6. Chunk: the nibble
// bytes (256), then the fifth bits as 8 byte masks (64).
inline constexpr X16Layout kX16Q5_0 = {
    gguf::TensorType::Q5_0, 32, 22, {{6, 16, 0, 0, false}, {2, 4, 256, 0, true}}, 2, 0, 320};
// Q4_K: d and dmin (fp16) at 0 and 2, 12 bytes of 6-bit sub-block scales and mins at 4, 128
// nibble bytes at 16 (byte 32k + i: element 64k + i low, 64k + 32 + i high). Chunk: the nibble
// bytes (2048: vectors 8k..8k+7 hold elements 64k.. of the 16 rows), the scale bytes (192),
// then d and dmin as one 32-bit word per row (64). No tail.
inline constexpr X16Layout kX16Q4_K = {
    gguf::TensorType::Q4_K,
    256,
    144,
    {{16, 128, 0, 0, false}, {4, 12, 2048, 0, false}, {0, 4, 2240, 0, false}},
    3,
    0,
    2304,
    false};
// Q6_K: 128 bytes of low nibbles at 0 (byte 64h + l: element 128h + l low, 128h + 64 + l high;
// byte 64h + 32 + l: elements 128h + 32 + l and 128h + 96 + l), 64 bytes of high bit pairs at
// 128 (byte 32h + l, pair j: element 128h + 32j + l), 16 int8 sub-block scales at 192, d at
// 208. Chunk: the nibble bytes (2048), the bit pairs (1024), the scales (256). Tail: d.
inline constexpr X16Layout kX16Q6_K = {
    gguf::TensorType::Q6_K,
    256,
    210,
    {{0, 128, 0, 0, false}, {128, 64, 2048, 0, false}, {192, 16, 3072, 0, false}},
    3,
    208,
    3328};
// Byte shuffles (vpshufb controls) for Q4_K's scale bytes in a chunk: 32-bit lane i of the 16
// rows' scale vectors holds, per row, four 6-bit values (byte k: value k). `spread[k]` puts
// byte k of each lane in its low 16 bits, high bits zero; `twice[k]` puts it in both 16-bit
// halves. vpshufb works within 16-byte lanes, so a 256-bit kernel loads the first 32 bytes.
struct X16Q4KShuffles {
    alignas(64) uint8_t spread[4][64];
    alignas(64) uint8_t twice[4][64];
};
constexpr X16Q4KShuffles make_x16_q4k_shuffles() {
    X16Q4KShuffles c{};
    for (int k = 0; k < 4; ++k)
        for (int i = 0; i < 64; ++i) {
            const auto at = static_cast<uint8_t>((i % 16) / 4 * 4 + k);
            c.spread[k][i] = i % 4 == 0 ? at : 0x80;
            c.twice[k][i] = i % 2 == 0 ? at : 0x80;
        }
    return c;
}
inline constexpr X16Q4KShuffles kX16Q4KShuffles = make_x16_q4k_shuffles();

// The layout of `type`, or null.
inline const X16Layout* x16_layout(gguf::TensorType type) {
    switch (type) {
        case gguf::TensorType::Q8_0: return &kX16Q8_0;
        case gguf::TensorType::Q4_0: return &kX16Q4_0;
        case gguf::TensorType::Q5_0: return &kX16Q5_0;
        case gguf::TensorType::Q4_K: return &kX16Q4_K;
        case gguf::TensorType::Q6_K: return &kX16Q6_K;
        default: return nullptr;
    }
}

// Block b's chunk in a group.
inline const uint8_t* x16_chunk(const uint8_t* group, const X16Layout& l, int64_t b) {
    return group + size_t(b) * l.chunk_bytes;
}

// Block b's scales in the tail: 16 fp16, row j's at index j (layouts with a tail).
inline const uint8_t* x16_tail(const uint8_t* group, const X16Layout& l, int64_t blocks,
                               int64_t b) {
    return group + size_t(blocks) * l.chunk_bytes + size_t(b) * X16Layout::kTailBytes;
}

}  // namespace siliang::kernels::cpu
