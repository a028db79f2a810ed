// Microseconds per Sampler::sample() call on a Qwen-sized vocabulary.
// Usage: bench_sampler [vocab=151936] [calls=2000]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <vector>

#include "runtime/rng.h"
#include "runtime/sampler.h"

using namespace siliang::runtime;

namespace {

// Roughly normal logits (sum of four uniforms), like a model's spread.
std::vector<float> make_logits(Rng& rng, size_t vocab) {
    std::vector<float> logits(vocab);
    for (float& l : logits) {
        double sum = 0;
        for (int i = 0; i < 4; ++i) sum += rng.next_double();
        l = static_cast<float>((sum - 2.0) * 6.0);
    }
    return logits;
}

void run(const char* name, const SamplerSettings& settings, size_t vocab, int calls) {
    Rng rng(1);
    // A few distinct logit vectors, so that the branch predictor does not learn one.
    std::vector<std::vector<float>> steps;
    for (int i = 0; i < 8; ++i) steps.push_back(make_logits(rng, vocab));
    Sampler sampler(settings, vocab);
    for (int i = 0; i < 50; ++i) sampler.accept(sampler.sample(steps[i % 8]));  // warm up
    // Wall time, and process CPU time, which a busy machine inflates less.
    const auto start = std::chrono::steady_clock::now();
    const std::clock_t cpu_start = std::clock();
    long checksum = 0;
    for (int i = 0; i < calls; ++i) {
        const int32_t token = sampler.sample(steps[static_cast<size_t>(i) % steps.size()]);
        sampler.accept(token);
        checksum += token;
    }
    const double us =
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count();
    const double cpu_us = 1e6 * static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
    std::printf("%-34s vocab %zu: %8.1f us/call wall, %8.1f us/call cpu  (checksum %ld)\n", name,
                vocab, us / calls, cpu_us / calls, checksum);
}

}  // namespace

int main(int argc, char** argv) {
    const size_t vocab = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 151936;
    const int calls = argc > 2 ? std::atoi(argv[2]) : 2000;
    SamplerSettings defaults;
    run("defaults (top-k 40)", defaults, vocab, calls);
    SamplerSettings penalties = defaults;
    penalties.repeat_penalty = 1.1f;
    penalties.frequency_penalty = 0.1f;
    run("defaults + penalties", penalties, vocab, calls);
    SamplerSettings no_top_k = defaults;
    no_top_k.top_k = 0;
    run("top-k off (top-p 0.95, min-p 0.05)", no_top_k, vocab, calls);
    SamplerSettings greedy = defaults;
    greedy.temperature = 0;
    run("greedy", greedy, vocab, calls);
    return 0;
}
