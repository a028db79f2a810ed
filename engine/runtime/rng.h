// The sampler's random numbers: xoshiro256** (Blackman & Vigna, 2018) seeded
// through splitmix64, with our own bits -> double conversion. Everything here is
// integer arithmetic plus one exact scaling, so a seed gives the same stream on
// every compiler, standard library and CPU; std::mt19937_64 would too, but
// std::uniform_real_distribution would not (its algorithm is unspecified).
#pragma once

#include <cstdint>

namespace siliang::runtime {

class Rng {
public:
    explicit Rng(uint64_t seed) { reseed(seed); }

    // The state is the next four outputs of splitmix64 started at `seed`, as in
    // the reference seeding; splitmix64 never yields four zero words.
    void reseed(uint64_t seed) {
        uint64_t x = seed;
        for (uint64_t& word : s_) word = splitmix64(x);
    }

    uint64_t next() {
        const uint64_t result = rotl(s_[1] * 5, 7) * 9;
        const uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = rotl(s_[3], 45);
        return result;
    }

    // Uniform in [0, 1): the top 53 bits scaled by 2^-53, exact in a double.
    double next_double() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

    static uint64_t splitmix64(uint64_t& x) {
        uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }

private:
    static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

    uint64_t s_[4] = {};
};

}  // namespace siliang::runtime
