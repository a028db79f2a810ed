// siliang-make-model: writes a GGUF model with deterministic random weights
// (see random_model.h), for tests, goldens and benchmarks.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <string_view>

#include "gguf/gguf_types.h"
#include "random_model.h"

namespace {

using siliang::gguf::TensorType;
using siliang::test_models::RandomModelSpec;

constexpr const char* kUsage =
    "usage: siliang-make-model [--shape qwen2.5-0.5b|r1-distill-qwen-1.5b]\n"
    "         [--arch llama|qwen2|qwen3|gemma3] [--embd N] [--layers N] [--heads N]\n"
    "         [--kv-heads N] [--ff N] [--head-dim N] [--vocab N] [--ctx N] [--eps X]\n"
    "         [--rope-base X] [--rope-scaling linear|yarn --rope-factor X --rope-orig-ctx N]\n"
    "         [--sliding-window N] [--tied|--untied]\n"
    "         [--type F32|F16|BF16|Q4_0|Q4_1|Q5_0|Q5_1|Q8_0|Q2_K|Q3_K|Q4_K|Q5_K|Q6_K|Q4_K_M]\n"
    "         [--seed N] [--keep-control] [--chat-template-file F] [--name NAME]\n"
    "         [--weights-dir DIR] --vocab-from VOCAB.gguf -o OUT.gguf\n"
    "  Q4_K_M types each tensor the way llama.cpp's quantizer does for that file type.\n"
    "  --keep-control keeps every control token when --vocab reduces the vocabulary;\n"
    "  --weights-dir takes each tensor from DIR/<tensor name>.f32 (float32, GGUF order)\n"
    "  instead of random values (train_tiny_chat.py writes such a directory).\n";

struct UsageError {
    std::string message;
};

template <class T>
T parse_number(std::string_view flag, std::string_view text) {
    T value{};
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || ptr != text.data() + text.size())
        throw UsageError{std::string(flag) + ": '" + std::string(text) + "' is not a number"};
    return value;
}

bool same_ignoring_case(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

// A tensor type name (any case) or Q4_K_M, llama.cpp's per-tensor mixture.
void parse_type(std::string_view text, RandomModelSpec& spec) {
    if (same_ignoring_case(text, "Q4_K_M")) {
        spec.mixture = siliang::test_models::Mixture::Q4_K_M;
        return;
    }
    const TensorType all[] = {
        TensorType::F32,  TensorType::F16,  TensorType::BF16, TensorType::Q4_0, TensorType::Q4_1,
        TensorType::Q5_0, TensorType::Q5_1, TensorType::Q8_0, TensorType::Q2_K, TensorType::Q3_K,
        TensorType::Q4_K, TensorType::Q5_K, TensorType::Q6_K};
    for (TensorType t : all)
        if (same_ignoring_case(siliang::gguf::type_traits(t)->name, text)) {
            spec.type = t;
            spec.mixture = siliang::test_models::Mixture::Uniform;
            return;
        }
    throw UsageError{"--type: unsupported type '" + std::string(text) + "'"};
}

std::string read_text_file(std::string_view path) {
    std::ifstream in{std::string(path), std::ios::binary};
    if (!in) throw UsageError{"--chat-template-file: cannot read '" + std::string(path) + "'"};
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

int run(int argc, char** argv) {
    RandomModelSpec spec;
    std::string out, shape;
    for (int i = 1; i < argc; ++i) {
        const std::string_view flag = argv[i];
        if (flag == "-h" || flag == "--help") {
            std::cout << kUsage;
            return 0;
        }
        if (flag == "--tied") {
            spec.tied_output = true;
            continue;
        }
        if (flag == "--untied") {
            spec.tied_output = false;
            continue;
        }
        if (flag == "--keep-control") {
            spec.keep_control_tokens = true;
            continue;
        }
        if (i + 1 >= argc) throw UsageError{std::string(flag) + ": needs a value"};
        const std::string_view v = argv[++i];
        if (flag == "--shape")
            shape = v;
        else if (flag == "--arch")
            spec.arch = v;
        else if (flag == "--embd")
            spec.n_embd = parse_number<int>(flag, v);
        else if (flag == "--layers")
            spec.n_layer = parse_number<int>(flag, v);
        else if (flag == "--heads")
            spec.n_head = parse_number<int>(flag, v);
        else if (flag == "--kv-heads")
            spec.n_head_kv = parse_number<int>(flag, v);
        else if (flag == "--ff")
            spec.n_ff = parse_number<int>(flag, v);
        else if (flag == "--head-dim")
            spec.head_dim = parse_number<int>(flag, v);
        else if (flag == "--vocab")
            spec.n_vocab = parse_number<int>(flag, v);
        else if (flag == "--ctx")
            spec.context_length = parse_number<int>(flag, v);
        else if (flag == "--eps")
            spec.rms_eps = parse_number<double>(flag, v);
        else if (flag == "--rope-base")
            spec.rope_base = parse_number<double>(flag, v);
        else if (flag == "--rope-scaling")
            spec.rope_scaling = v;
        else if (flag == "--rope-factor")
            spec.rope_scaling_factor = parse_number<double>(flag, v);
        else if (flag == "--rope-orig-ctx")
            spec.rope_original_context = parse_number<int>(flag, v);
        else if (flag == "--sliding-window")
            spec.sliding_window = parse_number<int>(flag, v);
        else if (flag == "--type")
            parse_type(v, spec);
        else if (flag == "--seed")
            spec.seed = parse_number<uint64_t>(flag, v);
        else if (flag == "--vocab-from")
            spec.vocab_from = std::string(v);
        else if (flag == "--chat-template-file")
            spec.chat_template = read_text_file(v);
        else if (flag == "--name")
            spec.name = v;
        else if (flag == "--weights-dir")
            spec.weights_dir = std::string(v);
        else if (flag == "-o" || flag == "--output")
            out = v;
        else
            throw UsageError{"unknown option '" + std::string(flag) + "'"};
    }
    if (!shape.empty()) {
        // A preset fixes the shape; options after it cannot be told apart, so
        // the preset wins over --arch/--embd/... but keeps --type/--seed/--vocab-from.
        RandomModelSpec preset = spec;
        if (!siliang::test_models::apply_shape_preset(shape, preset))
            throw UsageError{"--shape: unknown shape '" + shape + "'"};
        spec = preset;
    }
    if (out.empty()) throw UsageError{"needs -o OUT.gguf"};
    if (spec.vocab_from.empty()) throw UsageError{"needs --vocab-from VOCAB.gguf"};
    siliang::test_models::write_random_model(spec, out);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (const UsageError& e) {
        std::cerr << "siliang-make-model: " << e.message << "\n" << kUsage;
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "siliang-make-model: " << e.what() << "\n";
        return 1;
    }
}
