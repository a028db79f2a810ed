// Pass/fail bookkeeping of the Qt-free AArch64 tests (built by the cross toolchain, where Qt
// Test is not available): every check is counted, the first 40 failures are printed, and
// report() turns the tally into main()'s exit status.
#pragma once

#include <cstdio>
#include <string>

namespace siliang::aarch64_test {

inline int g_checks = 0;
inline int g_failures = 0;

// Counts one check; `what` names it when it fails.
inline void check(bool ok, const std::string& what) {
    ++g_checks;
    if (!ok && ++g_failures <= 40) std::fprintf(stderr, "FAIL: %s\n", what.c_str());
}

// 0 when every check passed, else 1, with the counts printed either way.
inline int report() {
    if (g_failures) {
        std::fprintf(stderr, "%d of %d checks FAILED\n", g_failures, g_checks);
        return 1;
    }
    std::printf("all %d checks passed\n", g_checks);
    return 0;
}

}  // namespace siliang::aarch64_test

// CHECK(condition, printf-style context): check() with the line, the condition and a context.
#define CHECK(cond, ...)                                                        \
    do {                                                                        \
        const bool siliang_check_ok = static_cast<bool>(cond);                  \
        ++::siliang::aarch64_test::g_checks;                                    \
        if (!siliang_check_ok && ++::siliang::aarch64_test::g_failures <= 40) { \
            std::fprintf(stderr, "FAIL line %d: %s: ", __LINE__, #cond);        \
            std::fprintf(stderr, __VA_ARGS__);                                  \
            std::fputc('\n', stderr);                                           \
        }                                                                       \
    } while (0)
