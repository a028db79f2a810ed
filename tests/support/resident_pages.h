// How many of the whole pages inside a range of this process's memory are present (mapped
// to memory, not just reserved), from Linux's /proc/self/pagemap: tests that check memory
// leaves or stays out of the resident set. -1 where pagemap cannot be read (not Linux).
#pragma once

#include <cstddef>
#include <cstdint>

#if defined(__linux__)
#include <fcntl.h>
#include <unistd.h>
#endif

namespace siliang::testing {

inline long present_pages(const void* data, size_t size) {
#if defined(__linux__)
    const auto page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
    const auto begin = reinterpret_cast<uintptr_t>(data);
    const uintptr_t first = (begin + page - 1) / page, last = (begin + size) / page;
    const int fd = open("/proc/self/pagemap", O_RDONLY);
    if (fd < 0) return -1;
    long n = 0;
    for (uintptr_t p = first; p < last && n >= 0; ++p) {
        uint64_t entry = 0;  // one per page
        if (pread(fd, &entry, sizeof entry, static_cast<off_t>(p * sizeof entry)) !=
            static_cast<ssize_t>(sizeof entry))
            n = -1;
        else
            n += static_cast<long>(entry >> 63);  // bit 63: page present
    }
    close(fd);
    return n;
#else
    (void)data;
    (void)size;
    return -1;
#endif
}

}  // namespace siliang::testing
