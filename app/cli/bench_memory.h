// Process resources for `siliang-cli bench`. Peak memory: the target is
// peak RSS <= file size + KV cache + 15% (weights stay memory-mapped; a second copy
// of them would show here, and so would mapped pages of the file). CPU time: on a
// shared machine the bench's threads may get a fraction of their cores, which the
// ratio of CPU time to wall time makes visible next to the figures.
#pragma once

#include <cstdint>
#include <optional>

namespace siliang::cli {

// The high-water mark of the resident set in bytes (Linux: VmHWM, macOS and other
// POSIX systems: getrusage's ru_maxrss, Windows: PeakWorkingSetSize), or nullopt
// where the platform does not say.
std::optional<uint64_t> peak_rss_bytes();

// User + system CPU seconds of all threads of this process so far, or nullopt where
// the platform does not say.
std::optional<double> process_cpu_seconds();

}  // namespace siliang::cli
