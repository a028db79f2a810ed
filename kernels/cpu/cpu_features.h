// Which SIMD instruction sets this CPU, its operating system and this build
// support, and which one the kernels use (best_isa() and isa_name() are
// declared in vec_dot.h).
//
// SILIANG_CPU_ISA (environment, read once): "ref", "avx2", "avx512" (x86-64)
// or "neon", "neondot" (AArch64) caps the ISA kernels() uses, e.g. to compare
// or benchmark the paths; a request above what the CPU has gives the best
// available below it (asking for avx512 on an AVX2-only CPU runs AVX2,
// neondot on a CPU without dotprod runs NEON). An unset or empty variable, or
// "auto", means best_isa(). An unknown value also means best_isa(), with one
// warning on stderr naming the value, so a typo in a benchmark script is not
// silent. So does the name of the other architecture's ISA (avx2 on an ARM
// CPU, neon on x86-64): there is no "nearest" level across the chains, and
// quietly falling to ref would turn a benchmark script copied from the other
// architecture into a run of the slow reference kernels. When best_isa() is
// ref every name gives ref without a warning (the cap is then honoured
// whatever the chain).
//
// SILIANG_CPU_AMX=0 turns the AMX tiles of prompt processing off (AVX-512 only).
#pragma once

#include <optional>
#include <string_view>

#include "cpu/vec_dot.h"

namespace siliang::kernels::cpu {

// What the CPU and OS support, before the build is considered.
struct CpuFeatures {
    bool avx2 = false;  // AVX2 + FMA + F16C, with the OS saving YMM state
    // AVX-VNNI: AVX2 plus the VNNI dot products on YMM (Intel since Alder Lake, AMD since
    // Zen 5), what the interleaved decode kernels need where AVX-512 is missing.
    bool avx_vnni = false;
    bool avx512 = false;  // AVX-512 F, BW, VL and VNNI, with the OS saving ZMM and opmask state
    // AMX-TILE + AMX-INT8 with the OS saving tile state (XCR0 bits 17, 18).
    bool amx_int8 = false;
    // AArch64: Advanced SIMD (Linux HWCAP_ASIMD; always on macOS and Windows ARM64) and
    // the ARMv8.2 dot products SDOT/UDOT (HWCAP_ASIMDDP, FEAT_DotProd).
    bool neon = false;
    bool neon_dotprod = false;
};
CpuFeatures detect_cpu_features();

// Whether the AMX INT8 tiles can be used now: the CPU and build have them, AVX-512 is the
// selected ISA, SILIANG_CPU_AMX is not "0", and (Linux) the kernel granted this process
// the tile data state (arch_prctl ARCH_REQ_XCOMP_PERM; without it the first tile
// instruction faults). Decided once, on first call.
bool amx_usable();

// Whether this build contains the AVX2 / AVX-512 kernels (x86-64, GCC or clang).
bool build_has_x86_simd();
// Whether this build contains the NEON / NEON + dotprod kernels (AArch64, GCC or clang).
bool build_has_arm_simd();

// Whether `isa` is `best` or below it in `best`'s chain (vec_dot.h): what
// isa_available() asks about best_isa(). Ref is included in every chain.
bool isa_includes(Isa best, Isa isa);

// "ref" / "avx2" / "avx512" / "neon" / "neondot" (case-insensitive) -> the ISA;
// anything else -> nullopt.
std::optional<Isa> parse_isa(std::string_view name);

// The ISA a SILIANG_CPU_ISA value selects given the best available one (the
// rules above); `warn` is set when the value is not understood or names an
// ISA of the other architecture.
Isa resolve_isa_request(std::string_view request, Isa best, bool* warn);

// best_isa() capped by the SILIANG_CPU_ISA environment variable, read once.
Isa selected_isa();

}  // namespace siliang::kernels::cpu
