// Page-granular host memory from the operating system, for what streams from memory every
// token (the CPU backend's rewritten weights, kernels/cpu/x16.h; siliang-cli bench's
// bandwidth probe, which must read the same kind of pages), and the release of memory-mapped
// model pages a backend no longer needs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace siliang::backend {

// Zero-filled, page-aligned bytes from the operating system (not the heap), asked for
// transparent huge pages where Linux offers them: weights are streamed once per token, and
// 2 MiB pages take the TLB misses off that stream. Move-only.
class AnonymousBytes {
public:
    AnonymousBytes() = default;
    // Throws std::bad_alloc when the system refuses.
    explicit AnonymousBytes(size_t size);
    ~AnonymousBytes();
    AnonymousBytes(AnonymousBytes&& other) noexcept;
    AnonymousBytes& operator=(AnonymousBytes&& other) noexcept;
    AnonymousBytes(const AnonymousBytes&) = delete;
    AnonymousBytes& operator=(const AnonymousBytes&) = delete;

    uint8_t* data() { return data_; }
    const uint8_t* data() const { return data_; }
    size_t size() const { return size_; }

private:
    void free();
    uint8_t* data_ = nullptr;
    size_t size_ = 0;
    size_t mapped_ = 0;  // size_ rounded up to the allocation granularity
};

// Tells the system this process no longer needs the whole pages inside `bytes` of a
// read-only file mapping (only such a mapping: anonymous or heap pages would be lost): they leave
// the resident set (the page cache keeps them, so a later read faults them back in cheaply).
// Partial pages at the ends stay. On Linux the range is also no longer mapped with huge pages,
// so reading a neighbour that shares its 2 MiB cannot map it back. A no-op where the system has
// no such call.
void release_mapped_pages(std::span<const std::byte> bytes);

}  // namespace siliang::backend
