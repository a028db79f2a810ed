// libFuzzer target for the GGUF reader: any input either parses or throws
// GgufError naming the file; ASan/UBSan catch out-of-bounds reads, overflows
// and leaks, and the checks below catch views that escape the input.
//   cmake --preset fuzz && cmake --build --preset fuzz --target fuzz_gguf_reader
//   build-fuzz/bin/fuzz_gguf_reader -max_total_time=600 NEW_DIR tests/fuzz/gguf/corpus
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "gguf/gguf_reader.h"

using namespace siliang::gguf;

namespace {

const std::byte* g_begin = nullptr;
const std::byte* g_end = nullptr;

void require(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "invariant violated: %s\n", what);
        std::abort();
    }
}

template <class Span>
void require_inside(const Span& s) {
    const auto* p = reinterpret_cast<const std::byte*>(s.data());
    require(s.empty() || (p >= g_begin && p + s.size() <= g_end), "view outside the input");
}

// Reads every byte a view covers (so ASan sees any escape) and folds it into a sum
// the optimizer cannot drop.
unsigned touch(std::span<const std::byte> s) {
    unsigned sum = 0;
    for (const std::byte b : s) sum += static_cast<unsigned>(b);
    return sum;
}

unsigned walk(const Value& v, int depth) {
    require(depth <= 16, "nesting deeper than the reader allows");
    unsigned sum = 0;
    (void)v.as_uint();
    (void)v.as_int();
    (void)v.as_float();
    (void)v.as_bool();
    if (const auto s = v.as_string()) {
        require_inside(*s);
        sum += touch(std::as_bytes(std::span(s->data(), s->size())));
    }
    if (const Array* a = v.as_array()) {
        require_inside(a->raw);
        sum += touch(a->raw);
        (void)a->to_ints();
        (void)a->to_i32s();
        (void)a->to_f32s();
        for (const auto s : a->strings) require_inside(s);
        for (const Value& e : a->arrays) sum += walk(e, depth + 1);
    }
    return sum;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data), size);
    g_begin = bytes.data();
    g_end = bytes.data() + size;
    try {
        const File f = File::from_memory(bytes, "fuzz.gguf");
        unsigned sum = 0;
        require(f.version() == 2 || f.version() == 3, "version");
        require(f.alignment() != 0 && (f.alignment() & (f.alignment() - 1)) == 0, "alignment");
        require(f.data_offset() % f.alignment() == 0, "data offset alignment");
        for (const auto& [key, value] : f.metadata()) {
            require_inside(key);
            require(f.find(key) == &value, "find() returns the key's value");
            sum += walk(value, 0);
        }
        for (const TensorInfo& t : f.tensors()) {
            require(f.find_tensor(t.name) == &t, "find_tensor() returns the tensor");
            require(t.dims.size() >= 1 && t.dims.size() <= 4, "n_dims");
            require(t.data.size() == t.n_bytes, "data size");
            require(t.offset % f.alignment() == 0, "tensor offset alignment");
            require_inside(t.name);
            require_inside(t.data);
            sum += touch(t.data);
        }
        volatile unsigned sink = sum;
        (void)sink;
    } catch (const GgufError& e) {
        require(std::string_view(e.what()).starts_with("fuzz.gguf: "), "error names the file");
    }
    return 0;
}
