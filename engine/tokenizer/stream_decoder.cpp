#include "tokenizer/tokenizer.h"
#include "tokenizer/unicode.h"

namespace siliang::tokenizer {

StreamDecoder::StreamDecoder(const Tokenizer& tokenizer) : tokenizer_(&tokenizer) {}

std::string StreamDecoder::push(int32_t id) {
    std::string piece = tokenizer_->token_piece(id);
    // As decode(): the first piece of a space-prefixing vocabulary loses its leading space.
    if (first_ && tokenizer_->special().add_space_prefix && !piece.empty() && piece[0] == ' ')
        piece.erase(0, 1);
    first_ = false;
    pending_ += piece;
    std::string out;
    const size_t consumed = unicode::append_valid_utf8(pending_, out, false);
    pending_.erase(0, consumed);
    return out;
}

std::string StreamDecoder::finish() {
    std::string out;
    unicode::append_valid_utf8(pending_, out, true);
    pending_.clear();
    first_ = true;  // the decoder can start a new stream
    return out;
}

}  // namespace siliang::tokenizer
