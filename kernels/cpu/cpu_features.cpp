// Run-time CPU feature detection with CPUID and XGETBV.
//
// A CPUID feature bit alone is not enough: the OS must also save the wider
// register state on context switches, which XCR0 (read with XGETBV, allowed
// when CPUID says OSXSAVE) reports. Without that, the first AVX instruction
// faults even though the CPU "has" AVX.
#include "cpu/cpu_features.h"

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#if (defined(__x86_64__) || defined(_M_X64)) && (defined(__GNUC__) || defined(__clang__))
#define SILIANG_CPUID_GNU 1
#include <cpuid.h>
#endif
#if defined(__linux__) && defined(SILIANG_CPUID_GNU)
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace siliang::kernels::cpu {

namespace {

#if defined(SILIANG_CPUID_GNU)
struct CpuidRegs {
    unsigned a = 0, b = 0, c = 0, d = 0;
};

CpuidRegs cpuid(unsigned leaf, unsigned subleaf) {
    CpuidRegs r;
    if (!__get_cpuid_count(leaf, subleaf, &r.a, &r.b, &r.c, &r.d)) return CpuidRegs{};
    return r;
}

// XGETBV through inline assembly: the _xgetbv intrinsic needs -mxsave on the
// whole file, and this file must run on any x86-64.
uint64_t xgetbv0() {
    uint32_t lo = 0, hi = 0;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return (static_cast<uint64_t>(hi) << 32) | lo;
}

bool bit(unsigned reg, int n) {
    return ((reg >> n) & 1u) != 0;
}
#endif

}  // namespace

CpuFeatures detect_cpu_features() {
    CpuFeatures f;
#if defined(SILIANG_CPUID_GNU)
    const CpuidRegs leaf0 = cpuid(0, 0);
    if (leaf0.a < 7) return f;  // no structured extended features leaf
    const CpuidRegs leaf1 = cpuid(1, 0);
    const bool osxsave = bit(leaf1.c, 27);
    if (!osxsave) return f;
    const uint64_t xcr0 = xgetbv0();
    const bool os_ymm = (xcr0 & 0x6) == 0x6;    // SSE and AVX state
    const bool os_zmm = (xcr0 & 0xE6) == 0xE6;  // plus opmask, ZMM_Hi256, Hi16_ZMM
    const CpuidRegs leaf7 = cpuid(7, 0);
    const bool fma = bit(leaf1.c, 12), avx = bit(leaf1.c, 28), f16c = bit(leaf1.c, 29);
    const bool avx2 = bit(leaf7.b, 5);
    f.avx2 = os_ymm && avx && avx2 && fma && f16c;
    const bool avx512f = bit(leaf7.b, 16), avx512bw = bit(leaf7.b, 30), avx512vl = bit(leaf7.b, 31),
               avx512vnni = bit(leaf7.c, 11);
    f.avx512 = f.avx2 && os_zmm && avx512f && avx512bw && avx512vl && avx512vnni;
    const bool os_tiles = (xcr0 & 0x60000) == 0x60000;  // XTILECFG, XTILEDATA
    const bool amx_tile = bit(leaf7.d, 24), amx_int8 = bit(leaf7.d, 25);
    f.amx_int8 = f.avx512 && os_tiles && amx_tile && amx_int8;
#endif
    return f;
}

bool amx_usable() {
    static const bool usable = [] {
#if !defined(SILIANG_KERNELS_AMX)
        return false;  // the compiler had no AMX flags
#endif
        if (!build_has_x86_simd() || selected_isa() != Isa::Avx512) return false;
        const char* env = std::getenv("SILIANG_CPU_AMX");
        if (env && std::string(env) == "0") return false;
        if (!detect_cpu_features().amx_int8) return false;
#if defined(__linux__) && defined(SILIANG_CPUID_GNU)
        // Linux hands out the 8 KiB tile state per process on request (since 5.16).
        constexpr long kArchReqXcompPerm = 0x1023, kXfeatureXtiledata = 18;
        if (syscall(SYS_arch_prctl, kArchReqXcompPerm, kXfeatureXtiledata) != 0) return false;
        return true;
#else
        return false;  // other systems: not tried yet, so not used
#endif
    }();
    return usable;
}

bool build_has_x86_simd() {
#if defined(SILIANG_KERNELS_X86_SIMD)
    return true;
#else
    return false;
#endif
}

Isa best_isa() {
    static const Isa best = [] {
        if (!build_has_x86_simd()) return Isa::Ref;
        const CpuFeatures f = detect_cpu_features();
        if (f.avx512) return Isa::Avx512;
        if (f.avx2) return Isa::Avx2;
        return Isa::Ref;
    }();
    return best;
}

const char* isa_name(Isa isa) {
    switch (isa) {
        case Isa::Ref: return "ref";
        case Isa::Avx2: return "avx2";
        case Isa::Avx512: return "avx512";
    }
    return "unknown";
}

std::optional<Isa> parse_isa(std::string_view name) {
    std::string lower(name);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (Isa isa : {Isa::Ref, Isa::Avx2, Isa::Avx512}) {
        if (lower == isa_name(isa)) return isa;
    }
    return std::nullopt;
}

Isa resolve_isa_request(std::string_view request, Isa best, bool* warn) {
    if (warn) *warn = false;
    if (request.empty() || request == "auto") return best;
    const std::optional<Isa> wanted = parse_isa(request);
    if (!wanted) {
        if (warn) *warn = true;
        return best;
    }
    // The enum is ordered Ref < Avx2 < Avx512 and each level includes the one below.
    return static_cast<int>(*wanted) < static_cast<int>(best) ? *wanted : best;
}

Isa selected_isa() {
    static const Isa selected = [] {
        const char* env = std::getenv("SILIANG_CPU_ISA");
        bool warn = false;
        const Isa isa = resolve_isa_request(env ? env : "", best_isa(), &warn);
        if (warn) {
            std::fprintf(stderr,
                         "siliang: SILIANG_CPU_ISA=\"%s\" is not ref, avx2, avx512 or auto; "
                         "using %s\n",
                         env, isa_name(isa));
        }
        return isa;
    }();
    return selected;
}

}  // namespace siliang::kernels::cpu
