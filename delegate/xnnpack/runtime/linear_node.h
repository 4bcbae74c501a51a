// LinearNode: one DynamicQuantizedLinear payload node (edgeq's own dynamic int8 / 8da4w linear
// kernel, delegate/xnnpack/kernels) inside a delegate call: its weights packed once at init, then
// run on the backend's thread pool with the instruction set chosen once.
//
// Payload node: inputs [x] (fp32 value [..., K]), outputs [y] (fp32 value [..., N], same leading
// dims), int params [K, N, group, weights, scales, bias] where the last three are indices into
// the payload's constant table: weights [N, K] int8 (group 0) or int4 two per byte (group > 0,
// 8da4w), scales f32 [N] or [N, ceil(K / group)], bias f32 [N] or -1 for none.
#pragma once

#include <pthreadpool.h>

#include <vector>

#include "delegate/xnnpack/kernels/linear_kernels.h"
#include "delegate/xnnpack/schema/xnnpack_payload_generated.h"
#include "runtime/core/span.h"
#include "runtime/core/status.h"

namespace edgeq::xnnpack {

// The instruction set delegates initialised from now on run their linear kernels with; kAuto
// (the default) is cpuinfo's best. For tests and benchmarks that compare the paths.
void set_delegate_linear_isa(LinearIsa isa);
LinearIsa delegate_linear_isa();
// delegate_linear_isa() with kAuto resolved to best_linear_isa().
LinearIsa resolved_delegate_linear_isa();

class LinearNode {
 public:
  // Checks payload node `index` and packs its weights from `constant_data` (payload constants).
  static Result<LinearNode> create(const schema::Payload& payload, size_t index,
                                   const std::vector<const void*>& constant_data);

  uint32_t input() const { return input_; }
  uint32_t output() const { return output_; }
  // The rows of x for value dims `x_dims` / `y_dims`; an error when they do not fit K and N.
  Result<int64_t> rows(const std::vector<size_t>& x_dims, const std::vector<size_t>& y_dims) const;
  size_t scratch_bytes(int64_t rows) const { return linear_scratch_bytes(packed_, rows); }
  // y [rows, N] = linear(x [rows, K]); `scratch` holds at least scratch_bytes(rows).
  Status run(const float* x, int64_t rows, float* y, Span<uint8_t> scratch, LinearIsa isa,
             pthreadpool_t pool) const;

 private:
  size_t index_ = 0;
  uint32_t input_ = 0;
  uint32_t output_ = 0;
  PackedLinear packed_;
};

}  // namespace edgeq::xnnpack
