#include "cpu/threadpool.h"

#include <algorithm>
#include <chrono>

#if defined(__x86_64__) || defined(_M_X64) || defined(__i386__) || defined(_M_IX86)
#include <immintrin.h>
#define SILIANG_CPU_RELAX() _mm_pause()
#elif defined(__aarch64__) && (defined(__GNUC__) || defined(__clang__))
#define SILIANG_CPU_RELAX() __asm__ __volatile__("yield")
#else
#define SILIANG_CPU_RELAX() std::this_thread::yield()
#endif

namespace siliang::kernels::cpu {
namespace {

// How long an idle worker spins before it sleeps. Decode hands out a job every few
// microseconds and sampling between tokens takes well under a millisecond, so 2 ms keeps the
// workers awake through a whole generation while an idle app stops burning CPU at once.
constexpr auto kSpin = std::chrono::microseconds(2000);
// Chunks per thread: enough for a late or slower thread to be covered by the others, few
// enough that claiming (one atomic each) stays negligible next to the chunk.
constexpr size_t kChunksPerThread = 4;

}  // namespace

ThreadPool::ThreadPool(int threads) {
    if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    for (int i = 1; i < threads; ++i) workers_.emplace_back([this, i] { worker(i); });
}

ThreadPool::~ThreadPool() {
    stop_.store(true);
    generation_.fetch_add(1);
    generation_.notify_all();
    for (auto& t : workers_) t.join();
}

bool ThreadPool::work(int index) {
    bool any = false;
    uint64_t c = claim_.load(std::memory_order_acquire);
    for (;;) {
        const uint64_t chunks = c >> 32, next = c & 0xFFFFFFFFu;
        if (next >= chunks) return any;
        if (!claim_.compare_exchange_weak(c, c + 1, std::memory_order_acq_rel)) continue;
        // Chunk `next` of `chunks` equal chunks of [0, n_); non-empty since chunks <= n_.
        const size_t begin = n_ * next / chunks, end = n_ * (next + 1) / chunks;
        call_(ctx_, begin, end, index);
        done_.fetch_add(1, std::memory_order_acq_rel);
        any = true;
        c = claim_.load(std::memory_order_acquire);
    }
}

void ThreadPool::run(size_t n, Trampoline call, void* ctx) {
    if (workers_.empty() || n < 2) {
        if (n > 0) call(ctx, 0, n, 0);
        return;
    }
    std::lock_guard lock(call_mutex_);
    const uint64_t chunks = std::min<uint64_t>(n, kChunksPerThread * size_t(threads()));
    call_ = call;
    ctx_ = ctx;
    n_ = n;
    done_.store(0, std::memory_order_relaxed);
    claim_.store(chunks << 32, std::memory_order_release);
    // seq_cst pairs with the workers' sleepers_ increment: either we see a sleeper and wake
    // it, or its wait sees the new generation and does not block.
    generation_.fetch_add(1);
    if (sleepers_.load() > 0) generation_.notify_all();

    work(0);
    // Wait for chunks still running on workers; yield now and then so a descheduled worker on
    // a busy machine gets the core back.
    for (unsigned spins = 0; done_.load(std::memory_order_acquire) != chunks; ++spins) {
        if (spins % 256 == 255)
            std::this_thread::yield();
        else
            SILIANG_CPU_RELAX();
    }
}

void ThreadPool::worker(int index) {
    uint64_t seen = 0;
    for (;;) {
        uint64_t now_gen;
        auto since = std::chrono::steady_clock::now();
        for (unsigned spins = 1; (now_gen = generation_.load(std::memory_order_acquire)) == seen;
             ++spins) {
            SILIANG_CPU_RELAX();
            if (spins % 64 != 0) continue;
            if (std::chrono::steady_clock::now() - since < kSpin) continue;
            sleepers_.fetch_add(1);
            generation_.wait(seen);  // returns once generation_ != seen
            sleepers_.fetch_sub(1);
            since = std::chrono::steady_clock::now();
        }
        seen = now_gen;
        if (stop_.load()) return;
        work(index);
    }
}

}  // namespace siliang::kernels::cpu
