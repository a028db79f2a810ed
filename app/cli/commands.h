// The subcommands of siliang-cli. Each takes the arguments after its name and
// returns the process exit code; errors are thrown (see cli_args.h).
#pragma once

#include <string>
#include <vector>

namespace siliang::cli {

int run_inspect(const std::vector<std::string>& args);
int run_tokenize(const std::vector<std::string>& args);
int run_detokenize(const std::vector<std::string>& args);
int run_template(const std::vector<std::string>& args);
int run_run(const std::vector<std::string>& args);
int run_chat(const std::vector<std::string>& args);
int run_bench(const std::vector<std::string>& args);
int run_perplexity(const std::vector<std::string>& args);

}  // namespace siliang::cli
