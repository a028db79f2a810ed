#include "model/model_info.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace siliang::model {

namespace {

std::optional<uint64_t> arch_uint(const gguf::File& file, const std::string& arch,
                                  std::string_view key) {
    if (arch.empty()) return std::nullopt;
    return file.get_uint(arch + "." + std::string(key));
}

}  // namespace

std::string file_type_name(uint64_t file_type) {
    // llama_ftype numbering; gaps are types llama.cpp has retired.
    static const std::map<uint64_t, std::string_view> names = {
        {0, "F32"},      {1, "F16"},      {2, "Q4_0"},       {3, "Q4_1"},    {7, "Q8_0"},
        {8, "Q5_0"},     {9, "Q5_1"},     {10, "Q2_K"},      {11, "Q3_K_S"}, {12, "Q3_K_M"},
        {13, "Q3_K_L"},  {14, "Q4_K_S"},  {15, "Q4_K_M"},    {16, "Q5_K_S"}, {17, "Q5_K_M"},
        {18, "Q6_K"},    {19, "IQ2_XXS"}, {20, "IQ2_XS"},    {21, "Q2_K_S"}, {22, "IQ3_XS"},
        {23, "IQ3_XXS"}, {24, "IQ1_S"},   {25, "IQ4_NL"},    {26, "IQ3_S"},  {27, "IQ3_M"},
        {28, "IQ2_S"},   {29, "IQ2_M"},   {30, "IQ4_XS"},    {31, "IQ1_M"},  {32, "BF16"},
        {36, "TQ1_0"},   {37, "TQ2_0"},   {38, "MXFP4_MOE"},
    };
    auto it = names.find(file_type);
    return it == names.end() ? std::string() : std::string(it->second);
}

std::string tokenizer_kind_name(const std::string& tokenizer_model) {
    if (tokenizer_model == "llama") return "SentencePiece";
    if (tokenizer_model == "gpt2") return "byte-level BPE";
    if (tokenizer_model == "bert") return "WordPiece";
    if (tokenizer_model == "t5") return "Unigram (T5)";
    if (tokenizer_model == "rwkv") return "RWKV";
    if (tokenizer_model.empty() || tokenizer_model == "no_vocab") return "none";
    return "unknown";
}

ModelInfo read_model_info(const gguf::File& file) {
    ModelInfo info;
    info.file_name = file.name();
    info.file_size = file.file_size();
    info.gguf_version = file.version();
    info.architecture = std::string(file.get_string("general.architecture").value_or(""));
    info.name = std::string(file.get_string("general.name").value_or(""));
    if (auto ft = file.get_uint("general.file_type")) info.quantization = file_type_name(*ft);

    std::map<std::string, TensorTypeCount> by_type;
    for (const gguf::TensorInfo& tensor : file.tensors()) {
        auto traits = gguf::type_traits(tensor.type);
        std::string type = traits ? std::string(traits->name) : "unknown";
        TensorTypeCount& count = by_type[type];
        count.type = type;
        count.tensors += 1;
        count.elements += tensor.n_elements;
        count.bytes += tensor.n_bytes;
        info.parameters += tensor.n_elements;
    }
    for (auto& [name, count] : by_type) info.tensor_types.push_back(count);

    const std::string& arch = info.architecture;
    info.context_length = arch_uint(file, arch, "context_length");
    info.embedding_length = arch_uint(file, arch, "embedding_length");
    info.block_count = arch_uint(file, arch, "block_count");
    info.feed_forward_length = arch_uint(file, arch, "feed_forward_length");
    info.head_count = arch_uint(file, arch, "attention.head_count");
    info.head_count_kv = arch_uint(file, arch, "attention.head_count_kv");

    info.tokenizer_model = std::string(file.get_string("tokenizer.ggml.model").value_or(""));
    info.tokenizer_pre = std::string(file.get_string("tokenizer.ggml.pre").value_or(""));
    const gguf::Array* tokens = file.get_array("tokenizer.ggml.tokens");
    if (tokens != nullptr && tokens->element_type == gguf::ValueType::String)
        info.vocab_size = tokens->strings.size();

    static constexpr std::array<std::pair<std::string_view, std::string_view>, 9> kSpecial = {{
        {"bos", "tokenizer.ggml.bos_token_id"},
        {"eos", "tokenizer.ggml.eos_token_id"},
        {"eot", "tokenizer.ggml.eot_token_id"},
        {"eom", "tokenizer.ggml.eom_token_id"},
        {"unk", "tokenizer.ggml.unknown_token_id"},
        {"pad", "tokenizer.ggml.padding_token_id"},
        {"sep", "tokenizer.ggml.seperator_token_id"},  // sic: the GGUF key is spelled this way
        {"cls", "tokenizer.ggml.cls_token_id"},
        {"mask", "tokenizer.ggml.mask_token_id"},
    }};
    for (const auto& [role, key] : kSpecial) {
        std::optional<int64_t> id = file.get_int(key);
        if (!id) continue;
        SpecialTokenInfo special{std::string(role), *id, {}};
        if (info.vocab_size > 0 && *id >= 0 && static_cast<uint64_t>(*id) < info.vocab_size)
            special.text = std::string(tokens->strings[static_cast<size_t>(*id)]);
        info.special_tokens.push_back(std::move(special));
    }

    if (auto tmpl = file.get_string("tokenizer.chat_template")) {
        info.has_chat_template = true;
        info.chat_template_bytes = tmpl->size();
    }
    return info;
}

}  // namespace siliang::model
