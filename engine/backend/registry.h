// Backends register a factory by name; the engine creates one by name. The CPU
// backend registers itself from an object file that every target linking
// siliang_kernels_cpu compiles in (see kernels/cpu/CMakeLists.txt); GPU
// plugins will register when they are loaded.
#pragma once

#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "backend/backend.h"

namespace siliang::backend {

class BackendError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

using Factory = std::function<std::unique_ptr<Backend>(const BackendOptions&)>;

// Registers (or replaces) the factory for `name`. Thread-safe.
void register_backend(const std::string& name, Factory factory);
// Registered names, sorted.
std::vector<std::string> available_backends();
// Throws BackendError naming the backend and the available ones when `name` is unknown.
std::unique_ptr<Backend> create_backend(const std::string& name,
                                        const BackendOptions& options = {});

}  // namespace siliang::backend
