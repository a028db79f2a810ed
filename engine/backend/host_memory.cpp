#include "backend/host_memory.h"

#include <new>
#include <utility>

#if defined(_WIN32)
#define WIN32_LEAN_AND_MEAN
#include <windows.h>
#else
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace siliang::backend {
namespace {

size_t page_size() {
#if defined(_WIN32)
    static const size_t size = [] {
        SYSTEM_INFO info;
        GetSystemInfo(&info);
        return static_cast<size_t>(info.dwPageSize);
    }();
#else
    static const auto size = static_cast<size_t>(sysconf(_SC_PAGESIZE));
#endif
    return size;
}

// Huge pages are 2 MiB on x86-64 and on most AArch64 kernels; rounding a large block up to
// them lets the last pages be huge too. Small blocks are not worth the rounding.
constexpr size_t kHugePage = size_t{2} << 20;

size_t rounded(size_t size) {
    return size >= 8 * kHugePage ? (size + kHugePage - 1) / kHugePage * kHugePage : size;
}

}  // namespace

AnonymousBytes::AnonymousBytes(size_t size) : size_(size), mapped_(rounded(size)) {
    if (size == 0) return;
#if defined(_WIN32)
    void* p = VirtualAlloc(nullptr, mapped_, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
    if (!p) throw std::bad_alloc();
#else
    void* p = mmap(nullptr, mapped_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) throw std::bad_alloc();
#if defined(MADV_HUGEPAGE)
    // Advice only: where transparent huge pages are off or "never", this fails harmlessly.
    if (mapped_ >= kHugePage) madvise(p, mapped_, MADV_HUGEPAGE);
#endif
#endif
    data_ = static_cast<uint8_t*>(p);
}

AnonymousBytes::~AnonymousBytes() {
    free();
}

AnonymousBytes::AnonymousBytes(AnonymousBytes&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)),
      size_(std::exchange(other.size_, 0)),
      mapped_(std::exchange(other.mapped_, 0)) {}

AnonymousBytes& AnonymousBytes::operator=(AnonymousBytes&& other) noexcept {
    if (this != &other) {
        free();
        data_ = std::exchange(other.data_, nullptr);
        size_ = std::exchange(other.size_, 0);
        mapped_ = std::exchange(other.mapped_, 0);
    }
    return *this;
}

void AnonymousBytes::free() {
    if (!data_) return;
#if defined(_WIN32)
    VirtualFree(data_, 0, MEM_RELEASE);
#else
    munmap(data_, mapped_);
#endif
    data_ = nullptr;
}

void release_mapped_pages(std::span<const std::byte> bytes) {
    const size_t page = page_size();
    const auto begin = reinterpret_cast<uintptr_t>(bytes.data());
    const uintptr_t first = (begin + page - 1) / page * page;
    const uintptr_t last = (begin + bytes.size()) / page * page;
    if (last <= first) return;
#if defined(_WIN32)
    // VirtualUnlock on pages that are not locked takes them out of the working set (it then
    // reports ERROR_NOT_LOCKED, which is expected here).
    VirtualUnlock(reinterpret_cast<void*>(first), last - first);
#elif defined(MADV_DONTNEED)
#if defined(MADV_NOHUGEPAGE)
    // First, no huge pages here. Linux maps a file's 2 MiB page-cache folios whole (one PMD)
    // wherever a 2 MiB-aligned range lies in a mapping that allows it, so reading a tensor
    // that stays in the file (a Q6_K matrix, a norm) mapped back the released neighbours
    // sharing its 2 MiB: 61 MiB of rewritten Q4_K weights came back on the 1.5B Q4_K_M file.
    // The advice splits the mapping there, and such a read then maps 4 KiB pages around it.
    madvise(reinterpret_cast<void*>(first), last - first, MADV_NOHUGEPAGE);
#endif
    // The mapping is read-only and private: its pages were never written, so dropping them
    // loses nothing (a later access reads the file again).
    madvise(reinterpret_cast<void*>(first), last - first, MADV_DONTNEED);
#endif
}

}  // namespace siliang::backend
