// siliang-cli chat: an interactive conversation in the terminal. The KV cache is
// kept between turns (only the new part of the conversation is evaluated), the
// reasoning is shown dimmed and the answer normally, Ctrl-C stops the current
// answer without quitting, Ctrl-D or /exit quits, /reset starts over.
#include <unistd.h>

#include <iostream>
#include <string>

#include "chat/json.h"
#include "chat/prompt_format.h"
#include "commands.h"
#include "generation_options.h"

namespace siliang::cli {

namespace {

using chat::Json;

// Room kept free for the answer when older turns must be dropped to fit the context.
constexpr size_t kAnswerReserve = 256;

size_t first_droppable(const Json& messages) {
    return messages.size() > 0 && messages[0]["role"].as_string() == "system" ? 1 : 0;
}

Json without_message(const Json& messages, size_t index) {
    Json out = Json::array();
    for (size_t i = 0; i < messages.size(); ++i)
        if (i != index) out.push_back(messages[i]);
    return out;
}

}  // namespace

int run_chat(const std::vector<std::string>& argv) {
    Args args(argv, generation_option_specs({{"", "--system", true}}));
    if (!args.positionals().empty())
        throw UsageError("unexpected argument '" + args.positionals().front() + "'");
    GenerationSetup setup = parse_generation_options(args, -1);
    std::unique_ptr<model::Model> model = load_model(setup);
    const tokenizer::Tokenizer& tok = model->tokenizer();
    chat::PromptFormatter formatter(model->file(), tok);
    runtime::Session session(*model, setup.session);
    InterruptGuard interrupt;
    setup.generate.cancel = interrupt.flag();

    const bool tty_in = isatty(STDIN_FILENO);
    const bool tty_out = isatty(STDOUT_FILENO);
    Json messages = Json::array();
    if (auto system = args.value("--system"))
        messages.push_back(Json::object({{"role", "system"}, {"content", *system}}));
    if (tty_in)
        std::cerr << "siliang chat: " << model->config().arch_name
                  << " model loaded. Ctrl-C stops an answer, Ctrl-D or /exit quits, /reset "
                     "starts over.\n";

    for (std::string line;;) {
        if (tty_in) std::cout << "\n> " << std::flush;
        if (!std::getline(std::cin, line)) break;
        if (line == "/exit" || line == "/quit") break;
        if (line == "/reset") {
            Json kept = Json::array();
            if (first_droppable(messages) == 1) kept.push_back(messages[0]);
            messages = kept;
            continue;
        }
        if (line.empty()) continue;
        messages.push_back(Json::object({{"role", "user"}, {"content", line}}));

        chat::RenderOptions options;
        options.messages = messages;
        chat::FormattedPrompt prompt = formatter.format(options);
        // Context full: drop the oldest turns (never the system prompt) until the prompt fits.
        while (prompt.tokens.size() + kAnswerReserve > session.context() &&
               messages.size() > first_droppable(messages) + 1) {
            messages = without_message(messages, first_droppable(messages));
            options.messages = messages;
            prompt = formatter.format(options);
            std::cerr << "(oldest message dropped to fit the context)\n";
        }
        if (prompt.tokens.size() >= session.context()) {
            std::cerr << "siliang-cli chat: the message does not fit in the context of "
                      << session.context() << " tokens (--ctx)\n";
            messages = without_message(messages, messages.size() - 1);
            continue;
        }
        setup.generate.reasoning = prompt.reasoning;

        std::string answer, reasoning;
        chat::StreamKind shown = chat::StreamKind::Answer;
        interrupt.begin_turn();
        runtime::GenerationStats stats = runtime::generate(
            session, tok, prompt.tokens, setup.generate, [&](const runtime::GenerationEvent& e) {
                if (e.kind == chat::StreamKind::Reasoning) {
                    reasoning += e.text;
                    // Reasoning is dimmed on a terminal; piped output carries only the answer.
                    if (!tty_out) return;
                    if (shown != e.kind) std::cout << "\x1b[2m";
                } else {
                    answer += e.text;
                    if (tty_out && shown != e.kind) std::cout << "\x1b[0m";
                }
                shown = e.kind;
                std::cout << e.text << std::flush;
            });
        interrupt.end_turn();
        if (tty_out && shown == chat::StreamKind::Reasoning) std::cout << "\x1b[0m";
        std::cout << "\n" << std::flush;
        Json reply = Json::object({{"role", "assistant"}, {"content", answer}});
        if (!reasoning.empty()) reply.set("reasoning_content", reasoning);
        messages.push_back(reply);
        std::cerr << "(" << format_stats(stats) << ")\n";
    }
    return 0;
}

}  // namespace siliang::cli
