// What `run` and `chat` share: sampling/context options parsed from the command
// line, loading a model with progress on stderr, and Ctrl-C as "stop this answer".
#pragma once

#include <atomic>
#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

#include "cli_args.h"
#include "model/model.h"
#include "runtime/generator.h"
#include "runtime/session.h"

namespace siliang::cli {

// The option specs every generating command accepts (add your own after them).
std::vector<OptionSpec> generation_option_specs(std::initializer_list<OptionSpec> extra);

struct GenerationSetup {
    std::string model_path;
    model::LoadOptions load;
    runtime::SessionOptions session;
    runtime::GenerateOptions generate;
};

// -m/--model (required), --device and --threads: what every command that loads a model reads.
GenerationSetup parse_load_options(const Args& args);

// parse_load_options plus the context, sampling and stopping options.
GenerationSetup parse_generation_options(const Args& args, int default_max_tokens);

// Loads with a progress line on stderr when it is a terminal; errors propagate.
std::unique_ptr<model::Model> load_model(const GenerationSetup& setup);

// Ctrl-C sets the flag while a turn runs (the answer stops, the program goes on);
// at any other time it ends the program with status 130.
class InterruptGuard {
public:
    InterruptGuard();
    ~InterruptGuard();
    InterruptGuard(const InterruptGuard&) = delete;
    InterruptGuard& operator=(const InterruptGuard&) = delete;
    const std::atomic<bool>* flag() const;
    void begin_turn();  // clears the flag; Ctrl-C now cancels
    void end_turn();    // Ctrl-C quits again
};

// One line of stats for stderr: prompt and generation speed, time to first token.
std::string format_stats(const runtime::GenerationStats& stats);

}  // namespace siliang::cli
