#include "generation_options.h"

#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <limits>

namespace siliang::cli {

namespace {

std::atomic<bool> g_cancel{false};
std::atomic<bool> g_in_turn{false};

extern "C" void on_interrupt(int) {
    if (g_in_turn.load()) {
        g_cancel.store(true);
    } else {
        std::_Exit(130);
    }
}

}  // namespace

std::vector<OptionSpec> generation_option_specs(std::initializer_list<OptionSpec> extra) {
    std::vector<OptionSpec> specs = {
        {"-m", "--model", true},
        {"-n", "--max-tokens", true},
        {"", "--temp", true},
        {"", "--top-k", true},
        {"", "--top-p", true},
        {"", "--min-p", true},
        {"", "--repeat-penalty", true},
        {"", "--presence-penalty", true},
        {"", "--frequency-penalty", true},
        {"", "--seed", true},
        {"", "--ctx", true},
        {"-t", "--threads", true},
        {"", "--stop", true},
        {"", "--device", true},
    };
    specs.insert(specs.end(), extra.begin(), extra.end());
    return specs;
}

GenerationSetup parse_load_options(const Args& args) {
    GenerationSetup setup;
    std::optional<std::string> model = args.value("--model");
    if (!model) throw UsageError("needs -m MODEL.gguf");
    setup.model_path = *model;
    setup.load.backend = args.value("--device").value_or("cpu");
    setup.load.threads = static_cast<int>(args.integer("--threads", 1, 1024).value_or(0));
    return setup;
}

GenerationSetup parse_generation_options(const Args& args, int default_max_tokens) {
    GenerationSetup setup = parse_load_options(args);
    setup.session.context =
        static_cast<uint32_t>(args.integer("--ctx", 16, 1 << 20).value_or(4096));
    runtime::SamplerSettings& s = setup.generate.sampler;
    s.temperature = static_cast<float>(args.real("--temp", 0, 100).value_or(s.temperature));
    s.top_k = static_cast<int>(
        args.integer("--top-k", 0, std::numeric_limits<int>::max()).value_or(s.top_k));
    s.top_p = static_cast<float>(args.real("--top-p", 0, 1).value_or(s.top_p));
    s.min_p = static_cast<float>(args.real("--min-p", 0, 1).value_or(s.min_p));
    s.repeat_penalty =
        static_cast<float>(args.real("--repeat-penalty", 0.01, 100).value_or(s.repeat_penalty));
    s.presence_penalty = static_cast<float>(args.real("--presence-penalty", -100, 100).value_or(0));
    s.frequency_penalty =
        static_cast<float>(args.real("--frequency-penalty", -100, 100).value_or(0));
    s.seed = static_cast<uint64_t>(
        args.integer("--seed", 0, std::numeric_limits<long long>::max()).value_or(0));
    setup.generate.max_tokens =
        static_cast<int>(args.integer("--max-tokens", -1, std::numeric_limits<int>::max())
                             .value_or(default_max_tokens));
    if (auto stop = args.value("--stop")) setup.generate.stop_strings.push_back(*stop);
    return setup;
}

std::unique_ptr<model::Model> load_model(const GenerationSetup& setup) {
    model::LoadOptions options = setup.load;
    if (isatty(STDERR_FILENO)) {
        options.progress = [](float progress) {
            std::fprintf(stderr, "\rloading %3d%%", static_cast<int>(progress * 100.0f));
            return true;
        };
    }
    std::unique_ptr<model::Model> model = model::Model::load(setup.model_path, options);
    if (options.progress) std::fprintf(stderr, "\r            \r");
    return model;
}

InterruptGuard::InterruptGuard() {
    std::signal(SIGINT, on_interrupt);
}
InterruptGuard::~InterruptGuard() {
    std::signal(SIGINT, SIG_DFL);
}
const std::atomic<bool>* InterruptGuard::flag() const {
    return &g_cancel;
}
void InterruptGuard::begin_turn() {
    g_cancel.store(false);
    g_in_turn.store(true);
}
void InterruptGuard::end_turn() {
    g_in_turn.store(false);
}

std::string format_stats(const runtime::GenerationStats& stats) {
    char line[320];
    std::snprintf(line, sizeof line,
                  "prompt %zu tokens (%zu evaluated, %.1f tok/s) | generated %zu tokens "
                  "(%.1f tok/s) | first token %.0f ms | stop: %s",
                  stats.prompt_tokens, stats.prompt_evaluated, stats.prompt_tokens_per_second(),
                  stats.generated_tokens, stats.generation_tokens_per_second(),
                  stats.first_token_ms, runtime::stop_reason_name(stats.stop_reason));
    return line;
}

}  // namespace siliang::cli
