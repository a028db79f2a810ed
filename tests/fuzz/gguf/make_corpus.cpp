// Writes the seed corpus for fuzz_gguf_reader: the valid and malformed sample
// files of tests/engine/gguf/gguf_samples.cpp, one file per sample.
//   build-gguf/bin/gguf_make_corpus tests/fuzz/gguf/corpus
// test_gguf_fuzz_corpus checks that the committed corpus matches this output.
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "gguf_samples.h"

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s OUTPUT_DIR\n", argv[0]);
        return 2;
    }
    const std::filesystem::path dir = argv[1];
    std::filesystem::create_directories(dir);
    auto all = siliang::gguf::samples::valid_samples();
    for (auto& s : siliang::gguf::samples::malformed_samples()) all.push_back(std::move(s));
    std::size_t total = 0;
    for (const auto& s : all) {
        const auto path = dir / (s.name + ".gguf");
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(s.bytes.data()),
                  static_cast<std::streamsize>(s.bytes.size()));
        if (!out) {
            std::fprintf(stderr, "%s: write failed\n", path.string().c_str());
            return 1;
        }
        total += s.bytes.size();
    }
    std::printf("wrote %zu files, %zu bytes, to %s\n", all.size(), total, dir.string().c_str());
    return 0;
}
