// Pad: ONNX's examples for each mode, negative pads, the attribute (opset < 11) and input forms,
// the opset-18 axes input, other dtypes, and a 3-D random case against an index-mapping loop.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/runtime/kernels/kernel_test_util.h"

namespace edgeq::testing {
namespace {

const std::vector<float> kX = {1.0f, 1.2f, 2.3f, 3.4f, 4.5f, 5.7f};  // [3, 2]

std::vector<float> pad_3x2(const std::string& mode, const std::vector<int64_t>& pads) {
  Attributes attrs;
  attrs.set("mode", mode);
  auto out =
      run_kernel(OpType::kPad, attrs, {make_tensor(Shape{3, 2}, kX), make_tensor(Shape{4}, pads)});
  EXPECT_EQ(out.size(), 1u);
  return out.empty() ? std::vector<float>{} : out[0].values<float>();
}

TEST(PadTest, ModesOnOnnxExample) {
  expect_near(pad_3x2("constant", {0, 2, 0, 0}),
              {0, 0, 1.0f, 1.2f, 0, 0, 2.3f, 3.4f, 0, 0, 4.5f, 5.7f});
  expect_near(pad_3x2("reflect", {0, 2, 0, 0}),
              {1.0f, 1.2f, 1.0f, 1.2f, 2.3f, 3.4f, 2.3f, 3.4f, 4.5f, 5.7f, 4.5f, 5.7f});
  expect_near(pad_3x2("edge", {0, 2, 0, 0}),
              {1.0f, 1.0f, 1.0f, 1.2f, 2.3f, 2.3f, 2.3f, 3.4f, 4.5f, 4.5f, 4.5f, 5.7f});
  expect_near(pad_3x2("reflect", {2, 0, 0, 0}),
              {4.5f, 5.7f, 2.3f, 3.4f, 1.0f, 1.2f, 2.3f, 3.4f, 4.5f, 5.7f});
}

TEST(PadTest, ReflectWiderThanTheDimRepeats) {
  // [1.0, 1.2] reflected 3 to the left: ... 1.2, 1.0, 1.2 | 1.0, 1.2
  expect_near(pad_3x2("reflect", {0, 3, 0, 0}), {1.2f, 1.0f, 1.2f, 1.0f, 1.2f, 3.4f, 2.3f, 3.4f,
                                                 2.3f, 3.4f, 5.7f, 4.5f, 5.7f, 4.5f, 5.7f});
}

TEST(PadTest, NegativePadsCrop) {
  expect_near(pad_3x2("constant", {-1, 1, 0, -1}), {0, 2.3f, 0, 4.5f});
}

TEST(PadTest, AttributeFormAndConstantValue) {
  Attributes attrs;
  attrs.set("pads", std::vector<int64_t>{1, 0, 0, 1});
  attrs.set("value", 9.f);
  auto out = run_kernel(OpType::kPad, attrs, {make_tensor(Shape{3, 2}, kX)});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].shape, (Shape{4, 3}));
  expect_near(out[0].values<float>(), {9, 9, 9, 1.0f, 1.2f, 9, 2.3f, 3.4f, 9, 4.5f, 5.7f, 9});

  auto with_input = run_kernel(
      OpType::kPad, Attributes(),
      {make_tensor(Shape{3, 2}, kX), make_tensor(Shape{4}, std::vector<int64_t>{0, 0, 1, 0}),
       make_tensor(Shape{}, std::vector<float>{-2.f})});
  ASSERT_EQ(with_input.size(), 1u);
  expect_near(with_input[0].values<float>(), {1.0f, 1.2f, 2.3f, 3.4f, 4.5f, 5.7f, -2.f, -2.f});
}

TEST(PadTest, AxesInputAndInt8) {
  const std::vector<int8_t> x = {1, 2, 3, 4, 5, 6};
  auto out =
      run_kernel(OpType::kPad, Attributes(),
                 {make_tensor(Shape{3, 2}, x), make_tensor(Shape{2}, std::vector<int64_t>{1, 0}),
                  TestTensor{}, make_tensor(Shape{1}, std::vector<int64_t>{-1})});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].shape, (Shape{3, 3}));
  EXPECT_EQ(out[0].values<int8_t>(), (std::vector<int8_t>{0, 1, 2, 0, 3, 4, 0, 5, 6}));
}

TEST(PadTest, ThreeDimsAgainstIndexMapping) {
  const Shape shape{3, 4, 5};
  const auto x = random_floats(shape.numel(), 71);
  const std::vector<int64_t> pads = {1, 2, 3, 2, -1, 4};
  for (const char* mode : {"reflect", "edge", "constant"}) {
    SCOPED_TRACE(mode);
    Attributes attrs;
    attrs.set("mode", std::string(mode));
    auto out =
        run_kernel(OpType::kPad, attrs, {make_tensor(shape, x), make_tensor(Shape{6}, pads)});
    ASSERT_EQ(out.size(), 1u);
    const Shape want{6, 5, 12};
    ASSERT_EQ(out[0].shape, want);
    std::vector<float> expected;
    auto source = [&](int64_t i, int64_t n, bool* constant) {
      if (i >= 0 && i < n) return i;
      if (std::string(mode) == "edge") return i < 0 ? int64_t{0} : n - 1;
      if (std::string(mode) == "reflect") return i < 0 ? -i : 2 * (n - 1) - i;
      *constant = true;
      return int64_t{0};
    };
    for (int64_t a = 0; a < 6; ++a) {
      for (int64_t b = 0; b < 5; ++b) {
        for (int64_t c = 0; c < 12; ++c) {
          bool constant = false;
          const int64_t sa = source(a - 1, 3, &constant), sb = source(b - 2, 4, &constant),
                        sc = source(c - 3, 5, &constant);
          expected.push_back(constant ? 0.f : x[(sa * 4 + sb) * 5 + sc]);
        }
      }
    }
    expect_near(out[0].values<float>(), expected);
  }
}

TEST(PadTest, RejectsBadInput) {
  Attributes reflect;
  reflect.set("mode", std::string("reflect"));
  EXPECT_EQ(kernel_status(OpType::kPad, reflect,
                          {TestTensor{DType::kF32, Shape{3, 0}, {}},
                           make_tensor(Shape{4}, std::vector<int64_t>{0, 1, 0, 0})})
                .code(),
            StatusCode::kInvalidArgument);  // nothing to reflect
  EXPECT_EQ(kernel_status(OpType::kPad, Attributes(),
                          {make_tensor(Shape{3, 2}, kX),
                           make_tensor(Shape{3}, std::vector<int64_t>{0, 3, 0})})
                .code(),
            StatusCode::kInvalidArgument);  // 3 pads for rank 2
  EXPECT_EQ(kernel_status(OpType::kPad, Attributes(),
                          {make_tensor(Shape{3, 2}, kX),
                           make_tensor(Shape{4}, std::vector<int64_t>{-2, 0, -2, 0})})
                .code(),
            StatusCode::kInvalidArgument);  // crops more than the dim holds
  Attributes wrap;
  wrap.set("mode", std::string("wrap"));
  EXPECT_EQ(kernel_status(OpType::kPad, wrap,
                          {make_tensor(Shape{3, 2}, kX),
                           make_tensor(Shape{4}, std::vector<int64_t>{0, 1, 0, 0})})
                .code(),
            StatusCode::kUnimplemented);
}

}  // namespace
}  // namespace edgeq::testing
