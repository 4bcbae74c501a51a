// DepthToSpace (DCR) through the XNNPACK delegate vs the portable kernel: block sizes 2 and 3, odd
// sizes, batch, inside a partition between convolutions; and the rejections (CRD, blocksize 1,
// not 4-D).
#include "tests/delegate/delegate_test_util.h"

namespace edgeq::testing {
namespace {

struct DepthToSpaceCase {
  Shape input;
  int64_t block;
};

Attributes depth_to_space_attrs(int64_t block, const std::string& mode = "DCR") {
  Attributes attrs;
  attrs.set("blocksize", block);
  attrs.set("mode", mode);
  return attrs;
}

class XnnpackDepthToSpaceTest : public ::testing::TestWithParam<DepthToSpaceCase> {};

TEST_P(XnnpackDepthToSpaceTest, MatchesPortable) {
  DelegateCase c;
  c.node(OpType::kDepthToSpace, {c.input(GetParam().input)},
         depth_to_space_attrs(GetParam().block));
  expect_delegate_matches_portable(c);
}

INSTANTIATE_TEST_SUITE_P(Shapes, XnnpackDepthToSpaceTest,
                         ::testing::Values(DepthToSpaceCase{{1, 4, 3, 5}, 2},
                                           DepthToSpaceCase{{2, 12, 5, 4}, 2},
                                           DepthToSpaceCase{{1, 18, 3, 3}, 3},
                                           DepthToSpaceCase{{3, 9, 1, 7}, 3},
                                           DepthToSpaceCase{{1, 32, 2, 3}, 4}));

TEST(XnnpackDepthToSpaceChain, BetweenConvolutionsInOnePartition) {
  // The sub-pixel upsampling pattern: conv to C * b² channels, DepthToSpace, conv.
  DelegateCase c;
  Attributes same;
  same.set("pads", std::vector<int64_t>{1, 1, 1, 1});
  ir::Value* a =
      c.node(OpType::kConv, {c.input({2, 3, 5, 7}), c.random_constant({12, 3, 3, 3})}, same, false);
  ir::Value* b = c.node(OpType::kDepthToSpace, {a}, depth_to_space_attrs(2), false);
  c.node(OpType::kConv, {b, c.random_constant({2, 3, 3, 3}), c.random_constant({2})}, same);
  expect_delegate_matches_portable(c);
}

void expect_rejected(DelegateCase& c, const ir::Value* output, const std::string& reason_part) {
  c.finish();
  partitioner::SupportDecision d =
      xnnpack::XnnpackLowering().supports(c.graph, *output->producer());
  EXPECT_FALSE(d.supported);
  EXPECT_NE(d.reason.find(reason_part), std::string::npos) << d.reason;
}

TEST(XnnpackDepthToSpaceSupport, CrdMode) {
  DelegateCase c;
  ir::Value* y =
      c.node(OpType::kDepthToSpace, {c.input({1, 8, 3, 3})}, depth_to_space_attrs(2, "CRD"));
  expect_rejected(c, y, "DepthToSpace: mode CRD (XNNPACK implements DCR only)");
}

TEST(XnnpackDepthToSpaceSupport, BlockSizeOne) {
  DelegateCase c;
  ir::Value* y = c.node(OpType::kDepthToSpace, {c.input({1, 3, 4, 4})}, depth_to_space_attrs(1));
  expect_rejected(c, y, "blocksize 1");
}

TEST(XnnpackDepthToSpaceSupport, ConstantInput) {
  DelegateCase c;
  ir::Value* y =
      c.node(OpType::kDepthToSpace, {c.random_constant({1, 4, 2, 2})}, depth_to_space_attrs(2));
  expect_rejected(c, y, "constant input");
}

}  // namespace
}  // namespace edgeq::testing
