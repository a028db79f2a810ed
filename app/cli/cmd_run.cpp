// siliang-cli run: generate from a raw prompt (or, with --chat, from the prompt as
// one user message in the model's chat template). Text streams to stdout as it
// is produced; --json prints one object per event and a final stats object.
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "chat/json.h"
#include "chat/prompt_format.h"
#include "commands.h"
#include "generation_options.h"

namespace siliang::cli {

namespace {

using chat::Json;

Json stats_json(const runtime::GenerationStats& stats) {
    return Json::object({
        {"prompt_tokens", static_cast<int64_t>(stats.prompt_tokens)},
        {"prompt_evaluated", static_cast<int64_t>(stats.prompt_evaluated)},
        {"generated_tokens", static_cast<int64_t>(stats.generated_tokens)},
        {"prompt_ms", stats.prompt_ms},
        {"generation_ms", stats.generation_ms},
        {"first_token_ms", stats.first_token_ms},
        {"reasoning_ms", stats.reasoning_ms},
        {"prompt_tokens_per_second", stats.prompt_tokens_per_second()},
        {"generation_tokens_per_second", stats.generation_tokens_per_second()},
        {"stop_reason", runtime::stop_reason_name(stats.stop_reason)},
    });
}

}  // namespace

int run_run(const std::vector<std::string>& argv) {
    Args args(argv, generation_option_specs({{"-p", "--prompt", true},
                                             {"", "--chat", false},
                                             {"", "--system", true},
                                             {"", "--json", false}}));
    if (!args.positionals().empty())
        throw UsageError("unexpected argument '" + args.positionals().front() + "'");
    std::optional<std::string> prompt_text = args.value("--prompt");
    if (!prompt_text) throw UsageError("needs -p PROMPT (or -p - to read it from stdin)");
    if (*prompt_text == "-") prompt_text = read_file_or_stdin("-");
    GenerationSetup setup = parse_generation_options(args, 256);
    const bool json = args.has("--json");
    const bool chat_mode = args.has("--chat");

    std::unique_ptr<model::Model> model = load_model(setup);
    const tokenizer::Tokenizer& tok = model->tokenizer();
    std::vector<int32_t> prompt;
    if (chat_mode) {
        chat::PromptFormatter formatter(model->file(), tok);
        chat::RenderOptions options;
        options.messages = Json::array();
        if (auto system = args.value("--system"))
            options.messages.push_back(Json::object({{"role", "system"}, {"content", *system}}));
        options.messages.push_back(Json::object({{"role", "user"}, {"content", *prompt_text}}));
        chat::FormattedPrompt formatted = formatter.format(options);
        prompt = std::move(formatted.tokens);
        setup.generate.reasoning = formatted.reasoning;
    } else {
        // A raw prompt is the user's text: no special tokens parsed, BOS if the model wants it.
        tokenizer::EncodeOptions encode;
        encode.add_bos = tok.special().add_bos;
        prompt = tok.encode(*prompt_text, encode);
        setup.generate.split_reasoning = false;
    }
    if (prompt.empty()) throw InputError("the prompt has no tokens");

    runtime::Session session(*model, setup.session);
    InterruptGuard interrupt;
    setup.generate.cancel = interrupt.flag();
    const bool dim = !json && isatty(STDOUT_FILENO);
    chat::StreamKind shown = chat::StreamKind::Answer;
    interrupt.begin_turn();
    runtime::GenerationStats stats = runtime::generate(
        session, tok, prompt, setup.generate, [&](const runtime::GenerationEvent& event) {
            if (json) {
                std::cout << Json::object(
                                 {{"kind", event.kind == chat::StreamKind::Reasoning ? "reasoning"
                                                                                     : "answer"},
                                  {"text", event.text},
                                  {"token", static_cast<int64_t>(event.token)}})
                                 .dump()
                          << "\n";
            } else {
                if (dim && event.kind != shown)
                    std::cout << (event.kind == chat::StreamKind::Reasoning ? "\x1b[2m"
                                                                            : "\x1b[0m");
                std::cout << event.text;
            }
            shown = event.kind;
            std::cout.flush();
        });
    interrupt.end_turn();
    if (dim && shown == chat::StreamKind::Reasoning) std::cout << "\x1b[0m";
    if (json) {
        std::cout << Json::object({{"stats", stats_json(stats)}}).dump() << "\n";
    } else {
        std::cout << "\n";
        std::cerr << format_stats(stats) << "\n";
    }
    return 0;
}

}  // namespace siliang::cli
