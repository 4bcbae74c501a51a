// CumSum, GatherElements, Trilu and Size: random inputs against straightforward references,
// hand-checked cases (exclusive/reverse, negative indices, k far outside the matrix), runtime
// axis and k inputs, and bad input (an out-of-range index fails at execute, naming it).
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "tests/runtime/kernels/elementwise_test_util.h"
#include "tests/runtime/kernels/kernel_test_util.h"

namespace edgeq::testing {
namespace {

Attributes cumsum_attrs(bool exclusive, bool reverse) {
  Attributes attrs;
  attrs.set("exclusive", int64_t{exclusive ? 1 : 0});
  attrs.set("reverse", int64_t{reverse ? 1 : 0});
  return attrs;
}

TEST(CumSum, EveryAxisAndModeAgainstReference) {
  const Shape shape{3, 4, 5};
  auto x = random_floats(shape.numel(), 71, -2, 2);
  const int64_t dims[] = {3, 4, 5};
  for (int axis = -3; axis < 3; ++axis) {
    const int d = axis < 0 ? axis + 3 : axis;
    int64_t inner = 1;
    for (int i = d + 1; i < 3; ++i) inner *= dims[i];
    for (bool exclusive : {false, true}) {
      for (bool reverse : {false, true}) {
        auto out = run_kernel(OpType::kCumSum, cumsum_attrs(exclusive, reverse),
                              {make_tensor(shape, x), make_tensor<int32_t>({}, {axis})});
        ASSERT_EQ(out.size(), 1u);
        std::vector<float> expected(x.size());
        for (int64_t i = 0; i < shape.numel(); ++i) {
          const int64_t k = (i / inner) % dims[d];
          double sum = 0;
          for (int64_t m = 0; m < dims[d]; ++m) {
            const bool in_range =
                reverse ? (exclusive ? m > k : m >= k) : (exclusive ? m < k : m <= k);
            if (in_range) sum += x[i + (m - k) * inner];
          }
          expected[i] = static_cast<float>(sum);
        }
        SCOPED_TRACE("axis " + std::to_string(axis) + " exclusive " + std::to_string(exclusive) +
                     " reverse " + std::to_string(reverse));
        expect_near(out[0].values<float>(), expected, 1e-5f, 1e-5f);
      }
    }
  }
}

TEST(CumSum, HandCheckedIntegersAndRuntimeAxis) {
  auto x = make_tensor<int64_t>({5}, {1, 2, 3, 4, 5});
  auto axis = make_tensor<int64_t>({1}, {0});
  EXPECT_EQ(run_kernel(OpType::kCumSum, {}, {x, axis})[0].values<int64_t>(),
            (std::vector<int64_t>{1, 3, 6, 10, 15}));
  EXPECT_EQ(run_kernel(OpType::kCumSum, cumsum_attrs(true, true), {x, axis})[0].values<int64_t>(),
            (std::vector<int64_t>{14, 12, 9, 5, 0}));
  // A runtime axis: prepare sees no data, execute reads it.
  auto kernel = runtime::create_portable_kernel(OpType::kCumSum);
  ASSERT_TRUE(kernel.ok());
  auto values = make_tensor<float>({2, 2}, {1, 2, 3, 4});
  TensorView inputs[] = {TensorView(DType::kF32, Shape{2, 2}), TensorView(DType::kI32, Shape{})};
  TensorView outputs[1];
  ASSERT_TRUE(
      kernel.value()->prepare({}, Span<const TensorView>(inputs), Span<TensorView>(outputs)).ok());
  EXPECT_EQ(outputs[0].shape, (Shape{2, 2}));
  std::vector<float> y(4);
  for (int32_t a : {1, 5}) {
    TensorView run_inputs[] = {values.view(), TensorView(DType::kI32, Shape{}, &a)};
    TensorView run_outputs[] = {TensorView(DType::kF32, Shape{2, 2}, y.data())};
    Status status = kernel.value()->execute(Span<const TensorView>(run_inputs),
                                            Span<const TensorView>(run_outputs), {});
    if (a == 1) {
      ASSERT_TRUE(status.ok()) << status.to_string();
      EXPECT_EQ(y, (std::vector<float>{1, 3, 3, 7}));
    } else {
      EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
      EXPECT_NE(status.to_string().find("axis 5"), std::string::npos) << status.to_string();
    }
  }
}

TEST(CumSum, BadInput) {
  auto x = make_tensor<float>({2}, {1, 2});
  EXPECT_EQ(kernel_status(OpType::kCumSum, {}, {x, make_tensor<int64_t>({}, {1})}).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(kernel_status(OpType::kCumSum, {}, {x, make_tensor<float>({}, {0})}).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(kernel_status(OpType::kCumSum, {}, {x, make_tensor<int64_t>({2}, {0, 0})}).code(),
            StatusCode::kInvalidArgument);
}

TEST(GatherElements, EveryAxisAgainstReference) {
  const Shape data_shape{3, 4, 5};
  auto data = random_floats(data_shape.numel(), 81);
  const int64_t dims[] = {3, 4, 5};
  for (int axis = 0; axis < 3; ++axis) {
    // indices: [2, 3, 4], with the axis dim 6 (longer than data's), values in [-n, n).
    int64_t index_dims[] = {2, 3, 4};
    index_dims[axis] = 6;
    const Shape index_shape{index_dims[0], index_dims[1], index_dims[2]};
    const int64_t n = dims[axis];
    auto raw = random_values<int64_t>(index_shape.numel(), 82 + axis, -static_cast<float>(n),
                                      static_cast<float>(n) - 0.01f);
    Attributes attrs;
    attrs.set("axis", int64_t{axis});
    auto out = run_kernel(OpType::kGatherElements, attrs,
                          {make_tensor(data_shape, data), make_tensor(index_shape, raw)});
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].shape, index_shape);
    std::vector<float> expected(raw.size());
    for (int64_t i = 0; i < index_shape.numel(); ++i) {
      int64_t coord[3] = {i / (index_dims[1] * index_dims[2]), (i / index_dims[2]) % index_dims[1],
                          i % index_dims[2]};
      coord[axis] = raw[i] < 0 ? raw[i] + n : raw[i];
      expected[i] = data[(coord[0] * 4 + coord[1]) * 5 + coord[2]];
    }
    EXPECT_EQ(out[0].values<float>(), expected) << "axis " << axis;
  }
}

TEST(GatherElements, HandCheckedAndOutOfRange) {
  // The ONNX example: axis 1 of [[1, 2], [3, 4]] with [[0, 0], [1, 0]].
  auto data = make_tensor<int32_t>({2, 2}, {1, 2, 3, 4});
  Attributes attrs;
  attrs.set("axis", int64_t{1});
  auto out = run_kernel(OpType::kGatherElements, attrs,
                        {data, make_tensor<int32_t>({2, 2}, {0, 0, 1, -2})})[0];
  EXPECT_EQ(out.values<int32_t>(), (std::vector<int32_t>{1, 1, 4, 3}));
  Status status =
      kernel_status(OpType::kGatherElements, attrs, {data, make_tensor<int64_t>({1, 2}, {1, 2})});
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(status.to_string().find("index 2"), std::string::npos) << status.to_string();
  EXPECT_EQ(
      kernel_status(OpType::kGatherElements, attrs, {data, make_tensor<int64_t>({3, 1}, {0, 0, 0})})
          .code(),
      StatusCode::kInvalidArgument);  // dim 0 larger than data's
  EXPECT_EQ(kernel_status(OpType::kGatherElements, attrs, {data, make_tensor<int64_t>({2}, {0, 0})})
                .code(),
            StatusCode::kInvalidArgument);  // rank differs
}

// Reference Trilu on [batch, rows, cols].
std::vector<float> reference_trilu(const std::vector<float>& x, int64_t batch, int64_t rows,
                                   int64_t cols, bool upper, int64_t k) {
  std::vector<float> out(x.size());
  for (int64_t b = 0; b < batch; ++b) {
    for (int64_t i = 0; i < rows; ++i) {
      for (int64_t j = 0; j < cols; ++j) {
        const int64_t at = (b * rows + i) * cols + j;
        const bool keep = upper ? j >= i + k : j <= i + k;
        out[at] = keep ? x[at] : 0.f;
      }
    }
  }
  return out;
}

TEST(Trilu, UpperLowerAndEveryKAgainstReference) {
  for (const Shape& shape : {Shape{2, 3, 5}, Shape{2, 5, 3}}) {
    auto x = random_floats(shape.numel(), 91, 1, 2);
    for (int64_t upper : {0, 1}) {
      for (int64_t k = -7; k <= 7; ++k) {
        Attributes attrs;
        attrs.set("upper", upper);
        auto out = run_kernel(OpType::kTrilu, attrs,
                              {make_tensor(shape, x), make_tensor<int64_t>({}, {k})});
        ASSERT_EQ(out.size(), 1u);
        EXPECT_EQ(out[0].values<float>(), reference_trilu(x, 2, shape[1], shape[2], upper != 0, k))
            << shape.to_string() << " upper " << upper << " k " << k;
      }
    }
  }
}

TEST(Trilu, DefaultsHugeKAndBadInput) {
  auto x = make_tensor<int64_t>({2, 2}, {1, 2, 3, 4});
  EXPECT_EQ(run_kernel(OpType::kTrilu, {}, {x})[0].values<int64_t>(),
            (std::vector<int64_t>{1, 2, 0, 4}));
  Attributes lower;
  lower.set("upper", int64_t{0});
  auto huge = make_tensor<int64_t>({1}, {INT64_MAX});
  EXPECT_EQ(run_kernel(OpType::kTrilu, lower, {x, huge})[0].values<int64_t>(),
            (std::vector<int64_t>{1, 2, 3, 4}));
  auto tiny = make_tensor<int64_t>({1}, {INT64_MIN});
  EXPECT_EQ(run_kernel(OpType::kTrilu, lower, {x, tiny})[0].values<int64_t>(),
            (std::vector<int64_t>{0, 0, 0, 0}));
  EXPECT_EQ(kernel_status(OpType::kTrilu, {}, {make_tensor<float>({3}, {1, 2, 3})}).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(kernel_status(OpType::kTrilu, {}, {x, make_tensor<float>({}, {1})}).code(),
            StatusCode::kInvalidArgument);
}

TEST(Size, CountsElements) {
  auto out = run_kernel(OpType::kSize, {}, {make_tensor<float>({2, 3, 4}, random_floats(24, 1))});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].dtype, DType::kI64);
  EXPECT_EQ(out[0].shape, Shape{});
  EXPECT_EQ(out[0].values<int64_t>(), (std::vector<int64_t>{24}));
  auto empty = run_kernel(OpType::kSize, {}, {make_tensor_or_empty<int32_t>({3, 0}, {})})[0];
  EXPECT_EQ(empty.values<int64_t>(), (std::vector<int64_t>{0}));
  EXPECT_EQ(kernel_status(OpType::kSize, {}, {TestTensor{}}).code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace edgeq::testing
