// Compares a computed tensor with an expected one: floating-point elements within
// |actual - expected| <= atol + rtol * |expected| (NaN matches NaN, infinities must match exactly),
// every other dtype exactly. Dtype and shape must match.
#pragma once

#include <string>

#include "runtime/core/status.h"
#include "tests/conformance/host_tensor.h"

namespace edgeq::e2e {

struct Tolerance {
  double rtol = 1e-3;
  double atol = 1e-5;
};

// OK when they match; otherwise InvalidArgument naming the first mismatching element (index,
// both values), how many elements mismatch and the largest absolute difference.
Status compare_tensors(const HostTensor& actual, const HostTensor& expected, Tolerance tolerance);

}  // namespace edgeq::e2e
