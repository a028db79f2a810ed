// Read-only memory mapping of a whole file (POSIX mmap / Win32 MapViewOfFile).
// Internal to engine/gguf: the reader keeps one alive for as long as a File.
#pragma once

#include <cstddef>
#include <filesystem>
#include <span>

namespace siliang::gguf::detail {

class MappedFile {
public:
    // Throws GgufError("<path>: open: <reason>") when the file cannot be mapped.
    explicit MappedFile(const std::filesystem::path& path);
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    ~MappedFile();

    std::span<const std::byte> bytes() const { return {data_, size_}; }

private:
    const std::byte* data_ = nullptr;
    std::size_t size_ = 0;
#ifdef _WIN32
    void* file_ = nullptr;     // HANDLE
    void* mapping_ = nullptr;  // HANDLE
#endif
};

}  // namespace siliang::gguf::detail
