// One factory per op of the op list, each defined in its op's own file (runtime/kernels/<op>.cc).
// A factory returns nullptr when the op has no portable kernel.
#pragma once

#include <memory>

#include "runtime/kernels/kernel.h"

namespace edgeq::runtime {

#define EDGEQ_OP(name, ...) std::unique_ptr<Kernel> make_##name##_kernel();
#include "runtime/core/op_list.inc"
#undef EDGEQ_OP

}  // namespace edgeq::runtime
