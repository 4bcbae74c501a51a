// Helpers shared by the shape and data-movement kernels: axis normalisation, the small integer
// tensors (shapes, axes, repeats) that must be constant at prepare, and rank-checked Shapes.
#pragma once

#include <cstdint>
#include <vector>

#include "runtime/core/attributes.h"
#include "runtime/core/shape.h"
#include "runtime/core/span.h"
#include "runtime/core/status.h"
#include "runtime/core/tensor.h"

namespace edgeq::runtime {

// Maps `axis` in [-rank, rank) to [0, rank); InvalidArgument naming `op` otherwise.
Result<int> normalize_axis(const char* op, int64_t axis, int rank);

// normalize_axis for each of `axes`; a repeated axis is InvalidArgument.
Result<std::vector<int>> normalize_axes(const char* op, Span<const int64_t> axes, int rank);

// The values of an i32 or i64 tensor known at prepare. Unimplemented ("<op>: input '<name>' must
// be constant") when its data is not known yet (an empty tensor needs none); InvalidArgument for
// any other dtype.
Result<std::vector<int64_t>> read_constant_ints(const char* op, const char* name,
                                                const TensorView& tensor);

// An integer list that ONNX moved from an attribute to an input across opsets: input `index`
// when it is present (it must then be constant), else attribute `name`, else none (found false).
struct OptionalInts {
  bool found = false;
  std::vector<int64_t> values;
};
Result<OptionalInts> ints_from_input_or_attr(const char* op, const char* name,
                                             const Attributes& attrs, Span<const TensorView> inputs,
                                             size_t index);

// A Shape of `dims`; InvalidArgument for a rank above kMaxRank or a negative dimension.
Result<Shape> make_shape(const char* op, Span<const int64_t> dims);

// Product of shape[begin, end) (1 when empty).
int64_t dims_product(const Shape& shape, int begin, int end);

}  // namespace edgeq::runtime
