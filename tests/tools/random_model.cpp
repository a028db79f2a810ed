#include "random_model.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <numbers>
#include <set>
#include <stdexcept>
#include <string_view>
#include <thread>
#include <unordered_set>
#include <vector>

#include "cpu/dequantize.h"
#include "gguf/gguf_reader.h"
#include "gguf/gguf_writer.h"
#include "quant_mixture.h"

namespace siliang::test_models {

namespace {

using gguf::MetaValue;
using gguf::TensorType;

uint64_t splitmix64(uint64_t& state) {
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

// Standard normal deviates (Box-Muller on 53-bit uniforms), reproducible everywhere.
class Normal {
public:
    explicit Normal(uint64_t seed) : state_(seed) {}
    double next() {
        if (have_spare_) {
            have_spare_ = false;
            return spare_;
        }
        const double u1 = (static_cast<double>(splitmix64(state_) >> 11) + 1.0) * 0x1.0p-53;
        const double u2 = static_cast<double>(splitmix64(state_) >> 11) * 0x1.0p-53;
        const double r = std::sqrt(-2.0 * std::log(u1));
        spare_ = r * std::sin(2.0 * std::numbers::pi * u2);
        have_spare_ = true;
        return r * std::cos(2.0 * std::numbers::pi * u2);
    }

private:
    uint64_t state_;
    double spare_ = 0.0;
    bool have_spare_ = false;
};

uint64_t fnv1a(std::string_view s) {
    uint64_t h = 0xcbf29ce484222325ull;
    for (char c : s) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3ull;
    }
    return h;
}

enum class Kind { Matrix, Norm, Bias };

struct TensorPlan {
    std::string name;
    Kind kind = Kind::Matrix;
    uint64_t row_length = 0;
    uint64_t rows = 1;
    TensorType type = TensorType::F32;
};

// One row of a tensor: deterministic in (seed, tensor name, row index) only.
void generate_row(uint64_t seed, const TensorPlan& t, uint64_t row, std::vector<float>& out) {
    uint64_t s = seed ^ fnv1a(t.name);
    s = splitmix64(s) + row * 0xD1B54A32D192ED03ull;
    Normal normal(splitmix64(s));
    out.resize(t.row_length);
    const double scale = 1.0 / std::sqrt(static_cast<double>(t.row_length));
    for (float& v : out) {
        const double n = normal.next();
        switch (t.kind) {
            case Kind::Matrix: v = static_cast<float>(n * scale); break;
            case Kind::Norm: v = static_cast<float>(1.0 + 0.1 * n); break;
            case Kind::Bias: v = static_cast<float>(0.1 * n); break;
        }
    }
}

// Bytes [offset, offset + chunk.size()) of tensor `t` (rows of `rb` bytes), from the rows
// they overlap (of `trained` when not null, else random); independent of how a tensor is
// cut into chunks.
void fill_bytes(uint64_t seed, const TensorPlan& t, const std::vector<float>* trained, uint64_t rb,
                uint64_t offset, std::span<std::byte> chunk) {
    std::vector<float> values;
    std::vector<std::byte> encoded(rb);
    uint64_t pos = offset;
    const uint64_t end = offset + chunk.size();
    while (pos < end) {
        const uint64_t row = pos / rb;
        const uint64_t in_row = pos - row * rb;
        const uint64_t n = std::min(rb - in_row, end - pos);
        if (trained) {
            const auto first = trained->begin() + static_cast<std::ptrdiff_t>(row * t.row_length);
            values.assign(first, first + static_cast<std::ptrdiff_t>(t.row_length));
        } else {
            generate_row(seed, t, row, values);
        }
        kernels::cpu::quantize_row(t.type, values.data(), encoded.data(),
                                   static_cast<int64_t>(t.row_length));
        std::memcpy(chunk.data() + (pos - offset), encoded.data() + in_row, n);
        pos += n;
    }
}

uint64_t row_bytes(TensorType type, uint64_t row_length) {
    const auto traits = gguf::type_traits(type);
    return row_length / traits->block_size * traits->type_size;
}

uint32_t file_type_of(TensorType type) {
    switch (type) {
        case TensorType::F32: return 0;
        case TensorType::F16: return 1;
        case TensorType::Q4_0: return 2;
        case TensorType::Q4_1: return 3;
        case TensorType::Q8_0: return 7;
        case TensorType::Q5_0: return 8;
        case TensorType::Q5_1: return 9;
        case TensorType::Q2_K: return 10;
        case TensorType::Q3_K: return 11;  // LLAMA_FTYPE_MOSTLY_Q3_K_S
        case TensorType::Q4_K: return 14;  // LLAMA_FTYPE_MOSTLY_Q4_K_S
        case TensorType::Q5_K: return 16;  // LLAMA_FTYPE_MOSTLY_Q5_K_S
        case TensorType::Q6_K: return 18;
        case TensorType::BF16: return 32;
        default: return 0;
    }
}

bool fits(TensorType type, uint64_t row_length) {
    const auto traits = gguf::type_traits(type);
    return traits && row_length % traits->block_size == 0;
}

// The tokenizer part of a vocabulary GGUF, reduced or padded to n_vocab.
struct Vocab {
    std::string model, pre;
    std::vector<std::string> tokens;
    std::vector<float> scores;  // empty when the file has none
    std::vector<int32_t> types;
    std::vector<std::string> merges;
    bool has_merges = false;
    std::vector<std::pair<std::string, uint32_t>> special_ids;
    std::vector<std::pair<std::string, bool>> flags;
    std::string chat_template;  // empty when the file has none
};

const char* const kSpecialKeys[] = {
    "tokenizer.ggml.bos_token_id",     "tokenizer.ggml.eos_token_id",
    "tokenizer.ggml.eot_token_id",     "tokenizer.ggml.eom_token_id",
    "tokenizer.ggml.unknown_token_id", "tokenizer.ggml.seperator_token_id",
    "tokenizer.ggml.padding_token_id", "tokenizer.ggml.cls_token_id",
    "tokenizer.ggml.mask_token_id",
};
const char* const kFlagKeys[] = {"tokenizer.ggml.add_bos_token", "tokenizer.ggml.add_eos_token",
                                 "tokenizer.ggml.add_space_prefix"};

// A tensor's trained values from <dir>/<name>.f32 (see RandomModelSpec::weights_dir).
std::vector<float> read_trained(const std::filesystem::path& dir, const std::string& name,
                                uint64_t n) {
    const std::filesystem::path path = dir / (name + ".f32");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::invalid_argument(path.string() + ": cannot open the trained weights");
    std::vector<float> v(n);
    in.read(reinterpret_cast<char*>(v.data()), static_cast<std::streamsize>(n * sizeof(float)));
    if (static_cast<uint64_t>(in.gcount()) != n * sizeof(float) || in.peek() != EOF)
        throw std::invalid_argument(path.string() + ": expected " + std::to_string(n) +
                                    " float32 values");
    return v;
}

Vocab load_vocab(const std::filesystem::path& path, int n_vocab, bool keep_control) {
    const gguf::File file = gguf::File::open(path);
    const auto fail = [&](const std::string& what) {
        return gguf::GgufError(path.string() + ": " + what);
    };
    Vocab in;
    in.model = std::string(file.get_string("tokenizer.ggml.model").value_or(""));
    in.pre = std::string(file.get_string("tokenizer.ggml.pre").value_or(""));
    if (in.model.empty()) throw fail("tokenizer.ggml.model: missing");
    const gguf::Array* tokens = file.get_array("tokenizer.ggml.tokens");
    if (!tokens || tokens->element_type != gguf::ValueType::String || tokens->count == 0)
        throw fail("tokenizer.ggml.tokens: missing or not strings");
    const std::size_t n_file = tokens->strings.size();
    std::vector<float> scores;
    if (const gguf::Array* a = file.get_array("tokenizer.ggml.scores")) {
        auto v = a->to_f32s();
        if (!v || v->size() != n_file) throw fail("tokenizer.ggml.scores: bad array");
        scores = std::move(*v);
    }
    std::vector<int32_t> types(n_file, 1);
    if (const gguf::Array* a = file.get_array("tokenizer.ggml.token_type")) {
        auto v = a->to_i32s();
        if (!v || v->size() != n_file) throw fail("tokenizer.ggml.token_type: bad array");
        types = std::move(*v);
    }
    std::map<std::string, uint64_t> specials;
    for (const char* key : kSpecialKeys)
        if (auto id = file.get_uint(key); id && *id < n_file) specials[key] = *id;
    for (const char* key : kFlagKeys)
        if (auto b = file.get_bool(key)) in.flags.emplace_back(key, *b);
    in.chat_template = std::string(file.get_string("tokenizer.chat_template").value_or(""));

    const std::size_t target = n_vocab > 0 ? static_cast<std::size_t>(n_vocab) : n_file;
    // Old ids kept, in order: the first K ordinary ids plus every special id.
    std::set<uint64_t> special_set;
    for (const auto& [key, id] : specials) special_set.insert(id);
    if (keep_control)
        for (uint64_t i = 0; i < n_file; ++i)
            if (types[i] == 3) special_set.insert(i);  // LLAMA_TOKEN_TYPE_CONTROL
    std::vector<uint64_t> kept;
    if (target >= n_file) {
        for (uint64_t i = 0; i < n_file; ++i) kept.push_back(i);
    } else {
        if (special_set.size() > target) throw std::invalid_argument("n_vocab too small");
        std::size_t k = target;
        const auto count = [&](std::size_t kk) {
            std::size_t c = kk;
            for (uint64_t s : special_set) c += s >= kk ? 1 : 0;
            return c;
        };
        while (count(k) > target) --k;
        for (uint64_t i = 0; i < k; ++i) kept.push_back(i);
        for (uint64_t s : special_set)
            if (s >= k) kept.push_back(s);
    }
    std::map<uint64_t, uint32_t> new_id;
    for (const uint64_t old : kept) {
        new_id[old] = static_cast<uint32_t>(in.tokens.size());
        in.tokens.emplace_back(tokens->strings[old]);
        if (!scores.empty()) in.scores.push_back(scores[old]);
        in.types.push_back(types[old]);
    }
    for (std::size_t i = in.tokens.size(); i < target; ++i) {
        in.tokens.push_back("[PAD" + std::to_string(i) + "]");
        if (!scores.empty()) in.scores.push_back(0.0f);
        in.types.push_back(5);  // LLAMA_TOKEN_TYPE_UNUSED, as convert_hf_to_gguf pads
    }
    for (const auto& [key, id] : specials) in.special_ids.emplace_back(key, new_id.at(id));

    if (const gguf::Array* a = file.get_array("tokenizer.ggml.merges")) {
        if (a->element_type != gguf::ValueType::String)
            throw fail("tokenizer.ggml.merges: not strings");
        in.has_merges = true;
        std::unordered_set<std::string_view> present(in.tokens.begin(), in.tokens.end());
        std::string joined;
        for (std::string_view m : a->strings) {
            const std::size_t space = m.find(' ', 1);
            if (space == std::string_view::npos) continue;
            const std::string_view left = m.substr(0, space), right = m.substr(space + 1);
            joined.assign(left);
            joined.append(right);
            if (target >= n_file ||
                (present.contains(left) && present.contains(right) && present.contains(joined)))
                in.merges.emplace_back(m);
        }
    }
    return in;
}

}  // namespace

bool apply_shape_preset(const std::string& name, RandomModelSpec& spec) {
    if (name == "qwen2.5-0.5b") {
        spec.arch = "qwen2";
        spec.n_embd = 896;
        spec.n_layer = 24;
        spec.n_head = 14;
        spec.n_head_kv = 2;
        spec.n_ff = 4864;
        spec.head_dim = 0;
        spec.n_vocab = 151936;
        spec.context_length = 32768;
        spec.rms_eps = 1e-6;
        spec.rope_base = 1000000.0;
        spec.tied_output = true;
        return true;
    }
    if (name == "r1-distill-qwen-1.5b") {
        spec.arch = "qwen2";
        spec.n_embd = 1536;
        spec.n_layer = 28;
        spec.n_head = 12;
        spec.n_head_kv = 2;
        spec.n_ff = 8960;
        spec.head_dim = 0;
        spec.n_vocab = 151936;
        spec.context_length = 131072;
        spec.rms_eps = 1e-6;
        spec.rope_base = 10000.0;
        spec.tied_output = false;
        return true;
    }
    return false;
}

TensorType matrix_type(TensorType requested, uint64_t row_length) {
    if (!kernels::cpu::can_quantize(requested))
        throw std::invalid_argument("cannot quantize to " +
                                    std::string(gguf::type_traits(requested)
                                                    ? gguf::type_traits(requested)->name
                                                    : "unknown type"));
    TensorType type = requested;
    if (!fits(type, row_length)) {
        if (requested == TensorType::Q4_K) type = TensorType::Q5_0;
        if (requested == TensorType::Q6_K) type = TensorType::Q8_0;
        if (requested == TensorType::Q5_K) type = TensorType::Q5_1;
    }
    if (!fits(type, row_length)) {
        std::string what = "rows of " + std::to_string(row_length) + " elements are not whole " +
                           std::string(gguf::type_traits(requested)->name) + " blocks";
        if (type != requested)
            what += " (nor " + std::string(gguf::type_traits(type)->name) + ", its fallback)";
        throw std::invalid_argument(what);
    }
    return type;
}

namespace {

// The dimensions a valid spec implies; throws std::invalid_argument for an invalid one.
struct Shape {
    uint64_t n_embd = 0, n_ff = 0, head_dim = 0, q_dim = 0, kv_dim = 0;
};

Shape check_spec(const RandomModelSpec& spec) {
    const std::string& arch = spec.arch;
    if (arch != "llama" && arch != "qwen2" && arch != "qwen3" && arch != "gemma3")
        throw std::invalid_argument("unsupported architecture '" + arch + "'");
    if (spec.n_embd <= 0 || spec.n_layer <= 0 || spec.n_head <= 0 || spec.n_head_kv <= 0 ||
        spec.n_ff <= 0 || spec.n_head % spec.n_head_kv != 0)
        throw std::invalid_argument(
            "bad shape: dimensions must be positive and heads a "
            "multiple of kv heads");
    const int head_dim = spec.head_dim > 0 ? spec.head_dim : spec.n_embd / spec.n_head;
    if (spec.head_dim <= 0 && spec.n_embd % spec.n_head != 0)
        throw std::invalid_argument("n_embd is not a multiple of n_head");
    if (head_dim % 2 != 0) throw std::invalid_argument("head_dim must be even (RoPE)");
    Shape s;
    s.n_embd = static_cast<uint64_t>(spec.n_embd);
    s.n_ff = static_cast<uint64_t>(spec.n_ff);
    s.head_dim = static_cast<uint64_t>(head_dim);
    s.q_dim = static_cast<uint64_t>(spec.n_head) * s.head_dim;
    s.kv_dim = static_cast<uint64_t>(spec.n_head_kv) * s.head_dim;
    return s;
}

// Tensors, in llama.cpp's order and with its names; dims are ggml's (row length first).
std::vector<TensorPlan> build_plan(const RandomModelSpec& spec, const Shape& shape,
                                   uint64_t n_vocab) {
    const bool is_qwen2 = spec.arch == "qwen2", is_qwen3 = spec.arch == "qwen3",
               is_gemma3 = spec.arch == "gemma3";
    const bool has_output = !spec.tied_output && !is_gemma3;
    std::vector<TensorPlan> plan;
    const auto matrix = [&](std::string name, uint64_t row_length, uint64_t rows, int layer) {
        const bool lm_head =
            name == "output.weight" || (!has_output && name == "token_embd.weight");
        const TensorType type = spec.mixture == Mixture::Q4_K_M
                                    ? q4_k_m_type(name, row_length, layer, spec.n_layer, lm_head)
                                    : matrix_type(spec.type, row_length);
        plan.push_back({std::move(name), Kind::Matrix, row_length, rows, type});
    };
    const auto vec = [&](std::string name, Kind kind, uint64_t n) {
        plan.push_back({std::move(name), kind, n, 1, TensorType::F32});
    };
    const uint64_t n_embd = shape.n_embd, n_ff = shape.n_ff, q_dim = shape.q_dim,
                   kv_dim = shape.kv_dim;
    matrix("token_embd.weight", n_embd, n_vocab, -1);
    for (int il = 0; il < spec.n_layer; ++il) {
        const std::string b = "blk." + std::to_string(il) + ".";
        vec(b + "attn_norm.weight", Kind::Norm, n_embd);
        matrix(b + "attn_q.weight", n_embd, q_dim, il);
        matrix(b + "attn_k.weight", n_embd, kv_dim, il);
        matrix(b + "attn_v.weight", n_embd, kv_dim, il);
        if (is_qwen2) {
            vec(b + "attn_q.bias", Kind::Bias, q_dim);
            vec(b + "attn_k.bias", Kind::Bias, kv_dim);
            vec(b + "attn_v.bias", Kind::Bias, kv_dim);
        }
        if (is_qwen3 || is_gemma3) {
            vec(b + "attn_q_norm.weight", Kind::Norm, shape.head_dim);
            vec(b + "attn_k_norm.weight", Kind::Norm, shape.head_dim);
        }
        matrix(b + "attn_output.weight", q_dim, n_embd, il);
        if (is_gemma3) vec(b + "post_attention_norm.weight", Kind::Norm, n_embd);
        vec(b + "ffn_norm.weight", Kind::Norm, n_embd);
        matrix(b + "ffn_gate.weight", n_embd, n_ff, il);
        matrix(b + "ffn_up.weight", n_embd, n_ff, il);
        matrix(b + "ffn_down.weight", n_ff, n_embd, il);
        if (is_gemma3) vec(b + "post_ffw_norm.weight", Kind::Norm, n_embd);
    }
    vec("output_norm.weight", Kind::Norm, n_embd);
    if (has_output) matrix("output.weight", n_embd, n_vocab, -1);
    return plan;
}

}  // namespace

std::vector<PlannedTensor> plan_tensors(const RandomModelSpec& spec, uint64_t n_vocab) {
    if (n_vocab == 0) throw std::invalid_argument("n_vocab must be positive");
    std::vector<PlannedTensor> out;
    for (const TensorPlan& t : build_plan(spec, check_spec(spec), n_vocab)) {
        PlannedTensor p{t.name, {t.row_length}, t.type, t.rows * row_bytes(t.type, t.row_length)};
        if (t.kind == Kind::Matrix) p.dims.push_back(t.rows);
        out.push_back(std::move(p));
    }
    return out;
}

void write_random_model(const RandomModelSpec& spec, const std::filesystem::path& out) {
    const Shape shape = check_spec(spec);
    const std::string& arch = spec.arch;
    const bool is_llama = arch == "llama", is_gemma3 = arch == "gemma3";
    const int head_dim = static_cast<int>(shape.head_dim);

    const Vocab vocab = load_vocab(spec.vocab_from, spec.n_vocab, spec.keep_control_tokens);
    const uint64_t n_vocab = vocab.tokens.size();

    gguf::Writer w;
    const auto u32 = [](auto v) { return MetaValue::u32(static_cast<uint32_t>(v)); };
    const auto f32 = [](double v) { return MetaValue::f32(static_cast<float>(v)); };
    const std::string p = arch + ".";
    const bool q4_k_m = spec.mixture == Mixture::Q4_K_M;
    const bool quantized =
        q4_k_m || (spec.type != TensorType::F32 && spec.type != TensorType::F16 &&
                   spec.type != TensorType::BF16);
    w.set("general.architecture", MetaValue::string(arch));
    w.set("general.name",
          MetaValue::string(spec.name.empty() ? "siliang-random-" + arch : spec.name));
    w.set("general.file_type", u32(q4_k_m ? 15 /* LLAMA_FTYPE_MOSTLY_Q4_K_M */
                                          : file_type_of(spec.type)));
    if (quantized) w.set("general.quantization_version", u32(2));
    w.set(p + "vocab_size", u32(n_vocab));
    w.set(p + "context_length", u32(spec.context_length));
    w.set(p + "embedding_length", u32(shape.n_embd));
    w.set(p + "block_count", u32(spec.n_layer));
    w.set(p + "feed_forward_length", u32(shape.n_ff));
    w.set(p + "attention.head_count", u32(spec.n_head));
    w.set(p + "attention.head_count_kv", u32(spec.n_head_kv));
    if (is_llama) w.set(p + "rope.dimension_count", u32(head_dim));
    if (!is_llama || head_dim * spec.n_head != spec.n_embd) {
        w.set(p + "attention.key_length", u32(head_dim));
        w.set(p + "attention.value_length", u32(head_dim));
    }
    w.set(p + "attention.layer_norm_rms_epsilon", f32(spec.rms_eps));
    w.set(p + "rope.freq_base", f32(spec.rope_base));
    if (!spec.rope_scaling.empty()) {
        w.set(p + "rope.scaling.type", MetaValue::string(spec.rope_scaling));
        w.set(p + "rope.scaling.factor", f32(spec.rope_scaling_factor));
        w.set(p + "rope.scaling.original_context_length", u32(spec.rope_original_context));
    }
    if (is_gemma3)
        w.set(p + "attention.sliding_window",
              u32(spec.sliding_window > 0 ? spec.sliding_window : 512));

    w.set("tokenizer.ggml.model", MetaValue::string(vocab.model));
    if (!vocab.pre.empty()) w.set("tokenizer.ggml.pre", MetaValue::string(vocab.pre));
    w.set("tokenizer.ggml.tokens", MetaValue::array(vocab.tokens));
    if (!vocab.scores.empty()) w.set("tokenizer.ggml.scores", MetaValue::array(vocab.scores));
    w.set("tokenizer.ggml.token_type", MetaValue::array(vocab.types));
    if (vocab.has_merges) w.set("tokenizer.ggml.merges", MetaValue::array(vocab.merges));
    for (const auto& [key, id] : vocab.special_ids) w.set(key, u32(id));
    for (const auto& [key, b] : vocab.flags) w.set(key, MetaValue::boolean(b));
    const std::string& chat_template =
        spec.chat_template.empty() ? vocab.chat_template : spec.chat_template;
    if (!chat_template.empty()) w.set("tokenizer.chat_template", MetaValue::string(chat_template));

    const uint64_t seed = spec.seed;
    for (const TensorPlan& t : build_plan(spec, shape, n_vocab)) {
        std::vector<uint64_t> dims{t.row_length};
        if (t.kind == Kind::Matrix) dims.push_back(t.rows);
        const uint64_t rb = row_bytes(t.type, t.row_length);
        std::shared_ptr<const std::vector<float>> trained;
        if (!spec.weights_dir.empty())
            trained = std::make_shared<const std::vector<float>>(
                read_trained(spec.weights_dir, t.name, t.row_length * t.rows));
        // Streams whole rows: each chunk is produced from the rows it overlaps, in
        // parallel slices (K-quant fitting makes full-size files take minutes per core).
        gguf::TensorFill fill = [t, rb, seed, trained](uint64_t offset,
                                                       std::span<std::byte> chunk) {
            const std::size_t n_threads = std::max(1u, std::thread::hardware_concurrency());
            const std::size_t slice = (chunk.size() + n_threads - 1) / n_threads;
            if (n_threads == 1 || chunk.size() < (std::size_t{1} << 18)) {
                fill_bytes(seed, t, trained.get(), rb, offset, chunk);
                return;
            }
            std::vector<std::thread> workers;
            for (std::size_t begin = 0; begin < chunk.size(); begin += slice) {
                const std::size_t n = std::min(slice, chunk.size() - begin);
                workers.emplace_back([&, begin, n] {
                    fill_bytes(seed, t, trained.get(), rb, offset + begin, chunk.subspan(begin, n));
                });
            }
            for (std::thread& worker : workers) worker.join();
        };
        w.add_tensor(t.name, t.type, std::move(dims), std::move(fill));
    }
    w.write_to_file(out);
}

}  // namespace siliang::test_models
