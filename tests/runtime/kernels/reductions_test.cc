// ReduceMean, ReduceMax, ReduceMin, ReduceSum and ArgMax: every axis combination of a 4-D tensor
// against a per-element reference, keepdims, axes as attribute or input, noop_with_empty_axes,
// integer dtypes, empty tensors and bad input.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "tests/runtime/kernels/elementwise_test_util.h"
#include "tests/runtime/kernels/kernel_test_util.h"

namespace edgeq::testing {
namespace {

enum class Kind { kMean, kMax, kMin, kSum };

OpType op_of(Kind kind) {
  switch (kind) {
    case Kind::kMean:
      return OpType::kReduceMean;
    case Kind::kMax:
      return OpType::kReduceMax;
    case Kind::kMin:
      return OpType::kReduceMin;
    default:
      return OpType::kReduceSum;
  }
}

// Reduces `x` of `shape` over the dims flagged in `reduced`, one element at a time, in double.
std::vector<double> reference_reduce(const Shape& shape, const std::vector<double>& x,
                                     const std::vector<bool>& reduced, Kind kind) {
  int64_t out_numel = 1, count = 1;
  for (int d = 0; d < shape.rank(); ++d) (reduced[d] ? count : out_numel) *= shape[d];
  const double init = kind == Kind::kMax ? -INFINITY : kind == Kind::kMin ? INFINITY : 0.0;
  std::vector<double> out(out_numel, init);
  for (int64_t i = 0; i < shape.numel(); ++i) {
    int64_t rest = i, o = 0, stride = 1;
    for (int d = shape.rank() - 1; d >= 0; --d) {
      const int64_t coord = rest % shape[d];
      rest /= shape[d];
      if (reduced[d]) continue;
      o += coord * stride;
      stride *= shape[d];
    }
    if (kind == Kind::kMax) {
      out[o] = std::fmax(out[o], x[i]);
    } else if (kind == Kind::kMin) {
      out[o] = std::fmin(out[o], x[i]);
    } else {
      out[o] += x[i];
    }
  }
  if (kind == Kind::kMean) {
    for (double& v : out) v /= count;
  }
  return out;
}

Attributes reduce_attrs(const std::vector<int64_t>& axes, bool keepdims) {
  Attributes attrs;
  if (!axes.empty()) attrs.set("axes", axes);
  attrs.set("keepdims", int64_t{keepdims ? 1 : 0});
  return attrs;
}

TEST(Reduce, EveryAxisSetAgainstReference) {
  const Shape shape{2, 3, 4, 5};
  auto x = random_floats(shape.numel(), 21, -10.f, 10.f);
  const std::vector<double> xd(x.begin(), x.end());
  for (int mask = 0; mask < 16; ++mask) {
    std::vector<int64_t> axes;
    std::vector<bool> reduced(4, mask == 0);  // no axes: reduce all
    for (int d = 0; d < 4; ++d) {
      if (mask & (1 << d)) {
        axes.push_back(d % 2 == 0 ? d : d - 4);  // mix positive and negative axes
        reduced[d] = true;
      }
    }
    for (bool keepdims : {true, false}) {
      Shape expected_shape;
      for (int d = 0; d < 4; ++d) {
        if (!reduced[d]) expected_shape.push_back(shape[d]);
        if (reduced[d] && keepdims) expected_shape.push_back(1);
      }
      for (Kind kind : {Kind::kMean, Kind::kMax, Kind::kMin, Kind::kSum}) {
        SCOPED_TRACE(str_cat(op_name(op_of(kind)), " mask ", mask, " keepdims ", keepdims));
        auto out = run_kernel(op_of(kind), reduce_attrs(axes, keepdims), {make_tensor(shape, x)});
        ASSERT_EQ(out.size(), 1u);
        EXPECT_EQ(out[0].shape, expected_shape);
        auto expected = reference_reduce(shape, xd, reduced, kind);
        expect_near(out[0].values<float>(), std::vector<float>(expected.begin(), expected.end()),
                    1e-5f, 1e-4f);
      }
    }
  }
}

TEST(Reduce, AxesAsInputAndNoop) {
  auto x = make_tensor<float>({2, 3}, {1, 2, 3, 4, 5, 6});
  auto axes = make_tensor<int64_t>({1}, {1});
  Attributes attrs;
  attrs.set("keepdims", int64_t{0});
  auto sum = run_kernel(OpType::kReduceSum, attrs, {x, axes})[0];
  EXPECT_EQ(sum.shape, (Shape{2}));
  EXPECT_EQ(sum.values<float>(), (std::vector<float>{6, 15}));
  // Empty axes input: reduce all, or nothing with noop_with_empty_axes.
  auto no_axes = make_tensor_or_empty<int64_t>({0}, {});
  auto all = run_kernel(OpType::kReduceMax, {}, {x, no_axes})[0];
  EXPECT_EQ(all.shape, (Shape{1, 1}));
  EXPECT_EQ(all.values<float>(), (std::vector<float>{6}));
  attrs.set("noop_with_empty_axes", int64_t{1});
  auto noop = run_kernel(OpType::kReduceMean, attrs, {x, no_axes})[0];
  EXPECT_EQ(noop.shape, (Shape{2, 3}));
  EXPECT_EQ(noop.values<float>(), x.values<float>());
  auto absent = run_kernel(OpType::kReduceMin, attrs, {x, TestTensor{}})[0];
  EXPECT_EQ(absent.values<float>(), x.values<float>());
}

TEST(Reduce, IntegersAndEmpty) {
  auto x = make_tensor<int64_t>({2, 3}, {1, -2, 3, 4, 5, -7});
  auto axes = reduce_attrs({1}, false);
  EXPECT_EQ(run_kernel(OpType::kReduceSum, axes, {x})[0].values<int64_t>(),
            (std::vector<int64_t>{2, 2}));
  EXPECT_EQ(run_kernel(OpType::kReduceMax, axes, {x})[0].values<int64_t>(),
            (std::vector<int64_t>{3, 5}));
  EXPECT_EQ(run_kernel(OpType::kReduceMin, axes, {x})[0].values<int64_t>(),
            (std::vector<int64_t>{-2, -7}));
  EXPECT_EQ(run_kernel(OpType::kReduceMean, axes, {x})[0].values<int64_t>(),
            (std::vector<int64_t>{0, 0}));
  auto y = make_tensor<int32_t>({3}, {7, 8, 10});
  EXPECT_EQ(run_kernel(OpType::kReduceMean, {}, {y})[0].values<int32_t>(),
            (std::vector<int32_t>{8}));

  // Reducing an empty axis gives the identity: 0 for sums, -inf for max.
  auto empty = make_tensor_or_empty<float>({2, 0}, {});
  auto sum = run_kernel(OpType::kReduceSum, reduce_attrs({1}, true), {empty})[0];
  EXPECT_EQ(sum.shape, (Shape{2, 1}));
  EXPECT_EQ(sum.values<float>(), (std::vector<float>{0, 0}));
  auto max = run_kernel(OpType::kReduceMax, reduce_attrs({1}, false), {empty})[0];
  EXPECT_EQ(max.values<float>(), (std::vector<float>(2, -INFINITY)));
  auto kept = run_kernel(OpType::kReduceSum, reduce_attrs({1}, true),
                         {make_tensor_or_empty<float>({0, 3}, {})})[0];
  EXPECT_EQ(kept.shape, (Shape{0, 1}));
}

TEST(Reduce, RejectsBadInput) {
  auto x = make_tensor<float>({2, 3}, std::vector<float>(6, 1.f));
  Status range = kernel_status(OpType::kReduceMean, reduce_attrs({2}, true), {x});
  EXPECT_EQ(range.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(range.message().find("axis 2"), std::string::npos) << range.message();
  EXPECT_EQ(kernel_status(OpType::kReduceSum, reduce_attrs({1, -1}, true), {x}).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(kernel_status(OpType::kReduceSum, {}, {x, make_tensor<int32_t>({1}, {0})}).code(),
            StatusCode::kInvalidArgument);
  TestTensor half{DType::kF16, Shape{1}, {0, 0}};
  EXPECT_EQ(kernel_status(OpType::kReduceMax, {}, {half}).code(), StatusCode::kUnimplemented);

  // Axes that are not constant (no data at prepare) cannot be planned.
  auto kernel = runtime::create_portable_kernel(OpType::kReduceSum);
  ASSERT_TRUE(kernel.ok());
  TensorView inputs[] = {x.view(), TensorView(DType::kI64, Shape{1})};
  TensorView outputs[1];
  Status status =
      kernel.value()->prepare({}, Span<const TensorView>(inputs), Span<TensorView>(outputs));
  EXPECT_EQ(status.code(), StatusCode::kUnimplemented);
  EXPECT_NE(status.message().find("constant"), std::string::npos) << status.message();
}

// ArgMax of x viewed as [outer, n, inner] along the middle dim.
std::vector<int64_t> reference_argmax(const std::vector<float>& x, int64_t outer, int64_t n,
                                      int64_t inner, bool last) {
  std::vector<int64_t> out(outer * inner);
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t j = 0; j < inner; ++j) {
      int64_t best = 0;
      for (int64_t k = 1; k < n; ++k) {
        const float v = x[(o * n + k) * inner + j], b = x[(o * n + best) * inner + j];
        if (v > b || (last && v == b)) best = k;
      }
      out[o * inner + j] = best;
    }
  }
  return out;
}

TEST(ArgMax, AxesKeepdimsAndTiesAgainstReference) {
  const Shape shape{3, 4, 5};
  std::vector<float> x = random_floats(shape.numel(), 31, 0.f, 4.f);
  for (float& v : x) v = std::floor(v);  // many ties
  struct Case {
    int64_t axis, outer, n, inner;
    Shape kept, dropped;
  };
  const Case cases[] = {{0, 1, 3, 20, {1, 4, 5}, {4, 5}},
                        {1, 3, 4, 5, {3, 1, 5}, {3, 5}},
                        {-1, 12, 5, 1, {3, 4, 1}, {3, 4}}};
  for (const Case& c : cases) {
    for (bool last : {false, true}) {
      for (bool keepdims : {false, true}) {
        Attributes attrs;
        attrs.set("axis", c.axis);
        attrs.set("keepdims", int64_t{keepdims});
        attrs.set("select_last_index", int64_t{last});
        auto out = run_kernel(OpType::kArgMax, attrs, {make_tensor(shape, x)})[0];
        EXPECT_EQ(out.dtype, DType::kI64);
        EXPECT_EQ(out.shape, keepdims ? c.kept : c.dropped);
        EXPECT_EQ(out.values<int64_t>(), reference_argmax(x, c.outer, c.n, c.inner, last))
            << "axis " << c.axis << " last " << last;
      }
    }
  }
}

TEST(ArgMax, IntegersDefaultsAndBadInput) {
  auto x = make_tensor<int32_t>({2, 2}, {1, 9, 8, 2});
  auto out = run_kernel(OpType::kArgMax, {}, {x})[0];
  EXPECT_EQ(out.shape, (Shape{1, 2}));
  EXPECT_EQ(out.values<int64_t>(), (std::vector<int64_t>{1, 0}));
  Attributes axis;
  axis.set("axis", int64_t{2});
  EXPECT_EQ(kernel_status(OpType::kArgMax, axis, {x}).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(kernel_status(OpType::kArgMax, {}, {make_tensor_or_empty<float>({0, 2}, {})}).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(kernel_status(OpType::kArgMax, {}, {make_bool_tensor({1}, {1})}).code(),
            StatusCode::kUnimplemented);
}

}  // namespace
}  // namespace edgeq::testing
