// siliang-cli perplexity: computed exactly the way llama.cpp's perplexity tool does,
// so the same file and text give the same figure: the text is tokenized once (with
// BOS when the model adds one), cut into non-overlapping windows of --ctx tokens,
// the first token of each window is replaced by BOS (when the model adds one), and
// only the second half of each window is scored. Prints the running estimate per
// window and the final estimate with its uncertainty.
#include <cmath>
#include <cstdio>
#include <iostream>

#include "commands.h"
#include "generation_options.h"

namespace siliang::cli {

namespace {

// -log softmax(logits)[target], in double like llama.cpp's log_softmax.
double negative_log_likelihood(std::span<const float> logits, int32_t target) {
    float max_logit = logits[0];
    for (float v : logits) max_logit = std::max(max_logit, v);
    double sum = 0;
    for (float v : logits) sum += std::exp(static_cast<double>(v - max_logit));
    return -(static_cast<double>(logits[static_cast<size_t>(target)] - max_logit) - std::log(sum));
}

}  // namespace

int run_perplexity(const std::vector<std::string>& argv) {
    Args args(argv, {{"-m", "--model", true},
                     {"-f", "--file", true},
                     {"", "--ctx", true},
                     {"-t", "--threads", true},
                     {"", "--device", true},
                     {"", "--chunks", true}});
    if (!args.positionals().empty())
        throw UsageError("unexpected argument '" + args.positionals().front() + "'");
    std::optional<std::string> text_path = args.value("--file");
    if (!args.has("--model") || !text_path) throw UsageError("needs -m MODEL.gguf and -f TEXT.txt");
    const GenerationSetup setup = parse_load_options(args);
    const size_t n_ctx = static_cast<size_t>(args.integer("--ctx", 16, 1 << 20).value_or(512));
    const long long max_chunks = args.integer("--chunks", 1, 1 << 30).value_or(-1);
    const std::string text = read_file_or_stdin(*text_path);

    std::unique_ptr<model::Model> model = load_model(setup);
    const tokenizer::Tokenizer& tok = model->tokenizer();
    const bool add_bos = tok.special().add_bos && tok.special().bos >= 0;
    tokenizer::EncodeOptions encode;
    encode.add_bos = add_bos;
    std::vector<int32_t> tokens = tok.encode(text, encode);
    if (tokens.size() < 2 * n_ctx)
        throw InputError(*text_path + ": " + std::to_string(tokens.size()) +
                         " tokens; at least 2 x --ctx = " + std::to_string(2 * n_ctx) +
                         " are needed");
    size_t n_chunks = tokens.size() / n_ctx;
    if (max_chunks > 0) n_chunks = std::min(n_chunks, static_cast<size_t>(max_chunks));
    std::fprintf(stderr, "perplexity: %zu tokens, %zu windows of %zu\n", tokens.size(), n_chunks,
                 n_ctx);

    runtime::SessionOptions session_options;
    session_options.context = static_cast<uint32_t>(n_ctx);
    session_options.batch = static_cast<uint32_t>(std::min<size_t>(n_ctx, 512));
    runtime::Session session(*model, session_options);
    InterruptGuard interrupt;
    interrupt.begin_turn();
    const size_t first = n_ctx / 2;
    const size_t n_vocab = tok.vocab_size();
    double nll = 0, nll2 = 0;
    size_t count = 0;
    for (size_t chunk = 0; chunk < n_chunks; ++chunk) {
        std::vector<int32_t> window(
            tokens.begin() + static_cast<std::ptrdiff_t>(chunk * n_ctx),
            tokens.begin() + static_cast<std::ptrdiff_t>((chunk + 1) * n_ctx));
        if (add_bos) window[0] = tok.special().bos;
        session.truncate(0);
        std::vector<float> logits = session.evaluate(window, true, interrupt.flag());
        for (size_t j = first; j + 1 < n_ctx; ++j) {
            double v = negative_log_likelihood(
                std::span<const float>(logits.data() + j * n_vocab, n_vocab), window[j + 1]);
            nll += v;
            nll2 += v * v;
            ++count;
        }
        std::printf("[%zu]%.4f,", chunk + 1, std::exp(nll / static_cast<double>(count)));
        std::fflush(stdout);
    }
    interrupt.end_turn();
    const double mean = nll / static_cast<double>(count);
    const double ppl = std::exp(mean);
    double variance = nll2 / static_cast<double>(count) - mean * mean;
    double uncertainty = 0;
    if (variance > 0 && count > 1)
        uncertainty = std::sqrt(variance / static_cast<double>(count - 1)) * ppl;
    std::printf("\nFinal estimate: PPL = %.4f +/- %.5f\n", ppl, uncertainty);
    return 0;
}

}  // namespace siliang::cli
