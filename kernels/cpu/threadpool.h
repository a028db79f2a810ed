// A persistent pool of worker threads for splitting one op's rows across
// cores. parallel_for blocks until every chunk is done; the calling thread
// takes a share, so a pool of 1 thread runs everything inline.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace siliang::kernels::cpu {

class ThreadPool {
public:
    explicit ThreadPool(int threads);  // total threads, the caller included; <= 0: hardware
    ~ThreadPool();
    ThreadPool(const ThreadPool&) = delete;
    ThreadPool& operator=(const ThreadPool&) = delete;

    int threads() const { return static_cast<int>(workers_.size()) + 1; }
    // Calls fn(begin, end, thread_index) on contiguous chunks covering [0, n). Calls from several
    // threads (two sessions on one model) are serialized. fn must not throw.
    void parallel_for(size_t n, const std::function<void(size_t, size_t, int)>& fn);

private:
    void worker(int index);

    std::vector<std::thread> workers_;
    std::mutex call_mutex_;  // one job at a time
    std::mutex mutex_;
    std::condition_variable start_, done_;
    const std::function<void(size_t, size_t, int)>* job_ = nullptr;
    size_t n_ = 0;
    unsigned long generation_ = 0;
    int pending_ = 0;
    bool stop_ = false;
};

}  // namespace siliang::kernels::cpu
