// Writer: lays out header, metadata, tensor infos and data, and streams them
// to a Sink (memory or file).
#include "gguf/gguf_writer.h"

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <limits>
#include <memory>

#include "gguf/gguf_endian.h"

namespace siliang::gguf {

namespace {

constexpr uint32_t kDefaultAlignment = 32;
constexpr uint32_t kMaxDims = 4;
// Fill callbacks produce at most this much at a time.
constexpr std::size_t kChunkBytes = std::size_t{4} << 20;

[[noreturn]] void writer_error(const std::string& what) {
    throw GgufError("gguf writer: " + what);
}

uint64_t align_up(uint64_t x, uint64_t alignment) {
    if (alignment <= 1) return x;  // unchecked writers may ask for 0
    return (x + alignment - 1) / alignment * alignment;
}

void put_u32(std::vector<std::byte>& out, uint32_t v) {
    const std::size_t at = out.size();
    out.resize(at + 4);
    detail::store_le(out.data() + at, v);
}

void put_u64(std::vector<std::byte>& out, uint64_t v) {
    const std::size_t at = out.size();
    out.resize(at + 8);
    detail::store_le(out.data() + at, v);
}

void put_string(std::vector<std::byte>& out, std::string_view s) {
    put_u64(out, s.size());
    const auto* p = reinterpret_cast<const std::byte*>(s.data());
    out.insert(out.end(), p, p + s.size());
}

}  // namespace

class Writer::Sink {
public:
    virtual ~Sink() = default;
    virtual void write(std::span<const std::byte> bytes) = 0;
    // Writes n bytes produced by `fill`, chunk by chunk.
    virtual void write_fill(uint64_t n, const TensorFill& fill) = 0;
    void write_zeros(uint64_t n) {
        static constexpr std::byte zeros[256] = {};
        while (n > 0) {
            const auto k = static_cast<std::size_t>(std::min<uint64_t>(n, sizeof zeros));
            write({zeros, k});
            n -= k;
        }
    }
};

namespace {

class MemorySink final : public Writer::Sink {
public:
    explicit MemorySink(std::vector<std::byte>& out) : out_(out) {}
    void write(std::span<const std::byte> bytes) override {
        out_.insert(out_.end(), bytes.begin(), bytes.end());
    }
    void write_fill(uint64_t n, const TensorFill& fill) override {
        // The callback writes straight into the output: no second copy.
        const std::size_t at = out_.size();
        out_.resize(at + n);
        for (uint64_t done = 0; done < n;) {
            const auto k = static_cast<std::size_t>(std::min<uint64_t>(n - done, kChunkBytes));
            fill(done, std::span<std::byte>(out_.data() + at + done, k));
            done += k;
        }
    }

private:
    std::vector<std::byte>& out_;
};

class FileSink final : public Writer::Sink {
public:
    FileSink(std::FILE* f, const std::filesystem::path& path) : f_(f), path_(path) {}
    void write(std::span<const std::byte> bytes) override {
        if (!bytes.empty() && std::fwrite(bytes.data(), 1, bytes.size(), f_) != bytes.size()) {
            throw GgufError(path_.string() + ": write: " + std::strerror(errno));
        }
    }
    void write_fill(uint64_t n, const TensorFill& fill) override {
        std::vector<std::byte> chunk(static_cast<std::size_t>(std::min<uint64_t>(n, kChunkBytes)));
        for (uint64_t done = 0; done < n;) {
            const auto k = static_cast<std::size_t>(std::min<uint64_t>(n - done, kChunkBytes));
            fill(done, std::span<std::byte>(chunk.data(), k));
            write({chunk.data(), k});
            done += k;
        }
    }

private:
    std::FILE* f_;
    const std::filesystem::path& path_;
};

}  // namespace

Writer::Writer(WriterOptions options) : options_(options) {
    if (options_.checked) {
        if (options_.version != 2 && options_.version != 3) {
            writer_error("version " + std::to_string(options_.version) + " is not 2 or 3");
        }
        if (options_.alignment == 0 || !std::has_single_bit(options_.alignment)) {
            writer_error("alignment " + std::to_string(options_.alignment) +
                         " is not a non-zero power of two");
        }
    }
    // Readers only learn a non-default alignment from this key.
    if (options_.alignment != kDefaultAlignment) {
        metadata_.emplace_back("general.alignment", MetaValue::u32(options_.alignment));
    }
}

void Writer::set(std::string key, MetaValue value) {
    if (options_.checked) {
        for (const auto& [k, v] : metadata_) {
            if (k == key) writer_error("duplicate metadata key '" + key + "'");
        }
        if (key == "general.alignment" &&
            (value.type() != ValueType::UInt32 || value.payload().size() != 4 ||
             detail::load_le<uint32_t>(value.payload().data()) != options_.alignment)) {
            writer_error("general.alignment must be the uint32 " +
                         std::to_string(options_.alignment) + " given in WriterOptions");
        }
    }
    metadata_.emplace_back(std::move(key), std::move(value));
}

void Writer::add_checked(Tensor t, TensorType type) {
    const std::string what = "tensor '" + t.name + "'";
    for (const Tensor& other : tensors_) {
        if (other.name == t.name) writer_error(what + ": duplicate tensor name");
    }
    const auto traits = type_traits(type);
    if (!traits) writer_error(what + ": unknown tensor type " + std::to_string(t.type));
    if (t.dims.empty() || t.dims.size() > kMaxDims) {
        writer_error(what + ": " + std::to_string(t.dims.size()) + " dims, must be 1 to 4");
    }
    uint64_t n = 1;
    for (const uint64_t d : t.dims) {
        if (d == 0) writer_error(what + ": a dimension is 0");
        if (n > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) / d) {
            writer_error(what + ": the element count overflows");
        }
        n *= d;
    }
    if (t.dims[0] % traits->block_size != 0) {
        writer_error(what + ": row length " + std::to_string(t.dims[0]) +
                     " is not a multiple of the block size " + std::to_string(traits->block_size));
    }
    const uint64_t blocks = n / traits->block_size;
    if (blocks > std::numeric_limits<uint64_t>::max() / traits->type_size) {
        writer_error(what + ": the byte size overflows");
    }
    t.n_bytes = blocks * traits->type_size;
    if (!t.fill && t.data.size() != t.n_bytes) {
        writer_error(what + ": data has " + std::to_string(t.data.size()) + " bytes, " +
                     std::string(traits->name) + " of this shape needs " +
                     std::to_string(t.n_bytes));
    }
    append_tensor(std::move(t));
}

void Writer::append_tensor(Tensor t) {
    t.placement = align_up(data_size_, options_.alignment);
    data_size_ = align_up(t.placement + t.n_bytes, options_.alignment);
    tensors_.push_back(std::move(t));
}

void Writer::add_tensor(std::string name, TensorType type, std::vector<uint64_t> dims,
                        std::span<const std::byte> data) {
    Tensor t;
    t.name = std::move(name);
    t.type = static_cast<uint32_t>(type);
    t.dims = std::move(dims);
    t.data = data;
    if (options_.checked) return add_checked(std::move(t), type);
    t.n_bytes = data.size();
    append_tensor(std::move(t));
}

void Writer::add_tensor(std::string name, TensorType type, std::vector<uint64_t> dims,
                        TensorFill fill) {
    if (!fill) writer_error("tensor '" + name + "': empty fill callback");
    Tensor t;
    t.name = std::move(name);
    t.type = static_cast<uint32_t>(type);
    t.dims = std::move(dims);
    t.fill = std::move(fill);
    // The size comes from the shape, so validation is needed even when unchecked.
    add_checked(std::move(t), type);
}

void Writer::add_raw_tensor(RawTensor raw) {
    Tensor t;
    t.name = std::move(raw.name);
    t.type = raw.type;
    t.dims = std::move(raw.dims);
    t.recorded_offset = raw.offset;
    t.data = raw.data;
    t.n_bytes = raw.data.size();
    append_tensor(std::move(t));
}

std::vector<std::byte> Writer::encode_header() const {
    std::vector<std::byte> out;
    out.reserve(4096);
    // One byte at a time: GCC 12 at -O3 misreads an initializer-list insert into an
    // empty vector as an overflow (-Wstringop-overflow, a known false positive).
    for (const char c : {'G', 'G', 'U', 'F'}) out.push_back(static_cast<std::byte>(c));
    put_u32(out, options_.version);
    put_u64(out, tensors_.size());
    put_u64(out, metadata_.size());
    for (const auto& [key, value] : metadata_) {
        put_string(out, key);
        put_u32(out, value.raw_type());
        out.insert(out.end(), value.payload().begin(), value.payload().end());
    }
    for (const Tensor& t : tensors_) {
        put_string(out, t.name);
        put_u32(out, static_cast<uint32_t>(t.dims.size()));
        for (const uint64_t d : t.dims) put_u64(out, d);
        put_u32(out, t.type);
        put_u64(out, t.recorded_offset.value_or(t.placement));
    }
    out.resize(align_up(out.size(), options_.alignment));
    return out;
}

uint64_t Writer::data_offset() const {
    return encode_header().size();
}

uint64_t Writer::file_size() const {
    return data_offset() + data_size_;
}

void Writer::write(Sink& sink) const {
    sink.write(encode_header());
    uint64_t at = 0;  // position in the data section
    for (const Tensor& t : tensors_) {
        sink.write_zeros(t.placement - at);
        if (t.fill) {
            sink.write_fill(t.n_bytes, t.fill);
        } else {
            sink.write(t.data);
        }
        at = t.placement + t.n_bytes;
    }
    sink.write_zeros(data_size_ - at);
}

std::vector<std::byte> Writer::write_to_memory() const {
    std::vector<std::byte> out;
    out.reserve(static_cast<std::size_t>(file_size()));
    MemorySink sink(out);
    write(sink);
    return out;
}

void Writer::write_to_file(const std::filesystem::path& path) const {
    std::filesystem::path tmp = path;
    tmp += ".tmp";
    std::FILE* f = std::fopen(tmp.string().c_str(), "wb");
    if (f == nullptr) throw GgufError(path.string() + ": write: " + std::strerror(errno));
    auto remove_tmp = [&] {
        std::error_code ignored;
        std::filesystem::remove(tmp, ignored);
    };
    try {
        FileSink sink(f, path);
        write(sink);
    } catch (...) {
        std::fclose(f);
        remove_tmp();
        throw;
    }
    if (std::fclose(f) != 0) {
        const int err = errno;
        remove_tmp();
        throw GgufError(path.string() + ": write: " + std::strerror(err));
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) {
        remove_tmp();
        throw GgufError(path.string() + ": write: " + ec.message());
    }
}

}  // namespace siliang::gguf
