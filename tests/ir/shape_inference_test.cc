#include "ir/shape_inference.h"

#include <gtest/gtest.h>

#include "tests/ir/graph_test_util.h"

namespace edgeq::ir {
namespace {

using ::edgeq::testing::add_constant;

TEST(ShapeInferenceTest, ConvThenReluThenFlatten) {
  Graph g;
  Value* x = g.add_value("x", DType::kF32, Shape({1, 3, 8, 8}));
  g.add_input(x);
  Value* w = add_constant(g, "w", Shape({4, 3, 3, 3}), std::vector<float>(4 * 27, 0.1f));
  Value* conv = g.add_value("conv");
  Value* relu = g.add_value("relu");
  Value* flat = g.add_value("flat");
  Attributes attrs;
  attrs.set("pads", std::vector<int64_t>{1, 1, 1, 1});
  attrs.set("strides", std::vector<int64_t>{2, 2});
  g.add_node(OpType::kConv, "conv", {x, w}, {conv}, attrs);
  g.add_node(OpType::kRelu, "relu", {conv}, {relu});
  g.add_node(OpType::kFlatten, "flatten", {relu}, {flat});
  g.add_output(flat);
  ASSERT_TRUE(infer_shapes(g).ok()) << infer_shapes(g).to_string();
  EXPECT_EQ(conv->shape(), Shape({1, 4, 4, 4}));
  EXPECT_EQ(relu->dtype(), DType::kF32);
  EXPECT_EQ(flat->shape(), Shape({1, 64}));
}

TEST(ShapeInferenceTest, ReadsConstantInputs) {
  Graph g;
  Value* x = g.add_value("x", DType::kF32, Shape({2, 6}));
  g.add_input(x);
  Value* target = add_constant<int64_t>(g, "target", Shape({3}), {3, -1, 2});
  Value* y = g.add_value("y");
  g.add_node(OpType::kReshape, "reshape", {x, target}, {y});
  g.add_output(y);
  ASSERT_TRUE(infer_shapes(g).ok()) << infer_shapes(g).to_string();
  EXPECT_EQ(y->shape(), Shape({3, 2, 2}));
}

TEST(ShapeInferenceTest, ErrorNamesTheNode) {
  Graph g;
  Value* a = g.add_value("a", DType::kF32, Shape({2, 3}));
  Value* b = g.add_value("b", DType::kF32, Shape({4, 5}));
  g.add_input(a);
  g.add_input(b);
  Value* y = g.add_value("y");
  g.add_node(OpType::kAdd, "mismatched_add", {a, b}, {y});
  g.add_output(y);
  Status s = infer_shapes(g);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("mismatched_add"), std::string::npos) << s.message();
}

TEST(ShapeInferenceTest, PropagatesTheSymbolicBatchFlagToComputedValuesOnly) {
  Graph g;
  Value* x = g.add_value("x", DType::kF32, Shape({1, 4}));
  x->set_symbolic_batch(true);
  g.add_input(x);
  Value* bias = add_constant<float>(g, "bias", Shape({4}), {1, 2, 3, 4});
  Value* sum = g.add_value("sum");
  Value* neg = g.add_value("neg_bias");
  g.add_node(OpType::kAdd, "add", {x, bias}, {sum});
  g.add_node(OpType::kNeg, "neg", {bias}, {neg});
  g.add_output(sum);
  g.add_output(neg);
  ASSERT_TRUE(infer_shapes(g).ok());
  EXPECT_TRUE(sum->has_symbolic_batch());
  EXPECT_FALSE(neg->has_symbolic_batch());
}

TEST(ShapeInferenceTest, UntypedInputIsAnError) {
  Graph g;
  Value* x = g.add_value("x");
  g.add_input(x);
  Value* y = g.add_value("y");
  g.add_node(OpType::kRelu, "relu", {x}, {y});
  g.add_output(y);
  Status s = infer_shapes(g);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("'x'"), std::string::npos) << s.message();
}

}  // namespace
}  // namespace edgeq::ir
