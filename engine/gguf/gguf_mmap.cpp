#include "gguf/gguf_mmap.h"

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>

#include "gguf/gguf_reader.h"

#ifdef _WIN32
#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <windows.h>
#else
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace siliang::gguf::detail {

namespace {

[[noreturn]] void fail(const std::filesystem::path& path, const std::string& problem) {
    throw GgufError(path.string() + ": open: " + problem);
}

#ifdef _WIN32
std::string last_error_text() {
    const DWORD code = GetLastError();
    char buffer[512] = {};
    const DWORD n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS,
                                   nullptr, code, 0, buffer, sizeof buffer, nullptr);
    std::string text(buffer, n);
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    return text.empty() ? "error " + std::to_string(code) : text;
}
#endif

}  // namespace

#ifdef _WIN32

MappedFile::MappedFile(const std::filesystem::path& path) {
    HANDLE file = CreateFileW(path.c_str(), GENERIC_READ, FILE_SHARE_READ, nullptr, OPEN_EXISTING,
                              FILE_ATTRIBUTE_NORMAL, nullptr);
    if (file == INVALID_HANDLE_VALUE) fail(path, last_error_text());
    LARGE_INTEGER size{};
    if (!GetFileSizeEx(file, &size)) {
        const std::string text = last_error_text();
        CloseHandle(file);
        fail(path, text);
    }
    if (static_cast<uint64_t>(size.QuadPart) > std::numeric_limits<std::size_t>::max()) {
        CloseHandle(file);
        fail(path, "the file is too large to map on this system");
    }
    file_ = file;
    size_ = static_cast<std::size_t>(size.QuadPart);
    // A zero-length file cannot be mapped; it is left empty so the parser reports it.
    if (size_ == 0) return;
    HANDLE mapping = CreateFileMappingW(file, nullptr, PAGE_READONLY, 0, 0, nullptr);
    if (mapping == nullptr) {
        const std::string text = last_error_text();
        CloseHandle(file);
        fail(path, text);
    }
    void* view = MapViewOfFile(mapping, FILE_MAP_READ, 0, 0, 0);
    if (view == nullptr) {
        const std::string text = last_error_text();
        CloseHandle(mapping);
        CloseHandle(file);
        fail(path, text);
    }
    mapping_ = mapping;
    data_ = static_cast<const std::byte*>(view);
}

MappedFile::~MappedFile() {
    if (data_ != nullptr) UnmapViewOfFile(data_);
    if (mapping_ != nullptr) CloseHandle(static_cast<HANDLE>(mapping_));
    if (file_ != nullptr) CloseHandle(static_cast<HANDLE>(file_));
}

#else

MappedFile::MappedFile(const std::filesystem::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) fail(path, std::strerror(errno));
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        const int err = errno;
        ::close(fd);
        fail(path, std::strerror(err));
    }
    if (!S_ISREG(st.st_mode)) {
        ::close(fd);
        fail(path, "not a regular file");
    }
    if (static_cast<uint64_t>(st.st_size) > std::numeric_limits<std::size_t>::max()) {
        ::close(fd);
        fail(path, "the file is too large to map on this system");
    }
    size_ = static_cast<std::size_t>(st.st_size);
    // mmap of length 0 fails with EINVAL; an empty file stays unmapped and the
    // parser reports it as truncated.
    if (size_ > 0) {
        void* addr = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
        if (addr == MAP_FAILED) {
            const int err = errno;
            ::close(fd);
            fail(path, std::strerror(err));
        }
        data_ = static_cast<const std::byte*>(addr);
    }
    // The mapping keeps its own reference to the file.
    ::close(fd);
}

MappedFile::~MappedFile() {
    if (data_ != nullptr) ::munmap(const_cast<std::byte*>(data_), size_);
}

#endif

}  // namespace siliang::gguf::detail
