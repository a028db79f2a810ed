// siliang-cli: the engine from the terminal. Exit codes: 0 success, 1 bad input
// (file, model, template), 2 usage. Every error is one line on stderr.
#include <csignal>
#include <cstdio>
#include <exception>
#include <iostream>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include "cli_args.h"
#include "commands.h"

namespace {

constexpr std::string_view kUsage =
    "usage: siliang-cli COMMAND [OPTIONS]\n"
    "\n"
    "commands:\n"
    "  inspect MODEL.gguf [--json]          architecture, parameters, tensor types, tokenizer,\n"
    "                                       special tokens, chat template\n"
    "  tokenize -m MODEL.gguf [--special] [--bos] TEXT|-\n"
    "                                       token ids of TEXT (or stdin), space separated\n"
    "  detokenize -m MODEL.gguf IDS...      text of the given token ids\n"
    "  template (-m MODEL.gguf | --template FILE.jinja) --messages FILE.json\n"
    "           [--no-generation-prompt] [--bos-token S] [--eos-token S] [--date YYYY-MM-DD]\n"
    "                                       the rendered chat prompt, exactly\n"
    "  run -m MODEL.gguf -p PROMPT|- [--chat [--system TEXT]] [--json] [GENERATION OPTIONS]\n"
    "                                       generate from a raw prompt (or a chat message)\n"
    "  chat -m MODEL.gguf [--system TEXT] [GENERATION OPTIONS]\n"
    "                                       interactive chat; Ctrl-C stops an answer\n"
    "  perplexity -m MODEL.gguf -f TEXT.txt [--ctx N] [--chunks N]\n"
    "                                       perplexity as llama.cpp's perplexity tool computes it\n"
    "  bench -m MODEL.gguf [-p 512] [-n 128] [-t THREADS] [-r REPS] [--json]\n"
    "                                       prompt and generation tokens/s, as llama-bench\n"
    "  help                                 this text\n"
    "\n"
    "generation options: -n/--max-tokens N, --temp T, --top-k K, --top-p P, --min-p M,\n"
    "  --repeat-penalty R, --presence-penalty P, --frequency-penalty F, --seed S, --ctx N,\n"
    "  -t/--threads N, --stop TEXT, --device NAME\n";

// Error messages go out as one line, whatever the thrower put in them.
std::string one_line(std::string text) {
    for (char& c : text)
        if (c == '\n' || c == '\r') c = ' ';
    return text;
}

int dispatch(const std::string& command, const std::vector<std::string>& rest) {
    using namespace siliang::cli;
    if (command == "inspect") return run_inspect(rest);
    if (command == "tokenize") return run_tokenize(rest);
    if (command == "detokenize") return run_detokenize(rest);
    if (command == "template") return run_template(rest);
    if (command == "run") return run_run(rest);
    if (command == "chat") return run_chat(rest);
    if (command == "bench") return run_bench(rest);
    if (command == "perplexity") return run_perplexity(rest);
    if (command == "help" || command == "--help" || command == "-h") {
        std::cout << kUsage;
        return 0;
    }
    throw UsageError("unknown command '" + command + "' (try 'siliang-cli help')");
}

}  // namespace

int main(int argc, char** argv) {
#ifdef SIGPIPE
    // Writing into a closed pipe (siliang-cli ... | head) must be an error we report, not a signal.
    std::signal(SIGPIPE, SIG_IGN);
#endif
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty()) {
        std::cerr << "siliang-cli: no command given (try 'siliang-cli help')\n";
        return 2;
    }
    std::string command = args.front();
    args.erase(args.begin());
    int code = 1;
    try {
        code = dispatch(command, args);
        std::cout.flush();
        if (!std::cout) {
            std::cerr << "siliang-cli: cannot write to standard output\n";
            return 1;
        }
    } catch (const siliang::cli::UsageError& e) {
        std::cerr << "siliang-cli " << command << ": " << one_line(e.what()) << "\n";
        return 2;
    } catch (const std::bad_alloc&) {
        std::cerr << "siliang-cli " << command << ": out of memory\n";
        return 1;
    } catch (const std::exception& e) {
        // GgufError, TokenizerError, TemplateError, JsonError, InputError: all name their input.
        std::cerr << "siliang-cli " << command << ": " << one_line(e.what()) << "\n";
        return 1;
    }
    return code;
}
