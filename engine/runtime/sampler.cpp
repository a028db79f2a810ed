#include "runtime/sampler.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

// Built with -ffp-contract=off (engine/runtime/CMakeLists.txt): a fused
// multiply-add rounds differently from a multiply then an add, and the golden
// sequences must not depend on whether the compiler fuses.

namespace siliang::runtime {

namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();

// Strict total order used everywhere candidates are ranked: higher logit first,
// equal logits by lower id, so partial sorts and heaps give one answer.
bool better(float la, int32_t ia, float lb, int32_t ib) {
    return la > lb || (la == lb && ia < ib);
}

template <typename C>
bool better_candidate(const C& a, const C& b) {
    return better(a.logit, a.id, b.logit, b.id);
}

// 2^(j/32), each the correctly rounded double (computed with 60-digit decimals).
constexpr double kExp2Table[32] = {
    0x1.0000000000000p+0,  // 2^(0/32)
    0x1.059b0d3158574p+0,  // 2^(1/32)
    0x1.0b5586cf9890fp+0,  // 2^(2/32)
    0x1.11301d0125b51p+0,  // 2^(3/32)
    0x1.172b83c7d517bp+0,  // 2^(4/32)
    0x1.1d4873168b9aap+0,  // 2^(5/32)
    0x1.2387a6e756238p+0,  // 2^(6/32)
    0x1.29e9df51fdee1p+0,  // 2^(7/32)
    0x1.306fe0a31b715p+0,  // 2^(8/32)
    0x1.371a7373aa9cbp+0,  // 2^(9/32)
    0x1.3dea64c123422p+0,  // 2^(10/32)
    0x1.44e086061892dp+0,  // 2^(11/32)
    0x1.4bfdad5362a27p+0,  // 2^(12/32)
    0x1.5342b569d4f82p+0,  // 2^(13/32)
    0x1.5ab07dd485429p+0,  // 2^(14/32)
    0x1.6247eb03a5585p+0,  // 2^(15/32)
    0x1.6a09e667f3bcdp+0,  // 2^(16/32)
    0x1.71f75e8ec5f74p+0,  // 2^(17/32)
    0x1.7a11473eb0187p+0,  // 2^(18/32)
    0x1.82589994cce13p+0,  // 2^(19/32)
    0x1.8ace5422aa0dbp+0,  // 2^(20/32)
    0x1.93737b0cdc5e5p+0,  // 2^(21/32)
    0x1.9c49182a3f090p+0,  // 2^(22/32)
    0x1.a5503b23e255dp+0,  // 2^(23/32)
    0x1.ae89f995ad3adp+0,  // 2^(24/32)
    0x1.b7f76f2fb5e47p+0,  // 2^(25/32)
    0x1.c199bdd85529cp+0,  // 2^(26/32)
    0x1.cb720dcef9069p+0,  // 2^(27/32)
    0x1.d5818dcfba487p+0,  // 2^(28/32)
    0x1.dfc97337b9b5fp+0,  // 2^(29/32)
    0x1.ea4afa2a490dap+0,  // 2^(30/32)
    0x1.f50765b6e4540p+0,  // 2^(31/32)
};

void check_setting(bool ok, const char* what) {
    if (!ok) throw std::invalid_argument(std::string("SamplerSettings: ") + what);
}

// The body of det_exp, visible here so the loops over candidates inline it and
// the CPU overlaps independent evaluations.
inline double exp_nonpositive(double x) {
    if (!(x >= -745.0)) return 0.0;  // e^-745 is below the smallest subnormal; also -inf
    if (x > 0.0) x = 0.0;            // callers pass x <= 0; keeps the scaling in range
    // x = k ln2/32 + r with |r| <= ln2/64, k = 32 m + j: e^x = 2^m 2^(j/32) e^r.
    // ln2 is split (the fdlibm constants) so that k * kLn2Hi / 32 is exact for
    // |k| < 2^20. k rounds to nearest through a truncating conversion of a
    // non-negative value, so there is no libm call and no rounding-mode use.
    constexpr double kInvLn2 = 1.44269504088896338700e+00;
    constexpr double kLn2Hi = 6.93147180369123816490e-01;
    constexpr double kLn2Lo = 1.90821492927058770002e-10;
    const int k = -static_cast<int>(-x * (kInvLn2 * 32.0) + 0.5);
    const double kd = static_cast<double>(k);
    const double r = (x - kd * (kLn2Hi / 32.0)) - kd * (kLn2Lo / 32.0);
    // Taylor to degree 6: the first omitted term is below 4e-18 for |r| <= ln2/64.
    constexpr double c2 = 1.0 / 2, c3 = 1.0 / 6, c4 = 1.0 / 24, c5 = 1.0 / 120, c6 = 1.0 / 720;
    const double p = 1.0 + r * (1.0 + r * (c2 + r * (c3 + r * (c4 + r * (c5 + r * c6)))));
    const int j = k & 31;  // k mod 32 in [0, 31], also for negative k
    const int m = (k - j) / 32;
    const double t = kExp2Table[j] * p;
    // t * 2^m: exact while 2^m is a normal double; ldexp only for the deep tail.
    if (m < -1021) return std::ldexp(t, m);
    return t * std::bit_cast<double>(static_cast<uint64_t>(m + 1023) << 52);
}

}  // namespace

double det_exp(double x) {
    return exp_nonpositive(x);
}

Sampler::Sampler(const SamplerSettings& settings, size_t vocab_size)
    : settings_(settings), vocab_size_(vocab_size), rng_(settings.seed) {
    check_setting(vocab_size > 0, "vocabulary size must be positive");
    check_setting(vocab_size <= static_cast<size_t>(std::numeric_limits<int32_t>::max()),
                  "vocabulary size does not fit a token id");
    check_setting(settings.repeat_last_n >= 0, "repeat_last_n must be >= 0");
    check_setting(settings.repeat_penalty > 0.0f, "repeat_penalty must be > 0");
    check_setting(!std::isnan(settings.temperature) && !std::isnan(settings.top_p) &&
                      !std::isnan(settings.min_p) && !std::isnan(settings.presence_penalty) &&
                      !std::isnan(settings.frequency_penalty),
                  "NaN setting");
    candidates_.reserve(vocab_size);
    counts_.assign(vocab_size, 0);
    history_.resize(static_cast<size_t>(settings.repeat_last_n));
    distinct_.reserve(static_cast<size_t>(settings.repeat_last_n));
}

bool Sampler::penalties_active() const {
    return !distinct_.empty() &&
           (settings_.repeat_penalty != 1.0f || settings_.presence_penalty != 0.0f ||
            settings_.frequency_penalty != 0.0f);
}

float Sampler::penalised(float logit, int32_t id) const {
    const float repeat = settings_.repeat_penalty;
    if (repeat != 1.0f) logit = logit > 0.0f ? logit / repeat : logit * repeat;
    // Only ids seen in the window are penalised, so the presence term always applies.
    const float penalty =
        static_cast<float>(counts_[static_cast<size_t>(id)]) * settings_.frequency_penalty +
        settings_.presence_penalty;
    return logit - penalty;
}

// The m best raw logits, as a heap whose front is the worst kept candidate.
// Most logits fail one comparison against that front, so the scan tests whole
// chunks first (a loop the compiler vectorises) and looks closer only at chunks
// holding a better value. NaN and -inf compare false and never enter. With
// `skip_window`, ids inside the penalty window are left out (fix_penalised adds
// them with their penalised values).
void Sampler::collect_top(std::span<const float> logits, size_t m, bool skip_window) {
    candidates_.clear();
    const auto less = better_candidate<Candidate>;  // heap "max" = worst candidate
    const size_t n = logits.size();
    size_t i = 0;
    for (; i < n && candidates_.size() < m; ++i) {
        const float logit = logits[i];
        if (std::isnan(logit) || logit == -kInf || (skip_window && counts_[i] > 0)) continue;
        candidates_.push_back({logit, static_cast<int32_t>(i), 0.0});
        std::push_heap(candidates_.begin(), candidates_.end(), less);
    }
    if (candidates_.size() < m) return;  // every usable logit is in
    float threshold = candidates_.front().logit;
    constexpr size_t kChunk = 16;
    const float* data = logits.data();
    while (i < n) {
        const size_t end = std::min(n, i + kChunk);
        if (end - i == kChunk) {
            int any = 0;
            for (size_t j = 0; j < kChunk; ++j) any |= data[i + j] > threshold;
            if (!any) {
                i = end;
                continue;
            }
        }
        for (; i < end; ++i) {
            // Equal logits lose: ids arrive in increasing order.
            if (!(data[i] > threshold) || (skip_window && counts_[i] > 0)) continue;
            std::pop_heap(candidates_.begin(), candidates_.end(), less);
            candidates_.back() = {data[i], static_cast<int32_t>(i), 0.0};
            std::push_heap(candidates_.begin(), candidates_.end(), less);
            threshold = candidates_.front().logit;
        }
    }
}

void Sampler::collect_all(std::span<const float> logits) {
    candidates_.clear();
    for (size_t i = 0; i < logits.size(); ++i) {
        const float logit = logits[i];
        if (std::isnan(logit) || logit == -kInf) continue;
        candidates_.push_back({logit, static_cast<int32_t>(i), 0.0});
    }
}

// Puts the penalised value of every id in the window into the candidates.
// After collect_top(skip_window) they are all missing and are appended; after
// collect_all the candidates are ordered by id and present ones are updated (a
// missing one had a NaN or -inf logit, which a scale and a shift keep
// unusable). Those the penalty made unusable are dropped.
void Sampler::fix_penalised(std::span<const float> logits, bool ordered_by_id) {
    for (const int32_t id : distinct_) {
        const float logit = penalised(logits[static_cast<size_t>(id)], id);
        if (!ordered_by_id) {
            candidates_.push_back({logit, id, 0.0});
            continue;
        }
        const auto it = std::lower_bound(candidates_.begin(), candidates_.end(), id,
                                         [](const Candidate& c, int32_t v) { return c.id < v; });
        if (it != candidates_.end() && it->id == id) it->logit = logit;
    }
    std::erase_if(candidates_,
                  [](const Candidate& c) { return std::isnan(c.logit) || c.logit == -kInf; });
}

int32_t Sampler::sample(std::span<const float> logits) {
    if (logits.size() != vocab_size_)
        throw std::invalid_argument("Sampler: got " + std::to_string(logits.size()) +
                                    " logits for a vocabulary of " + std::to_string(vocab_size_));
    const bool greedy = !(settings_.temperature > 0.0f);
    // Drawn first so that every non-greedy call advances the stream exactly once.
    const double u = greedy ? 0.0 : rng_.next_double();

    // The logits are read in place; the at most repeat_last_n penalised ids are
    // patched into the candidates. For a ranking that is enough: the k best
    // after penalties are among the k best raw logits outside the window plus
    // the ids inside it, since only those move.
    const size_t penalised_ids = penalties_active() ? distinct_.size() : 0;
    const size_t k = greedy ? 1 : settings_.top_k > 0 ? static_cast<size_t>(settings_.top_k) : 0;
    const bool sorted = k > 0 && k < vocab_size_;
    if (sorted) {
        collect_top(logits, k, penalised_ids > 0);
        if (penalised_ids > 0) fix_penalised(logits, false);
        std::sort(candidates_.begin(), candidates_.end(), better_candidate<Candidate>);
        if (candidates_.size() > k) candidates_.resize(k);
    } else {
        collect_all(logits);
        if (penalised_ids > 0) fix_penalised(logits, true);
    }
    if (candidates_.empty())
        throw std::runtime_error("Sampler: every logit is NaN or -inf, no token can be chosen");

    size_t best = 0;
    if (!sorted) {
        for (size_t i = 1; i < candidates_.size(); ++i)
            if (better_candidate(candidates_[i], candidates_[best])) best = i;
    }
    const float max_logit = candidates_[best].logit;
    if (greedy || max_logit == kInf) return candidates_[best].id;

    // Probabilities relative to the best token, and their sum (the softmax
    // denominator top-p measures against), at temperature 1.
    double total = 0.0;
    for (Candidate& c : candidates_) {
        c.weight = exp_nonpositive(static_cast<double>(c.logit) - static_cast<double>(max_logit));
        total += c.weight;
    }

    // min-p runs before top-p here, which gives the chain's result: both keep a
    // prefix of the ranking, min-p's prefix does not depend on what top-p
    // removed (the best token stays), and top-p below still measures against the
    // full `total`. Filtering first means a full vocabulary sorts only the
    // survivors.
    if (settings_.min_p > 0.0f) {
        const double threshold = std::min(static_cast<double>(settings_.min_p), 1.0);
        std::erase_if(candidates_, [&](const Candidate& c) { return c.weight < threshold; });
    }

    // top-p: the smallest prefix whose cumulative probability reaches p.
    if (settings_.top_p < 1.0f) {
        if (!sorted) std::sort(candidates_.begin(), candidates_.end(), better_candidate<Candidate>);
        const double target = static_cast<double>(settings_.top_p) * total;
        double cumulative = 0.0;
        for (size_t i = 0; i < candidates_.size(); ++i) {
            cumulative += candidates_[i].weight;
            if (cumulative >= target) {
                candidates_.resize(i + 1);
                break;
            }
        }
    }

    // Temperature shapes only the final draw.
    double sum = 0.0;
    const double temperature = static_cast<double>(settings_.temperature);
    for (Candidate& c : candidates_) {
        if (temperature != 1.0)
            c.weight = exp_nonpositive(
                (static_cast<double>(c.logit) - static_cast<double>(max_logit)) / temperature);
        sum += c.weight;
    }
    const double target = u * sum;
    double cumulative = 0.0;
    int32_t last_possible = candidates_.front().id;  // overwritten: the best has weight 1
    for (const Candidate& c : candidates_) {
        if (c.weight <= 0.0) continue;
        cumulative += c.weight;
        last_possible = c.id;
        if (target < cumulative) return c.id;
    }
    return last_possible;  // u * sum rounded up to sum
}

void Sampler::accept(int32_t token) {
    if (token < 0 || static_cast<size_t>(token) >= vocab_size_)
        throw std::out_of_range("Sampler::accept: token " + std::to_string(token) +
                                " outside the vocabulary of " + std::to_string(vocab_size_));
    const size_t window = history_.size();
    if (window == 0) return;
    if (history_size_ == window) {
        const int32_t oldest = history_[history_head_];
        if (--counts_[static_cast<size_t>(oldest)] == 0) {
            auto it = std::find(distinct_.begin(), distinct_.end(), oldest);
            *it = distinct_.back();
            distinct_.pop_back();
        }
        history_[history_head_] = token;
        history_head_ = (history_head_ + 1) % window;
    } else {
        history_[(history_head_ + history_size_) % window] = token;
        ++history_size_;
    }
    if (counts_[static_cast<size_t>(token)]++ == 0) distinct_.push_back(token);
}

void Sampler::reset() {
    for (const int32_t id : distinct_) counts_[static_cast<size_t>(id)] = 0;
    distinct_.clear();
    history_head_ = history_size_ = 0;
    rng_.reseed(settings_.seed);
}

}  // namespace siliang::runtime
