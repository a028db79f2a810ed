// siliang-kernel-bench: single-thread speed of the dot-product kernels.
//
// For each weight type and each ISA this CPU has, times a matrix-vector
// product (every row dotted with one activation vector) on realistic shapes
// and reports ns per row, GB/s of weight bytes read and the speedup over the
// reference kernels; plus the activation quantizers. The median of several
// repetitions is reported. --json prints one JSON object instead of a table.
//
//   siliang-kernel-bench [--json] [--reps N] [--type NAME]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
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

// 256 rows of Qwen2.5-1.5B's FFN width (256 x 1536: a few hundred KiB, read from L2, so the
// figure is the kernel's arithmetic speed), then Qwen2.5-0.5B's FFN (4864 x 896) and
// Qwen2.5-1.5B's (8960 x 1536), which stream from L3 or memory like decode does.
constexpr Shape kShapes[] = {{256, 1536}, {4864, 896}, {8960, 1536}};

constexpr TensorType kTypes[] = {
    TensorType::F32,  TensorType::F16,  TensorType::BF16, TensorType::Q4_0, TensorType::Q4_1,
    TensorType::Q5_0, TensorType::Q5_1, TensorType::Q8_0, TensorType::Q2_K, TensorType::Q3_K,
    TensorType::Q4_K, TensorType::Q5_K, TensorType::Q6_K,
};

struct Options {
    bool json = false;
    int reps = 9;
    std::string type;  // only this type, when set
};

using Clock = std::chrono::steady_clock;

struct Timing {
    double median_ns, min_ns;
};

// Median and fastest wall time in ns of `reps` runs of f (after one warm-up
// run). The median is the figure; the minimum shows how far a busy machine
// (other processes taking the core) pushed the median up.
template <typename F>
Timing time_ns(int reps, F f) {
    f();
    std::vector<double> times;
    for (int r = 0; r < reps; ++r) {
        const auto t0 = Clock::now();
        f();
        times.push_back(std::chrono::duration<double, std::nano>(Clock::now() - t0).count());
    }
    std::sort(times.begin(), times.end());
    return {times[times.size() / 2], times.front()};
}

std::vector<Isa> isas() {
    std::vector<Isa> v;
    for (Isa isa : {Isa::Ref, Isa::Avx2, Isa::Avx512, Isa::Neon, Isa::NeonDot}) {
        if (isa_available(isa)) v.push_back(isa);
    }
    return v;
}

std::vector<float> random_floats(size_t n, std::mt19937& rng) {
    std::normal_distribution<float> normal(0.0f, 1.0f);
    std::vector<float> v(n);
    for (float& x : v) x = normal(rng);
    return v;
}

struct Row {
    std::string what;  // type name or activation format
    Isa isa;
    Shape shape;
    double ns_per_row;  // per matrix row; for quantizers per whole vector
    double min_ns_per_row;
    double gbps;     // weight bytes per second / 1e9 (0 for quantizers)
    double speedup;  // vs Ref of the same case
};

volatile float g_sink;  // keeps the results observable so the loops are not removed

void run_matvec(TensorType type, const Options& opt, std::vector<Row>& out) {
    const auto traits = gguf::type_traits(type);
    const std::string name(traits->name);
    if (!opt.type.empty() && opt.type != name) return;
    if (!can_quantize(type)) {
        std::fprintf(stderr, "%s: no quantizer to make weights, skipped\n", name.c_str());
        return;
    }
    std::mt19937 rng(42);
    for (const Shape& s : kShapes) {
        if (s.cols % traits->block_size != 0) continue;
        const auto row_bytes = static_cast<size_t>(s.cols / traits->block_size * traits->type_size);
        std::vector<uint8_t> w(row_bytes * static_cast<size_t>(s.rows));
        {
            const std::vector<float> wf = random_floats(static_cast<size_t>(s.cols), rng);
            std::vector<float> row(wf);
            // Rows differ (a rotated base row) so the data is not trivially repetitive.
            for (int64_t r = 0; r < s.rows; ++r) {
                std::rotate(row.begin(), row.begin() + 1, row.end());
                quantize_row(type, row.data(), w.data() + static_cast<size_t>(r) * row_bytes,
                             s.cols);
            }
        }
        const std::vector<float> x = random_floats(static_cast<size_t>(s.cols), rng);
        std::vector<float> y(static_cast<size_t>(s.rows));
        double ref_ns = 0.0;
        for (Isa isa : isas()) {
            const Kernels& k = kernels_for(isa);
            const WeightKernel wk = k.for_type(type);
            if (!wk.dot) continue;
            std::vector<uint8_t> a(act_bytes(wk.act, s.cols));
            if (wk.act == ActFormat::F32) std::memcpy(a.data(), x.data(), a.size());
            if (wk.act == ActFormat::Q8_32) k.quantize_q8_32(x.data(), a.data(), s.cols);
            if (wk.act == ActFormat::Q8_256) k.quantize_q8_256(x.data(), a.data(), s.cols);
            const int reps = isa == Isa::Ref ? std::max(3, opt.reps / 3) : opt.reps;
            const Timing t = time_ns(reps, [&] {
                for (int64_t r = 0; r < s.rows; ++r) {
                    y[static_cast<size_t>(r)] =
                        wk.dot(s.cols, w.data() + static_cast<size_t>(r) * row_bytes, a.data());
                }
                g_sink = y[0];
            });
            const double ns = t.median_ns;
            if (isa == Isa::Ref) ref_ns = ns;
            out.push_back({name, isa, s, ns / double(s.rows), t.min_ns / double(s.rows),
                           double(w.size()) / ns, ref_ns > 0 ? ref_ns / ns : 0.0});
            // Four rows at a time (vec_dot.h: dot4), as the backend runs short rows.
            if (wk.dot4 && s.rows % 4 == 0) {
                const Timing t4 = time_ns(opt.reps, [&] {
                    for (int64_t r = 0; r < s.rows; r += 4) {
                        wk.dot4(s.cols, w.data() + static_cast<size_t>(r) * row_bytes, row_bytes,
                                a.data(), y.data() + r);
                    }
                    g_sink = y[0];
                });
                out.push_back({name + " x4 rows", isa, s, t4.median_ns / double(s.rows),
                               t4.min_ns / double(s.rows), double(w.size()) / t4.median_ns,
                               ref_ns > 0 ? ref_ns / t4.median_ns : 0.0});
            }
            // The same rows interleaved 16 at a time (x16.h), as the backend runs decode.
            const X16GemvFn gemv = x16_gemv_for(type, isa);
            if (!gemv || s.rows % int64_t(kX16Rows) != 0) continue;
            const X16Weight x16(type, w.data(), row_bytes, uint64_t(s.rows), uint64_t(s.cols));
            const Timing tx = time_ns(opt.reps, [&] {
                for (uint64_t g = 0; g < x16.rows() / kX16Rows; ++g)
                    gemv(x16.group(g), x16.blocks(), a.data(), y.data() + g * kX16Rows);
                g_sink = y[0];
            });
            out.push_back({name + " x16", isa, s, tx.median_ns / double(s.rows),
                           tx.min_ns / double(s.rows), double(w.size()) / tx.median_ns,
                           ref_ns > 0 ? ref_ns / tx.median_ns : 0.0});
        }
    }
}

void run_quantizers(const Options& opt, std::vector<Row>& out) {
    if (!opt.type.empty()) return;
    std::mt19937 rng(7);
    for (const Shape& s : kShapes) {
        const std::vector<float> x = random_floats(static_cast<size_t>(s.cols), rng);
        for (ActFormat f : {ActFormat::Q8_32, ActFormat::Q8_256}) {
            if (f == ActFormat::Q8_256 && s.cols % 256 != 0) continue;
            std::vector<uint8_t> a(act_bytes(f, s.cols));
            double ref_ns = 0.0;
            for (Isa isa : isas()) {
                const Kernels& k = kernels_for(isa);
                const QuantizeActFn q =
                    f == ActFormat::Q8_32 ? k.quantize_q8_32 : k.quantize_q8_256;
                const Timing t = time_ns(opt.reps * 10, [&] { q(x.data(), a.data(), s.cols); });
                const double ns = t.median_ns;
                if (isa == Isa::Ref) ref_ns = ns;
                out.push_back({f == ActFormat::Q8_32 ? "quantize ActQ8_32" : "quantize ActQ8_256",
                               isa, Shape{1, s.cols}, ns, t.min_ns, 0.0,
                               ref_ns > 0 ? ref_ns / ns : 0.0});
            }
        }
    }
}

void print_table(const std::vector<Row>& rows) {
    std::printf("best ISA: %s (single thread; median, and the fastest run in brackets)\n",
                isa_name(best_isa()));
    std::printf("%-20s %-7s %10s %10s %9s %9s %9s %8s\n", "kernel", "isa", "shape", "ns/row",
                "(min)", "GB/s", "(max)", "vs ref");
    for (const Row& r : rows) {
        char shape[32];
        std::snprintf(shape, sizeof shape, "%lldx%lld", static_cast<long long>(r.shape.rows),
                      static_cast<long long>(r.shape.cols));
        char gbps[16] = "-", best[16] = "-";
        if (r.gbps > 0) {
            std::snprintf(gbps, sizeof gbps, "%.2f", r.gbps);
            std::snprintf(best, sizeof best, "%.2f", r.gbps * r.ns_per_row / r.min_ns_per_row);
        }
        std::printf("%-20s %-7s %10s %10.1f %9.1f %9s %9s %7.2fx\n", r.what.c_str(),
                    isa_name(r.isa), shape, r.ns_per_row, r.min_ns_per_row, gbps, best, r.speedup);
    }
}

void print_json(const std::vector<Row>& rows) {
    std::printf("{\"best_isa\": \"%s\", \"results\": [\n", isa_name(best_isa()));
    for (size_t i = 0; i < rows.size(); ++i) {
        const Row& r = rows[i];
        std::printf(
            "  {\"kernel\": \"%s\", \"isa\": \"%s\", \"rows\": %lld, \"cols\": %lld, "
            "\"ns_per_row\": %.2f, \"min_ns_per_row\": %.2f, \"gb_per_s\": %.3f, "
            "\"speedup_vs_ref\": %.3f}%s\n",
            r.what.c_str(), isa_name(r.isa), static_cast<long long>(r.shape.rows),
            static_cast<long long>(r.shape.cols), r.ns_per_row, r.min_ns_per_row, r.gbps, r.speedup,
            i + 1 < rows.size() ? "," : "");
    }
    std::printf("]}\n");
}

int usage() {
    std::fprintf(stderr, "usage: siliang-kernel-bench [--json] [--reps N] [--type NAME]\n");
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    Options opt;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--json") {
            opt.json = true;
        } else if (arg == "--reps" && i + 1 < argc) {
            opt.reps = std::atoi(argv[++i]);
            if (opt.reps < 1 || opt.reps > 1000) {
                std::fprintf(stderr, "--reps: expected 1..1000\n");
                return 2;
            }
        } else if (arg == "--type" && i + 1 < argc) {
            opt.type = argv[++i];
        } else {
            return usage();
        }
    }
    std::vector<Row> rows;
    try {
        run_quantizers(opt, rows);
        for (TensorType t : kTypes) run_matvec(t, opt, rows);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "siliang-kernel-bench: %s\n", e.what());
        return 1;
    }
    if (rows.empty()) {
        std::fprintf(stderr, "nothing measured (unknown --type?)\n");
        return 1;
    }
    if (opt.json) {
        print_json(rows);
    } else {
        print_table(rows);
    }
    return 0;
}
