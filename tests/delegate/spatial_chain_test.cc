// ConvTranspose, Resize, Pad and DepthToSpace chained in one partition with a symbolic batch: the
// backend rebuilds the runtime for each new batch and matches the portable kernels every time.
#include "tests/delegate/delegate_test_util.h"

namespace edgeq::testing {
namespace {

TEST(XnnpackSpatialChainTest, NewBatchRebuildsEveryNode) {
  DelegateCase c;
  ir::Value* x = c.input({2, 4, 3, 4}, /*symbolic_batch=*/true);
  Attributes deconv;
  deconv.set("strides", std::vector<int64_t>{2, 2});
  deconv.set("pads", std::vector<int64_t>{1, 1, 0, 0});
  ir::Value* a =
      c.node(OpType::kConvTranspose, {x, c.random_constant({4, 8, 3, 3}), c.random_constant({8})},
             deconv, false);
  Attributes resize;
  resize.set("mode", std::string("linear"));
  resize.set("coordinate_transformation_mode", std::string("align_corners"));
  ir::Value* b =
      c.node(OpType::kResize, {a, nullptr, c.constant({4}, {1, 1, 2, 2})}, resize, false);
  ir::Value* p =
      c.node(OpType::kPad, {b, c.constant_i64({8}, {0, 0, 1, 2, 0, 0, 2, 1})}, {}, false);
  Attributes d2s;
  d2s.set("blocksize", int64_t{2});
  c.node(OpType::kDepthToSpace, {p}, d2s);
  c.finish();
  auto lowered = xnnpack::XnnpackLowering().lower(c.graph, whole_graph_partition(c.graph));
  ASSERT_TRUE(lowered.ok()) << lowered.status().to_string();
  EXPECT_EQ(xnnpack::schema::GetPayload(lowered->payload.data())->nodes()->size(), 4u);

  std::vector<TensorView> declared_inputs = {TensorView(DType::kF32, x->shape())};
  const ir::Value* y = c.graph.outputs()[0];
  std::vector<TensorView> declared_outputs = {TensorView(DType::kF32, y->shape())};
  runtime::BackendInitArgs args;
  args.payload = Span<const uint8_t>(lowered->payload);
  args.inputs = declared_inputs;
  args.outputs = declared_outputs;
  args.num_threads = 1;
  args.name = "chain";
  xnnpack::XnnpackBackend backend;
  auto handle = backend.init(args);
  ASSERT_TRUE(handle.ok()) << handle.status().to_string();
  for (int64_t batch : {3, 1, 2}) {
    TestTensor input = make_tensor(Shape{batch, 4, 3, 4}, random_floats(batch * 48, 7));
    const std::vector<TestTensor> expected = run_portable(c.graph, {input});
    TestTensor output = expected[0];
    std::fill(output.bytes.begin(), output.bytes.end(), 0);
    TensorView in = input.view();
    TensorView out(DType::kF32, output.shape, static_cast<void*>(output.bytes.data()));
    Status status =
        backend.execute(*handle, Span<const TensorView>(&in, 1), Span<const TensorView>(&out, 1));
    ASSERT_TRUE(status.ok()) << status.to_string();
    expect_near(output.values<float>(), expected[0].values<float>());
  }
  backend.destroy(*handle);
}

}  // namespace
}  // namespace edgeq::testing
