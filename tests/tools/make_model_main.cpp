// siliang-make-model: writes a GGUF model with deterministic random weights
// (see random_model.h), for tests, goldens and benchmarks.
#include <charconv>
#include <cstdlib>
#include <exception>
#include <iostream>
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
    "         [--rope-base X] [--sliding-window N] [--tied|--untied]\n"
    "         [--type F32|F16|BF16|Q4_0|Q4_1|Q5_0|Q5_1|Q8_0|Q4_K|Q6_K] [--seed N]\n"
    "         --vocab-from VOCAB.gguf -o OUT.gguf\n";

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

TensorType parse_type(std::string_view text) {
    const TensorType all[] = {
        TensorType::F32,  TensorType::F16,  TensorType::BF16, TensorType::Q4_0, TensorType::Q4_1,
        TensorType::Q5_0, TensorType::Q5_1, TensorType::Q8_0, TensorType::Q4_K, TensorType::Q6_K};
    for (TensorType t : all)
        if (siliang::gguf::type_traits(t)->name == text) return t;
    throw UsageError{"--type: unsupported type '" + std::string(text) + "'"};
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
        else if (flag == "--sliding-window")
            spec.sliding_window = parse_number<int>(flag, v);
        else if (flag == "--type")
            spec.type = parse_type(v);
        else if (flag == "--seed")
            spec.seed = parse_number<uint64_t>(flag, v);
        else if (flag == "--vocab-from")
            spec.vocab_from = std::string(v);
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
