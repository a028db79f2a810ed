// siliang-cli bench: prompt processing (pp) and generation (tg) speed, measured the
// way llama.cpp's llama-bench does, so the two can be compared figure for figure:
// pp = one batch of N prompt tokens into an empty cache; tg = N single-token
// evaluations; each repeated -r times, reported as the mean and standard deviation
// of tokens/s. The generation figure also gives the achieved memory bandwidth:
// every generated token reads all weights once.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <random>
#include <thread>

#include "chat/json.h"
#include "commands.h"
#include "generation_options.h"

namespace siliang::cli {

namespace {

using chat::Json;
using Clock = std::chrono::steady_clock;

struct TestResult {
    std::string name;
    int n_prompt = 0, n_gen = 0;
    std::vector<double> tokens_per_second;
    double mean() const {
        double sum = 0;
        for (double v : tokens_per_second) sum += v;
        return tokens_per_second.empty() ? 0 : sum / static_cast<double>(tokens_per_second.size());
    }
    double stddev() const {
        if (tokens_per_second.size() < 2) return 0;
        double m = mean(), sum = 0;
        for (double v : tokens_per_second) sum += (v - m) * (v - m);
        return std::sqrt(sum / static_cast<double>(tokens_per_second.size() - 1));
    }
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

}  // namespace

int run_bench(const std::vector<std::string>& argv) {
    Args args(argv, {{"-m", "--model", true},
                     {"-p", "--n-prompt", true},
                     {"-n", "--n-gen", true},
                     {"-t", "--threads", true},
                     {"-r", "--repetitions", true},
                     {"", "--device", true},
                     {"", "--json", false}});
    if (!args.positionals().empty())
        throw UsageError("unexpected argument '" + args.positionals().front() + "'");
    const GenerationSetup setup = parse_load_options(args);
    const int n_prompt = static_cast<int>(args.integer("--n-prompt", 0, 1 << 16).value_or(512));
    const int n_gen = static_cast<int>(args.integer("--n-gen", 0, 1 << 16).value_or(128));
    const int reps = static_cast<int>(args.integer("--repetitions", 1, 1000).value_or(3));
    const bool json = args.has("--json");

    std::unique_ptr<model::Model> model = load_model(setup);
    uint64_t model_bytes = 0, params = 0;
    for (const gguf::TensorInfo& t : model->file().tensors()) {
        model_bytes += t.n_bytes;
        params += t.n_elements;
    }
    runtime::SessionOptions session_options;
    session_options.context = static_cast<uint32_t>(std::max(n_prompt, n_gen) + 1);
    session_options.batch = static_cast<uint32_t>(std::max(n_prompt, 1));
    runtime::Session session(*model, session_options);
    const tokenizer::Tokenizer& tok = model->tokenizer();

    std::vector<TestResult> results;
    if (n_prompt > 0) {
        TestResult pp{"pp" + std::to_string(n_prompt), n_prompt, 0, {}};
        std::vector<int32_t> prompt = random_tokens(tok, static_cast<size_t>(n_prompt), 1);
        session.evaluate(std::span<const int32_t>(prompt.data(), 1));  // warm-up, as llama-bench
        for (int r = 0; r < reps; ++r) {
            session.truncate(0);
            Clock::time_point start = Clock::now();
            session.evaluate(prompt);
            pp.tokens_per_second.push_back(n_prompt / seconds_since(start));
        }
        results.push_back(pp);
    }
    if (n_gen > 0) {
        TestResult tg{"tg" + std::to_string(n_gen), 0, n_gen, {}};
        std::vector<int32_t> tokens = random_tokens(tok, static_cast<size_t>(n_gen), 2);
        session.truncate(0);
        session.evaluate(std::span<const int32_t>(tokens.data(), 1));  // warm-up
        for (int r = 0; r < reps; ++r) {
            session.truncate(0);
            Clock::time_point start = Clock::now();
            for (int i = 0; i < n_gen; ++i)
                session.evaluate(std::span<const int32_t>(&tokens[static_cast<size_t>(i)], 1));
            tg.tokens_per_second.push_back(n_gen / seconds_since(start));
        }
        results.push_back(tg);
    }

    const int threads = setup.load.threads > 0
                            ? setup.load.threads
                            : static_cast<int>(std::thread::hardware_concurrency());
    if (json) {
        Json out = Json::array();
        for (const TestResult& r : results) {
            Json samples = Json::array();
            for (double v : r.tokens_per_second) samples.push_back(v);
            out.push_back(Json::object({
                {"model_filename", setup.model_path},
                {"model_type", model->config().arch_name},
                {"model_size", static_cast<int64_t>(model_bytes)},
                {"model_n_params", static_cast<int64_t>(params)},
                {"backend", setup.load.backend},
                {"n_threads", threads},
                {"n_prompt", r.n_prompt},
                {"n_gen", r.n_gen},
                {"avg_ts", r.mean()},
                {"stddev_ts", r.stddev()},
                {"samples_ts", samples},
                {"achieved_gbps",
                 r.n_gen > 0 ? r.mean() * static_cast<double>(model_bytes) / 1e9 : 0.0},
            }));
        }
        std::cout << out.dump() << "\n";
        return 0;
    }
    std::printf("| model | size | params | backend | threads | test | t/s | GB/s |\n");
    std::printf("|---|---:|---:|---|---:|---:|---:|---:|\n");
    for (const TestResult& r : results) {
        char gbps[32] = "";
        if (r.n_gen > 0)
            std::snprintf(gbps, sizeof gbps, "%.2f",
                          r.mean() * static_cast<double>(model_bytes) / 1e9);
        std::printf("| %s | %.2f MiB | %.2f M | %s | %d | %s | %.2f ± %.2f | %s |\n",
                    model->config().arch_name.c_str(), static_cast<double>(model_bytes) / 1048576.0,
                    static_cast<double>(params) / 1e6, setup.load.backend.c_str(), threads,
                    r.name.c_str(), r.mean(), r.stddev(), gbps);
    }
    return 0;
}

}  // namespace siliang::cli
