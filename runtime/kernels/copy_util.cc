#include "runtime/kernels/copy_util.h"

#include <algorithm>
#include <cassert>
#include <cstring>

namespace edgeq::runtime {
namespace {

constexpr int64_t kTransposeTile = 32;

// Calls fn(in_offset, out_offset) (in elements) for every index over plan dims [0, outer_rank) in
// row-major order; the output offset advances by `inner_count` elements per call.
template <typename Fn>
void for_each_outer(const StridedCopyPlan& plan, int outer_rank, int64_t inner_count, Fn&& fn) {
  int64_t index[kMaxCopyRank] = {};
  int64_t outer_count = 1;
  for (int d = 0; d < outer_rank; ++d) outer_count *= plan.dims[d];
  int64_t in_offset = plan.in_offset;
  int64_t out_offset = 0;
  for (int64_t n = 0; n < outer_count; ++n) {
    fn(in_offset, out_offset);
    out_offset += inner_count;
    for (int d = outer_rank - 1; d >= 0; --d) {
      in_offset += plan.in_strides[d];
      if (++index[d] < plan.dims[d]) break;
      in_offset -= plan.in_strides[d] * plan.dims[d];
      index[d] = 0;
    }
  }
}

// Word: an unsigned integer of the element's size (elements are moved, never interpreted).
template <typename Word>
inline void copy_element(const uint8_t* in, int64_t in_index, uint8_t* out, int64_t out_index) {
  Word word;
  std::memcpy(&word, in + in_index * static_cast<int64_t>(sizeof(Word)), sizeof(Word));
  std::memcpy(out + out_index * static_cast<int64_t>(sizeof(Word)), &word, sizeof(Word));
}

template <typename Word>
void copy_general(const StridedCopyPlan& plan, const uint8_t* in, uint8_t* out) {
  const int64_t row = plan.dims[plan.rank - 1];
  const int64_t stride = plan.in_strides[plan.rank - 1];
  for_each_outer(plan, plan.rank - 1, row, [&](int64_t in_offset, int64_t out_offset) {
    if (stride == 1) {
      std::memcpy(out + out_offset * static_cast<int64_t>(sizeof(Word)),
                  in + in_offset * static_cast<int64_t>(sizeof(Word)), row * sizeof(Word));
      return;
    }
    for (int64_t i = 0; i < row; ++i) {
      copy_element<Word>(in, in_offset + i * stride, out, out_offset + i);
    }
  });
}

// Output block [rows, cols] (row-major) from input element (r, c) at r + c * col_stride.
template <typename Word>
void copy_transposed(const StridedCopyPlan& plan, const uint8_t* in, uint8_t* out) {
  const int64_t rows = plan.dims[plan.rank - 2];
  const int64_t cols = plan.dims[plan.rank - 1];
  const int64_t col_stride = plan.in_strides[plan.rank - 1];
  for_each_outer(plan, plan.rank - 2, rows * cols, [&](int64_t in_offset, int64_t out_offset) {
    for (int64_t r0 = 0; r0 < rows; r0 += kTransposeTile) {
      const int64_t r_end = std::min(rows, r0 + kTransposeTile);
      for (int64_t c0 = 0; c0 < cols; c0 += kTransposeTile) {
        const int64_t c_end = std::min(cols, c0 + kTransposeTile);
        for (int64_t c = c0; c < c_end; ++c) {
          for (int64_t r = r0; r < r_end; ++r) {
            copy_element<Word>(in, in_offset + r + c * col_stride, out, out_offset + r * cols + c);
          }
        }
      }
    }
  });
}

template <template <typename> class Copy>
void dispatch_element_size(const StridedCopyPlan& plan, const void* in, void* out) {
  const auto* src = static_cast<const uint8_t*>(in);
  auto* dst = static_cast<uint8_t*>(out);
  switch (plan.element_size) {
    case 1:
      Copy<uint8_t>::run(plan, src, dst);
      break;
    case 2:
      Copy<uint16_t>::run(plan, src, dst);
      break;
    case 4:
      Copy<uint32_t>::run(plan, src, dst);
      break;
    case 8:
      Copy<uint64_t>::run(plan, src, dst);
      break;
    default:
      assert(false && "element size must be 1, 2, 4 or 8");
  }
}

template <typename Word>
struct GeneralCopy {
  static void run(const StridedCopyPlan& p, const uint8_t* in, uint8_t* out) {
    copy_general<Word>(p, in, out);
  }
};
template <typename Word>
struct TransposedCopy {
  static void run(const StridedCopyPlan& p, const uint8_t* in, uint8_t* out) {
    copy_transposed<Word>(p, in, out);
  }
};

}  // namespace

Status check_movable_dtype(const char* op, DType dtype) {
  if (dtype == DType::kI4) return unimplemented(op, ": dtype i4 is not supported");
  if (dtype_size(dtype) == 0) return invalid_argument(op, ": missing or invalid input dtype");
  return Status::Ok();
}

Status CopyInputKernel::execute(Span<const TensorView> inputs, Span<const TensorView> outputs,
                                Span<uint8_t> /*scratch*/) {
  if (inputs[0].nbytes() > 0) std::memcpy(outputs[0].data, inputs[0].data, inputs[0].nbytes());
  return Status::Ok();
}

void copy_blocks(const uint8_t* in, int64_t in_stride, uint8_t* out, int64_t out_stride,
                 int64_t count, size_t block_bytes) {
  if (block_bytes == 0) return;
  for (int64_t k = 0; k < count; ++k) {
    std::memcpy(out + k * out_stride, in + k * in_stride, block_bytes);
  }
}

StridedCopyPlan make_strided_copy_plan(Span<const int64_t> dims, Span<const int64_t> in_strides,
                                       int64_t in_offset, size_t element_size) {
  assert(dims.size() == in_strides.size() && dims.size() <= static_cast<size_t>(kMaxCopyRank));
  StridedCopyPlan plan;
  plan.in_offset = in_offset;
  plan.element_size = element_size;
  for (size_t k = 0; k < dims.size(); ++k) {
    if (dims[k] == 0) plan.empty = true;
    if (dims[k] == 1) continue;
    const int last = plan.rank - 1;
    if (last >= 0 && plan.in_strides[last] == in_strides[k] * dims[k]) {
      plan.dims[last] *= dims[k];
      plan.in_strides[last] = in_strides[k];
      continue;
    }
    plan.dims[plan.rank] = dims[k];
    plan.in_strides[plan.rank] = in_strides[k];
    ++plan.rank;
  }
  if (plan.rank == 0) {  // a single element
    plan.rank = 1;
    plan.dims[0] = 1;
    plan.in_strides[0] = 1;
  }
  return plan;
}

StridedCopyPlan make_permute_plan(Span<const int64_t> in_dims, Span<const int> perm,
                                  size_t element_size) {
  const Shape in_shape(in_dims);
  const std::vector<int64_t> in_strides = contiguous_strides(in_shape);
  int64_t dims[kMaxRank];
  int64_t strides[kMaxRank];
  for (size_t k = 0; k < perm.size(); ++k) {
    dims[k] = in_dims[perm[k]];
    strides[k] = in_strides[perm[k]];
  }
  return make_strided_copy_plan(Span<const int64_t>(dims, perm.size()),
                                Span<const int64_t>(strides, perm.size()), 0, element_size);
}

bool uses_transpose_fast_path(const StridedCopyPlan& plan) {
  if (plan.rank < 2) return false;
  const int64_t inner_stride = plan.in_strides[plan.rank - 1];
  return plan.in_strides[plan.rank - 2] == 1 && inner_stride != 1 && inner_stride != 0;
}

void copy_strided(const StridedCopyPlan& plan, const void* in, void* out) {
  if (plan.empty) return;
  if (uses_transpose_fast_path(plan)) {
    dispatch_element_size<TransposedCopy>(plan, in, out);
  } else {
    dispatch_element_size<GeneralCopy>(plan, in, out);
  }
}

void copy_strided_general(const StridedCopyPlan& plan, const void* in, void* out) {
  if (plan.empty) return;
  dispatch_element_size<GeneralCopy>(plan, in, out);
}

Status StridedCopyKernel::execute(Span<const TensorView> inputs, Span<const TensorView> outputs,
                                  Span<uint8_t> /*scratch*/) {
  copy_strided(plan_, inputs[0].data, outputs[0].data);
  return Status::Ok();
}

}  // namespace edgeq::runtime
