#include "runtime/stop_strings.h"

#include <algorithm>
#include <utility>

namespace siliang::runtime {

size_t partial_match_suffix(std::string_view text, std::string_view pattern) {
    const size_t longest = std::min(text.size(), pattern.size() - (pattern.empty() ? 0 : 1));
    for (size_t n = longest; n > 0; --n)
        if (text.substr(text.size() - n) == pattern.substr(0, n)) return n;
    return 0;
}

StopStringMatcher::StopStringMatcher(std::vector<std::string> stop_strings) {
    for (std::string& s : stop_strings)
        if (!s.empty()) stops_.push_back(std::move(s));
}

StopResult StopStringMatcher::push(std::string_view delta) {
    StopResult result;
    if (stopped_) return result;
    pending_.append(delta);

    // The earliest end wins: that is the byte at which streaming would notice.
    // pending_ starts at the earliest byte that could begin a stop string, so no
    // occurrence reaches back into text already emitted.
    size_t best_start = std::string::npos, best_end = std::string::npos;
    for (const std::string& stop : stops_) {
        const size_t pos = pending_.find(stop);
        if (pos == std::string::npos) continue;
        const size_t end = pos + stop.size();
        if (end < best_end || (end == best_end && pos < best_start)) {
            best_start = pos;
            best_end = end;
        }
    }
    if (best_start != std::string::npos) {
        result.text = pending_.substr(0, best_start);
        result.stopped = stopped_ = true;
        pending_.clear();
        return result;
    }

    size_t hold = 0;
    for (const std::string& stop : stops_)
        hold = std::max(hold, partial_match_suffix(pending_, stop));
    result.text = pending_.substr(0, pending_.size() - hold);
    pending_.erase(0, pending_.size() - hold);
    return result;
}

std::string StopStringMatcher::finish() {
    std::string rest;
    rest.swap(pending_);
    return rest;
}

}  // namespace siliang::runtime
