// Weights interleaved 16 rows at a time (x16.h), for Q8_0, Q4_0, Q5_0, Q4_K and Q6_K: the rewrite
// must lose nothing and every reader must see the weights the GGUF file holds.
//  - unpack_rows gives back the original blocks byte for byte (random bytes in every field,
//    so every quant and scale bit pattern), and dequantize_row equals the reference
//    dequantization bit for bit;
//  - the reference gemv equals the type's reference dot bit for bit, the AVX-512 one is
//    within float rounding of it (integer block sums exact), also with every quant, scale and
//    activation at its extreme (a planted int16 overflow in Q4_K's chains fails only there);
//  - through the backend: matmul at every batch size (interleaved gemv, gemm tiles, AMX)
//    and get_rows on a rewritten weight match the same weight left in GGUF form, a
//    lookup-only table is not rewritten, and the rewritten weight's file pages leave the
//    resident set while the data stays intact, and stay out when a neighbour is read.
#include <QtTest>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#if defined(__linux__)
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

#include "cpu/cpu_backend.h"
#include "cpu/cpu_buffers.h"
#include "cpu/dequantize.h"
#include "cpu/quant_blocks.h"
#include "cpu/vec_dot.h"
#include "cpu/vec_dot_impl.h"
#include "cpu/x16.h"
#include "cpu/x16_layout.h"
#include "gguf/gguf_reader.h"
#include "gguf/gguf_types.h"
#include "gguf/gguf_writer.h"
#include "resident_pages.h"

using namespace siliang;
using namespace siliang::kernels::cpu;
using gguf::TensorType;
namespace cpu = siliang::kernels::cpu;

namespace {

// Where a GGUF block of `type` keeps its fp16 scales: d, and Q4_K's dmin after it.
std::vector<size_t> fp16_fields(TensorType type) {
    if (type == TensorType::Q4_K) return {0, 2};
    if (type == TensorType::Q6_K) return {208};
    return {x16_layout(type)->d_offset};
}

// Random rows of `type`: random bytes (every quant and sub-block scale pattern), with the
// fp16 scales set to finite values of both signs around 1/64.
std::vector<std::byte> random_rows(TensorType type, uint64_t rows, uint64_t cols,
                                   std::mt19937& rng) {
    const X16Layout& l = *x16_layout(type);
    const uint64_t blocks = rows * cols / uint64_t(l.block_elems);
    std::vector<std::byte> out(blocks * l.block_bytes);
    std::uniform_int_distribution<int> byte(0, 255);
    std::uniform_real_distribution<float> scale(-0.03f, 0.03f);
    for (auto& v : out) v = static_cast<std::byte>(byte(rng));
    for (uint64_t i = 0; i < blocks; ++i)
        for (size_t at : fp16_fields(type)) {
            const uint16_t h = fp32_to_fp16(scale(rng));
            std::memcpy(out.data() + i * l.block_bytes + at, &h, 2);
        }
    return out;
}

// The activation format the type's dots take: 32-element blocks, or 256 for Q4_K.
ActFormat act_format(TensorType type) {
    return kernels_for(Isa::Ref).for_type(type).act;
}

// Activations x quantized by the reference, in the type's format.
std::vector<std::byte> quantize_activations(TensorType type, const std::vector<float>& x) {
    const ActFormat format = act_format(type);
    const auto n = static_cast<int64_t>(x.size());
    std::vector<std::byte> act(act_bytes(format, n));
    if (format == ActFormat::Q8_256)
        detail::quantize_act_q8_256_ref(x.data(), act.data(), n);
    else
        detail::quantize_act_q8_32_ref(x.data(), act.data(), n);
    return act;
}

// Random normal activations of `cols` elements, quantized as above.
std::vector<std::byte> quantized_activations(TensorType type, uint64_t cols, std::mt19937& rng) {
    std::normal_distribution<float> dist(0.0f, 1.0f);
    std::vector<float> x(cols);
    for (float& v : x) v = dist(rng);
    return quantize_activations(type, x);
}

// The activation values d * q that the dots multiply with.
template <typename Block>
void block_values(const std::vector<std::byte>& act, std::vector<float>& x) {
    constexpr size_t n = sizeof(Block::qs);
    for (size_t b = 0; b < x.size() / n; ++b) {
        Block blk;
        std::memcpy(&blk, act.data() + b * sizeof blk, sizeof blk);
        for (size_t i = 0; i < n; ++i) x[n * b + i] = blk.d * blk.qs[i];
    }
}
void activation_values(TensorType type, const std::vector<std::byte>& act, std::vector<float>& x) {
    if (act_format(type) == ActFormat::Q8_256)
        block_values<ActQ8_256>(act, x);
    else
        block_values<ActQ8_32>(act, x);
}

size_t row_bytes_of(TensorType type, uint64_t cols) {
    const X16Layout& l = *x16_layout(type);
    return size_t(cols) / size_t(l.block_elems) * l.block_bytes;
}

// Every interleaved type at each width that is a whole number of its blocks.
void add_types(const char* shape, int rows, const std::vector<int>& cols_list) {
    for (TensorType t :
         {TensorType::Q8_0, TensorType::Q4_0, TensorType::Q5_0, TensorType::Q4_K, TensorType::Q6_K})
        for (int cols : cols_list)
            if (cols % x16_layout(t)->block_elems == 0)
                QTest::addRow("%s/%s/%dx%d", gguf::type_traits(t)->name.data(), shape, rows, cols)
                    << static_cast<int>(t) << rows << cols;
}

// Writes `tensor` as the only tensor "w" of a GGUF file at `path` and maps it.
gguf::File mapped_file(const std::filesystem::path& path, TensorType type, uint64_t rows,
                       uint64_t cols, const std::vector<std::byte>& tensor) {
    gguf::Writer writer;
    writer.add_tensor("w", type, {cols, rows}, tensor);
    writer.write_to_file(path);
    gguf::File file = gguf::File::open(path);
    std::filesystem::remove(path);  // the mapping keeps the data
    return file;
}

std::filesystem::path temp_file(const char* stem) {
    return std::filesystem::temp_directory_path() /
           (std::string(stem) + std::to_string(QCoreApplication::applicationPid()) + ".gguf");
}

#if defined(__linux__)
// Resident kB of the mapping that contains `p`, from /proc/self/smaps; -1 if none does.
long resident_kb(const void* p) {
    const auto addr = reinterpret_cast<unsigned long>(p);
    std::ifstream smaps("/proc/self/smaps");
    std::string line;
    bool inside = false;
    while (std::getline(smaps, line)) {
        unsigned long lo = 0, hi = 0;
        if (std::sscanf(line.c_str(), "%lx-%lx ", &lo, &hi) == 2)
            inside = lo <= addr && addr < hi;
        else if (inside && line.rfind("Rss:", 0) == 0)
            return std::stol(line.substr(4));
    }
    return -1;
}
#endif

}  // namespace

// The interleaved kernels this CPU can run for `type`: AVX-512 and AVX-VNNI (Isa::Avx2).
struct FastKernel {
    const char* isa;
    X16GemvFn gemv;
};
std::vector<FastKernel> fast_kernels(TensorType type) {
    std::vector<FastKernel> out;
    for (Isa isa : {Isa::Avx512, Isa::Avx2})
        if (isa_available(isa))
            if (const X16GemvFn f = x16_gemv_for(type, isa)) out.push_back({isa_name(isa), f});
#if defined(SILIANG_KERNELS_X86_SIMD)
    // The plain AVX2 kernels too, which x16_gemv_for passes over on a CPU with AVX-VNNI.
    X16GemvFn plain = nullptr;
    switch (type) {
        case TensorType::Q8_0: plain = detail::x16_gemv_q8_0_avx2; break;
        case TensorType::Q4_0: plain = detail::x16_gemv_q4_0_avx2; break;
        case TensorType::Q5_0: plain = detail::x16_gemv_q5_0_avx2; break;
        case TensorType::Q4_K: plain = detail::x16_gemv_q4_k_avx2; break;
        case TensorType::Q6_K: plain = detail::x16_gemv_q6_k_avx2; break;
        default: break;
    }
    if (plain && isa_available(Isa::Avx2) && (out.empty() || out.back().gemv != plain))
        out.push_back({"avx2 without VNNI", plain});
#endif
    return out;
}

class TestX16 : public QObject {
    Q_OBJECT

private slots:
    void rewriteIsExactlyInvertible_data() {
        QTest::addColumn<int>("type");
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("cols");
        add_types("one group", 16, {32, 96, 256});
        add_types("three groups", 48, {896, 1536});
    }
    void rewriteIsExactlyInvertible() {
        QFETCH(int, type);
        QFETCH(int, rows);
        QFETCH(int, cols);
        const auto t = static_cast<TensorType>(type);
        std::mt19937 rng(static_cast<unsigned>(type * 7919 + rows * 1000 + cols));
        const auto src = random_rows(t, uint64_t(rows), uint64_t(cols), rng);
        const size_t row_bytes = row_bytes_of(t, uint64_t(cols));
        const X16Weight w(t, src.data(), row_bytes, uint64_t(rows), uint64_t(cols));

        std::vector<std::byte> back(src.size());
        w.unpack_rows(0, size_t(rows), back.data());
        QVERIFY(back == src);
        // A range that starts and ends inside groups, and one past the end (refused).
        const size_t count = size_t(rows) - 7;
        std::vector<std::byte> part(count * row_bytes);
        w.unpack_rows(5, count, part.data());
        QVERIFY(std::memcmp(part.data(), src.data() + 5 * row_bytes, part.size()) == 0);
        QVERIFY_THROWS_EXCEPTION(std::out_of_range, w.unpack_rows(8, count, part.data()));

        std::vector<float> got(static_cast<size_t>(cols)), want(static_cast<size_t>(cols));
        for (int r = 0; r < rows; ++r) {
            w.dequantize_row(uint64_t(r), got.data());
            dequantize_row(t, src.data() + size_t(r) * row_bytes, want.data(), cols);
            QVERIFY2(std::memcmp(got.data(), want.data(), got.size() * sizeof(float)) == 0,
                     qPrintable(QString("row %1 dequantizes differently").arg(r)));
        }
    }

    void badInputIsRefused() {
        std::mt19937 rng(1);
        const auto src = random_rows(TensorType::Q8_0, 24, 64, rng);
        for (auto [rows, cols] : {std::pair<uint64_t, uint64_t>{24, 64}, {0, 64}, {16, 48}}) {
            try {
                X16Weight w(TensorType::Q8_0, src.data(), 2 * sizeof(BlockQ8_0), rows, cols);
                QFAIL("accepted a shape it cannot hold");
            } catch (const std::invalid_argument& e) {
                QVERIFY2(std::string(e.what()).find(std::to_string(rows) + " x " +
                                                    std::to_string(cols)) != std::string::npos,
                         e.what());
            }
        }
        QVERIFY(!x16_type(TensorType::Q5_1));
        QVERIFY(!x16_type(TensorType::Q5_K));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 X16Weight(TensorType::Q5_1, src.data(), 48, 16, 64));
        // Q4_K: whole super-blocks of 256 only.
        const auto k4 = random_rows(TensorType::Q4_K, 16, 256, rng);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 X16Weight(TensorType::Q4_K, k4.data(), 144, 16, 128));
    }

    // The rewrite's AVX-512 transposes against the definition (x16.h), for every word count,
    // with and without Q8_0's flip, at row strides of real blocks (odd ones included): vector
    // v, lane j is row j's word v; nothing past `words` is read or written. The last row's
    // words end where an inaccessible page begins, so a read past them would crash the test.
    void wordTransposesMatchTheirDefinition() {
#if defined(SILIANG_KERNELS_X86_SIMD) && defined(__linux__)
        if (best_isa() != Isa::Avx512) QSKIP("this CPU has no AVX-512");
        const size_t page = size_t(sysconf(_SC_PAGESIZE));
        std::mt19937 rng(11);
        for (size_t stride : {size_t{64}, size_t{144}, size_t{210}, size_t{22}, size_t { 34 }}) {
            // Rows at the end of a page run, the page after it inaccessible.
            const size_t span = 15 * stride + 64, run = (span + page - 1) / page * page;
            void* map = mmap(nullptr, run + page, PROT_READ | PROT_WRITE,
                             MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
            QVERIFY(map != MAP_FAILED);
            auto* base = static_cast<uint8_t*>(map);
            QVERIFY(mprotect(base + run, page, PROT_NONE) == 0);
            for (int words = 1; words <= 16; ++words)
                for (uint32_t flip : {0u, 0x80808080u}) {
                    if (4 * size_t(words) > stride) continue;  // a field lies within its row
                    uint8_t* rows = base + run - (15 * stride + 4 * size_t(words));
                    for (size_t i = 0; i < 15 * stride + 4 * size_t(words); ++i)
                        rows[i] = static_cast<uint8_t>(rng());
                    alignas(64) uint8_t chunk[16 * 64 + 64];
                    std::memset(chunk, 0xA5, sizeof chunk);
                    detail::x16_words_to_chunk_avx512(rows, stride, words, flip, chunk);
                    for (int v = 0; v < words; ++v)
                        for (int j = 0; j < 16; ++j) {
                            uint32_t want, got;
                            std::memcpy(&want, rows + size_t(j) * stride + 4 * size_t(v), 4);
                            std::memcpy(&got, chunk + 64 * v + 4 * j, 4);
                            QVERIFY2(got == (want ^ flip),
                                     qPrintable(QString("stride %1, %2 words: vector %3 lane %4")
                                                    .arg(stride)
                                                    .arg(words)
                                                    .arg(v)
                                                    .arg(j)));
                        }
                    for (size_t i = 64 * size_t(words); i < sizeof chunk; ++i)
                        QVERIFY2(chunk[i] == 0xA5, "wrote past its vectors");

                    // Back: into rows whose other bytes must stay as they are.
                    std::vector<uint8_t> before(rows, rows + 15 * stride + 4 * size_t(words));
                    std::memset(rows, 0x5A, before.size());
                    detail::x16_words_from_chunk_avx512(chunk, words, flip, rows, stride);
                    for (size_t i = 0; i < before.size(); ++i) {
                        const bool word = i % stride < 4 * size_t(words);
                        QVERIFY2(rows[i] == (word ? before[i] : 0x5A),
                                 qPrintable(QString("stride %1, %2 words: byte %3")
                                                .arg(stride)
                                                .arg(words)
                                                .arg(i)));
                    }
                }
            munmap(map, run + page);
        }
#else
        QSKIP("the AVX-512 transposes are x86-64 code (the guard page needs Linux)");
#endif
    }

    void gemvMatchesRowDots_data() {
        QTest::addColumn<int>("type");
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("cols");
        add_types("two groups", 32, {32, 96, 256, 896, 4864});
    }
    void gemvMatchesRowDots() {
        QFETCH(int, type);
        QFETCH(int, rows);
        QFETCH(int, cols);
        const auto t = static_cast<TensorType>(type);
        std::mt19937 rng(static_cast<unsigned>(type * 31 + cols));
        const auto src = random_rows(t, uint64_t(rows), uint64_t(cols), rng);
        const auto act = quantized_activations(t, uint64_t(cols), rng);
        const size_t row_bytes = row_bytes_of(t, uint64_t(cols));
        const X16Weight w(t, src.data(), row_bytes, uint64_t(rows), uint64_t(cols));
        const VecDotFn ref_dot = kernels_for(Isa::Ref).for_type(t).dot;
        const std::vector<FastKernel> fasts = fast_kernels(t);
        std::vector<float> row(static_cast<size_t>(cols)), x(static_cast<size_t>(cols));
        for (uint64_t g = 0; g < uint64_t(rows) / 16; ++g) {
            float ref[16], simd[16];
            detail::x16_gemv_ref(t, w.group(g), w.blocks(), act.data(), ref);
            for (uint64_t j = 0; j < 16; ++j)
                QCOMPARE(ref[j], ref_dot(cols, src.data() + (16 * g + j) * row_bytes, act.data()));
            for (const FastKernel& fast : fasts) {
                fast.gemv(w.group(g), w.blocks(), act.data(), simd);
                // Integer block sums are exact; only the float sums' order differs. Bound: a
                // few ulps of the sum of |w_e * x_e| with the activations as the dot sees them.
                activation_values(t, act, x);
                for (uint64_t j = 0; j < 16; ++j) {
                    w.dequantize_row(16 * g + j, row.data());
                    double magnitude = 0;
                    for (size_t e = 0; e < row.size(); ++e)
                        magnitude += std::fabs(double(row[e]) * double(x[e]));
                    QVERIFY2(std::fabs(double(simd[j]) - ref[j]) <= 2e-6 * magnitude + 1e-30,
                             qPrintable(QString("%1, row %2: simd %3, ref %4 (magnitude %5)")
                                            .arg(fast.isa)
                                            .arg(16 * g + j)
                                            .arg(double(simd[j]))
                                            .arg(double(ref[j]))
                                            .arg(magnitude)));
                }
            }
        }
        if (fasts.empty())
            QSKIP("no SIMD interleaved kernel for this type on this CPU (reference checked)");
    }

    // The largest integer sums a kernel can meet: every quant and sub-block scale at its
    // maximum (all bits set) and every activation at +127 or -127, so the kernels' narrow
    // partial sums (Q4_K's int16 chains) run at their limits: any overflow is far off.
    void gemvAtIntegerExtremes_data() {
        QTest::addColumn<int>("type");
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("cols");
        add_types("extremes", 16, {1536});
    }
    void gemvAtIntegerExtremes() {
        QFETCH(int, type);
        QFETCH(int, rows);
        QFETCH(int, cols);
        const auto t = static_cast<TensorType>(type);
        const std::vector<FastKernel> fasts = fast_kernels(t);
        if (fasts.empty()) QSKIP("no SIMD interleaved kernel for this type on this CPU");
        const X16Layout& l = *x16_layout(t);
        std::vector<std::byte> src(size_t(rows) * row_bytes_of(t, uint64_t(cols)), std::byte{0xFF});
        for (size_t b = 0; b < src.size() / l.block_bytes; ++b)
            for (size_t at : fp16_fields(t)) {
                const uint16_t h = fp32_to_fp16(at == 0 ? 1.0f / 64 : 1.0f / 4096);
                std::memcpy(src.data() + b * l.block_bytes + at, &h, 2);
            }
        const X16Weight w(t, src.data(), row_bytes_of(t, uint64_t(cols)), uint64_t(rows),
                          uint64_t(cols));
        for (float sign : {1.0f, -1.0f}) {
            std::vector<float> x(static_cast<size_t>(cols), sign);
            const std::vector<std::byte> act = quantize_activations(t, x);
            float ref[16], simd[16];
            detail::x16_gemv_ref(t, w.group(0), w.blocks(), act.data(), ref);
            for (const FastKernel& fast : fasts) {
                fast.gemv(w.group(0), w.blocks(), act.data(), simd);
                for (int j = 0; j < 16; ++j)
                    QVERIFY2(std::fabs(simd[j] - ref[j]) <= 1e-5f * std::fabs(ref[j]),
                             qPrintable(QString("%1, sign %2, row %3: simd %4, ref %5")
                                            .arg(fast.isa)
                                            .arg(double(sign))
                                            .arg(j)
                                            .arg(double(simd[j]))
                                            .arg(double(ref[j]))));
            }
        }
    }

    // Through the public backend: a weight rewritten at make_weight (file-mapped, fast
    // kernels) and the same bytes left in GGUF form must give the same matmul at every batch
    // size (interleaved gemv below the gemm batch, unpacked tiles above it, AMX from 32) and
    // the same get_rows; a lookup-only table and bytes not from a file mapping stay as they are.
    void backendResultsDoNotChange_data() {
        QTest::addColumn<int>("type");
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("cols");
        add_types("backend", 64, {896, 1536});
    }
    void backendResultsDoNotChange() {
        QFETCH(int, type);
        QFETCH(int, rows);
        QFETCH(int, cols);
        const auto t = static_cast<TensorType>(type);
        if (!x16_gemv_for(t, cpu::kernels().isa))
            QSKIP("this CPU keeps these weights in GGUF form");
        std::mt19937 rng(11);
        const auto src = random_rows(t, uint64_t(rows), uint64_t(cols), rng);
        const gguf::File file =
            mapped_file(temp_file("siliang_x16_"), t, uint64_t(rows), uint64_t(cols), src);
        const gguf::TensorInfo& mapped = *file.find_tensor("w");
        QVERIFY(mapped.file_mapped);
        gguf::TensorInfo plain = mapped;  // the same bytes, not from a file mapping
        plain.data = src;
        plain.file_mapped = false;

        auto be = create_cpu_backend({.threads = 2});
        auto rewritten = be->make_weight(mapped);
        auto lookup = be->make_weight(mapped, backend::WeightUse::Lookup);
        QVERIFY(static_cast<const CpuWeight&>(*rewritten).x16 != nullptr);
        QVERIFY(static_cast<const CpuWeight&>(*lookup).x16 == nullptr);
        // GGUF form to compare with (what every other CPU and the reference path use).
        const CpuWeight gguf_form(plain);
        const size_t row_bytes = row_bytes_of(t, uint64_t(cols));
        std::vector<float> w(size_t(rows) * size_t(cols));
        for (int r = 0; r < rows; ++r)
            dequantize_row(t, src.data() + size_t(r) * row_bytes, w.data() + size_t(r * cols),
                           cols);

        std::normal_distribution<float> dist(0.0f, 1.0f);
        for (size_t n : {size_t{1}, size_t{3}, size_t{8}, size_t{40}}) {
            std::vector<float> x(n * size_t(cols));
            for (float& v : x) v = dist(rng);
            auto in = be->alloc(x.size());
            be->upload(*in, x);
            std::vector<float> got(n * size_t(rows)), want(n * size_t(rows));
            auto out = be->alloc(n * size_t(rows));
            be->matmul(*rewritten, *in, n, *out);
            be->download(*out, got);
            be->matmul(gguf_form, *in, n, *out);
            be->download(*out, want);
            for (size_t tok = 0; tok < n; ++tok)
                for (size_t r = 0; r < size_t(rows); ++r) {
                    // Same integer products; only the float summation order may differ.
                    double magnitude = 0;
                    for (size_t e = 0; e < size_t(cols); ++e)
                        magnitude += std::fabs(double(w[r * size_t(cols) + e]) *
                                               double(x[tok * size_t(cols) + e]));
                    const size_t i = tok * size_t(rows) + r;
                    QVERIFY2(std::fabs(double(got[i]) - want[i]) <= 1e-5 * magnitude,
                             qPrintable(QString("batch %1, token %2, row %3: %4 vs %5")
                                            .arg(n)
                                            .arg(tok)
                                            .arg(r)
                                            .arg(double(got[i]))
                                            .arg(double(want[i]))));
                }
        }

        const std::vector<int32_t> ids = {0, 17, rows - 1, 17};
        auto looked_up = be->alloc(ids.size() * size_t(cols));
        std::vector<float> got(ids.size() * size_t(cols));
        be->get_rows(*rewritten, ids, *looked_up);
        be->download(*looked_up, got);
        for (size_t i = 0; i < ids.size(); ++i)
            QVERIFY(std::memcmp(got.data() + i * size_t(cols), w.data() + size_t(ids[i] * cols),
                                size_t(cols) * sizeof(float)) == 0);
    }

    // The file pages of a rewritten weight leave this process's resident set (memory use stays
    // at the file's size, not twice it); reading them again gives the file's bytes.
    void rewrittenWeightReleasesFilePages() {
#if !defined(__linux__)
        QSKIP("resident sets are read from Linux's /proc");
#else
        if (!x16_gemv_for(TensorType::Q8_0, cpu::kernels().isa))
            QSKIP("this CPU keeps Q8_0 weights in GGUF form");
        constexpr uint64_t rows = 4096, cols = 1024;  // 4.25 MiB
        std::mt19937 rng(5);
        const auto src = random_rows(TensorType::Q8_0, rows, cols, rng);
        const gguf::File file =
            mapped_file(temp_file("siliang_release_"), TensorType::Q8_0, rows, cols, src);
        const gguf::TensorInfo& t = *file.find_tensor("w");
        QVERIFY(std::memcmp(t.data.data(), src.data(), src.size()) == 0);  // all pages touched
        const long before = resident_kb(t.data.data());
        QVERIFY2(before >= 4096, qPrintable(QString("resident before: %1 kB").arg(before)));

        auto be = create_cpu_backend({.threads = 1});
        auto w = be->make_weight(t);
        QVERIFY(static_cast<const CpuWeight&>(*w).x16 != nullptr);
        const long after = resident_kb(t.data.data());
        QVERIFY2(after >= 0 && after <= before - 4096,
                 qPrintable(QString("resident %1 kB before, %2 kB after").arg(before).arg(after)));
        // Nothing lost: the pages come back from the file.
        QVERIFY(std::memcmp(t.data.data(), src.data(), src.size()) == 0);

        // Heap bytes (from_memory files, tests) are never released: that would zero them.
        std::vector<std::byte> heap(src);
        gguf::TensorInfo in_memory = t;
        in_memory.data = heap;
        in_memory.file_mapped = false;
        auto w2 = be->make_weight(in_memory);
        QVERIFY(heap == src);
#endif
    }

    // Reading what stays in the file maps none of a released tensor's pages back. Linux maps
    // a file's 2 MiB page-cache folios whole (one PMD entry) where the mapping allows it, so
    // the first read of a tensor that shares a 2 MiB stretch with a rewritten one brought the
    // rewritten one's pages back into the resident set (61 MiB of the 1.5B Q4_K_M file).
    void releasedPagesStayOutWhenNeighboursAreRead() {
#if !defined(__linux__)
        QSKIP("resident pages are read from Linux's /proc");
#else
        if (!x16_gemv_for(TensorType::Q8_0, cpu::kernels().isa))
            QSKIP("this CPU keeps Q8_0 weights in GGUF form");
        // w (8.5 MiB) ends inside a 2 MiB stretch of the file that n begins; n is 4 MiB, so
        // that stretch lies inside the file (no folio passes its end). Without the
        // no-huge-page advice, reading n brought back w's last 128 pages.
        constexpr uint64_t rows = 8192, cols = 1024;
        std::mt19937 rng(13);
        const auto src = random_rows(TensorType::Q8_0, rows, cols, rng);
        std::vector<std::byte> after(size_t{4} << 20);
        for (auto& b : after) b = static_cast<std::byte>(rng());
        const auto path = temp_file("siliang_neighbours_");
        gguf::Writer writer;
        writer.add_tensor("w", TensorType::Q8_0, {cols, rows}, src);
        writer.add_tensor("n", TensorType::F32, {after.size() / 4}, after);
        writer.write_to_file(path);
        // As with a model file read many times: the page cache holds 2 MiB folios, mapped
        // whole. The mapping asks for huge pages, and the file leaves the cache (written back,
        // then dropped), so that reading it back fills the cache in 2 MiB folios.
        const gguf::File file = gguf::File::open(path);
        QCOMPARE(madvise(const_cast<std::byte*>(file.bytes().data()), file.bytes().size(),
                         MADV_HUGEPAGE),
                 0);
        {
            const int fd = open(path.c_str(), O_RDONLY);
            QVERIFY(fd >= 0);
            QCOMPARE(fdatasync(fd), 0);
            QCOMPARE(posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED), 0);
            close(fd);
        }
        std::filesystem::remove(path);
        const gguf::TensorInfo& w = *file.find_tensor("w");
        const gguf::TensorInfo& n = *file.find_tensor("n");
        QVERIFY(std::memcmp(w.data.data(), src.data(), src.size()) == 0);  // w resident
        auto be = create_cpu_backend({.threads = 1});
        auto weight = be->make_weight(w);
        QVERIFY(static_cast<const CpuWeight&>(*weight).x16 != nullptr);
        QCOMPARE(testing::present_pages(w.data.data(), w.data.size()), 0L);
        // Read the neighbour for the first time, as decode reads a tensor left in the file.
        QVERIFY(std::memcmp(n.data.data(), after.data(), after.size()) == 0);
        QVERIFY(testing::present_pages(n.data.data(), n.data.size()) > 0);
        const long back = testing::present_pages(w.data.data(), w.data.size());
        QVERIFY2(back == 0, qPrintable(QString("%1 pages of the released tensor came back (%2 "
                                               "kB)")
                                           .arg(back)
                                           .arg(back * sysconf(_SC_PAGESIZE) / 1024)));
#endif
    }

    // A large tensor is never held twice: its file pages leave as the rewrite passes them, so
    // the process's peak grows by about the copy, not the copy plus the whole tensor (Gemma 3
    // 270M's 178 MB embedding went 100 MB over the RSS budget before).
    void rewriteOfLargeTensorHoldsItOnce() {
#if !defined(__linux__)
        QSKIP("peak resident sets are read from Linux's /proc");
#else
        if (!x16_gemv_for(TensorType::Q8_0, cpu::kernels().isa))
            QSKIP("this CPU keeps Q8_0 weights in GGUF form");
        constexpr uint64_t rows = 32768, cols = 1024;  // 34 MiB
        std::mt19937 rng(9);
        std::vector<std::byte> src = random_rows(TensorType::Q8_0, rows, cols, rng);
        const gguf::File file =
            mapped_file(temp_file("siliang_peak_"), TensorType::Q8_0, rows, cols, src);
        const size_t bytes = src.size();
        std::vector<std::byte>().swap(src);  // not resident while measuring
        const auto kb = [](const char* field) {
            std::ifstream status("/proc/self/status");
            std::string line;
            while (std::getline(status, line))
                if (line.rfind(field, 0) == 0) return std::stol(line.substr(std::strlen(field)));
            return -1L;
        };
        // Reset the peak (VmHWM) to the current resident set; the file's pages are not
        // resident yet (fresh mapping, nothing read).
        std::ofstream("/proc/self/clear_refs") << "5";
        const long before = kb("VmRSS:");
        QVERIFY(before > 0);
        auto be = create_cpu_backend({.threads = 1});
        auto w = be->make_weight(*file.find_tensor("w"));
        QVERIFY(static_cast<const CpuWeight&>(*w).x16 != nullptr);
        const long grew = kb("VmHWM:") - before;
        const long copy = static_cast<long>(bytes / 1024);
        QVERIFY2(grew < copy + copy / 2,
                 qPrintable(QString("peak grew by %1 kB for a %2 kB tensor").arg(grew).arg(copy)));
#endif
    }
};

QTEST_GUILESS_MAIN(TestX16)
#include "test_x16.moc"
