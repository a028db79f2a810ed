// siliang-cli inspect MODEL.gguf [--json]: what the GGUF header says, without loading weights.
#include <cstdio>
#include <iostream>
#include <string>

#include "chat/json.h"
#include "cli_args.h"
#include "commands.h"
#include "gguf/gguf_reader.h"
#include "model/model_info.h"

namespace siliang::cli {

namespace {

using chat::Json;

std::string human_bytes(uint64_t bytes) {
    const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    double value = static_cast<double>(bytes);
    int unit = 0;
    while (value >= 1024.0 && unit < 4) {
        value /= 1024.0;
        ++unit;
    }
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, unit == 0 ? "%.0f %s" : "%.2f %s", value, units[unit]);
    return buffer;
}

std::string human_count(uint64_t n) {
    char buffer[32];
    if (n >= 1'000'000'000ULL)
        std::snprintf(buffer, sizeof buffer, "%.2f B", static_cast<double>(n) / 1e9);
    else if (n >= 1'000'000ULL)
        std::snprintf(buffer, sizeof buffer, "%.2f M", static_cast<double>(n) / 1e6);
    else
        std::snprintf(buffer, sizeof buffer, "%llu", static_cast<unsigned long long>(n));
    return buffer;
}

Json optional_json(const std::optional<uint64_t>& value) {
    return value ? Json(static_cast<int64_t>(*value)) : Json();
}

Json to_json(const model::ModelInfo& info) {
    Json types = Json::array();
    for (const auto& t : info.tensor_types) {
        types.push_back(Json::object({{"type", t.type},
                                      {"tensors", static_cast<int64_t>(t.tensors)},
                                      {"elements", static_cast<int64_t>(t.elements)},
                                      {"bytes", static_cast<int64_t>(t.bytes)}}));
    }
    Json specials = Json::array();
    for (const auto& s : info.special_tokens) {
        specials.push_back(Json::object({{"role", s.role}, {"id", s.id}, {"text", s.text}}));
    }
    return Json::object({
        {"file", info.file_name},
        {"file_size", static_cast<int64_t>(info.file_size)},
        {"gguf_version", static_cast<int64_t>(info.gguf_version)},
        {"architecture", info.architecture},
        {"name", info.name},
        {"quantization", info.quantization},
        {"parameters", static_cast<int64_t>(info.parameters)},
        {"tensor_types", types},
        {"context_length", optional_json(info.context_length)},
        {"embedding_length", optional_json(info.embedding_length)},
        {"block_count", optional_json(info.block_count)},
        {"feed_forward_length", optional_json(info.feed_forward_length)},
        {"head_count", optional_json(info.head_count)},
        {"head_count_kv", optional_json(info.head_count_kv)},
        {"tokenizer", Json::object({{"model", info.tokenizer_model},
                                    {"kind", model::tokenizer_kind_name(info.tokenizer_model)},
                                    {"pre", info.tokenizer_pre},
                                    {"vocab_size", static_cast<int64_t>(info.vocab_size)}})},
        {"special_tokens", specials},
        {"has_chat_template", info.has_chat_template},
        {"chat_template_bytes", static_cast<int64_t>(info.chat_template_bytes)},
    });
}

void print_optional(const char* label, const std::optional<uint64_t>& value) {
    if (value) std::cout << label << *value << "\n";
}

void print_text(const model::ModelInfo& info) {
    std::cout << "file              " << info.file_name << " (" << human_bytes(info.file_size)
              << ", GGUF v" << info.gguf_version << ")\n";
    std::cout << "architecture      " << (info.architecture.empty() ? "(none)" : info.architecture)
              << "\n";
    if (!info.name.empty()) std::cout << "name              " << info.name << "\n";
    if (!info.quantization.empty()) std::cout << "quantization      " << info.quantization << "\n";
    std::cout << "parameters        " << human_count(info.parameters) << "\n";
    print_optional("context length    ", info.context_length);
    print_optional("embedding length  ", info.embedding_length);
    print_optional("layers            ", info.block_count);
    print_optional("feed-forward      ", info.feed_forward_length);
    print_optional("attention heads   ", info.head_count);
    print_optional("kv heads          ", info.head_count_kv);
    uint64_t tensor_total = 0;
    for (const auto& t : info.tensor_types) tensor_total += t.tensors;
    std::cout << "tensors           " << tensor_total << "\n";
    for (const auto& t : info.tensor_types) {
        std::cout << "  " << t.type << std::string(t.type.size() < 8 ? 8 - t.type.size() : 1, ' ')
                  << t.tensors << " tensors, " << human_count(t.elements) << " elements, "
                  << human_bytes(t.bytes) << "\n";
    }
    std::cout << "tokenizer         " << model::tokenizer_kind_name(info.tokenizer_model);
    if (!info.tokenizer_model.empty()) std::cout << " (" << info.tokenizer_model << ")";
    if (!info.tokenizer_pre.empty()) std::cout << ", pre-tokenizer " << info.tokenizer_pre;
    std::cout << ", " << info.vocab_size << " tokens\n";
    for (const auto& s : info.special_tokens) {
        std::cout << "  " << s.role << std::string(6 - std::min<size_t>(s.role.size(), 5), ' ')
                  << s.id << " " << Json(s.text).dump() << "\n";
    }
    std::cout << "chat template     ";
    if (info.has_chat_template)
        std::cout << "yes (" << info.chat_template_bytes << " bytes)\n";
    else
        std::cout << "no\n";
}

}  // namespace

int run_inspect(const std::vector<std::string>& argv) {
    Args args(argv, {{"", "--json", false}});
    if (args.positionals().size() != 1) throw UsageError("expects exactly one MODEL.gguf");
    gguf::File file = gguf::File::open(args.positionals().front());
    model::ModelInfo info = model::read_model_info(file);
    if (args.has("--json"))
        std::cout << to_json(info).dump() << "\n";
    else
        print_text(info);
    return 0;
}

}  // namespace siliang::cli
