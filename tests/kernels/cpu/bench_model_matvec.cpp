// siliang-matvec-bench: how close decode's matrix-vector products come to simply reading the
// same bytes. For each kind of weight matrix in a model file (attn_q, ffn_down, output, ...)
// it times the CPU backend's one-token matmul over all of that kind's tensors (the path
// decode takes: thread pool, interleaved rows, four-row dots) and, alternating with it, a
// plain read of the bytes that matmul reads (the same threads, AVX-512 or AVX2 loads, no
// arithmetic), and prints both rates and their ratio. The ratio is what the kernels keep
// of the bandwidth this machine gives a pure reader at that minute, independent of how
// fast that minute is. The read is one job over all of a kind's tensors; a second read, one
// job per tensor as the matmuls are run, gives "per job": the ratio left to the kernels once
// the cost of starting and ending a job per tensor is in the read as well.
//
//   siliang-matvec-bench -m FILE [-t THREADS] [-r REPETITIONS]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "cpu/cpu_backend.h"
#include "cpu/cpu_buffers.h"
#include "cpu/threadpool.h"
#include "cpu/x86_intrinsics.h"
#include "gguf/gguf_reader.h"

using namespace siliang;

namespace {

using Clock = std::chrono::steady_clock;

// The bytes a weight's matmul reads: its interleaved copy where the backend made one, else
// the tensor's bytes in the file mapping.
struct Span {
    const uint8_t* data;
    size_t size;
};

// Sum of 64-bit words of [p, p + n) (n a multiple of 256), so the loads cannot be dropped.
__attribute__((target("avx512f"))) uint64_t read_avx512(const uint8_t* p, size_t n) {
    __m512i a = _mm512_setzero_si512(), b = a, c = a, d = a;
    for (size_t i = 0; i < n; i += 256) {
        a = _mm512_add_epi64(a, _mm512_loadu_si512(p + i));
        b = _mm512_add_epi64(b, _mm512_loadu_si512(p + i + 64));
        c = _mm512_add_epi64(c, _mm512_loadu_si512(p + i + 128));
        d = _mm512_add_epi64(d, _mm512_loadu_si512(p + i + 192));
    }
    return static_cast<uint64_t>(
        _mm512_reduce_add_epi64(_mm512_add_epi64(_mm512_add_epi64(a, b), _mm512_add_epi64(c, d))));
}

__attribute__((target("avx2"))) uint64_t read_avx2(const uint8_t* p, size_t n) {
    __m256i a = _mm256_setzero_si256(), b = a, c = a, d = a;
    for (size_t i = 0; i < n; i += 128) {
        a = _mm256_add_epi64(a, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i)));
        b = _mm256_add_epi64(b, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i + 32)));
        c = _mm256_add_epi64(c, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i + 64)));
        d = _mm256_add_epi64(d, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i + 96)));
    }
    alignas(32) uint64_t lanes[4];
    _mm256_store_si256(reinterpret_cast<__m256i*>(lanes),
                       _mm256_add_epi64(_mm256_add_epi64(a, b), _mm256_add_epi64(c, d)));
    return lanes[0] + lanes[1] + lanes[2] + lanes[3];
}

// "blk.7.ffn_down.weight" -> "ffn_down"; "output.weight" -> "output".
std::string kind_of(std::string_view name) {
    std::string s(name);
    if (s.rfind("blk.", 0) == 0) s = s.substr(s.find('.', 4) + 1);
    const size_t dot = s.rfind(".weight");
    return dot == std::string::npos ? s : s.substr(0, dot);
}

int usage() {
    std::fprintf(stderr, "usage: siliang-matvec-bench -m FILE [-t THREADS] [-r REPETITIONS]\n");
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    std::string path;
    int threads = 2, reps = 20;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string arg = argv[i];
        if (arg == "-m")
            path = argv[i + 1];
        else if (arg == "-t")
            threads = std::atoi(argv[i + 1]);
        else if (arg == "-r")
            reps = std::atoi(argv[i + 1]);
        else
            return usage();
    }
    if (path.empty() || argc % 2 == 0 || threads < 1 || reps < 2) return usage();
    __builtin_cpu_init();
    const bool avx512 = __builtin_cpu_supports("avx512f");
    if (!avx512 && !__builtin_cpu_supports("avx2")) {
        std::fprintf(stderr, "siliang-matvec-bench: needs AVX2 or AVX-512 for the plain read\n");
        return 1;
    }
    try {
        const gguf::File file = gguf::File::open(path);
        auto be = kernels::cpu::create_cpu_backend({.threads = threads});
        kernels::cpu::ThreadPool pool(threads);
        const bool tied = file.find_tensor("output.weight") == nullptr;
        struct Kind {
            std::vector<std::unique_ptr<backend::Weight>> weights;
            std::vector<Span> spans;
            size_t bytes = 0, rows = 0, cols = 0;
        };
        std::map<std::string, Kind> kinds;
        for (const gguf::TensorInfo& t : file.tensors()) {
            if (t.dims.size() != 2 || t.dims[1] < 16) continue;
            if (t.name == "token_embd.weight" && !tied) continue;  // only looked up
            Kind& k = kinds[kind_of(t.name)];
            k.weights.push_back(be->make_weight(t));
            const auto& w = static_cast<const kernels::cpu::CpuWeight&>(*k.weights.back());
            k.spans.push_back(
                w.x16 ? Span{w.x16->group(0), w.x16->size_bytes()}
                      : Span{reinterpret_cast<const uint8_t*>(t.data.data()), t.n_bytes});
            k.bytes += t.n_bytes;
            k.rows = std::max<size_t>(k.rows, t.dims[1]);
            k.cols = std::max<size_t>(k.cols, t.dims[0]);
        }
        std::printf("%s, %d thread%s (matmul: the CPU backend's one-token path; read: %s loads)\n",
                    path.c_str(), threads, threads == 1 ? "" : "s", avx512 ? "AVX-512" : "AVX2");
        std::printf("%-14s %7s %9s %12s %12s %7s %8s\n", "kind", "tensors", "MB", "matmul GB/s",
                    "read GB/s", "ratio", "per job");
        std::atomic<uint64_t> sink{0};
        for (auto& [name, k] : kinds) {
            auto x = be->alloc(k.cols);
            be->upload(*x, std::vector<float>(k.cols, 0.01f));
            auto y = be->alloc(k.rows);
            // The read: every tensor cut into 64 KiB pieces, handed out like the matmul rows;
            // first[i] is tensor i's first piece.
            std::vector<Span> pieces;
            std::vector<size_t> first;
            for (const Span& s : k.spans) {
                first.push_back(pieces.size());
                for (size_t at = 0; at + 256 <= s.size; at += 65536)
                    pieces.push_back(
                        {s.data + at, std::min<size_t>(65536, s.size - at) / 256 * 256});
            }
            first.push_back(pieces.size());
            const auto read_pieces = [&](size_t from, size_t to) {
                pool.parallel_for(to - from, [&](size_t begin, size_t end, int) {
                    uint64_t sum = 0;
                    for (size_t i = from + begin; i < from + end; ++i)
                        sum += avx512 ? read_avx512(pieces[i].data, pieces[i].size)
                                      : read_avx2(pieces[i].data, pieces[i].size);
                    sink.fetch_add(sum, std::memory_order_relaxed);
                });
            };
            std::vector<double> matmul_gbps, read_gbps, ratio, per_job;
            // The backend and this pool each keep their workers spinning for 2 ms after a job
            // (threadpool.cpp): each phase waits them out, so neither shares its cores with
            // the other's spinning threads.
            const auto settle = [] { std::this_thread::sleep_for(std::chrono::milliseconds(5)); };
            for (int r = 0; r < reps; ++r) {
                settle();
                auto t0 = Clock::now();
                for (const auto& w : k.weights) be->matmul(*w, *x, 1, *y);
                const double matmul_s = std::chrono::duration<double>(Clock::now() - t0).count();
                settle();
                t0 = Clock::now();
                read_pieces(0, pieces.size());
                const double read_s = std::chrono::duration<double>(Clock::now() - t0).count();
                settle();
                t0 = Clock::now();
                for (size_t i = 0; i + 1 < first.size(); ++i) read_pieces(first[i], first[i + 1]);
                const double job_read_s = std::chrono::duration<double>(Clock::now() - t0).count();
                if (r == 0) continue;  // warm-up
                matmul_gbps.push_back(static_cast<double>(k.bytes) / matmul_s / 1e9);
                read_gbps.push_back(static_cast<double>(k.bytes) / read_s / 1e9);
                ratio.push_back(read_s / matmul_s);
                per_job.push_back(job_read_s / matmul_s);
            }
            const auto median = [](std::vector<double> v) {
                std::sort(v.begin(), v.end());
                return v[v.size() / 2];
            };
            std::printf("%-14s %7zu %9.1f %12.2f %12.2f %7.2f %8.2f\n", name.c_str(),
                        k.weights.size(), static_cast<double>(k.bytes) / 1e6, median(matmul_gbps),
                        median(read_gbps), median(ratio), median(per_job));
        }
        if (sink.load() == 1) std::printf("\n");  // keeps the reads observable
    } catch (const std::exception& e) {
        std::fprintf(stderr, "siliang-matvec-bench: %s\n", e.what());
        return 1;
    }
    return 0;
}
