// siliang-cli template: renders a conversation with a chat template, byte for byte
// what the model will see (no newline is added).
#include <iostream>
#include <string>

#include "chat/chat_template.h"
#include "chat/json.h"
#include "cli_args.h"
#include "commands.h"
#include "gguf/gguf_reader.h"
#include "model/model_info.h"

namespace siliang::cli {

namespace {

using chat::Json;

bool is_valid_date(const std::string& date) {
    if (date.size() != 10 || date[4] != '-' || date[7] != '-') return false;
    for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (date[i] < '0' || date[i] > '9') return false;
    int year = std::stoi(date.substr(0, 4));
    int month = std::stoi(date.substr(5, 2));
    int day = std::stoi(date.substr(8, 2));
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12 || day < 1) return false;
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return day <= days[month - 1] + (month == 2 && leap ? 1 : 0);
}

// The messages file: an array of messages, or an object with "messages" (and optional "tools").
void read_messages(const std::string& path, chat::RenderOptions& options) {
    Json doc;
    try {
        doc = Json::parse(read_file_or_stdin(path));
    } catch (const chat::JsonError& e) {
        throw InputError(path + ": " + e.what());
    }
    if (doc.is_object()) {
        if (const Json* tools = doc.find("tools")) options.tools = *tools;
        const Json* messages = doc.find("messages");
        if (messages == nullptr) throw InputError(path + ": the object has no \"messages\" key");
        doc = *messages;
    }
    if (!doc.is_array()) throw InputError(path + ": expected a JSON array of messages");
    for (size_t i = 0; i < doc.size(); ++i) {
        const Json& message = doc[i];
        if (!message.is_object() || !message["role"].is_string())
            throw InputError(path + ": message " + std::to_string(i) +
                             " is not an object with a string \"role\"");
    }
    options.messages = doc;
}

}  // namespace

int run_template(const std::vector<std::string>& argv) {
    Args args(argv, {{"-m", "--model", true},
                     {"", "--template", true},
                     {"", "--messages", true},
                     {"", "--no-generation-prompt", false},
                     {"", "--bos-token", true},
                     {"", "--eos-token", true},
                     {"", "--date", true}});
    if (!args.positionals().empty())
        throw UsageError("unexpected argument '" + args.positionals().front() + "'");
    if (args.has("--model") == args.has("--template"))
        throw UsageError("needs exactly one of -m MODEL.gguf or --template FILE.jinja");
    std::optional<std::string> messages_path = args.value("--messages");
    if (!messages_path) throw UsageError("needs --messages FILE.json");

    chat::RenderOptions options;
    options.add_generation_prompt = !args.has("--no-generation-prompt");
    if (auto date = args.value("--date")) {
        if (!is_valid_date(*date))
            throw UsageError("--date expects YYYY-MM-DD, got '" + *date + "'");
        options.date = *date;
    }

    std::string source;
    std::string name;
    if (auto model_path = args.value("--model")) {
        gguf::File file = gguf::File::open(*model_path);
        model::ModelInfo info = model::read_model_info(file);
        if (auto tmpl = file.get_string("tokenizer.chat_template")) {
            source = std::string(*tmpl);
        } else {
            source = std::string(chat::default_template_for(info.architecture, info.tokenizer_pre));
        }
        for (const model::SpecialTokenInfo& special : info.special_tokens) {
            if (special.role == "bos") options.bos_token = special.text;
            if (special.role == "eos") options.eos_token = special.text;
        }
        name = *model_path;
    } else {
        name = *args.value("--template");
        source = read_file_or_stdin(name);
    }
    if (auto bos = args.value("--bos-token")) options.bos_token = *bos;
    if (auto eos = args.value("--eos-token")) options.eos_token = *eos;
    read_messages(*messages_path, options);

    chat::ChatTemplate tmpl = chat::ChatTemplate::parse(source, name);
    std::cout << tmpl.render(options).text;
    return 0;
}

}  // namespace siliang::cli
