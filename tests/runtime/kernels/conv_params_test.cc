// Window geometry: output sizes and padding for each auto_pad mode, ceil_mode, the transposed
// geometry, and the errors for bad attributes.
#include "runtime/kernels/conv_params.h"

#include <gtest/gtest.h>

#include <string>

namespace edgeq::runtime {
namespace {

Result<WindowGeometry> forward(const Attributes& attrs, const Shape& input,
                               const std::vector<int64_t>& kernel) {
  EDGEQ_ASSIGN_OR_RETURN(WindowAttributes window, parse_window_attributes(attrs));
  return forward_window_geometry(window, input, kernel);
}

TEST(ConvParamsTest, CanonicalThreeDimensionalForm) {
  Attributes attrs;
  attrs.set("strides", std::vector<int64_t>{2});
  attrs.set("pads", std::vector<int64_t>{1, 2});
  auto g = forward(attrs, Shape{1, 1, 10}, {3});
  ASSERT_TRUE(g.ok()) << g.status().to_string();
  EXPECT_EQ(g->spatial_rank, 1);
  EXPECT_EQ(g->input[0], 1);
  EXPECT_EQ(g->input[1], 1);
  EXPECT_EQ(g->input[2], 10);
  EXPECT_EQ(g->output[2], 6);  // (10 + 3 - 3) / 2 + 1
  EXPECT_EQ(g->pad_begin[2], 1);
  EXPECT_EQ(g->pad_end[2], 2);
  EXPECT_EQ(g->output_size(), 6);
}

TEST(ConvParamsTest, AutoPadSplitsTheOddPadding) {
  for (const char* mode : {"SAME_UPPER", "SAME_LOWER"}) {
    Attributes attrs;
    attrs.set("auto_pad", std::string(mode));
    attrs.set("strides", std::vector<int64_t>{2, 1});
    auto g = forward(attrs, Shape{1, 1, 7, 6}, {4, 4});
    ASSERT_TRUE(g.ok());
    EXPECT_EQ(g->output[1], 4);  // ceil(7 / 2), total padding 3
    EXPECT_EQ(g->output[2], 6);  // total padding 3
    const bool upper = std::string(mode) == "SAME_UPPER";
    EXPECT_EQ(g->pad_begin[1], upper ? 1 : 2);
    EXPECT_EQ(g->pad_end[1], upper ? 2 : 1);
  }
  Attributes valid;
  valid.set("auto_pad", std::string("VALID"));
  valid.set("pads", std::vector<int64_t>{1, 1, 1, 1});
  auto g = forward(valid, Shape{1, 1, 7, 6}, {3, 3});
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g->output[1], 5);
  EXPECT_EQ(g->pad_begin[1], 0);
}

TEST(ConvParamsTest, CeilModeDropsAWindowStartingInThePadding) {
  Attributes attrs;
  attrs.set("ceil_mode", int64_t{1});
  attrs.set("strides", std::vector<int64_t>{2});
  attrs.set("pads", std::vector<int64_t>{1, 1});
  auto g = forward(attrs, Shape{1, 1, 6}, {2});
  ASSERT_TRUE(g.ok());
  // ceil((6 + 2 - 2) / 2) + 1 = 4; the 4th window starts at input 5, inside: kept.
  EXPECT_EQ(g->output[2], 4);
  auto h = forward(attrs, Shape{1, 1, 5}, {2});
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->output[2], 3);  // ceil(5 / 2) + 1 = 4, but the 4th starts at input 5: padding
}

TEST(ConvParamsTest, TransposedGeometry) {
  Attributes attrs;
  attrs.set("strides", std::vector<int64_t>{3, 2});
  attrs.set("output_shape", std::vector<int64_t>{10, 8});
  auto window = parse_window_attributes(attrs);
  ASSERT_TRUE(window.ok());
  auto g = transposed_window_geometry(attrs, *window, Shape{1, 1, 3, 3}, {3, 3});
  ASSERT_TRUE(g.ok()) << g.status().to_string();
  EXPECT_EQ(g->input[1], 10);
  EXPECT_EQ(g->input[2], 8);
  EXPECT_EQ(g->output[1], 3);
  EXPECT_EQ(g->pad_begin[1], 0);
  EXPECT_EQ(g->pad_end[1], -1);  // one more row than the full result: a zero row at the end
}

TEST(ConvParamsTest, RejectsBadAttributes) {
  auto expect_invalid = [](const Attributes& attrs, const Shape& input) {
    Status s = forward(attrs, input, {3, 3}).status();
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << attrs.to_string() << " " << s.message();
  };
  Attributes attrs;
  attrs.set("pads", std::vector<int64_t>{1, 1, 1});
  expect_invalid(attrs, Shape{1, 1, 5, 5});
  attrs.set("pads", std::vector<int64_t>{-1, 0, 0, 0});
  expect_invalid(attrs, Shape{1, 1, 5, 5});
  Attributes strides;
  strides.set("strides", std::vector<int64_t>{1, 0});
  expect_invalid(strides, Shape{1, 1, 5, 5});
  Attributes dilations;
  dilations.set("dilations", std::vector<int64_t>{3, 3});
  expect_invalid(dilations, Shape{1, 1, 6, 6});  // dilated extent 7 > 6
  Attributes auto_pad;
  auto_pad.set("auto_pad", std::string("SAME"));
  expect_invalid(auto_pad, Shape{1, 1, 5, 5});
  WindowAttributes none;
  EXPECT_EQ(forward_window_geometry(none, Shape{1, 1, 2, 2, 2, 2}, {1, 1, 1, 1}).status().code(),
            StatusCode::kUnimplemented);  // 4 spatial dims
}

}  // namespace
}  // namespace edgeq::runtime
