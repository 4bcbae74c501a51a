// ReduceL1, ReduceL2, ReduceLogSum, ReduceLogSumExp, ReduceProd, ReduceSumSquare and ArgMin:
// every axis combination of a 4-D tensor against a per-element reference in double, the axes
// input, noop_with_empty_axes, empty reductions, integers, ties and bad input.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "tests/runtime/kernels/elementwise_test_util.h"
#include "tests/runtime/kernels/kernel_test_util.h"

namespace edgeq::testing {
namespace {

struct Kind {
  OpType op;
  double init;
  double (*fold)(double acc, double x);
  double (*finish)(double acc);
};

const Kind kKinds[] = {
    {OpType::kReduceL1, 0, [](double a, double x) { return a + std::fabs(x); },
     [](double a) { return a; }},
    {OpType::kReduceL2, 0, [](double a, double x) { return a + x * x; },
     [](double a) { return std::sqrt(a); }},
    {OpType::kReduceLogSum, 0, [](double a, double x) { return a + x; },
     [](double a) { return std::log(a); }},
    {OpType::kReduceLogSumExp, 0, [](double a, double x) { return a + std::exp(x); },
     [](double a) { return std::log(a); }},
    {OpType::kReduceProd, 1, [](double a, double x) { return a * x; }, [](double a) { return a; }},
    {OpType::kReduceSumSquare, 0, [](double a, double x) { return a + x * x; },
     [](double a) { return a; }},
};

// Reduces `x` of `shape` over the dims flagged in `reduced`, one element at a time.
std::vector<float> reference_reduce(const Shape& shape, const std::vector<float>& x,
                                    const std::vector<bool>& reduced, const Kind& kind) {
  int64_t out_numel = 1;
  for (int d = 0; d < shape.rank(); ++d) {
    if (!reduced[d]) out_numel *= shape[d];
  }
  std::vector<double> acc(out_numel, kind.init);
  for (int64_t i = 0; i < shape.numel(); ++i) {
    int64_t rest = i, o = 0, stride = 1;
    for (int d = shape.rank() - 1; d >= 0; --d) {
      const int64_t coord = rest % shape[d];
      rest /= shape[d];
      if (reduced[d]) continue;
      o += coord * stride;
      stride *= shape[d];
    }
    acc[o] = kind.fold(acc[o], x[i]);
  }
  std::vector<float> out(out_numel);
  for (int64_t o = 0; o < out_numel; ++o) out[o] = static_cast<float>(kind.finish(acc[o]));
  return out;
}

Attributes reduce_attrs(const std::vector<int64_t>& axes, bool keepdims) {
  Attributes attrs;
  if (!axes.empty()) attrs.set("axes", axes);
  attrs.set("keepdims", int64_t{keepdims ? 1 : 0});
  return attrs;
}

TEST(MoreReductions, EveryAxisSetAgainstReference) {
  const Shape shape{2, 3, 4, 5};
  // Positive values keep ReduceLogSum defined; near 1 keeps ReduceProd's products moderate.
  auto x = random_floats(shape.numel(), 21, 0.5f, 1.5f);
  for (const Kind& kind : kKinds) {
    for (int mask = 0; mask < 16; ++mask) {
      std::vector<int64_t> axes;
      std::vector<bool> reduced(4, mask == 0);
      for (int d = 0; d < 4; ++d) {
        if (mask & (1 << d)) {
          axes.push_back(d % 2 == 0 ? d : d - 4);
          reduced[d] = true;
        }
      }
      for (bool keepdims : {false, true}) {
        auto out = run_kernel(kind.op, reduce_attrs(axes, keepdims), {make_tensor(shape, x)});
        ASSERT_EQ(out.size(), 1u);
        Shape expected_shape;
        for (int d = 0; d < 4; ++d) {
          if (!reduced[d]) expected_shape.push_back(shape[d]);
          if (reduced[d] && keepdims) expected_shape.push_back(1);
        }
        EXPECT_EQ(out[0].shape, expected_shape);
        SCOPED_TRACE(std::string(op_name(kind.op)) + " mask " + std::to_string(mask));
        expect_near(out[0].values<float>(), reference_reduce(shape, x, reduced, kind), 1e-5f,
                    1e-5f);
      }
    }
  }
}

TEST(MoreReductions, HandChecked) {
  auto x = make_tensor<float>({2, 2}, {1.f, -2.f, 3.f, 4.f});
  auto rows = reduce_attrs({1}, false);
  expect_near(run_kernel(OpType::kReduceL1, rows, {x})[0].values<float>(), {3.f, 7.f});
  expect_near(run_kernel(OpType::kReduceL2, rows, {x})[0].values<float>(), {std::sqrt(5.f), 5.f});
  expect_near(run_kernel(OpType::kReduceSumSquare, rows, {x})[0].values<float>(), {5.f, 25.f});
  expect_near(run_kernel(OpType::kReduceProd, rows, {x})[0].values<float>(), {-2.f, 12.f});
  auto y = make_tensor<float>({2, 2}, {1.f, 2.f, 0.f, 0.f});
  auto log_sum = run_kernel(OpType::kReduceLogSum, rows, {y})[0].values<float>();
  EXPECT_FLOAT_EQ(log_sum[0], std::log(3.f));
  EXPECT_EQ(log_sum[1], -INFINITY);
  expect_near(run_kernel(OpType::kReduceLogSumExp, rows, {y})[0].values<float>(),
              {std::log(std::exp(1.f) + std::exp(2.f)), std::log(2.f)});
}

TEST(MoreReductions, LogSumExpOfLargeValuesDoesNotOverflow) {
  auto x = make_tensor<float>({2, 2}, {1000.f, 1000.f, -INFINITY, 3.f});
  auto out = run_kernel(OpType::kReduceLogSumExp, reduce_attrs({1}, false), {x})[0];
  expect_near(out.values<float>(), {1000.f + std::log(2.f), 3.f});
  auto columns = run_kernel(OpType::kReduceLogSumExp, reduce_attrs({0}, true), {x})[0];
  EXPECT_EQ(columns.shape, (Shape{1, 2}));
  expect_near(columns.values<float>(), {1000.f, 1000.f});
  auto all_minus_inf = make_tensor<float>({2}, {-INFINITY, -INFINITY});
  EXPECT_EQ(run_kernel(OpType::kReduceLogSumExp, {}, {all_minus_inf})[0].values<float>(),
            (std::vector<float>{-INFINITY}));
}

TEST(MoreReductions, AxesInputNoopAndEmpty) {
  auto x = make_tensor<float>({2, 3}, {1, 2, 3, 4, 5, 6});
  auto axes = make_tensor<int64_t>({1}, {0});
  Attributes attrs;
  attrs.set("keepdims", int64_t{0});
  EXPECT_EQ(run_kernel(OpType::kReduceProd, attrs, {x, axes})[0].values<float>(),
            (std::vector<float>{4, 10, 18}));
  // noop_with_empty_axes: every element reduced alone.
  auto no_axes = make_tensor_or_empty<int64_t>({0}, {});
  attrs.set("noop_with_empty_axes", int64_t{1});
  auto square = run_kernel(OpType::kReduceSumSquare, attrs, {x, no_axes})[0];
  EXPECT_EQ(square.shape, (Shape{2, 3}));
  EXPECT_EQ(square.values<float>(), (std::vector<float>{1, 4, 9, 16, 25, 36}));
  // Reducing an empty axis: the fold's start value, then the finishing function.
  auto empty = make_tensor_or_empty<float>({2, 0}, {});
  auto rows = reduce_attrs({1}, true);
  EXPECT_EQ(run_kernel(OpType::kReduceProd, rows, {empty})[0].values<float>(),
            (std::vector<float>{1, 1}));
  EXPECT_EQ(run_kernel(OpType::kReduceL1, rows, {empty})[0].values<float>(),
            (std::vector<float>{0, 0}));
  EXPECT_EQ(run_kernel(OpType::kReduceLogSumExp, rows, {empty})[0].values<float>(),
            (std::vector<float>{-INFINITY, -INFINITY}));
}

TEST(MoreReductions, Integers) {
  auto x = make_tensor<int32_t>({2, 3}, {1, -2, 3, -4, 5, -6});
  auto rows = reduce_attrs({1}, false);
  EXPECT_EQ(run_kernel(OpType::kReduceL1, rows, {x})[0].values<int32_t>(),
            (std::vector<int32_t>{6, 15}));
  EXPECT_EQ(run_kernel(OpType::kReduceProd, rows, {x})[0].values<int32_t>(),
            (std::vector<int32_t>{-6, 120}));
  EXPECT_EQ(run_kernel(OpType::kReduceSumSquare, rows, {x})[0].values<int32_t>(),
            (std::vector<int32_t>{14, 77}));
}

TEST(MoreReductions, BadInput) {
  auto ints = make_tensor<int32_t>({2}, {1, 2});
  EXPECT_EQ(kernel_status(OpType::kReduceL2, {}, {ints}).code(), StatusCode::kUnimplemented);
  EXPECT_EQ(kernel_status(OpType::kReduceLogSumExp, {}, {ints}).code(), StatusCode::kUnimplemented);
  auto x = make_tensor<float>({2, 3}, {1, 2, 3, 4, 5, 6});
  Status status = kernel_status(OpType::kReduceL1, reduce_attrs({2}, true), {x});
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(status.to_string().find("ReduceL1"), std::string::npos) << status.to_string();
  EXPECT_FALSE(kernel_status(OpType::kReduceProd, reduce_attrs({0, -2}, true), {x}).ok());
}

// ArgMin reference: the first (or last) smallest index along `axis` of [outer, n, inner].
std::vector<int64_t> reference_argmin(const std::vector<float>& x, int64_t outer, int64_t n,
                                      int64_t inner, bool last) {
  std::vector<int64_t> out(outer * inner);
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t j = 0; j < inner; ++j) {
      int64_t best = 0;
      for (int64_t k = 1; k < n; ++k) {
        const float v = x[(o * n + k) * inner + j];
        const float b = x[(o * n + best) * inner + j];
        if (v < b || (last && v == b)) best = k;
      }
      out[o * inner + j] = best;
    }
  }
  return out;
}

TEST(ArgMin, AxesAndTiesAgainstReference) {
  const Shape shape{3, 4, 5};
  // Few distinct values, so ties are common.
  auto x = random_values<float>(shape.numel(), 8, -3, 3);
  for (int axis = 0; axis < 3; ++axis) {
    for (int64_t last : {0, 1}) {
      Attributes attrs;
      attrs.set("axis", int64_t{axis - 3});
      attrs.set("keepdims", int64_t{0});
      attrs.set("select_last_index", last);
      auto out = run_kernel(OpType::kArgMin, attrs, {make_tensor(shape, x)});
      ASSERT_EQ(out.size(), 1u);
      EXPECT_EQ(out[0].dtype, DType::kI64);
      const int64_t outer = axis == 0 ? 1 : axis == 1 ? 3 : 12;
      const int64_t inner = axis == 0 ? 20 : axis == 1 ? 5 : 1;
      EXPECT_EQ(out[0].values<int64_t>(), reference_argmin(x, outer, shape[axis], inner, last))
          << "axis " << axis << " last " << last;
    }
  }
  auto hand = run_kernel(OpType::kArgMin, {}, {make_tensor<int32_t>({3, 1}, {5, -1, -1})})[0];
  EXPECT_EQ(hand.shape, (Shape{1, 1}));
  EXPECT_EQ(hand.values<int64_t>(), (std::vector<int64_t>{1}));
  Attributes bad_axis;
  bad_axis.set("axis", int64_t{2});
  EXPECT_EQ(kernel_status(OpType::kArgMin, bad_axis, {make_tensor<float>({2}, {1, 2})}).code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace edgeq::testing
