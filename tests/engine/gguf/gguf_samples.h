// Small GGUF files for tests and the fuzz corpus, valid and malformed, built
// with the engine's writer (unchecked mode for the malformed ones). Shared by
// test_gguf_malformed (which asserts the exact field each one is rejected
// for) and gguf_make_corpus (which writes them as the fuzzer's seed corpus).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace siliang::gguf::samples {

struct Sample {
    std::string name;              // unique, usable as a file name
    std::vector<std::byte> bytes;  // the file
    // For malformed samples: text the error must contain after "<file>: ",
    // the field it names and (part of) the problem. Empty for valid samples.
    std::string field;
    std::string problem;
};

// A small valid file: a few metadata values (string, string array, nested
// array), two tensors. `alignment` must be a power of two.
std::vector<std::byte> small_model(uint32_t version = 3, uint32_t alignment = 32);

// Valid files that exercise every value type, nesting and alignment.
std::vector<Sample> valid_samples();

// Files the reader must reject, one corruption each, with the expected field.
std::vector<Sample> malformed_samples();

// Byte offsets inside small_model(3, 32), for truncation tests.
struct SmallModelLayout {
    std::size_t first_key_length = 24;  // after the 24-byte header
    std::size_t first_value;            // the string value of kv #0
    std::size_t tokens_count;           // count of the string array (kv #1)
    std::size_t tokens_elements;        // its first element
    std::size_t first_tensor_name;      // tensor info #0
    std::size_t first_tensor_offset;    // tensor #0's offset field
    std::size_t data_offset;            // start of the data section
    std::size_t size;                   // whole file
};
SmallModelLayout small_model_layout();

}  // namespace siliang::gguf::samples
