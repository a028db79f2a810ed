#include "bench_bandwidth.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <thread>
#include <vector>

#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define SILIANG_BENCH_X86_SIMD 1
#endif

namespace siliang::cli {

namespace {

constexpr std::size_t kPage = 4096;  // allocation granule
constexpr int kStreams = 4;          // interleaved read streams per thread
constexpr std::size_t kStep = 64;    // bytes read per stream per loop iteration
constexpr std::size_t kQuantum = kStreams * kStep;

// Every kernel sums `n` bytes (a multiple of kStep) from each of kStreams streams
// as 64-bit integers. Integer adds are cheap enough that the loads are the limit;
// the result is kept so the compiler cannot drop the reads.
using SumKernel = uint64_t (*)(const unsigned char* const* streams, std::size_t n);

uint64_t sum_portable(const unsigned char* const* streams, std::size_t n) {
    // Eight independent accumulators per stream: the compiler vectorizes this at -O2.
    uint64_t acc[kStreams][8] = {};
    for (std::size_t off = 0; off < n; off += kStep)
        for (int s = 0; s < kStreams; ++s) {
            uint64_t words[8];
            std::memcpy(words, streams[s] + off, sizeof words);
            for (int k = 0; k < 8; ++k) acc[s][k] += words[k];
        }
    uint64_t total = 0;
    for (const auto& a : acc)
        for (uint64_t v : a) total += v;
    return total;
}

#ifdef SILIANG_BENCH_X86_SIMD
__attribute__((target("avx2"))) uint64_t sum_avx2(const unsigned char* const* streams,
                                                  std::size_t n) {
    __m256i a0 = _mm256_setzero_si256(), a1 = a0, a2 = a0, a3 = a0;
    const unsigned char *p0 = streams[0], *p1 = streams[1], *p2 = streams[2], *p3 = streams[3];
    for (std::size_t off = 0; off < n; off += kStep) {
        a0 = _mm256_add_epi64(a0, _mm256_load_si256(reinterpret_cast<const __m256i*>(p0 + off)));
        a1 = _mm256_add_epi64(a1, _mm256_load_si256(reinterpret_cast<const __m256i*>(p1 + off)));
        a2 = _mm256_add_epi64(a2, _mm256_load_si256(reinterpret_cast<const __m256i*>(p2 + off)));
        a3 = _mm256_add_epi64(a3, _mm256_load_si256(reinterpret_cast<const __m256i*>(p3 + off)));
        a0 = _mm256_add_epi64(a0,
                              _mm256_load_si256(reinterpret_cast<const __m256i*>(p0 + off + 32)));
        a1 = _mm256_add_epi64(a1,
                              _mm256_load_si256(reinterpret_cast<const __m256i*>(p1 + off + 32)));
        a2 = _mm256_add_epi64(a2,
                              _mm256_load_si256(reinterpret_cast<const __m256i*>(p2 + off + 32)));
        a3 = _mm256_add_epi64(a3,
                              _mm256_load_si256(reinterpret_cast<const __m256i*>(p3 + off + 32)));
    }
    const __m256i sum = _mm256_add_epi64(_mm256_add_epi64(a0, a1), _mm256_add_epi64(a2, a3));
    alignas(32) uint64_t lanes[4];
    _mm256_store_si256(reinterpret_cast<__m256i*>(lanes), sum);
    return lanes[0] + lanes[1] + lanes[2] + lanes[3];
}

__attribute__((target("avx512f"))) uint64_t sum_avx512(const unsigned char* const* streams,
                                                       std::size_t n) {
    __m512i a0 = _mm512_setzero_si512(), a1 = a0, a2 = a0, a3 = a0;
    const unsigned char *p0 = streams[0], *p1 = streams[1], *p2 = streams[2], *p3 = streams[3];
    for (std::size_t off = 0; off < n; off += kStep) {
        a0 = _mm512_add_epi64(a0, _mm512_load_si512(p0 + off));
        a1 = _mm512_add_epi64(a1, _mm512_load_si512(p1 + off));
        a2 = _mm512_add_epi64(a2, _mm512_load_si512(p2 + off));
        a3 = _mm512_add_epi64(a3, _mm512_load_si512(p3 + off));
    }
    const __m512i sum = _mm512_add_epi64(_mm512_add_epi64(a0, a1), _mm512_add_epi64(a2, a3));
    alignas(64) uint64_t lanes[8];
    _mm512_store_si512(lanes, sum);
    uint64_t total = 0;
    for (uint64_t v : lanes) total += v;
    return total;
}
#endif

struct Choice {
    SumKernel kernel;
    const char* name;
};

Choice choose_kernel() {
#ifdef SILIANG_BENCH_X86_SIMD
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f")) return {sum_avx512, "avx512"};
    if (__builtin_cpu_supports("avx2")) return {sum_avx2, "avx2"};
#endif
    return {sum_portable, "portable"};
}

const Choice& kernel() {
    static const Choice choice = choose_kernel();
    return choice;
}

// Written by every pass so that the sums, and so the reads, are observable.
std::atomic<uint64_t> g_sink{0};

}  // namespace

ReadBandwidthProbe::ReadBandwidthProbe(std::size_t bytes)
    : bytes_(std::max(kPage, bytes / kPage * kPage)), data_(bytes_) {
    // Distinct words, so no page can be shared or deduplicated, and every page touched now.
    auto* words = reinterpret_cast<uint64_t*>(data_.data());
    for (std::size_t i = 0; i < bytes_ / sizeof(uint64_t); ++i)
        words[i] = i * 0x9E3779B97F4A7C15ull;
}

ReadBandwidthProbe::~ReadBandwidthProbe() = default;

std::string ReadBandwidthProbe::kernel_name() {
    return kernel().name;
}

double ReadBandwidthProbe::measure(int threads) {
    threads = std::max(1, threads);
    // Equal slices of whole quanta; the remainder (under one quantum per thread) is not read.
    const std::size_t slice = bytes_ / static_cast<std::size_t>(threads) / kQuantum * kQuantum;
    if (slice == 0) return measure(1);
    const std::size_t per_stream = slice / kStreams;
    const SumKernel sum = kernel().kernel;

    std::atomic<int> ready{0};
    std::atomic<bool> go{false};
    std::vector<std::thread> workers;
    workers.reserve(static_cast<std::size_t>(threads));
    for (int t = 0; t < threads; ++t)
        workers.emplace_back([&, t] {
            const unsigned char* base = data_.data() + static_cast<std::size_t>(t) * slice;
            const unsigned char* streams[kStreams];
            for (int s = 0; s < kStreams; ++s)
                streams[s] = base + static_cast<std::size_t>(s) * per_stream;
            ready.fetch_add(1);
            // Spin rather than block: the clock starts when every thread is running.
            while (!go.load(std::memory_order_acquire)) std::this_thread::yield();
            g_sink.fetch_xor(sum(streams, per_stream), std::memory_order_relaxed);
        });
    while (ready.load() < threads) std::this_thread::yield();
    const auto start = std::chrono::steady_clock::now();
    go.store(true, std::memory_order_release);
    for (std::thread& w : workers) w.join();
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double read = static_cast<double>(slice) * threads;
    return read / std::max(seconds, 1e-9) / 1e9;
}

}  // namespace siliang::cli
