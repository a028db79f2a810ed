// One matmul through a Backend's public interface, for tests that compare backends or paths:
// the weight made from `info`, n tokens of x uploaded, out downloaded (n x rows floats).
#pragma once

#include <cstddef>
#include <vector>

#include "backend/backend.h"

namespace siliang::testing {

inline std::vector<float> backend_matmul(backend::Backend& be, const gguf::TensorInfo& info,
                                         const std::vector<float>& x, size_t n) {
    auto w = be.make_weight(info);
    auto in = be.alloc(x.size());
    be.upload(*in, x);
    auto out = be.alloc(n * w->rows());
    be.matmul(*w, *in, n, *out);
    std::vector<float> y(n * w->rows());
    be.download(*out, y);
    return y;
}

}  // namespace siliang::testing
