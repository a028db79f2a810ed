// Read-bandwidth probe for `siliang-cli bench`: how fast this machine streams
// memory into the cores. Decoding one token reads every weight once, so this is
// the ceiling generation speed is measured against. It runs in the same process
// as the benchmark, interleaved with its repetitions, because on a shared
// machine the figure moves from minute to minute.
#pragma once

#include <cstddef>
#include <string>

#include "backend/host_memory.h"

namespace siliang::cli {

class ReadBandwidthProbe {
public:
    // Allocates `bytes` (rounded down to whole 4 KiB pages, at least one) and writes
    // every page, so the buffer is resident from here on. Choose it much larger than
    // the last-level cache, or the figure is the cache's. The memory asks for huge pages
    // where the system offers them, like the interleaved weights (x16.h): with 4 KiB
    // anonymous pages two threads read about a fifth slower here (21 against 26 GB/s)
    // than from huge pages or the model file's mapping, which made the ceiling look
    // lower than what the weights can be read at.
    explicit ReadBandwidthProbe(std::size_t bytes);
    ~ReadBandwidthProbe();
    ReadBandwidthProbe(const ReadBandwidthProbe&) = delete;
    ReadBandwidthProbe& operator=(const ReadBandwidthProbe&) = delete;

    // Reads the whole buffer once, split into equal slices over `threads` threads
    // (each reading its slice as several interleaved streams, the way a matrix-vector
    // product reads several rows at once), and returns GB/s (1e9 bytes per second)
    // from the common start to the last thread's end.
    double measure(int threads);

    std::size_t bytes() const { return bytes_; }
    // The summing loop chosen for this CPU: "avx512", "avx2" or "portable".
    static std::string kernel_name();

private:
    std::size_t bytes_ = 0;
    backend::AnonymousBytes data_;
};

}  // namespace siliang::cli
