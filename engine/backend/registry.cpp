#include "backend/registry.h"

#include <algorithm>
#include <map>
#include <mutex>

namespace siliang::backend {
namespace {

struct Registry {
    std::mutex mutex;
    std::map<std::string, Factory> factories;
};

// A function-local static: registrars run during static initialisation, in any order.
Registry& registry() {
    static Registry instance;
    return instance;
}

}  // namespace

void register_backend(const std::string& name, Factory factory) {
    auto& r = registry();
    std::lock_guard lock(r.mutex);
    r.factories[name] = std::move(factory);
}

std::vector<std::string> available_backends() {
    auto& r = registry();
    std::lock_guard lock(r.mutex);
    std::vector<std::string> names;
    for (const auto& [name, factory] : r.factories) names.push_back(name);
    return names;
}

std::unique_ptr<Backend> create_backend(const std::string& name, const BackendOptions& options) {
    Factory factory;
    {
        auto& r = registry();
        std::lock_guard lock(r.mutex);
        auto it = r.factories.find(name);
        if (it != r.factories.end()) factory = it->second;
    }
    if (!factory) {
        std::string known;
        for (const auto& n : available_backends()) known += (known.empty() ? "" : ", ") + n;
        throw BackendError("unknown backend '" + name +
                           "' (available: " + (known.empty() ? std::string("none") : known) + ")");
    }
    return factory(options);
}

}  // namespace siliang::backend
