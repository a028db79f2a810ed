// Open-addressing hash maps for the vocabulary lookups: built once at load time with one
// allocation each (a 151k-token vocabulary loads in milliseconds), read-only afterwards.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string_view>
#include <vector>

namespace siliang::tokenizer {

inline size_t flat_map_capacity(size_t n) {
    size_t cap = 16;
    while (cap < n * 2) cap <<= 1;  // load factor <= 0.5
    return cap;
}

// Token text -> id over texts stored back to back: text i is arena[offsets[i], offsets[i + 1]).
// The map keeps views of the arena and offsets, which must outlive it unchanged (the vocabulary
// owns all three), and no key of its own: a 262k-token vocabulary's slots are 4 MB, a copy of
// every key as a string_view would be 4 MB more. Slots hold only a hash tag and the id (8
// bytes, so the table stays small in cache); the text is compared only when the tag matches.
// When a text occurs twice, the last id wins (as llama.cpp's token_to_id).
class StringIdMap {
public:
    void build(std::string_view arena, std::span<const uint32_t> offsets) {
        arena_ = arena;
        offsets_ = offsets;
        const size_t n = offsets.empty() ? 0 : offsets.size() - 1;
        slots_.assign(flat_map_capacity(n), Slot{});
        size_ = 0;
        for (size_t id = 0; id < n; ++id) {
            const std::string_view text = key(static_cast<int32_t>(id));
            const size_t h = hash_of(text);
            Slot& slot = locate(text, h);
            if (slot.id < 0) ++size_;
            slot.tag = tag_of(h);
            slot.id = static_cast<int32_t>(id);
        }
    }
    int32_t find(std::string_view key) const { return find(key, hash_of(key)); }
    // With a precomputed hash_of(key), after an optional prefetch(h): lets a caller overlap the
    // cache misses of many lookups (the merge list at load time).
    int32_t find(std::string_view text, size_t h) const {
        if (slots_.empty()) return -1;
        const size_t mask = slots_.size() - 1;
        const uint32_t tag = tag_of(h);
        for (size_t i = h & mask;; i = (i + 1) & mask) {
            const Slot& slot = slots_[i];
            if (slot.id < 0) return -1;
            if (slot.tag == tag && key(slot.id) == text) return slot.id;
        }
    }
    void prefetch(size_t h) const {
#if defined(__GNUC__)
        if (!slots_.empty()) __builtin_prefetch(&slots_[h & (slots_.size() - 1)]);
#else
        (void)h;
#endif
    }
    static size_t hash_of(std::string_view key) {
        return std::hash<std::string_view>{}(key);
    }
    size_t size() const {
        return size_;
    }

private:
    struct Slot {
        uint32_t tag = 0;  // high hash bits
        int32_t id = -1;
    };
    static uint32_t tag_of(size_t h) {
        return static_cast<uint32_t>(static_cast<uint64_t>(h) >> 32);
    }
    std::string_view key(int32_t id) const {
        const auto i = static_cast<size_t>(id);
        return arena_.substr(offsets_[i], offsets_[i + 1] - offsets_[i]);
    }
    // The slot holding `text`, else the empty slot where it belongs.
    Slot& locate(std::string_view text, size_t h) {
        const size_t mask = slots_.size() - 1;
        const uint32_t tag = tag_of(h);
        for (size_t i = h & mask;; i = (i + 1) & mask) {
            Slot& slot = slots_[i];
            if (slot.id < 0 || (slot.tag == tag && key(slot.id) == text)) return slot;
        }
    }
    std::string_view arena_;
    std::span<const uint32_t> offsets_;
    std::vector<Slot> slots_;
    size_t size_ = 0;
};

// (left id, right id) -> merge rank and the id of the merged token (-1 if not in the vocabulary).
// Stored per left token (CSR layout, entries sorted by right id): built from the merge list in two
// sequential passes, which is far cheaper than a hash table of a few hundred thousand pairs.
class MergeMap {
public:
    struct Merge {
        int32_t rank = -1;
        int32_t result = -1;
    };
    struct Pair {
        int32_t left, right;
        Merge merge;
    };

    // `pairs` in rank order; ids in [0, n_tokens). For a repeated pair the first rank is kept
    // (llama.cpp's bpe_ranks.emplace).
    void build(size_t n_tokens, const std::vector<Pair>& pairs) {
        offsets_.assign(n_tokens + 1, 0);
        for (const Pair& p : pairs) ++offsets_[static_cast<size_t>(p.left) + 1];
        for (size_t i = 0; i < n_tokens; ++i) offsets_[i + 1] += offsets_[i];
        entries_.resize(pairs.size());
        std::vector<uint32_t> fill(offsets_.begin(), offsets_.end() - 1);
        for (const Pair& p : pairs) entries_[fill[p.left]++] = Entry{p.right, p.merge};
        // Sort each bucket by right id (then rank) and keep the first of repeated pairs.
        std::vector<Entry> kept;
        kept.reserve(entries_.size());
        std::vector<uint32_t> new_offsets(n_tokens + 1, 0);
        for (size_t left = 0; left < n_tokens; ++left) {
            const auto first = entries_.begin() + offsets_[left],
                       last = entries_.begin() + offsets_[left + 1];
            std::sort(first, last, [](const Entry& a, const Entry& b) {
                return a.right < b.right || (a.right == b.right && a.merge.rank < b.merge.rank);
            });
            for (auto it = first; it != last; ++it) {
                if (it != first && it->right == (it - 1)->right) continue;
                kept.push_back(*it);
            }
            new_offsets[left + 1] = static_cast<uint32_t>(kept.size());
        }
        entries_ = std::move(kept);
        offsets_ = std::move(new_offsets);
    }

    const Merge* find(int32_t left, int32_t right) const {
        if (left < 0 || static_cast<size_t>(left) + 1 >= offsets_.size()) return nullptr;
        const auto first = entries_.begin() + offsets_[left],
                   last = entries_.begin() + offsets_[left + 1];
        const auto it = std::lower_bound(first, last, right,
                                         [](const Entry& e, int32_t r) { return e.right < r; });
        return it != last && it->right == right ? &it->merge : nullptr;
    }
    size_t size() const { return entries_.size(); }

private:
    struct Entry {
        int32_t right = -1;
        Merge merge;
    };
    std::vector<uint32_t> offsets_;
    std::vector<Entry> entries_;
};

}  // namespace siliang::tokenizer
