// Shared by the ReduceX ops, ArgMax and ArgMin: reading the reduced axes (attribute `axes`, or the
// constant optional second input of later opsets), and a ReducePlan that walks the input once
// with the output offset of every element.
//
// The plan drops size-1 dims and merges neighbouring dims that are both reduced or both kept, so
// reducing the last axis becomes contiguous rows folded to one value each, and reducing a middle
// axis (e.g. the channels of NCHW) becomes contiguous rows accumulated into one output row.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "runtime/core/attributes.h"
#include "runtime/core/op_type.h"
#include "runtime/core/shape.h"
#include "runtime/core/span.h"
#include "runtime/core/status.h"
#include "runtime/core/tensor.h"
#include "runtime/kernels/kernel.h"

namespace edgeq::runtime {

// Normalises `axis` (negative counts from the end) into [0, rank); InvalidArgument naming `op`.
Result<int> normalize_axis(OpType op, int64_t axis, int rank);

// The axes to reduce: the `axes` attribute, or the optional second input (i64, needed at prepare,
// so its data must be present). Empty when neither is given.
Result<std::vector<int64_t>> read_reduce_axes(OpType op, const Attributes& attrs,
                                              Span<const TensorView> inputs);

struct ReducePlan {
  Shape output_shape;
  bool copy = false;  // noop_with_empty_axes with no axes: the output is the input
  int rank = 1;       // collapsed dims of the input, the last one innermost
  int64_t dims[kMaxRank] = {1};
  bool reduced[kMaxRank] = {false};
  int64_t out_strides[kMaxRank] = {};  // output stride of each collapsed dim, 0 where reduced
  int64_t reduce_count = 1;            // input elements folded into each output element
};

// Plans reducing `input` over `axes` (each in [-rank, rank), no duplicates). No axes means every
// axis, or none when noop_with_empty_axes is set.
Result<ReducePlan> make_reduce_plan(OpType op, const Shape& input, std::vector<int64_t> axes,
                                    bool keepdims, bool noop_with_empty_axes);

// Folds `in` into `out` per the plan: out starts at `init`, then out[o] = f(out[o], in[i]) for
// every input element i reduced into o. The caller handles plan.copy.
template <typename T, typename F>
void reduce_into(const ReducePlan& plan, const T* in, T* out, int64_t out_numel, T init,
                 int64_t in_numel, F f) {
  for (int64_t i = 0; i < out_numel; ++i) out[i] = init;
  if (in_numel == 0) return;
  const int last = plan.rank - 1;
  const int64_t inner = plan.dims[last];
  const int64_t rows = in_numel / inner;
  int64_t index[kMaxRank] = {};
  int64_t out_offset = 0;
  for (int64_t r = 0; r < rows; ++r, in += inner) {
    if (plan.reduced[last]) {
      T acc = out[out_offset];
      for (int64_t j = 0; j < inner; ++j) acc = f(acc, in[j]);
      out[out_offset] = acc;
    } else {
      T* o = out + out_offset;
      for (int64_t j = 0; j < inner; ++j) o[j] = f(o[j], in[j]);
    }
    for (int d = last - 1; d >= 0; --d) {
      out_offset += plan.out_strides[d];
      if (++index[d] < plan.dims[d]) break;
      out_offset -= plan.out_strides[d] * plan.dims[d];
      index[d] = 0;
    }
  }
}

// The kernel of the ReduceX ops: f32, i32 and i64, except that L2, LogSum and LogSumExp take f32
// only. LogSumExp subtracts the maximum before exponentiating, so large x do not overflow.
enum class ReduceKind { kMean, kMax, kMin, kSum, kL1, kL2, kLogSum, kLogSumExp, kProd, kSumSquare };
std::unique_ptr<Kernel> make_reduce_kernel(ReduceKind kind);

// The kernel of ArgMax (smallest = false) and ArgMin (smallest = true).
std::unique_ptr<Kernel> make_arg_reduce_kernel(bool smallest);

}  // namespace edgeq::runtime
