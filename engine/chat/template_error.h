// The one error type of template parsing and rendering.
#pragma once

#include <stdexcept>
#include <string>

namespace siliang::chat {

// what(): "<name>:<line>: <message>"
class TemplateError : public std::runtime_error {
public:
    TemplateError(const std::string& name, int line, const std::string& message)
        : std::runtime_error(name + ":" + std::to_string(line) + ": " + message),
          name_(name),
          line_(line),
          message_(message) {}
    const std::string& name() const { return name_; }
    int line() const { return line_; }
    const std::string& message() const { return message_; }

private:
    std::string name_;
    int line_;
    std::string message_;
};

}  // namespace siliang::chat
