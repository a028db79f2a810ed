#include "cpu/cpu_matmul.h"

#include <algorithm>
#include <array>
#include <cstring>

#include "cpu/cpu_features.h"
#include "cpu/reference_dot.h"
#include "cpu/x16_layout.h"

namespace siliang::kernels::cpu {
namespace {

// Rows per tile in batched matmul: 16 rows of 896 Q8_0 weights are 15 KiB (half of L1), of
// 4864 Q4_K 44 KiB: the tile is read from memory once and from L1/L2 by every token.
constexpr size_t kTileRows = 16;

// Rows a thread unpacks at a time for the gemm path: 32 rows of 4864 elements are
// 228 KiB packed, well inside L2, and every token of the batch passes over them.
constexpr size_t kGemmTileRows = 32;

// Rows up to this long go four at a time through a type's dot4 (vec_dot.h). Longer rows stay
// one at a time: four streams of 5 KiB rows (1.5B's ffn_down, 8960 wide) read memory 10-20%
// slower than one (decode -9%, alternating per token in one run), while for 1536-wide rows the
// four-row kernel is 1.2-1.3x faster in cache and decode here, bound by memory, is unchanged.
constexpr size_t kDot4MaxRowBytes = 2048;

// Rows [r0, r1) of w dotted with activations a into y: four at a time where the type has a
// four-row kernel (dot4, or null).
void dot_rows(const CpuWeight& w, VecDotFn dot, VecDot4Fn dot4, int64_t cols, size_t r0, size_t r1,
              const std::byte* a, float* y) {
    const std::byte* base = w.row(0);
    const size_t stride = w.row_bytes;
    size_t r = r0;
    if (dot4)
        for (; r + 4 <= r1; r += 4) dot4(cols, base + r * stride, stride, a, y + r);
    for (; r < r1; ++r) y[r] = dot(cols, base + r * stride, a);
}

}  // namespace

void matmul_reference(ThreadPool& pool, const CpuWeight& w, const float* xs, size_t n, float* ys) {
    const size_t cols = w.cols(), rows = w.rows();
    pool.parallel_for(rows, [&](size_t begin, size_t end, int) {
        std::vector<float> row(cols);
        for (size_t r = begin; r < end; ++r) {
            w.row_f32(r, row.data());
            for (size_t t = 0; t < n; ++t)
                ys[t * rows + r] = reference_dot(row.data(), xs + t * cols, cols);
        }
    });
}

bool Matmul::run(ThreadPool& pool, const CpuWeight& w, const float* xs, size_t n, float* ys) {
    const WeightKernel kernel = k_.for_type(w.type());
    if (!kernel.dot) return false;
    const size_t cols = w.cols(), rows = w.rows();
#if defined(SILIANG_KERNELS_AMX)
    if (n >= kAmxMinTokens && gemm_packable(w.type()) && cols % 32 == 0 && k_.isa == Isa::Avx512 &&
        amx_usable()) {
        run_amx(pool, w, xs, n, ys);
        return true;
    }
#endif
    if (n >= kGemmMinTokens && k_.gemm_tile && gemm_packable(w.type()) && cols % 32 == 0) {
        run_gemm(pool, w, xs, n, ys);
        return true;
    }
    if (n == 1) {
        const Product one{&w, ys};
        return run_one_token(pool, std::span<const Product>(&one, 1), xs);
    }
    const VecDotFn dot = kernel.dot;

    // Activations in the kernel's format: float rows as they are, else quantized per token.
    const std::byte* acts = reinterpret_cast<const std::byte*>(xs);
    size_t act_row = cols * sizeof(float);
    if (kernel.act != ActFormat::F32) {
        const QuantizeActFn quantize =
            kernel.act == ActFormat::Q8_32 ? k_.quantize_q8_32 : k_.quantize_q8_256;
        act_row = act_bytes(kernel.act, static_cast<int64_t>(cols));
        if (act_.size() < n * act_row) act_.resize(n * act_row);
        std::byte* dst = act_.data();
        const auto quantize_tokens = [&](size_t begin, size_t end, int) {
            for (size_t t = begin; t < end; ++t)
                quantize(xs + t * cols, dst + t * act_row, static_cast<int64_t>(cols));
        };
        if (n == 1)
            quantize_tokens(0, 1, 0);
        else
            pool.parallel_for(n, quantize_tokens);
        acts = dst;
    }

    if (w.x16) {
        run_x16(pool, *w.x16, acts, act_row, n, ys);
        return true;
    }
    const auto c = static_cast<int64_t>(cols);
    const VecDot4Fn dot4 = w.row_bytes <= kDot4MaxRowBytes ? kernel.dot4 : nullptr;
    const size_t tiles = (rows + kTileRows - 1) / kTileRows;
    pool.parallel_for(tiles, [&](size_t begin, size_t end, int) {
        for (size_t tile = begin; tile < end; ++tile) {
            const size_t r0 = tile * kTileRows, r1 = std::min(rows, r0 + kTileRows);
            for (size_t t = 0; t < n; ++t)
                dot_rows(w, dot, dot4, c, r0, r1, acts + t * act_row, ys + t * rows);
        }
    });
    return true;
}

bool Matmul::run_one_token(ThreadPool& pool, std::span<const Product> products, const float* xs) {
    if (products.empty() || products.size() > kMaxProducts) return false;
    const size_t cols = products[0].w->cols();
    const auto c = static_cast<int64_t>(cols);
    // What each product runs, and its units: groups of 16 interleaved rows, or quads of rows
    // (whole quads per unit, so that every unit but a weight's last runs dot4 only).
    struct Job {
        WeightKernel kernel;
        VecDot4Fn dot4 = nullptr;
        X16GemvFn gemv = nullptr;
        const std::byte* act = nullptr;
        size_t units = 0;
    };
    std::array<Job, kMaxProducts> jobs;
    // Bytes of act_ before each format's activations (formats: F32, Q8_32, Q8_256).
    constexpr size_t kNone = ~size_t{0};
    std::array<size_t, 3> act_at = {kNone, kNone, kNone};
    size_t act_total = 0;
    for (size_t i = 0; i < products.size(); ++i) {
        const CpuWeight& w = *products[i].w;
        Job& job = jobs[i];
        job.kernel = k_.for_type(w.type());
        if (!job.kernel.dot || w.cols() != cols) return false;
        const auto f = static_cast<size_t>(job.kernel.act);
        if (job.kernel.act != ActFormat::F32 && act_at[f] == kNone) {
            act_at[f] = act_total;
            act_total += act_bytes(job.kernel.act, c);
        }
        if (w.x16) {
            job.gemv = x16_gemv_for(w.type(), k_.isa);
            job.units = w.rows() / kX16Rows;
        } else {
            job.dot4 = w.row_bytes <= kDot4MaxRowBytes ? job.kernel.dot4 : nullptr;
            job.units = (w.rows() + 3) / 4;
        }
    }
    if (act_.size() < act_total) act_.resize(act_total);
    if (act_at[size_t(ActFormat::Q8_32)] != kNone)
        k_.quantize_q8_32(xs, act_.data() + act_at[size_t(ActFormat::Q8_32)], c);
    if (act_at[size_t(ActFormat::Q8_256)] != kNone)
        k_.quantize_q8_256(xs, act_.data() + act_at[size_t(ActFormat::Q8_256)], c);
    size_t total = 0;
    for (size_t i = 0; i < products.size(); ++i) {
        Job& job = jobs[i];
        job.act = job.kernel.act == ActFormat::F32
                      ? reinterpret_cast<const std::byte*>(xs)
                      : act_.data() + act_at[static_cast<size_t>(job.kernel.act)];
        total += job.units;
    }
    // Units [begin, end) of product i.
    const auto run_units = [&](size_t i, size_t begin, size_t end) {
        const CpuWeight& w = *products[i].w;
        const Job& job = jobs[i];
        float* y = products[i].y;
        if (w.x16) {
            for (size_t g = begin; g < end; ++g) {
                if (job.gemv)
                    job.gemv(w.x16->group(g), w.x16->blocks(), job.act, y + g * kX16Rows);
                else
                    detail::x16_gemv_ref(w.type(), w.x16->group(g), w.x16->blocks(), job.act,
                                         y + g * kX16Rows);
            }
            return;
        }
        dot_rows(w, job.kernel.dot, job.dot4, c, begin * 4, std::min(w.rows(), end * 4), job.act,
                 y);
    };
    pool.parallel_for(total, [&](size_t begin, size_t end, int) {
        size_t first = 0;  // the first unit of product i
        for (size_t i = 0; i < products.size() && begin < end; ++i) {
            const size_t last = first + jobs[i].units;
            if (begin < last) {
                const size_t stop = std::min(end, last);
                run_units(i, begin - first, stop - first);
                begin = stop;
            }
            first = last;
        }
    });
    return true;
}

void Matmul::run_x16(ThreadPool& pool, const X16Weight& w, const std::byte* acts, size_t act_row,
                     size_t n, float* ys) {
    // The backend rewrites weights only where the kernel exists; a Matmul with other kernels
    // still gets the right products, from the reference.
    const X16GemvFn gemv = x16_gemv_for(w.type(), k_.isa);
    const size_t rows = w.rows();
    pool.parallel_for(rows / kX16Rows, [&](size_t begin, size_t end, int) {
        float y[kX16Rows];
        for (size_t g = begin; g < end; ++g) {
            for (size_t t = 0; t < n; ++t) {
                if (gemv)
                    gemv(w.group(g), w.blocks(), acts + t * act_row, y);
                else
                    detail::x16_gemv_ref(w.type(), w.group(g), w.blocks(), acts + t * act_row, y);
                std::memcpy(ys + t * rows + g * kX16Rows, y, sizeof y);
            }
        }
    });
}

const std::byte* Matmul::gguf_rows(const CpuWeight& w, size_t r0, size_t count, int thread) {
    if (!w.x16) return w.row(r0);
    std::vector<std::byte>& rows = unpacked_[static_cast<size_t>(thread)];
    if (rows.size() < count * w.row_bytes) rows.resize(count * w.row_bytes);
    w.x16->unpack_rows(r0, count, rows.data());
    return rows.data();
}

void Matmul::pack_batch(ThreadPool& pool, const float* xs, size_t n, size_t rows, size_t cols) {
    const auto c = static_cast<int64_t>(cols);
    if (gemm_act_.rows < rows || gemm_act_.n != c) gemm_act_.resize(rows, c);
    pool.parallel_for(n, [&](size_t begin, size_t end, int) {
        pack_activations(k_.quantize_q8_32, xs, cols, begin, end, gemm_act_);
    });
}

void Matmul::run_gemm(ThreadPool& pool, const CpuWeight& w, const float* xs, size_t n, float* ys) {
    const size_t cols = w.cols(), rows = w.rows();
    const auto c = static_cast<int64_t>(cols);
    pack_batch(pool, xs, n, n, cols);
    if (gemm_tiles_.size() < static_cast<size_t>(pool.threads()))
        gemm_tiles_.resize(static_cast<size_t>(pool.threads()));
    const GemmTileFn tile_fn = k_.gemm_tile;
    if (unpacked_.size() < static_cast<size_t>(pool.threads()))
        unpacked_.resize(static_cast<size_t>(pool.threads()));
    const size_t tiles = (rows + kGemmTileRows - 1) / kGemmTileRows;
    pool.parallel_for(tiles, [&](size_t begin, size_t end, int thread) {
        GemmRows& packed = gemm_tiles_[static_cast<size_t>(thread)];
        for (size_t tile = begin; tile < end; ++tile) {
            const size_t r0 = tile * kGemmTileRows, count = std::min(rows - r0, kGemmTileRows);
            pack_rows(w.type(), gguf_rows(w, r0, count, thread), w.row_bytes, count, c, packed);
            for (size_t t = 0; t < n; t += kGemmMaxTokens) {
                const int nt = static_cast<int>(std::min<size_t>(kGemmMaxTokens, n - t));
                for (size_t r = 0; r < count; r += kGemmMaxRows) {
                    const int nr = static_cast<int>(std::min<size_t>(kGemmMaxRows, count - r));
                    tile_fn(packed, r, nr, gemm_act_, t, nt, ys + t * rows + r0 + r, rows);
                }
            }
        }
    });
}

void Matmul::run_amx([[maybe_unused]] ThreadPool& pool, [[maybe_unused]] const CpuWeight& w,
                     [[maybe_unused]] const float* xs, [[maybe_unused]] size_t n,
                     [[maybe_unused]] float* ys) {
#if defined(SILIANG_KERNELS_AMX)
    const size_t cols = w.cols(), rows = w.rows();
    const auto c = static_cast<int64_t>(cols);
    // Whole 16-token tiles: the last one reads rows past the batch.
    pack_batch(pool, xs, n, (n + 15) / 16 * 16, cols);
    if (amx_tiles_.size() < static_cast<size_t>(pool.threads()))
        amx_tiles_.resize(static_cast<size_t>(pool.threads()));
    if (unpacked_.size() < static_cast<size_t>(pool.threads()))
        unpacked_.resize(static_cast<size_t>(pool.threads()));
    // Interleaved 32-element blocks are AMX tiles as they are; other interleaved types
    // (Q4_K) are unpacked to GGUF rows a tile at a time and packed like the file's.
    const bool x16_tiles = w.x16 && x16_layout(w.type())->block_elems == 32;
    const size_t tiles = (rows + kAmxRows - 1) / kAmxRows;
    pool.parallel_for(tiles, [&](size_t begin, size_t end, int thread) {
        AmxWeightTile& tile = amx_tiles_[static_cast<size_t>(thread)];
        for (size_t t = begin; t < end; ++t) {
            const size_t r0 = t * kAmxRows, count = std::min(rows - r0, kAmxRows);
            if (x16_tiles)
                detail::amx_x16_weights(*w.x16, r0, count, tile);
            else
                detail::amx_pack_weights(w.type(), gguf_rows(w, r0, count, thread), w.row_bytes,
                                         count, c, tile);
            detail::amx_multiply(tile, count, gemm_act_, n, ys + r0, rows);
        }
    });
#endif
}

}  // namespace siliang::kernels::cpu
