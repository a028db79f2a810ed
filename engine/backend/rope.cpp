// Rotary position angles shared by every backend, including YaRN (ggml's
// rope_yarn / ggml_rope_yarn_corr_dims, which Hugging Face's YaRN matches).
#include <algorithm>
#include <cmath>
#include <numbers>

#include "backend/backend.h"

namespace siliang::backend {
namespace {

// The dimension (of n_dims) at which a pair makes `rotations` turns over `n_ctx` positions.
float corr_dim(uint32_t n_dims, uint32_t n_ctx, float rotations, float base) {
    return static_cast<float>(n_dims) *
           std::log(static_cast<float>(n_ctx) / (rotations * 2.0f * std::numbers::pi_v<float>)) /
           (2.0f * std::log(base));
}

}  // namespace

RopeAngle rope_angle(const RopeParams& p, float pos, uint32_t i, float freq_factor) {
    const float theta_extrap =
        pos * std::pow(p.freq_base, -2.0f * static_cast<float>(i) / static_cast<float>(p.n_rot)) /
        freq_factor;
    const float theta_interp = p.freq_scale * theta_extrap;
    RopeAngle a{theta_interp, p.attn_factor};
    if (p.ext_factor != 0.0f) {
        const float low = std::max(
            0.0f, std::floor(corr_dim(p.n_rot, p.original_context, p.beta_fast, p.freq_base)));
        const float high =
            std::min(static_cast<float>(p.n_rot - 1),
                     std::ceil(corr_dim(p.n_rot, p.original_context, p.beta_slow, p.freq_base)));
        const float y = (static_cast<float>(i) - low) / std::max(0.001f, high - low);
        const float ramp = (1.0f - std::min(1.0f, std::max(0.0f, y))) * p.ext_factor;
        a.theta = theta_interp * (1.0f - ramp) + theta_extrap * ramp;
        a.mscale *= 1.0f + 0.1f * std::log(1.0f / p.freq_scale);
    }
    return a;
}

}  // namespace siliang::backend
