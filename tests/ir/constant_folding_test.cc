#include <gtest/gtest.h>

#include "ir/passes/passes.h"
#include "ir/shape_inference.h"
#include "tests/ir/graph_test_util.h"

namespace edgeq::ir {
namespace {

using ::edgeq::testing::add_constant;
using ::edgeq::testing::constant_values;

TEST(ConstantFoldingTest, FoldsAllConstantNodes) {
  Graph g;
  Value* a = add_constant<float>(g, "a", Shape({3}), {1, 2, 3});
  Value* b = add_constant<float>(g, "b", Shape({3}), {10, 20, 30});
  Value* sum = g.add_value("sum");
  Value* prod = g.add_value("prod");
  g.add_node(OpType::kAdd, "add", {a, b}, {sum});
  g.add_node(OpType::kMul, "mul", {sum, a}, {prod});
  g.add_output(prod);
  ASSERT_TRUE(infer_shapes(g).ok());
  ASSERT_TRUE(fold_constants(g).ok());
  EXPECT_EQ(g.num_nodes(), 0u);
  EXPECT_EQ(constant_values<float>(prod), (std::vector<float>{11, 44, 99}));
  EXPECT_TRUE(g.verify().ok()) << g.verify().to_string();
}

// The chain PyTorch exports for x.view(x.size(0), -1):
//   Shape(x) -> Gather(0) -> Unsqueeze -> Concat([-1]) -> Reshape(x, .)
struct ReshapeChain {
  Graph graph;
  Value* x;
  Node* reshape;
};

ReshapeChain make_reshape_chain(bool symbolic_batch) {
  ReshapeChain c;
  Graph& g = c.graph;
  c.x = g.add_value("x", DType::kF32, Shape({2, 3, 4}));
  c.x->set_symbolic_batch(symbolic_batch);
  g.add_input(c.x);
  Value* shape = g.add_value("shape");
  Value* index = add_constant<int64_t>(g, "index", Shape(), {0});
  Value* batch = g.add_value("batch");
  Value* axes = add_constant<int64_t>(g, "axes", Shape({1}), {0});
  Value* batch_1d = g.add_value("batch_1d");
  Value* minus_one = add_constant<int64_t>(g, "minus_one", Shape({1}), {-1});
  Value* target = g.add_value("target");
  Value* y = g.add_value("y");
  g.add_node(OpType::kShape, "shape", {c.x}, {shape});
  Attributes gather_axis;
  gather_axis.set("axis", int64_t{0});
  g.add_node(OpType::kGather, "gather", {shape, index}, {batch}, gather_axis);
  g.add_node(OpType::kUnsqueeze, "unsqueeze", {batch, axes}, {batch_1d});
  Attributes concat_axis;
  concat_axis.set("axis", int64_t{0});
  g.add_node(OpType::kConcat, "concat", {batch_1d, minus_one}, {target}, concat_axis);
  c.reshape = g.add_node(OpType::kReshape, "reshape", {c.x, target}, {y});
  g.add_output(y);
  return c;
}

TEST(ConstantFoldingTest, ShapeGatherUnsqueezeConcatReshapeChainFolds) {
  ReshapeChain c = make_reshape_chain(/*symbolic_batch=*/false);
  ASSERT_TRUE(run_default_passes(c.graph).ok()) << run_default_passes(c.graph).to_string();
  ASSERT_EQ(c.graph.num_nodes(), 1u);
  Node* only = c.graph.nodes()[0];
  EXPECT_EQ(only->op(), OpType::kReshape);
  ASSERT_TRUE(only->input(1)->is_constant());
  EXPECT_EQ(constant_values<int64_t>(only->input(1)), (std::vector<int64_t>{2, -1}));
  EXPECT_EQ(c.graph.outputs()[0]->shape(), Shape({2, 12}));
  // The folded-away intermediate constants are gone.
  EXPECT_EQ(c.graph.find_value("index"), nullptr);
  EXPECT_EQ(c.graph.find_value("shape"), nullptr);
}

// Folding would bake the compile-time batch into the Reshape target: the chain stays, and the
// Reshape, whose target is then not constant, cannot be prepared (compile at a fixed batch).
TEST(ConstantFoldingTest, ShapeOfASymbolicBatchValueStays) {
  ReshapeChain c = make_reshape_chain(/*symbolic_batch=*/true);
  const size_t before = c.graph.num_nodes();
  ASSERT_TRUE(fold_constants(c.graph).ok());
  EXPECT_EQ(c.graph.num_nodes(), before);
  EXPECT_NE(c.graph.find_node("shape"), nullptr);
  Status inferred = infer_shapes(c.graph);
  ASSERT_FALSE(inferred.ok());
  EXPECT_NE(inferred.message().find("reshape"), std::string::npos) << inferred.message();
}

TEST(ConstantFoldingTest, DequantizeOfConstantWeightsIsKept) {
  Graph g;
  Value* q = add_constant<int8_t>(g, "w_q", Shape({4}), {-2, -1, 1, 2});
  Value* scale = add_constant<float>(g, "scale", Shape(), {0.5f});
  Value* w = g.add_value("w");
  g.add_node(OpType::kDequantizeLinear, "dq", {q, scale}, {w});
  g.add_output(w);
  ASSERT_TRUE(infer_shapes(g).ok()) << infer_shapes(g).to_string();
  ASSERT_TRUE(fold_constants(g).ok());
  EXPECT_EQ(g.num_nodes(), 1u);
}

// fp16 weights stay fp16 in the file; other Casts of constants still fold.
TEST(ConstantFoldingTest, CastOfFp16ConstantIsKept) {
  Graph g;
  const uint16_t halves[] = {0x3C00, 0xC000};  // 1, -2
  Value* half = g.add_constant("w_fp16", DType::kF16, Shape({2}),
                               ConstantData::copy_of(halves, sizeof(halves)));
  Value* ints = add_constant<int32_t>(g, "n", Shape({2}), {3, 4});
  Value* w = g.add_value("w");
  Value* f = g.add_value("f");
  Attributes to_float;
  to_float.set("to", std::string("f32"));
  g.add_node(OpType::kCast, "widen", {half}, {w}, to_float);
  g.add_node(OpType::kCast, "convert", {ints}, {f}, to_float);
  g.add_output(w);
  g.add_output(f);
  ASSERT_TRUE(infer_shapes(g).ok()) << infer_shapes(g).to_string();
  ASSERT_TRUE(fold_constants(g).ok());
  ASSERT_EQ(g.num_nodes(), 1u);
  EXPECT_EQ(g.nodes()[0]->name(), "widen");
  EXPECT_EQ(constant_values<float>(f), (std::vector<float>{3, 4}));
}

TEST(ConstantFoldingTest, NodeWithGraphInputIsNotFolded) {
  Graph g;
  Value* x = g.add_value("x", DType::kF32, Shape({2}));
  g.add_input(x);
  Value* c = add_constant<float>(g, "c", Shape({2}), {1, 2});
  Value* y = g.add_value("y");
  g.add_node(OpType::kAdd, "add", {x, c}, {y});
  g.add_output(y);
  ASSERT_TRUE(infer_shapes(g).ok());
  ASSERT_TRUE(fold_constants(g).ok());
  EXPECT_EQ(g.num_nodes(), 1u);
  EXPECT_FALSE(y->is_constant());
}

}  // namespace
}  // namespace edgeq::ir
