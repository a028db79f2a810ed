// siliang-cli bench: prompt processing (pp) and generation (tg) speed, measured the
// way llama.cpp's llama-bench does, so the two can be compared figure for figure:
// pp = one batch of N prompt tokens into an empty cache; tg = N single-token
// evaluations; each repeated -r times, reported as the mean and standard deviation
// of tokens/s (llama-bench's --json keys), plus median, min and max. With -d N (llama-bench's
// --n-depth) both run after N positions already in the cache ("tg128 @ d4096"): the cache is
// filled once, untimed, and cut back to N before every repetition.
//
// Around that it measures what the figures are bounded by, in the same run: the
// machine's read bandwidth (bench_bandwidth.h, probed between repetitions), the
// bytes one generated token reads (bench_traffic.h), hence the fraction of the
// bandwidth generation achieves, and the peak resident memory (bench_memory.h).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>
#include <random>
#include <thread>

#include "bench_bandwidth.h"
#include "bench_memory.h"
#include "bench_traffic.h"
#include "chat/json.h"
#include "commands.h"
#include "generation_options.h"

namespace siliang::cli {

namespace {

using chat::Json;
using Clock = std::chrono::steady_clock;

constexpr int kProbesPerRound = 2;      // bandwidth passes between two repetitions
constexpr double kRssAllowance = 1.15;  // the target: file + KV cache + 15%
constexpr double kMiB = 1024.0 * 1024.0;

struct Samples {
    std::vector<double> values;
    double mean() const {
        double sum = 0;
        for (double v : values) sum += v;
        return values.empty() ? 0 : sum / static_cast<double>(values.size());
    }
    double stddev() const {
        if (values.size() < 2) return 0;
        const double m = mean();
        double sum = 0;
        for (double v : values) sum += (v - m) * (v - m);
        return std::sqrt(sum / static_cast<double>(values.size() - 1));
    }
    double median() const {
        if (values.empty()) return 0;
        std::vector<double> sorted = values;
        std::sort(sorted.begin(), sorted.end());
        const size_t n = sorted.size();
        return n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
    double min() const {
        return values.empty() ? 0 : *std::min_element(values.begin(), values.end());
    }
    double max() const {
        return values.empty() ? 0 : *std::max_element(values.begin(), values.end());
    }
};

struct TestResult {
    std::string name;
    int n_prompt = 0, n_gen = 0;
    Samples tokens_per_second;
    double wall_seconds = 0, cpu_seconds = 0;  // summed over the repetitions
    bool cpu_known = false;
    // The share of its threads' time the process got while timed; well under 1 means the
    // machine was busy with other work and the speed says more about that than the engine.
    std::optional<double> cpu_share(int threads) const {
        if (!cpu_known || wall_seconds <= 0) return std::nullopt;
        return cpu_seconds / (wall_seconds * threads);
    }
};

// Bandwidth passes at the bench's thread count and on all cores, run between repetitions.
class BandwidthSampler {
public:
    BandwidthSampler(size_t bytes, int threads, int all_threads)
        : threads_(threads), all_threads_(all_threads) {
        if (bytes > 0) probe_ = std::make_unique<ReadBandwidthProbe>(bytes);
    }
    void round() {
        if (!probe_) return;
        for (int i = 0; i < kProbesPerRound; ++i) {
            at_threads_.values.push_back(probe_->measure(threads_));
            if (all_threads_ != threads_)
                all_cores_.values.push_back(probe_->measure(all_threads_));
        }
    }
    bool enabled() const { return probe_ != nullptr; }
    size_t buffer_bytes() const { return probe_ ? probe_->bytes() : 0; }
    const Samples& at_threads() const { return at_threads_; }
    const Samples& all_cores() const { return all_threads_ == threads_ ? at_threads_ : all_cores_; }
    int all_threads() const { return all_threads_; }

private:
    std::unique_ptr<ReadBandwidthProbe> probe_;
    int threads_, all_threads_;
    Samples at_threads_, all_cores_;
};

// Random token ids (never an end-of-generation token), like llama-bench's synthetic prompts.
std::vector<int32_t> random_tokens(const tokenizer::Tokenizer& tok, size_t n, uint32_t seed) {
    std::mt19937 rng(seed);
    std::vector<int32_t> ids;
    while (ids.size() < n) {
        int32_t id = static_cast<int32_t>(rng() % tok.vocab_size());
        if (!tok.is_eog(id)) ids.push_back(id);
    }
    return ids;
}

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

Json number_or_null(std::optional<double> v) {
    return v ? Json(*v) : Json();
}

}  // namespace

int run_bench(const std::vector<std::string>& argv) {
    Args args(argv, {{"-m", "--model", true},
                     {"-p", "--n-prompt", true},
                     {"-n", "--n-gen", true},
                     {"-t", "--threads", true},
                     {"-r", "--repetitions", true},
                     {"-d", "--n-depth", true},
                     {"", "--device", true},
                     {"", "--bw-mib", true},
                     {"", "--json", false}});
    if (!args.positionals().empty())
        throw UsageError("unexpected argument '" + args.positionals().front() + "'");
    const GenerationSetup setup = parse_load_options(args);
    const int n_prompt = static_cast<int>(args.integer("--n-prompt", 0, 1 << 16).value_or(512));
    const int n_gen = static_cast<int>(args.integer("--n-gen", 0, 1 << 16).value_or(128));
    const int reps = static_cast<int>(args.integer("--repetitions", 1, 1000).value_or(3));
    const int depth = static_cast<int>(args.integer("--n-depth", 0, 1 << 20).value_or(0));
    // The probe buffer must dwarf the last-level cache; 0 skips the probe.
    const long long bw_mib = args.integer("--bw-mib", 0, 1 << 20).value_or(1024);
    const bool json = args.has("--json");
    if (n_prompt == 0 && n_gen == 0) throw UsageError("nothing to measure: -p and -n are both 0");

    const int all_threads = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
    const int threads = setup.load.threads > 0 ? setup.load.threads : all_threads;
    // An unreadable file fails here, before a gigabyte is allocated for the probe.
    gguf::File::open(setup.model_path);
    // Allocated (and made resident) before the model, so that the peak RSS is the
    // model's peak plus exactly this buffer, which is subtracted below.
    BandwidthSampler bandwidth(static_cast<size_t>(bw_mib) * 1024 * 1024, threads, all_threads);

    std::unique_ptr<model::Model> model = load_model(setup);
    const model::ModelConfig& config = model->config();
    uint64_t model_bytes = 0, params = 0;
    for (const gguf::TensorInfo& t : model->file().tensors()) {
        model_bytes += t.n_bytes;
        params += t.n_elements;
    }
    std::error_code ec;
    const uint64_t file_size = std::filesystem::file_size(setup.model_path, ec);
    runtime::SessionOptions session_options;
    session_options.context = static_cast<uint32_t>(depth + std::max(n_prompt, n_gen) + 1);
    // Filling the depth goes in batches of up to 512 tokens, as a prompt would.
    session_options.batch = static_cast<uint32_t>(std::max({n_prompt, 1, std::min(depth, 512)}));
    runtime::Session session(*model, session_options);
    const tokenizer::Tokenizer& tok = model->tokenizer();
    const uint64_t kv_size =
        kv_cache_bytes(config, session_options.context, session_options.kv_f16);

    // Times one repetition: wall seconds into the result, CPU seconds alongside.
    const auto timed = [&](TestResult& result, int n_tokens, const auto& body) {
        const std::optional<double> cpu0 = process_cpu_seconds();
        const Clock::time_point start = Clock::now();
        body();
        const double wall = seconds_since(start);
        const std::optional<double> cpu1 = process_cpu_seconds();
        result.tokens_per_second.values.push_back(n_tokens / wall);
        result.wall_seconds += wall;
        if (cpu0 && cpu1) result.cpu_seconds += *cpu1 - *cpu0;
        result.cpu_known = cpu0 && cpu1;
    };

    // The cache's first `depth` positions, evaluated once (untimed); every repetition starts
    // from them.
    const std::string at_depth = depth > 0 ? " @ d" + std::to_string(depth) : "";
    const auto fill_depth = [&] {
        if (depth == 0) return;
        session.truncate(0);
        session.evaluate(random_tokens(tok, static_cast<size_t>(depth), 3));
    };
    const auto start_at_depth = [&] { session.truncate(static_cast<size_t>(depth)); };

    std::vector<TestResult> results;
    if (n_prompt > 0) {
        TestResult pp;
        pp.name = "pp" + std::to_string(n_prompt) + at_depth;
        pp.n_prompt = n_prompt;
        std::vector<int32_t> prompt = random_tokens(tok, static_cast<size_t>(n_prompt), 1);
        fill_depth();
        start_at_depth();
        session.evaluate(std::span<const int32_t>(prompt.data(), 1));  // warm-up, as llama-bench
        for (int r = 0; r < reps; ++r) {
            bandwidth.round();
            start_at_depth();
            timed(pp, n_prompt, [&] { session.evaluate(prompt); });
        }
        results.push_back(pp);
    }
    if (n_gen > 0) {
        TestResult tg;
        tg.name = "tg" + std::to_string(n_gen) + at_depth;
        tg.n_gen = n_gen;
        std::vector<int32_t> tokens = random_tokens(tok, static_cast<size_t>(n_gen), 2);
        if (n_prompt == 0) fill_depth();  // else still there from pp
        start_at_depth();
        session.evaluate(std::span<const int32_t>(tokens.data(), 1));  // warm-up
        for (int r = 0; r < reps; ++r) {
            bandwidth.round();
            start_at_depth();
            timed(tg, n_gen, [&] {
                for (int i = 0; i < n_gen; ++i)
                    session.evaluate(std::span<const int32_t>(&tokens[static_cast<size_t>(i)], 1));
            });
        }
        results.push_back(tg);
    }
    bandwidth.round();

    // What a generated token reads, and what that makes of the measured speed.
    const uint64_t weight_bytes = decode_weight_bytes(model->file(), config);
    const double kv_read = mean_kv_read_bytes(config, session_options.kv_f16, n_gen, depth);
    const double bytes_per_token = static_cast<double>(weight_bytes) + kv_read;
    // The ceiling: median bandwidth at the bench's thread count (0: not measured).
    const double limit = bandwidth.enabled() ? bandwidth.at_threads().median() : 0.0;
    const auto achieved = [&](const TestResult& r) {
        return r.n_gen > 0 ? r.tokens_per_second.mean() * bytes_per_token / 1e9 : 0.0;
    };
    const auto percent = [&](const TestResult& r) -> std::optional<double> {
        if (r.n_gen == 0 || limit <= 0) return std::nullopt;
        return 100.0 * achieved(r) / limit;
    };

    std::optional<uint64_t> peak_rss = peak_rss_bytes();
    if (peak_rss) *peak_rss -= std::min<uint64_t>(*peak_rss, bandwidth.buffer_bytes());
    const double rss_target = static_cast<double>(file_size + kv_size) * kRssAllowance;

    if (json) {
        // Bandwidth figures are null when the probe was skipped (--bw-mib 0).
        const auto measured = [&](double v) { return bandwidth.enabled() ? Json(v) : Json(); };
        Json out = Json::array();
        for (const TestResult& r : results) {
            Json samples = Json::array();
            for (double v : r.tokens_per_second.values) samples.push_back(v);
            Json bw_samples = Json::array();
            for (double v : bandwidth.at_threads().values) bw_samples.push_back(v);
            const bool tg = r.n_gen > 0;
            out.push_back(Json::object({
                {"model_filename", setup.model_path},
                {"model_type", config.arch_name},
                {"model_size", static_cast<int64_t>(model_bytes)},
                {"model_n_params", static_cast<int64_t>(params)},
                {"backend", setup.load.backend},
                {"n_threads", threads},
                {"n_prompt", r.n_prompt},
                {"n_gen", r.n_gen},
                {"n_depth", depth},
                {"avg_ts", r.tokens_per_second.mean()},
                {"stddev_ts", r.tokens_per_second.stddev()},
                {"samples_ts", samples},
                {"median_ts", r.tokens_per_second.median()},
                {"min_ts", r.tokens_per_second.min()},
                {"max_ts", r.tokens_per_second.max()},
                {"weight_bytes_per_token", tg ? static_cast<int64_t>(weight_bytes) : 0},
                {"kv_bytes_per_token", tg ? kv_read : 0.0},
                {"bytes_per_token", tg ? bytes_per_token : 0.0},
                {"achieved_gbps", achieved(r)},
                {"bandwidth_gbps", measured(limit)},
                {"bandwidth_min_gbps", measured(bandwidth.at_threads().min())},
                {"bandwidth_max_gbps", measured(bandwidth.at_threads().max())},
                {"bandwidth_samples_gbps", bw_samples},
                {"bandwidth_all_cores_gbps", measured(bandwidth.all_cores().median())},
                {"bandwidth_all_cores_threads", bandwidth.all_threads()},
                {"bandwidth_buffer_size", static_cast<int64_t>(bandwidth.buffer_bytes())},
                {"bandwidth_kernel", ReadBandwidthProbe::kernel_name()},
                {"pct_of_limit", number_or_null(percent(r))},
                {"cpu_share", number_or_null(r.cpu_share(threads))},
                {"file_size", static_cast<int64_t>(file_size)},
                {"kv_cache_size", static_cast<int64_t>(kv_size)},
                {"peak_rss", peak_rss ? Json(static_cast<int64_t>(*peak_rss)) : Json()},
                {"rss_target", static_cast<int64_t>(rss_target)},
            }));
        }
        std::cout << out.dump() << "\n";
        return 0;
    }

    std::printf(
        "| model | size | params | backend | threads | test | t/s | median [min, max] "
        "| GB/s | %% of limit | CPU share |\n");
    std::printf("|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (const TestResult& r : results) {
        char gbps[32] = "", pct[32] = "", share[32] = "n/a";
        if (r.n_gen > 0) std::snprintf(gbps, sizeof gbps, "%.2f", achieved(r));
        if (const auto p = percent(r)) std::snprintf(pct, sizeof pct, "%.0f%%", *p);
        if (const auto c = r.cpu_share(threads))
            std::snprintf(share, sizeof share, "%.0f%%", 100.0 * *c);
        const Samples& s = r.tokens_per_second;
        std::printf(
            "| %s | %.2f MiB | %.2f M | %s | %d | %s | %.2f ± %.2f | %.2f [%.2f, %.2f] | %s "
            "| %s | %s |\n",
            config.arch_name.c_str(), static_cast<double>(model_bytes) / kMiB,
            static_cast<double>(params) / 1e6, setup.load.backend.c_str(), threads, r.name.c_str(),
            s.mean(), s.stddev(), s.median(), s.min(), s.max(), gbps, pct, share);
    }
    std::printf("\n");
    if (bandwidth.enabled()) {
        const Samples& b = bandwidth.at_threads();
        std::printf(
            "read bandwidth (%.0f MiB buffer, %s loop): %d thread%s %.1f GB/s, median of %zu "
            "[%.1f, %.1f]; all %d cores %.1f GB/s\n",
            static_cast<double>(bandwidth.buffer_bytes()) / kMiB,
            ReadBandwidthProbe::kernel_name().c_str(), threads, threads == 1 ? "" : "s", b.median(),
            b.values.size(), b.min(), b.max(), bandwidth.all_threads(),
            bandwidth.all_cores().median());
    }
    if (n_gen > 0)
        std::printf(
            "bytes per generated token: %.2f MB (weights %.2f MB + KV cache %.3f MB, mean "
            "over tg%d)\n",
            bytes_per_token / 1e6, static_cast<double>(weight_bytes) / 1e6, kv_read / 1e6, n_gen);
    char rss[48] = "n/a";
    if (peak_rss) std::snprintf(rss, sizeof rss, "%.1f MiB", static_cast<double>(*peak_rss) / kMiB);
    std::printf("memory: peak RSS %s; file %.1f MiB + KV cache %.1f MiB, +15%% = %.1f MiB\n", rss,
                static_cast<double>(file_size) / kMiB, static_cast<double>(kv_size) / kMiB,
                rss_target / kMiB);
    return 0;
}

}  // namespace siliang::cli
