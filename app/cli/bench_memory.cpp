#include "bench_memory.h"

#if defined(_WIN32)
#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <windows.h>
// After windows.h, which it needs.
#include <psapi.h>
#elif defined(__unix__) || defined(__APPLE__)
#include <sys/resource.h>
#endif

#if defined(__linux__)
#include <exception>
#include <fstream>
#include <string>
#endif

namespace siliang::cli {

std::optional<uint64_t> peak_rss_bytes() {
#if defined(_WIN32)
    PROCESS_MEMORY_COUNTERS counters{};
    counters.cb = sizeof counters;
    // K32GetProcessMemoryInfo lives in kernel32 (no psapi.lib needed) since Windows 7.
    if (!K32GetProcessMemoryInfo(GetCurrentProcess(), &counters, sizeof counters))
        return std::nullopt;
    return static_cast<uint64_t>(counters.PeakWorkingSetSize);
#else
#if defined(__linux__)
    // "VmHWM:    123456 kB"
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind("VmHWM:", 0) == 0) {
            try {
                return static_cast<uint64_t>(std::stoull(line.substr(6))) * 1024;
            } catch (const std::exception&) {
                break;  // unexpected format: fall back to getrusage
            }
        }
#endif
#if defined(__unix__) || defined(__APPLE__)
    rusage usage{};
    if (getrusage(RUSAGE_SELF, &usage) != 0 || usage.ru_maxrss <= 0) return std::nullopt;
#if defined(__APPLE__)
    return static_cast<uint64_t>(usage.ru_maxrss);  // bytes on macOS
#else
    return static_cast<uint64_t>(usage.ru_maxrss) * 1024;  // kilobytes on Linux and the BSDs
#endif
#else
    return std::nullopt;
#endif
#endif
}

std::optional<double> process_cpu_seconds() {
#if defined(_WIN32)
    FILETIME created, exited, kernel, user;
    if (!GetProcessTimes(GetCurrentProcess(), &created, &exited, &kernel, &user))
        return std::nullopt;
    const auto ticks = [](const FILETIME& t) {  // 100 ns units
        return (static_cast<uint64_t>(t.dwHighDateTime) << 32) | t.dwLowDateTime;
    };
    return static_cast<double>(ticks(kernel) + ticks(user)) * 1e-7;
#elif defined(__unix__) || defined(__APPLE__)
    rusage usage{};
    if (getrusage(RUSAGE_SELF, &usage) != 0) return std::nullopt;
    const auto seconds = [](const timeval& t) {
        return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6;
    };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
#else
    return std::nullopt;
#endif
}

}  // namespace siliang::cli
