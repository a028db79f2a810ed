// The CPU backend on AArch64 (Qt-free, run under qemu-user by run_cross_test.sh):
// its fast path, which uses the selected NEON kernels, against its reference
// path (float dequantization and float dots) through the public Backend
// interface:
//   - matmul of every weight type at 1 token (decode) and 7 and 40 tokens
//     (batches: the NEON sets have no gemm tiles, so each (row, token) pair
//     takes the dot), each output within the error the 8-bit activations
//     allow: sum over the row of |w| * d / 2 with d = max|x| / 127 of the
//     activation block, plus float rounding;
//   - attention with F32 and F16 caches, GQA, from position 0 and mid-cache:
//     the backend must pick its portable loops (the x86 ones are not built here)
//     and agree with the reference to float rounding.
// Exits 1 and names type, tokens and ISA on any mismatch.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <random>
#include <string>
#include <vector>

#include "backend/registry.h"
#include "backend_matmul.h"
#include "check.h"
#include "cpu/dequantize.h"
#include "cpu/vec_dot.h"

namespace {

using siliang::gguf::TensorType;
namespace backend = siliang::backend;
namespace cpu = siliang::kernels::cpu;

using siliang::aarch64_test::check;

std::vector<float> random_floats(size_t n, std::mt19937& rng, float mean = 0.0f) {
    std::normal_distribution<float> dist(mean, 1.0f);
    std::vector<float> v(n);
    for (float& x : v) x = dist(rng);
    return v;
}

void check_matmul(backend::Backend& fast, backend::Backend& ref) {
    std::mt19937 rng(3);
    const char* isa = cpu::isa_name(cpu::kernels().isa);
    int outputs = 0;
    for (TensorType t :
         {TensorType::F32, TensorType::F16, TensorType::BF16, TensorType::Q4_0, TensorType::Q4_1,
          TensorType::Q5_0, TensorType::Q5_1, TensorType::Q8_0, TensorType::Q2_K, TensorType::Q3_K,
          TensorType::Q4_K, TensorType::Q5_K, TensorType::Q6_K}) {
        const uint64_t rows = 48, cols = 768;
        const auto traits = siliang::gguf::type_traits(t);
        const std::string name(traits->name);
        const size_t row_bytes = cols / traits->block_size * traits->type_size;
        const std::vector<float> values = random_floats(rows * cols, rng);
        std::vector<std::byte> bytes(rows * row_bytes);
        std::vector<float> w(rows * cols);  // the weights as both paths see them
        for (uint64_t r = 0; r < rows; ++r) {
            cpu::quantize_row(t, values.data() + r * cols, bytes.data() + r * row_bytes,
                              static_cast<int64_t>(cols));
            cpu::dequantize_row(t, bytes.data() + r * row_bytes, w.data() + r * cols,
                                static_cast<int64_t>(cols));
        }
        siliang::gguf::TensorInfo info;
        info.name = "w";
        info.dims = {cols, rows};
        info.type = t;
        info.n_elements = rows * cols;
        info.n_bytes = bytes.size();
        info.data = bytes;
        // Activation block of the fast path (0: float activations).
        const cpu::ActFormat act = cpu::kernels().for_type(t).act;
        const size_t block = act == cpu::ActFormat::Q8_32    ? 32
                             : act == cpu::ActFormat::Q8_256 ? 256
                                                             : 0;
        for (size_t n : {size_t{1}, size_t{7}, size_t{40}}) {
            const std::vector<float> x = random_floats(n * cols, rng, 0.2f);
            const std::vector<float> got = siliang::testing::backend_matmul(fast, info, x, n);
            const std::vector<float> want = siliang::testing::backend_matmul(ref, info, x, n);
            double worst = 0.0;  // largest error / bound
            for (size_t tok = 0; tok < n; ++tok) {
                const float* xt = x.data() + tok * cols;
                for (uint64_t r = 0; r < rows; ++r) {
                    const float* wr = w.data() + r * cols;
                    double quant = 0.0, magnitude = 0.0;
                    for (size_t b0 = 0; b0 < cols; b0 += block ? block : cols) {
                        const size_t len = block ? block : cols;
                        double amax = 0.0, wsum = 0.0;
                        for (size_t i = b0; i < b0 + len; ++i) {
                            amax = std::max(amax, double(std::fabs(xt[i])));
                            wsum += std::fabs(double(wr[i]));
                            magnitude += std::fabs(double(wr[i]) * xt[i]);
                        }
                        if (block) quant += wsum * amax / 127.0 / 2.0;
                    }
                    const double bound = quant + 4e-5 * magnitude + 1e-6;
                    const double err =
                        std::fabs(double(got[tok * rows + r]) - want[tok * rows + r]);
                    worst = std::max(worst, err / bound);
                    ++outputs;
                }
            }
            check(worst <= 1.0, name + " n=" + std::to_string(n) + " " + isa + ": error " +
                                    std::to_string(worst) + " of the bound");
        }
    }
    std::printf("%s: matmul, 13 types x 3 batch sizes, %d outputs checked\n", isa, outputs);
}

void check_attention(backend::Backend& fast, backend::Backend& ref) {
    backend::AttentionParams p;
    p.n_head = 4;
    p.n_head_kv = 2;
    p.head_dim_k = p.head_dim_v = 64;
    p.scale = 0.125f;
    const size_t kv_dim = size_t{p.n_head_kv} * p.head_dim_k;
    for (bool f16 : {false, true}) {
        for (uint32_t pos0 : {0u, 13u}) {
            const size_t n = 9, total = pos0 + n;
            std::mt19937 rng(11 + pos0);
            const std::vector<float> q = random_floats(n * p.n_head * p.head_dim_k, rng);
            const std::vector<float> k = random_floats(total * kv_dim, rng);
            const std::vector<float> v = random_floats(total * kv_dim, rng);
            std::vector<float> out[2];
            int i = 0;
            for (backend::Backend* be : {&fast, &ref}) {
                auto kv = be->alloc_kv(1, 64, uint32_t(kv_dim), uint32_t(kv_dim), f16);
                auto qb = be->alloc(q.size()), kb = be->alloc(k.size()), vb = be->alloc(v.size());
                auto ob = be->alloc(n * p.n_head * p.head_dim_v);
                be->upload(*qb, q);
                be->upload(*kb, k);
                be->upload(*vb, v);
                be->store_kv(*kv, 0, 0, total, *kb, *vb);
                be->attention(*qb, *kv, 0, n, pos0, p, *ob);
                out[i].resize(n * p.n_head * p.head_dim_v);
                be->download(*ob, out[i++]);
            }
            double worst = 0.0;
            for (size_t j = 0; j < out[0].size(); ++j)
                worst = std::max(worst, double(std::fabs(out[0][j] - out[1][j])));
            check(worst <= 1e-5, std::string("attention ") + (f16 ? "f16" : "f32") +
                                     " pos0=" + std::to_string(pos0) + ": max difference " +
                                     std::to_string(worst));
        }
    }
    std::printf("attention: F32 and F16 caches, 2 positions each\n");
}

}  // namespace

int main() {
    try {
        backend::BackendOptions fast_options, ref_options;
        fast_options.threads = 2;
        ref_options.threads = 2;
        ref_options.reference_kernels = true;
        auto fast = backend::create_backend("cpu", fast_options);
        auto ref = backend::create_backend("cpu", ref_options);
        std::printf("CPU backend kernels: %s\n", cpu::isa_name(cpu::kernels().isa));
        check(cpu::kernels().isa == cpu::Isa::Neon || cpu::kernels().isa == cpu::Isa::NeonDot,
              "the fast path should use a NEON kernel set here");
        check_matmul(*fast, *ref);
        check_attention(*fast, *ref);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "FAIL: exception: %s\n", e.what());
        return 1;
    }
    return siliang::aarch64_test::report();
}
