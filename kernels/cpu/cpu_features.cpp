// Run-time CPU feature detection: CPUID and XGETBV on x86-64, the operating
// system's view on AArch64 (user code cannot read the ID registers portably).
//
// x86: a CPUID feature bit alone is not enough: the OS must also save the
// wider register state on context switches, which XCR0 (read with XGETBV,
// allowed when CPUID says OSXSAVE) reports. Without that, the first AVX
// instruction faults even though the CPU "has" AVX.
//
// AArch64: Advanced SIMD is part of the base architecture for every OS we
// build for, but Linux still reports it (HWCAP_ASIMD) and we trust that; the
// dot products are an ARMv8.2 option: Linux HWCAP_ASIMDDP, macOS
// hw.optional.arm.FEAT_DotProd, Windows PF_ARM_V82_DP_INSTRUCTIONS_AVAILABLE.
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

#if defined(__aarch64__) || defined(_M_ARM64)
#define SILIANG_CPU_AARCH64 1
#if defined(__linux__)
#include <sys/auxv.h>
// The AT_HWCAP bits of arch/arm64/include/uapi/asm/hwcap.h (stable kernel ABI),
// spelled out for C libraries whose headers lack them.
#ifndef HWCAP_ASIMD
#define HWCAP_ASIMD (1UL << 1)
#endif
#ifndef HWCAP_ASIMDDP
#define HWCAP_ASIMDDP (1UL << 20)
#endif
#elif defined(__APPLE__)
#include <sys/sysctl.h>
#elif defined(_WIN32)
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <windows.h>
#ifndef PF_ARM_V82_DP_INSTRUCTIONS_AVAILABLE
#define PF_ARM_V82_DP_INSTRUCTIONS_AVAILABLE 43  // winnt.h of SDK 10.0.18362 and later
#endif
#endif
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
    f.avx_vnni = f.avx2 && bit(cpuid(7, 1).a, 4);  // VEX-encoded vpdpbusd / vpdpwssd on YMM
    const bool avx512f = bit(leaf7.b, 16), avx512bw = bit(leaf7.b, 30), avx512vl = bit(leaf7.b, 31),
               avx512vnni = bit(leaf7.c, 11);
    f.avx512 = f.avx2 && os_zmm && avx512f && avx512bw && avx512vl && avx512vnni;
    const bool os_tiles = (xcr0 & 0x60000) == 0x60000;  // XTILECFG, XTILEDATA
    const bool amx_tile = bit(leaf7.d, 24), amx_int8 = bit(leaf7.d, 25);
    f.amx_int8 = f.avx512 && os_tiles && amx_tile && amx_int8;
#endif
#if defined(SILIANG_CPU_AARCH64)
#if defined(__linux__)
    const unsigned long hwcap = getauxval(AT_HWCAP);
    f.neon = (hwcap & HWCAP_ASIMD) != 0;
    f.neon_dotprod = f.neon && (hwcap & HWCAP_ASIMDDP) != 0;
#elif defined(__APPLE__)
    f.neon = true;  // every Apple arm64 CPU
    int dotprod = 0;
    size_t size = sizeof dotprod;
    if (sysctlbyname("hw.optional.arm.FEAT_DotProd", &dotprod, &size, nullptr, 0) == 0) {
        f.neon_dotprod = dotprod != 0;
    } else {
        // macOS 11 lacks the FEAT_ names; every Apple Silicon Mac (M1 and later) has
        // the dot products.
        f.neon_dotprod = true;
    }
#elif defined(_WIN32)
    f.neon = true;  // Windows on ARM requires ARMv8 with NEON
    f.neon_dotprod = IsProcessorFeaturePresent(PF_ARM_V82_DP_INSTRUCTIONS_AVAILABLE) != 0;
#else
    f.neon = true;  // other AArch64 systems: NEON is baseline, dotprod not known
#endif
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

bool build_has_arm_simd() {
#if defined(SILIANG_KERNELS_ARM_SIMD)
    return true;
#else
    return false;
#endif
}

Isa best_isa() {
    static const Isa best = [] {
        const CpuFeatures f = detect_cpu_features();
        if (build_has_x86_simd()) {
            if (f.avx512) return Isa::Avx512;
            if (f.avx2) return Isa::Avx2;
        }
        if (build_has_arm_simd()) {
            if (f.neon_dotprod) return Isa::NeonDot;
            if (f.neon) return Isa::Neon;
        }
        return Isa::Ref;
    }();
    return best;
}

namespace {

// An ISA's level in its chain (Ref 0) and which chain it belongs to.
enum class Chain { Any, X86, Arm };
struct Level {
    Chain chain;
    int rank;
};
Level level_of(Isa isa) {
    switch (isa) {
        case Isa::Ref: return {Chain::Any, 0};
        case Isa::Avx2: return {Chain::X86, 1};
        case Isa::Avx512: return {Chain::X86, 2};
        case Isa::Neon: return {Chain::Arm, 1};
        case Isa::NeonDot: return {Chain::Arm, 2};
    }
    return {Chain::Any, 0};
}

}  // namespace

bool isa_includes(Isa best, Isa isa) {
    const Level b = level_of(best), i = level_of(isa);
    if (i.chain == Chain::Any) return true;
    return i.chain == b.chain && i.rank <= b.rank;
}

bool isa_available(Isa isa) {
    return isa_includes(best_isa(), isa);
}

const char* isa_name(Isa isa) {
    switch (isa) {
        case Isa::Ref: return "ref";
        case Isa::Avx2: return "avx2";
        case Isa::Avx512: return "avx512";
        case Isa::Neon: return "neon";
        case Isa::NeonDot: return "neondot";
    }
    return "unknown";
}

std::optional<Isa> parse_isa(std::string_view name) {
    std::string lower(name);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (Isa isa : {Isa::Ref, Isa::Avx2, Isa::Avx512, Isa::Neon, Isa::NeonDot}) {
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
    if (isa_includes(best, *wanted)) return *wanted;
    const Level w = level_of(*wanted), b = level_of(best);
    // Above the CPU in its own chain (or any cap with best = ref): the best there is.
    if (b.chain == Chain::Any || w.chain == b.chain) return best;
    // The other architecture's name: no meaningful level here (cpu_features.h).
    if (warn) *warn = true;
    return best;
}

Isa selected_isa() {
    static const Isa selected = [] {
        const char* env = std::getenv("SILIANG_CPU_ISA");
        bool warn = false;
        const Isa isa = resolve_isa_request(env ? env : "", best_isa(), &warn);
        if (warn && parse_isa(env)) {
            std::fprintf(stderr,
                         "siliang: SILIANG_CPU_ISA=\"%s\" names an ISA of another CPU "
                         "architecture; using %s\n",
                         env, isa_name(isa));
        } else if (warn) {
            std::fprintf(stderr,
                         "siliang: SILIANG_CPU_ISA=\"%s\" is not ref, avx2, avx512, neon, neondot "
                         "or auto; using %s\n",
                         env, isa_name(isa));
        }
        return isa;
    }();
    return selected;
}

}  // namespace siliang::kernels::cpu
