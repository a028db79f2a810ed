// The AArch64 NEON kernels (Isa::Neon, Isa::NeonDot) against the portable
// reference kernels, Qt-free so it can be cross-compiled and run under
// qemu-user (run_cross_test.sh). Checks:
//   - every weight type's dot, both NEON ISAs (NeonDot only where the CPU has
//     dotprod), random blocks at one block, odd block counts and 4096+
//     elements, misaligned: 32-block and float types within 1e-5 of the sum of
//     |w * x| (the float order differs), K-quants bit for bit (they reuse the
//     reference's float expression and order);
//   - integer parts exactly: single blocks with unit scales, random and
//     extreme quants (the results are then exact integers in both paths);
//   - the activation quantizers byte for byte (ties, zero blocks, tiny and
//     huge values), dot_f32 within float tolerance;
//   - ISA detection and selection: best_isa() against the CPU qemu emulates
//     (SILIANG_EXPECT_BEST), SILIANG_CPU_ISA capping (SILIANG_EXPECT_SELECTED),
//     resolve_isa_request()'s rules for ARM and cross-architecture names.
// Prints each failure with type, length and ISA; exits 1 on any failure.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "check.h"
#include "cpu/cpu_features.h"
#include "cpu/dequantize.h"
#include "cpu/fp16.h"
#include "cpu/quant_blocks.h"
#include "cpu/vec_dot.h"
#include "gguf/gguf_types.h"

namespace {

using siliang::gguf::TensorType;
namespace cpu = siliang::kernels::cpu;
using cpu::ActFormat;
using cpu::Isa;

struct TypeCase {
    TensorType type;
    const char* name;
    bool kquant;
};

const std::vector<TypeCase>& dot_types() {
    static const std::vector<TypeCase> types = {
        {TensorType::F32, "F32", false},   {TensorType::F16, "F16", false},
        {TensorType::BF16, "BF16", false}, {TensorType::Q4_0, "Q4_0", false},
        {TensorType::Q4_1, "Q4_1", false}, {TensorType::Q5_0, "Q5_0", false},
        {TensorType::Q5_1, "Q5_1", false}, {TensorType::Q8_0, "Q8_0", false},
        {TensorType::Q2_K, "Q2_K", true},  {TensorType::Q3_K, "Q3_K", true},
        {TensorType::Q4_K, "Q4_K", true},  {TensorType::Q5_K, "Q5_K", true},
        {TensorType::Q6_K, "Q6_K", true},
    };
    return types;
}

bool is_float_type(TensorType t) {
    return t == TensorType::F32 || t == TensorType::F16 || t == TensorType::BF16;
}

// Row lengths: one block, odd block counts, 4096 and more.
std::vector<int64_t> lengths(const TypeCase& t) {
    if (is_float_type(t.type)) return {1, 7, 8, 15, 16, 17, 33, 1000, 4096, 4099};
    if (t.kquant) return {256, 3 * 256, 5 * 256, 4096, 4096 + 3 * 256};
    return {32, 3 * 32, 7 * 32, 4096, 4096 + 5 * 32};
}

// Byte offsets of the half-precision scale fields of one block: d, and m or dmin.
struct ScaleFields {
    int d = -1, m = -1;
};
ScaleFields scale_fields(TensorType t) {
    switch (t) {
        case TensorType::Q4_0: return {0, -1};
        case TensorType::Q4_1: return {0, 2};
        case TensorType::Q5_0: return {0, -1};
        case TensorType::Q5_1: return {0, 2};
        case TensorType::Q8_0: return {0, -1};
        case TensorType::Q2_K:
            return {int(offsetof(cpu::BlockQ2_K, d)), int(offsetof(cpu::BlockQ2_K, dmin))};
        case TensorType::Q3_K: return {int(offsetof(cpu::BlockQ3_K, d)), -1};
        case TensorType::Q4_K:
            return {int(offsetof(cpu::BlockQ4_K, d)), int(offsetof(cpu::BlockQ4_K, dmin))};
        case TensorType::Q5_K:
            return {int(offsetof(cpu::BlockQ5_K, d)), int(offsetof(cpu::BlockQ5_K, dmin))};
        case TensorType::Q6_K: return {int(offsetof(cpu::BlockQ6_K, d)), -1};
        default: return {};
    }
}

struct Layout {
    int64_t block, bytes;
};
Layout layout(TensorType t) {
    const auto tr = siliang::gguf::type_traits(t);
    if (!tr) throw std::runtime_error("no type traits");
    return {tr->block_size, tr->type_size};
}

void put_half(std::vector<uint8_t>& v, size_t at, float f) {
    const uint16_t h = cpu::fp32_to_fp16(f);
    std::memcpy(v.data() + at, &h, 2);
}

// A row of n random weights: float types from N(0, 1); quantized types as
// random bytes with finite, moderate scales (d of either sign, m / dmin >= 0
// for the K-quants, an offset in [-0.5, 0] for Q4_1 / Q5_1).
std::vector<uint8_t> make_weights(TensorType t, int64_t n, std::mt19937& rng) {
    std::normal_distribution<float> normal(0.0f, 1.0f);
    const Layout l = layout(t);
    std::vector<uint8_t> w(size_t(n / l.block * l.bytes));
    if (is_float_type(t)) {
        for (int64_t i = 0; i < n; ++i) {
            const float f = normal(rng);
            if (t == TensorType::F32) std::memcpy(w.data() + 4 * i, &f, 4);
            const uint16_t h = t == TensorType::F16 ? cpu::fp32_to_fp16(f) : cpu::fp32_to_bf16(f);
            if (t != TensorType::F32) std::memcpy(w.data() + 2 * i, &h, 2);
        }
        return w;
    }
    std::uniform_int_distribution<int> byte(0, 255);
    for (auto& b : w) b = static_cast<uint8_t>(byte(rng));
    std::uniform_real_distribution<float> mag(0.002f, 0.05f), sign(-1.0f, 1.0f);
    const ScaleFields f = scale_fields(t);
    const bool kquant = l.block == 256;
    for (size_t at = 0; at < w.size(); at += size_t(l.bytes)) {
        put_half(w, at + size_t(f.d), sign(rng) < 0 ? -mag(rng) : mag(rng));
        if (f.m >= 0) put_half(w, at + size_t(f.m), kquant ? mag(rng) : -10.0f * mag(rng));
    }
    return w;
}

std::vector<float> make_activations(int64_t n, std::mt19937& rng) {
    std::normal_distribution<float> normal(0.3f, 1.0f);  // non-zero mean: offsets matter
    std::vector<float> x(static_cast<size_t>(n));
    for (float& v : x) v = normal(rng);
    return x;
}

std::vector<uint8_t> activations(const cpu::Kernels& k, ActFormat f, const std::vector<float>& x) {
    const auto n = static_cast<int64_t>(x.size());
    std::vector<uint8_t> a(cpu::act_bytes(f, n));
    if (f == ActFormat::F32) std::memcpy(a.data(), x.data(), a.size());
    if (f == ActFormat::Q8_32) k.quantize_q8_32(x.data(), a.data(), n);
    if (f == ActFormat::Q8_256) k.quantize_q8_256(x.data(), a.data(), n);
    return a;
}

// A copy of `v` starting `skew` bytes past an aligned address.
struct Skewed {
    std::vector<uint8_t> storage;
    const uint8_t* ptr;
    Skewed(const std::vector<uint8_t>& v, size_t skew) : storage(v.size() + 64) {
        ptr = storage.data() + skew;
        std::memcpy(storage.data() + skew, v.data(), v.size());
    }
};

std::vector<Isa> neon_isas() {
    std::vector<Isa> isas;
    for (Isa isa : {Isa::Neon, Isa::NeonDot}) {
        if (cpu::isa_available(isa)) {
            isas.push_back(isa);
        } else {
            std::printf("SKIP %s: not available on this CPU (best: %s)\n", cpu::isa_name(isa),
                        cpu::isa_name(cpu::best_isa()));
        }
    }
    return isas;
}

void check_dots(Isa isa) {
    const cpu::Kernels& k = cpu::kernels_for(isa);
    const cpu::Kernels& ref = cpu::kernels_for(Isa::Ref);
    std::mt19937 rng(99);
    int rows = 0, exact = 0;
    for (const TypeCase& t : dot_types()) {
        for (int64_t n : lengths(t)) {
            const std::vector<uint8_t> w = make_weights(t.type, n, rng);
            const std::vector<float> x = make_activations(n, rng);
            const cpu::WeightKernel wk = k.for_type(t.type);
            const cpu::WeightKernel rk = ref.for_type(t.type);
            CHECK(wk.dot && wk.act == rk.act, "%s %s: kernel missing or wrong format",
                  cpu::isa_name(isa), t.name);
            if (!wk.dot) continue;
            const std::vector<uint8_t> a = activations(ref, rk.act, x);
            const Skewed ws(w, 1), as(a, wk.act == ActFormat::F32 ? 0 : 3);
            const float expected = rk.dot(n, ws.ptr, as.ptr);
            const float actual = wk.dot(n, ws.ptr, as.ptr);
            std::vector<float> wf(static_cast<size_t>(n));
            cpu::dequantize_row(t.type, w.data(), wf.data(), n);
            double magnitude = 0.0;
            for (size_t i = 0; i < wf.size(); ++i) magnitude += std::fabs(double(wf[i]) * x[i]);
            // As the x86 tests: Q4_1 / Q5_1 split w into d * q + m, whose terms can exceed |w|.
            const double tol = 1e-5 * 4.0 * magnitude + 1e-30;
            if (t.kquant) {
                CHECK(std::memcmp(&actual, &expected, sizeof actual) == 0,
                      "%s n=%lld %s: %.9g, reference %.9g (must be bit-identical)", t.name,
                      static_cast<long long>(n), cpu::isa_name(isa), double(actual),
                      double(expected));
            } else {
                CHECK(std::fabs(double(actual) - double(expected)) <= tol,
                      "%s n=%lld %s: %.9g, reference %.9g, tolerance %.3g", t.name,
                      static_cast<long long>(n), cpu::isa_name(isa), double(actual),
                      double(expected), tol);
            }
            exact += actual == expected;
            ++rows;
        }
    }
    // dot_f32 (attention).
    for (int64_t n : {1, 15, 64, 1000, 4099}) {
        const std::vector<float> x = make_activations(n, rng), y = make_activations(n, rng);
        double magnitude = 0.0;
        for (size_t i = 0; i < x.size(); ++i) magnitude += std::fabs(double(x[i]) * y[i]);
        const double got = k.dot_f32(n, x.data(), y.data());
        const double want = ref.dot_f32(n, x.data(), y.data());
        CHECK(std::fabs(got - want) <= 1e-5 * magnitude, "dot_f32 n=%lld %s: %.9g vs %.9g",
              static_cast<long long>(n), cpu::isa_name(isa), got, want);
    }
    std::printf("%s: %d rows against the reference (%d bit-identical), dot_f32 5 lengths\n",
                cpu::isa_name(isa), rows, exact);
}

// One block with unit scales and activation scale 1: both paths compute the
// integer exactly and the float result is that integer, so they must agree
// exactly. Random quants, then the extremes (all bits set / clear, byte 0x80)
// against activations of +-127.
void check_integer_parts(Isa isa) {
    const cpu::Kernels& k = cpu::kernels_for(isa);
    const cpu::Kernels& ref = cpu::kernels_for(Isa::Ref);
    std::mt19937 rng(2024);
    std::uniform_int_distribution<int> byte(0, 255), q8(-127, 127);
    int checked = 0;
    for (const TypeCase& t : dot_types()) {
        if (is_float_type(t.type)) continue;
        const Layout l = layout(t.type);
        const ScaleFields f = scale_fields(t.type);
        for (int trial = 0; trial < 24; ++trial) {
            std::vector<uint8_t> w(size_t(l.bytes));
            const int fill = trial < 20 ? -1 : std::vector<int>{0x00, 0xFF, 0x80, 0x7F}[trial - 20];
            for (auto& b : w) b = static_cast<uint8_t>(fill < 0 ? byte(rng) : fill);
            put_half(w, size_t(f.d), 1.0f);
            if (f.m >= 0) put_half(w, size_t(f.m), 1.0f);
            std::vector<int8_t> qa(size_t(l.block));
            for (size_t i = 0; i < qa.size(); ++i) {
                qa[i] = static_cast<int8_t>(fill < 0 ? q8(rng) : (i % 3 == 0 ? -127 : 127));
            }
            std::vector<uint8_t> a;
            if (l.block == 32) {
                cpu::ActQ8_32 blk{1.0f, 0, {}};
                for (int i = 0; i < 32; ++i) blk.sum += (blk.qs[i] = qa[size_t(i)]);
                a.resize(sizeof blk);
                std::memcpy(a.data(), &blk, sizeof blk);
            } else {
                cpu::ActQ8_256 blk{1.0f, {}, {}};
                for (int i = 0; i < 256; ++i) {
                    blk.qs[i] = qa[size_t(i)];
                    blk.bsums[i / 16] = static_cast<int16_t>(blk.bsums[i / 16] + qa[size_t(i)]);
                }
                a.resize(sizeof blk);
                std::memcpy(a.data(), &blk, sizeof blk);
            }
            const float want = ref.for_type(t.type).dot(l.block, w.data(), a.data());
            const float got = k.for_type(t.type).dot(l.block, w.data(), a.data());
            CHECK(got == want && want == std::nearbyint(want),
                  "%s one block, unit scales, trial %d, %s: %.9g, reference %.9g", t.name, trial,
                  cpu::isa_name(isa), double(got), double(want));
            ++checked;
        }
    }
    std::printf("%s: %d single blocks with unit scales exact\n", cpu::isa_name(isa), checked);
}

// Activations whose quantization exercises the corners: ties, zero blocks,
// values at the clamp, tiny (subnormal) and huge magnitudes.
std::vector<float> quantizer_input(int64_t n, std::mt19937& rng, int kind) {
    std::vector<float> x = make_activations(n, rng);
    const float scales[] = {1.0f, 1e-40f, 1e30f, 3e-7f};
    for (float& v : x) v *= scales[kind % 4];
    for (int64_t b = 0; b < n / 32; ++b) {
        float* blk = x.data() + 32 * b;
        if (b % 5 == 1) std::fill(blk, blk + 32, 0.0f);  // d = 0
        if (b % 5 == 2) {                                // d = 1: exact ties
            for (int i = 0; i < 32; ++i) blk[i] = float(i % 9) - 4.0f + (i % 2 ? 0.5f : 0.0f);
            blk[31] = 127.0f;
        }
        if (b % 5 == 3) blk[b % 32] = -blk[(b + 1) % 32] * 1000.0f;  // one dominant value
    }
    return x;
}

void check_quantizers(Isa isa) {
    const cpu::Kernels& k = cpu::kernels_for(isa);
    const cpu::Kernels& ref = cpu::kernels_for(Isa::Ref);
    std::mt19937 rng(1234);
    int checked = 0;
    for (int kind = 0; kind < 4; ++kind) {
        for (int64_t n : {256, 512, 512 + 256, 4096, 4096 + 7 * 256}) {
            const std::vector<float> x = quantizer_input(n, rng, kind);
            for (ActFormat f : {ActFormat::Q8_32, ActFormat::Q8_256}) {
                const std::vector<uint8_t> got = activations(k, f, x),
                                           want = activations(ref, f, x);
                size_t first = 0;
                while (first < got.size() && got[first] == want[first]) ++first;
                CHECK(first == got.size(), "%s n=%lld input kind %d %s: first differing byte %zu",
                      f == ActFormat::Q8_32 ? "quantize_q8_32" : "quantize_q8_256",
                      static_cast<long long>(n), kind, cpu::isa_name(isa), first);
                ++checked;
            }
        }
    }
    // Ties go to even: 0.5 -> 0, 1.5 -> 2, -2.5 -> -2.
    std::vector<float> ties(32, 0.0f);
    ties[0] = 127.0f, ties[1] = 0.5f, ties[2] = 1.5f, ties[3] = -2.5f;
    cpu::ActQ8_32 blk;
    k.quantize_q8_32(ties.data(), &blk, 32);
    CHECK(blk.d == 1.0f && blk.qs[1] == 0 && blk.qs[2] == 2 && blk.qs[3] == -2 && blk.sum == 127,
          "%s tie block: d %g q %d %d %d sum %d", cpu::isa_name(isa), double(blk.d), blk.qs[1],
          blk.qs[2], blk.qs[3], blk.sum);
    std::printf("%s: %d quantizer outputs byte-identical\n", cpu::isa_name(isa), checked);
}

void check_tables(Isa isa) {
    const cpu::Kernels& k = cpu::kernels_for(isa);
    CHECK(k.isa == isa, "%s table says %s", cpu::isa_name(isa), cpu::isa_name(k.isa));
    CHECK(k.quantize_q8_32 && k.quantize_q8_256 && k.dot_f32 && k.for_type, "%s: null entries",
          cpu::isa_name(isa));
    CHECK(k.gemm_tile == nullptr, "%s: batches use the dot per pair", cpu::isa_name(isa));
    CHECK(k.quantize_q8_32 != cpu::kernels_for(Isa::Ref).quantize_q8_32,
          "%s: the reference quantizer in the NEON table", cpu::isa_name(isa));
    for (TensorType t : {TensorType::Q8_1, TensorType::Q8_K, TensorType::IQ4_NL}) {
        CHECK(k.for_type(t).dot == nullptr, "%s: a dot for type %u", cpu::isa_name(isa),
              unsigned(t));
    }
}

Isa expect_isa(const char* var) {
    const char* v = std::getenv(var);
    const std::optional<Isa> isa = cpu::parse_isa(v ? v : "");
    if (!isa) throw std::runtime_error(std::string(var) + " is not an ISA name");
    return *isa;
}

void check_isa_selection() {
    const Isa best = cpu::best_isa();
    const cpu::CpuFeatures f = cpu::detect_cpu_features();
    std::printf("best ISA: %s, selected: %s (neon %d, dotprod %d)\n", cpu::isa_name(best),
                cpu::isa_name(cpu::selected_isa()), f.neon, f.neon_dotprod);
    CHECK(cpu::build_has_arm_simd() && !cpu::build_has_x86_simd(), "build flags");
    CHECK(f.neon && !f.avx2 && !f.avx512, "features: neon %d avx2 %d", f.neon, f.avx2);
    CHECK(best == (f.neon_dotprod ? Isa::NeonDot : Isa::Neon), "best %s", cpu::isa_name(best));
    if (std::getenv("SILIANG_EXPECT_BEST")) {
        CHECK(best == expect_isa("SILIANG_EXPECT_BEST"), "best %s, expected %s",
              cpu::isa_name(best), std::getenv("SILIANG_EXPECT_BEST"));
    }
    CHECK(cpu::isa_available(Isa::Ref) && cpu::isa_available(Isa::Neon), "ref / neon available");
    CHECK(!cpu::isa_available(Isa::Avx2) && !cpu::isa_available(Isa::Avx512), "x86 available");
    CHECK(cpu::isa_available(Isa::NeonDot) == (best == Isa::NeonDot), "neondot availability");
    for (Isa isa : {Isa::Avx2, Isa::Avx512, Isa::NeonDot}) {
        if (cpu::isa_available(isa)) continue;
        bool threw = false;
        try {
            cpu::kernels_for(isa);
        } catch (const std::invalid_argument&) {
            threw = true;
        }
        CHECK(threw, "kernels_for(%s) must throw here", cpu::isa_name(isa));
    }
    // SILIANG_CPU_ISA, read once by selected_isa(); kernels() follows it.
    const char* env = std::getenv("SILIANG_CPU_ISA");
    CHECK(cpu::selected_isa() == cpu::resolve_isa_request(env ? env : "", best, nullptr),
          "selected %s for SILIANG_CPU_ISA=%s", cpu::isa_name(cpu::selected_isa()),
          env ? env : "(unset)");
    CHECK(cpu::kernels().isa == cpu::selected_isa() &&
              &cpu::kernels() == &cpu::kernels_for(cpu::selected_isa()),
          "kernels() is not the selected table");
    if (std::getenv("SILIANG_EXPECT_SELECTED")) {
        CHECK(cpu::kernels().isa == expect_isa("SILIANG_EXPECT_SELECTED"), "selected %s",
              cpu::isa_name(cpu::kernels().isa));
    }
}

// The pure rules of cpu_features.h, for ARM and cross-architecture names.
void check_request_rules() {
    struct Rule {
        const char* request;
        Isa best, want;
        bool warn;
    };
    const Rule rules[] = {
        {"", Isa::NeonDot, Isa::NeonDot, false},    {"auto", Isa::Neon, Isa::Neon, false},
        {"neon", Isa::NeonDot, Isa::Neon, false},   {"NEONDOT", Isa::NeonDot, Isa::NeonDot, false},
        {"neondot", Isa::Neon, Isa::Neon, false},   {"ref", Isa::NeonDot, Isa::Ref, false},
        {"neon", Isa::Ref, Isa::Ref, false},        {"avx2", Isa::Ref, Isa::Ref, false},
        {"avx2", Isa::NeonDot, Isa::NeonDot, true}, {"avx512", Isa::Neon, Isa::Neon, true},
        {"neon", Isa::Avx512, Isa::Avx512, true},   {"neondot", Isa::Avx2, Isa::Avx2, true},
        {"sve", Isa::NeonDot, Isa::NeonDot, true},  {"avx512", Isa::Avx2, Isa::Avx2, false},
    };
    for (const Rule& r : rules) {
        bool warn = !r.warn;
        const Isa got = cpu::resolve_isa_request(r.request, r.best, &warn);
        CHECK(got == r.want && warn == r.warn, "SILIANG_CPU_ISA=%s with best %s: %s, warn %d",
              r.request, cpu::isa_name(r.best), cpu::isa_name(got), warn);
    }
    const Isa all[] = {Isa::Ref, Isa::Avx2, Isa::Avx512, Isa::Neon, Isa::NeonDot};
    // isa_includes(best, isa): the chains Ref < Avx2 < Avx512 and Ref < Neon < NeonDot.
    const bool includes[5][5] = {
        {1, 0, 0, 0, 0}, {1, 1, 0, 0, 0}, {1, 1, 1, 0, 0}, {1, 0, 0, 1, 0}, {1, 0, 0, 1, 1},
    };
    for (int b = 0; b < 5; ++b) {
        for (int i = 0; i < 5; ++i) {
            CHECK(cpu::isa_includes(all[b], all[i]) == includes[b][i], "isa_includes(%s, %s)",
                  cpu::isa_name(all[b]), cpu::isa_name(all[i]));
        }
        CHECK(cpu::parse_isa(cpu::isa_name(all[b])) == all[b], "parse_isa(%s)",
              cpu::isa_name(all[b]));
    }
    CHECK(!cpu::parse_isa("neon_dot") && !cpu::parse_isa("arm"), "parse_isa accepts junk");
}

}  // namespace

int main() {
    try {
        check_isa_selection();
        check_request_rules();
        for (Isa isa : neon_isas()) {
            check_tables(isa);
            check_quantizers(isa);
            check_integer_parts(isa);
            check_dots(isa);
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "FAIL: exception: %s\n", e.what());
        return 1;
    }
    return siliang::aarch64_test::report();
}
