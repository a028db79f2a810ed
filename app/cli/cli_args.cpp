#include "cli_args.h"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

namespace siliang::cli {

Args::Args(const std::vector<std::string>& argv, const std::vector<OptionSpec>& specs) {
    auto find_spec = [&](std::string_view name) -> const OptionSpec* {
        for (const OptionSpec& spec : specs) {
            if (name == spec.long_name || (!spec.short_name.empty() && name == spec.short_name))
                return &spec;
        }
        return nullptr;
    };
    bool options_done = false;
    for (size_t i = 0; i < argv.size(); ++i) {
        const std::string& arg = argv[i];
        if (options_done || arg == "-" || arg.size() < 2 || arg[0] != '-') {
            positionals_.push_back(arg);
            continue;
        }
        if (arg == "--") {
            options_done = true;
            continue;
        }
        std::string name = arg;
        std::optional<std::string> inline_value;
        if (size_t eq = arg.find('='); arg.starts_with("--") && eq != std::string::npos) {
            name = arg.substr(0, eq);
            inline_value = arg.substr(eq + 1);
        }
        const OptionSpec* spec = find_spec(name);
        if (spec == nullptr) throw UsageError("unknown option '" + name + "'");
        std::string key(spec->long_name);
        if (!spec->takes_value) {
            if (inline_value) throw UsageError("option '" + key + "' takes no value");
            values_[key] = "";
            continue;
        }
        if (inline_value) {
            values_[key] = *inline_value;
        } else {
            if (i + 1 >= argv.size()) throw UsageError("option '" + name + "' needs a value");
            values_[key] = argv[++i];
        }
    }
}

bool Args::has(std::string_view long_name) const {
    return values_.find(long_name) != values_.end();
}

std::optional<std::string> Args::value(std::string_view long_name) const {
    auto it = values_.find(long_name);
    if (it == values_.end()) return std::nullopt;
    return it->second;
}

std::optional<long long> Args::integer(std::string_view long_name, long long min,
                                       long long max) const {
    std::optional<std::string> text = value(long_name);
    if (!text) return std::nullopt;
    long long result = 0;
    const char* end = text->data() + text->size();
    auto [ptr, ec] = std::from_chars(text->data(), end, result);
    if (ec != std::errc() || ptr != end || text->empty())
        throw UsageError("option '" + std::string(long_name) + "' expects an integer, got '" +
                         *text + "'");
    if (result < min || result > max)
        throw UsageError("option '" + std::string(long_name) + "' must be between " +
                         std::to_string(min) + " and " + std::to_string(max));
    return result;
}

std::optional<double> Args::real(std::string_view long_name, double min, double max) const {
    std::optional<std::string> text = value(long_name);
    if (!text) return std::nullopt;
    double result = 0;
    const char* end = text->data() + text->size();
    auto [ptr, ec] = std::from_chars(text->data(), end, result);
    if (ec != std::errc() || ptr != end || text->empty() || !std::isfinite(result))
        throw UsageError("option '" + std::string(long_name) + "' expects a number, got '" + *text +
                         "'");
    if (result < min || result > max)
        throw UsageError("option '" + std::string(long_name) + "' must be between " +
                         std::to_string(min) + " and " + std::to_string(max));
    return result;
}

std::string read_file_or_stdin(const std::string& path) {
    if (path == "-") {
        std::ostringstream buffer;
        buffer << std::cin.rdbuf();
        if (std::cin.bad()) throw InputError("cannot read standard input");
        return buffer.str();
    }
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) throw InputError(path + ": is a directory");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path + ": cannot open: " + std::strerror(errno));
    std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) throw InputError(path + ": read error");
    return data;
}

}  // namespace siliang::cli
