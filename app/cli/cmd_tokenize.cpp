// siliang-cli tokenize / detokenize: the model's own tokenizer from the terminal.
#include <charconv>
#include <iostream>
#include <string>

#include "cli_args.h"
#include "commands.h"
#include "gguf/gguf_reader.h"
#include "tokenizer/tokenizer.h"

namespace siliang::cli {

namespace {

tokenizer::Tokenizer load_tokenizer(const Args& args) {
    std::optional<std::string> model = args.value("--model");
    if (!model) throw UsageError("needs -m MODEL.gguf");
    gguf::File file = gguf::File::open(*model);
    return tokenizer::Tokenizer::from_gguf(file);
}

// "12 34,56" -> {12, 34, 56}; anything that is not a non-negative 32-bit integer is a usage error.
void parse_ids(const std::string& text, std::vector<int32_t>& ids) {
    size_t i = 0;
    while (i < text.size()) {
        if (text[i] == ' ' || text[i] == ',' || text[i] == '\t' || text[i] == '\n') {
            ++i;
            continue;
        }
        size_t end = text.find_first_of(" ,\t\n", i);
        if (end == std::string::npos) end = text.size();
        int32_t id = 0;
        auto [ptr, ec] = std::from_chars(text.data() + i, text.data() + end, id);
        if (ec != std::errc() || ptr != text.data() + end || id < 0)
            throw UsageError("'" + text.substr(i, end - i) + "' is not a token id");
        ids.push_back(id);
        i = end;
    }
}

}  // namespace

int run_tokenize(const std::vector<std::string>& argv) {
    Args args(argv, {{"-m", "--model", true}, {"", "--special", false}, {"", "--bos", false}});
    if (args.positionals().size() != 1)
        throw UsageError("expects one TEXT argument, or - for stdin");
    const std::string& source = args.positionals().front();
    std::string text = source == "-" ? read_file_or_stdin("-") : source;
    tokenizer::Tokenizer tok = load_tokenizer(args);
    tokenizer::EncodeOptions options;
    options.add_bos = args.has("--bos");
    options.parse_special = args.has("--special");
    std::vector<int32_t> ids = tok.encode(text, options);
    for (size_t i = 0; i < ids.size(); ++i) std::cout << (i ? " " : "") << ids[i];
    std::cout << "\n";
    return 0;
}

int run_detokenize(const std::vector<std::string>& argv) {
    Args args(argv, {{"-m", "--model", true}});
    if (args.positionals().empty()) throw UsageError("expects token ids");
    std::vector<int32_t> ids;
    for (const std::string& arg : args.positionals()) parse_ids(arg, ids);
    tokenizer::Tokenizer tok = load_tokenizer(args);
    std::cout << tok.decode(ids) << "\n";
    return 0;
}

}  // namespace siliang::cli
