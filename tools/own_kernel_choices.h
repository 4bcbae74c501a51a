// What `edgeq inspect --why` says about the XNNPACK delegate calls' int8 convolutions: which run on
// edgeq's own convolution kernels and which on XNNPACK, as the delegate decides on this CPU.
#pragma once

#include "runtime/program/program.h"

namespace edgeq::tools {

// Prints a heading, then one summary line per XNNPACK delegate call holding int8 convolutions and
// each convolution of it that stays on XNNPACK with the reason. Prints nothing when there are none.
void print_own_kernel_choices(const runtime::Program& program);

}  // namespace edgeq::tools
