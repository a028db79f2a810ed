// Compiled into each executable that links siliang_kernels_cpu (an INTERFACE
// source, see CMakeLists.txt), not archived: a static registrar object in a
// static library would be dropped by the linker since nothing refers to it.
#include "cpu/cpu_backend.h"

namespace {

[[maybe_unused]] const bool registered = [] {
    siliang::kernels::cpu::register_cpu_backend();
    return true;
}();

}  // namespace
