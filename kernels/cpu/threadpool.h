// A persistent pool of worker threads for splitting one op's rows across
// cores, built for decode: a 0.5B model runs ~300 small ops per token, so the
// cost of handing out a job matters as much as the job.
//  - No allocation and no std::function per call: parallel_for takes any
//    callable by reference and passes a plain function pointer + context.
//  - Workers spin (with a CPU pause) for a short while after each job, so the
//    next op of the same token finds them awake; only then do they sleep on
//    an atomic wait, and the caller pays for a wake-up call only when someone
//    actually sleeps.
//  - Chunks are claimed, not assigned, and shrink as the job runs out ("guided"
//    scheduling): each claim takes 1/(2 x threads) of what is left, never less than
//    1/(kMinChunksPerThread x threads) of the job. Early chunks are long (few claims, long
//    runs of rows for the prefetchers); the last ones are short, so when one thread claims
//    the last chunk the others wait for a small piece instead of an equal share. On a busy
//    machine a worker that the OS has not scheduled yet simply gets fewer chunks, instead
//    of the whole op waiting for it. One compare-and-swap claims a chunk.
// A pool of 1 thread runs everything inline on the caller.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <thread>
#include <type_traits>
#include <vector>

namespace siliang::kernels::cpu {

class ThreadPool {
public:
    explicit ThreadPool(int threads);  // total threads, the caller included; <= 0: hardware
    ~ThreadPool();
    ThreadPool(const ThreadPool&) = delete;
    ThreadPool& operator=(const ThreadPool&) = delete;

    int threads() const { return static_cast<int>(workers_.size()) + 1; }

    // Calls fn(begin, end, thread_index) on contiguous, non-empty chunks covering [0, n), each
    // once, from the pool's threads (thread_index 0 is the caller, workers are 1..threads()-1;
    // one thread runs one chunk at a time, so per-thread scratch indexed by it is safe).
    // Blocks until all are done. Calls from several threads (two sessions on one model) are
    // serialized. fn must not throw. n must be below 2^32 (the claim word holds n and the next
    // index): std::length_error otherwise, before any call.
    template <typename Fn>
    void parallel_for(size_t n, Fn&& fn) {
        using F = std::remove_cvref_t<Fn>;
        auto call = [](void* ctx, size_t begin, size_t end, int index) {
            (*static_cast<F*>(ctx))(begin, end, index);
        };
        run(n, call, const_cast<F*>(&fn));
    }

private:
    using Trampoline = void (*)(void* ctx, size_t begin, size_t end, int index);
    void run(size_t n, Trampoline call, void* ctx);
    // Claims and runs chunks of the current job until none is left; false if none was claimed.
    bool work(int index);
    // The chunk a claim at `next` of a job of n takes (guided, see above).
    uint64_t chunk_size(uint64_t n, uint64_t next) const;
    void worker(int index);

    std::vector<std::thread> workers_;
    std::mutex call_mutex_;  // one job at a time
    // The job, written by the caller before it publishes claim_. A thread reads them only after
    // claiming a chunk, and the job cannot end (and be overwritten) before that chunk is done.
    Trampoline call_ = nullptr;
    void* ctx_ = nullptr;
    // (n << 32) | next unclaimed index: one load tells a thread both, and one
    // compare-and-swap claims [next, next + chunk_size(n, next)).
    std::atomic<uint64_t> claim_{0};
    std::atomic<uint64_t> done_{0};        // indices of the current job finished
    std::atomic<uint64_t> generation_{0};  // bumped once per job; idle workers wait for a change
    std::atomic<int> sleepers_{0};         // workers blocked in generation_.wait()
    std::atomic<bool> stop_{false};
};

}  // namespace siliang::kernels::cpu
