// siliang-kernel-bench: single-thread speed of the matrix-vector kernels, on Google Benchmark.
//
// One benchmark per weight type, ISA this CPU has, form and shape (names filter with
// --benchmark_filter, e.g. =Q4_K or =x16/.*/avx512):
//   matvec/TYPE/ISA/ROWSxCOLS      every row dotted with one activation vector (the dot kernel)
//   matvec_x4/TYPE/ISA/ROWSxCOLS   four rows per call (dot4), as the backend runs short rows
//   matvec_x16/TYPE/ISA/ROWSxCOLS  rows interleaved 16 at a time (x16.h), as decode runs them
//   quantize/FORMAT/ISA/COLS       the activation quantizers
// bytes_per_second counts weight bytes (the figure to hold against memory bandwidth);
// rows_per_second counts matrix rows. Shapes: 256 rows of Qwen2.5-1.5B's FFN
// width (256 x 1536, a few hundred KiB: read from L2, so the figure is the kernel's arithmetic
// speed), then Qwen2.5-0.5B's FFN (4864 x 896) and Qwen2.5-1.5B's (8960 x 1536), which stream
// from L3 or memory like decode does.
//
//   siliang-kernel-bench [--benchmark_filter=REGEX] [--benchmark_format=json]
//                        [--benchmark_repetitions=N] [--benchmark_min_time=SECONDS]
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "cpu/cpu_features.h"
#include "cpu/dequantize.h"
#include "cpu/vec_dot.h"
#include "cpu/x16.h"

using namespace siliang;
using namespace siliang::kernels::cpu;
using gguf::TensorType;

namespace {

struct Shape {
    int64_t rows, cols;
};
constexpr Shape kShapes[] = {{256, 1536}, {4864, 896}, {8960, 1536}};

constexpr TensorType kTypes[] = {
    TensorType::F32,  TensorType::F16,  TensorType::BF16, TensorType::Q4_0, TensorType::Q4_1,
    TensorType::Q5_0, TensorType::Q5_1, TensorType::Q8_0, TensorType::Q2_K, TensorType::Q3_K,
    TensorType::Q4_K, TensorType::Q5_K, TensorType::Q6_K,
};

std::vector<Isa> isas() {
    std::vector<Isa> v;
    for (Isa isa : {Isa::Ref, Isa::Avx2, Isa::Avx512, Isa::Neon, Isa::NeonDot})
        if (isa_available(isa)) v.push_back(isa);
    return v;
}

std::vector<float> random_floats(size_t n, std::mt19937& rng) {
    std::normal_distribution<float> normal(0.0f, 1.0f);
    std::vector<float> v(n);
    for (float& x : v) x = normal(rng);
    return v;
}

// A weight matrix of one type and shape and the activation vector it is dotted with. The
// benchmarks of one type and shape run one after another (registration order), so only the
// last matrix is kept: quantizing 8960 x 1536 for each ISA and form would take longer than
// timing it, and keeping them all would take gigabytes.
struct Case {
    TensorType type;
    Shape shape;
    size_t row_bytes = 0;
    std::vector<uint8_t> w;
    std::vector<float> x;
};

const Case& case_for(TensorType type, Shape s) {
    static std::unique_ptr<Case> last;
    if (last && last->type == type && last->shape.rows == s.rows && last->shape.cols == s.cols)
        return *last;
    last.reset();  // the old one's memory first
    auto c = std::make_unique<Case>();
    c->type = type;
    c->shape = s;
    const auto traits = gguf::type_traits(type);
    c->row_bytes = static_cast<size_t>(s.cols / traits->block_size * traits->type_size);
    c->w.resize(c->row_bytes * static_cast<size_t>(s.rows));
    std::mt19937 rng(42);
    std::vector<float> row = random_floats(static_cast<size_t>(s.cols), rng);
    // Rows differ (a rotated base row) so the data is not trivially repetitive.
    for (int64_t r = 0; r < s.rows; ++r) {
        std::rotate(row.begin(), row.begin() + 1, row.end());
        quantize_row(type, row.data(), c->w.data() + static_cast<size_t>(r) * c->row_bytes, s.cols);
    }
    c->x = random_floats(static_cast<size_t>(s.cols), rng);
    last = std::move(c);
    return *last;
}

// The activation vector in the format the kernel of `type` on `isa` takes.
std::vector<uint8_t> activation(const Case& c, Isa isa) {
    const Kernels& k = kernels_for(isa);
    const ActFormat f = k.for_type(c.type).act;
    std::vector<uint8_t> a(act_bytes(f, c.shape.cols));
    if (f == ActFormat::F32) std::memcpy(a.data(), c.x.data(), a.size());
    if (f == ActFormat::Q8_32) k.quantize_q8_32(c.x.data(), a.data(), c.shape.cols);
    if (f == ActFormat::Q8_256) k.quantize_q8_256(c.x.data(), a.data(), c.shape.cols);
    return a;
}

enum class Form { Rows, Quads, X16 };

void report(benchmark::State& state, const Case& c) {
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                            static_cast<int64_t>(c.w.size()));
    state.counters["rows_per_second"] =
        benchmark::Counter(double(c.shape.rows), benchmark::Counter::kIsIterationInvariantRate);
}

void bench_matvec(benchmark::State& state, TensorType type, Isa isa, Shape s, Form form) {
    const Case& c = case_for(type, s);
    const WeightKernel wk = kernels_for(isa).for_type(type);
    const std::vector<uint8_t> a = activation(c, isa);
    std::vector<float> y(static_cast<size_t>(s.rows));
    const uint8_t* w = c.w.data();
    if (form == Form::X16) {
        const X16Weight x16(type, w, c.row_bytes, uint64_t(s.rows), uint64_t(s.cols));
        const X16GemvFn gemv = x16_gemv_for(type, isa);
        for (auto _ : state) {
            for (uint64_t g = 0; g < x16.rows() / kX16Rows; ++g)
                gemv(x16.group(g), x16.blocks(), a.data(), y.data() + g * kX16Rows);
            benchmark::DoNotOptimize(y.data());
            benchmark::ClobberMemory();
        }
    } else if (form == Form::Quads) {
        for (auto _ : state) {
            for (int64_t r = 0; r < s.rows; r += 4)
                wk.dot4(s.cols, w + static_cast<size_t>(r) * c.row_bytes, c.row_bytes, a.data(),
                        y.data() + r);
            benchmark::DoNotOptimize(y.data());
            benchmark::ClobberMemory();
        }
    } else {
        for (auto _ : state) {
            for (int64_t r = 0; r < s.rows; ++r)
                y[static_cast<size_t>(r)] =
                    wk.dot(s.cols, w + static_cast<size_t>(r) * c.row_bytes, a.data());
            benchmark::DoNotOptimize(y.data());
            benchmark::ClobberMemory();
        }
    }
    report(state, c);
}

void bench_quantize(benchmark::State& state, ActFormat f, Isa isa, int64_t cols) {
    std::mt19937 rng(7);
    const std::vector<float> x = random_floats(static_cast<size_t>(cols), rng);
    std::vector<uint8_t> a(act_bytes(f, cols));
    const Kernels& k = kernels_for(isa);
    const QuantizeActFn q = f == ActFormat::Q8_32 ? k.quantize_q8_32 : k.quantize_q8_256;
    for (auto _ : state) {
        q(x.data(), a.data(), cols);
        benchmark::DoNotOptimize(a.data());
        benchmark::ClobberMemory();
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * cols *
                            static_cast<int64_t>(sizeof(float)));
}

std::string shape_name(Shape s) {
    return std::to_string(s.rows) + "x" + std::to_string(s.cols);
}

void register_all() {
    for (int64_t cols : {int64_t{896}, int64_t{1536}})  // the shapes' widths
        for (ActFormat f : {ActFormat::Q8_32, ActFormat::Q8_256}) {
            if (f == ActFormat::Q8_256 && cols % 256 != 0) continue;
            for (Isa isa : isas())
                benchmark::RegisterBenchmark((std::string("quantize/") +
                                              (f == ActFormat::Q8_32 ? "ActQ8_32/" : "ActQ8_256/") +
                                              isa_name(isa) + "/" + std::to_string(cols))
                                                 .c_str(),
                                             bench_quantize, f, isa, cols)
                    ->UseRealTime();
        }
    for (TensorType type : kTypes) {
        const auto traits = gguf::type_traits(type);
        const std::string name(traits->name);
        if (!can_quantize(type)) {
            std::fprintf(stderr, "%s: no quantizer to make weights, skipped\n", name.c_str());
            continue;
        }
        for (const Shape& s : kShapes) {
            if (s.cols % traits->block_size != 0) continue;
            for (Isa isa : isas()) {
                const WeightKernel wk = kernels_for(isa).for_type(type);
                if (!wk.dot) continue;
                const std::string tail = name + "/" + isa_name(isa) + "/" + shape_name(s);
                benchmark::RegisterBenchmark(("matvec/" + tail).c_str(), bench_matvec, type, isa, s,
                                             Form::Rows)
                    ->UseRealTime();
                if (wk.dot4 && s.rows % 4 == 0)
                    benchmark::RegisterBenchmark(("matvec_x4/" + tail).c_str(), bench_matvec, type,
                                                 isa, s, Form::Quads)
                        ->UseRealTime();
                if (x16_gemv_for(type, isa) && s.rows % int64_t(kX16Rows) == 0)
                    benchmark::RegisterBenchmark(("matvec_x16/" + tail).c_str(), bench_matvec, type,
                                                 isa, s, Form::X16)
                        ->UseRealTime();
            }
        }
    }
}

}  // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;
    benchmark::AddCustomContext("best_isa", isa_name(best_isa()));
    register_all();
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
