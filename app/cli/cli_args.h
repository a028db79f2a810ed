// Command-line parsing for siliang-cli: declared options, strict checking, and the
// two error kinds that map to exit codes (2 = usage, 1 = bad input).
#pragma once

#include <initializer_list>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace siliang::cli {

// Wrong use of the command line: unknown option, missing value, bad number. Exit code 2.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A file or value that the command cannot use: missing file, malformed JSON. Exit code 1.
class InputError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct OptionSpec {
    std::string_view short_name;  // "-m" or empty
    std::string_view long_name;   // "--model"
    bool takes_value;
};

// Parses argv against a fixed list of options. Options may appear anywhere; "--"
// ends option parsing; a lone "-" is a positional (stdin). Values are given as
// "--opt VALUE" or "--opt=VALUE". Repeating an option keeps the last value.
class Args {
public:
    Args(const std::vector<std::string>& argv, std::initializer_list<OptionSpec> specs)
        : Args(argv, std::vector<OptionSpec>(specs)) {}
    Args(const std::vector<std::string>& argv, const std::vector<OptionSpec>& specs);

    // Looked up by long name ("--model").
    bool has(std::string_view long_name) const;
    std::optional<std::string> value(std::string_view long_name) const;
    // Parses an integer option, rejecting trailing junk and out-of-range values.
    std::optional<long long> integer(std::string_view long_name, long long min,
                                     long long max) const;
    // Parses a finite floating-point option within [min, max].
    std::optional<double> real(std::string_view long_name, double min, double max) const;
    const std::vector<std::string>& positionals() const { return positionals_; }

private:
    std::map<std::string, std::string, std::less<>> values_;
    std::vector<std::string> positionals_;
};

// Reads a whole file (or stdin for "-"); InputError naming the path on failure.
std::string read_file_or_stdin(const std::string& path);

}  // namespace siliang::cli
