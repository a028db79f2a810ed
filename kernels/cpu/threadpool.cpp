#include "cpu/threadpool.h"

#include <algorithm>

namespace siliang::kernels::cpu {
namespace {

// Chunk `index` of `parts` equal chunks of [0, n).
std::pair<size_t, size_t> chunk(size_t n, int parts, int index) {
    const size_t p = static_cast<size_t>(parts), i = static_cast<size_t>(index);
    return {n * i / p, n * (i + 1) / p};
}

}  // namespace

ThreadPool::ThreadPool(int threads) {
    if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    for (int i = 1; i < threads; ++i) workers_.emplace_back([this, i] { worker(i); });
}

ThreadPool::~ThreadPool() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    start_.notify_all();
    for (auto& t : workers_) t.join();
}

void ThreadPool::parallel_for(size_t n, const std::function<void(size_t, size_t, int)>& fn) {
    if (workers_.empty() || n < 2) {
        if (n > 0) fn(0, n, 0);
        return;
    }
    std::lock_guard call(call_mutex_);
    {
        std::lock_guard lock(mutex_);
        job_ = &fn;
        n_ = n;
        pending_ = static_cast<int>(workers_.size());
        ++generation_;
    }
    start_.notify_all();
    const auto [begin, end] = chunk(n, threads(), 0);
    if (begin < end) fn(begin, end, 0);
    std::unique_lock lock(mutex_);
    done_.wait(lock, [this] { return pending_ == 0; });
    job_ = nullptr;
}

void ThreadPool::worker(int index) {
    unsigned long seen = 0;
    for (;;) {
        const std::function<void(size_t, size_t, int)>* job;
        size_t n;
        {
            std::unique_lock lock(mutex_);
            start_.wait(lock, [&] { return stop_ || generation_ != seen; });
            if (stop_) return;
            seen = generation_;
            job = job_;
            n = n_;
        }
        const auto [begin, end] = chunk(n, threads(), index);
        if (begin < end) (*job)(begin, end, index);
        {
            std::lock_guard lock(mutex_);
            if (--pending_ == 0) done_.notify_one();
        }
    }
}

}  // namespace siliang::kernels::cpu
