// Element copies shared by the data-movement kernels: the dtype check, whole-tensor copies,
// block copies (Concat, Split, Gather) and strided copies (Transpose, Slice, Expand, Tile,
// DepthToSpace, SpaceToDepth), the last with a cache-blocked 2-D transpose fast path.
#pragma once

#include <cstddef>
#include <cstdint>

#include "runtime/core/dtype.h"
#include "runtime/core/shape.h"
#include "runtime/core/span.h"
#include "runtime/core/status.h"
#include "runtime/kernels/kernel.h"

namespace edgeq::runtime {

// Data movement works on whole elements: every dtype but packed i4 (Unimplemented) and an absent
// tensor (InvalidArgument).
Status check_movable_dtype(const char* op, DType dtype);

// Kernels whose output holds input 0's bytes unchanged (Reshape, Flatten, Squeeze, Unsqueeze,
// Identity): subclasses implement prepare only. Byte copies keep element order, so these kernels
// also move packed i4.
class CopyInputKernel : public Kernel {
 public:
  Status execute(Span<const TensorView> inputs, Span<const TensorView> outputs,
                 Span<uint8_t> scratch) override;
};

// Copies `count` blocks of `block_bytes`: block k from in + k * in_stride to out + k * out_stride
// (strides in bytes).
void copy_blocks(const uint8_t* in, int64_t in_stride, uint8_t* out, int64_t out_stride,
                 int64_t count, size_t block_bytes);

// Tile doubles the rank of its view (a repeat dim before each input dim).
constexpr int kMaxCopyRank = 2 * kMaxRank;

// A strided copy: the output is contiguous over `dims` (row-major); its element at index
// (i_0, ..., i_{r-1}) is the input element at in_offset + sum_k i_k * in_strides[k]. Strides and
// the offset count elements; a stride of 0 repeats an element, a negative one walks backwards.
struct StridedCopyPlan {
  int rank = 0;
  int64_t dims[kMaxCopyRank] = {};
  int64_t in_strides[kMaxCopyRank] = {};
  int64_t in_offset = 0;
  size_t element_size = 0;
  bool empty = false;  // some dim is 0: nothing to copy
};

// Builds a plan (dims.size() == in_strides.size() <= kMaxCopyRank; element_size 1, 2, 4 or 8),
// dropping size-1 dims and merging neighbours that are contiguous in the input so that copies run
// on long rows.
StridedCopyPlan make_strided_copy_plan(Span<const int64_t> dims, Span<const int64_t> in_strides,
                                       int64_t in_offset, size_t element_size);

// The plan of out = transpose(in viewed as contiguous `in_dims`, perm): output dim k is input dim
// perm[k] (perm a valid permutation, checked by the caller).
StridedCopyPlan make_permute_plan(Span<const int64_t> in_dims, Span<const int> perm,
                                  size_t element_size);

// Runs a plan: a cache-blocked 2-D transpose when the plan's two innermost dims are swapped in the
// input (NCHW <-> NHWC and the like), copy_strided_general otherwise.
void copy_strided(const StridedCopyPlan& plan, const void* in, void* out);
// The general path alone, row by row (memcpy for contiguous rows); the fast path's reference.
void copy_strided_general(const StridedCopyPlan& plan, const void* in, void* out);
// True when copy_strided takes the blocked transpose path for `plan`.
bool uses_transpose_fast_path(const StridedCopyPlan& plan);

// Kernels whose output is a strided copy of input 0 (Transpose, Slice, Expand, Tile,
// DepthToSpace, SpaceToDepth): prepare sets plan_, the shared execute runs it.
class StridedCopyKernel : public Kernel {
 public:
  Status execute(Span<const TensorView> inputs, Span<const TensorView> outputs,
                 Span<uint8_t> scratch) override;

 protected:
  StridedCopyPlan plan_;
};

}  // namespace edgeq::runtime
