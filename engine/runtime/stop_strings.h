// Stop strings over streamed text: generation ends when the text contains one of
// the user's stop strings, and neither the stop string nor anything after it is
// shown. Text that could still grow into a stop string is held back until the
// next delta decides it, so the result does not depend on how the stream was cut.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace siliang::runtime {

struct StopResult {
    std::string text;      // safe to emit now
    bool stopped = false;  // a stop string completed; `text` ends right before it
};

class StopStringMatcher {
public:
    // Empty strings are ignored; with no stop strings everything passes through.
    explicit StopStringMatcher(std::vector<std::string> stop_strings);

    // Generation stops at the first byte that completes a stop string (when two
    // complete at the same byte, the longer one, which starts earlier, cuts).
    // After a stop every push returns nothing.
    StopResult push(std::string_view delta);

    // End of generation without a stop: the held-back text is ordinary text.
    std::string finish();

    bool stopped() const { return stopped_; }

private:
    std::vector<std::string> stops_;
    std::string pending_;  // text not yet emitted: a possible start of a stop string
    bool stopped_ = false;
};

// Length of the longest suffix of `text` that is a proper, non-empty prefix of
// `pattern` (0 when none): the part of `text` that must wait for more input.
size_t partial_match_suffix(std::string_view text, std::string_view pattern);

}  // namespace siliang::runtime
