#include "tests/delegate/delegate_test_util.h"

#include "ir/shape_inference.h"

namespace edgeq::testing {

ir::Value* DelegateCase::input(Shape shape, bool symbolic_batch) {
  ir::Value* value = graph.add_value("x", DType::kF32, shape);
  value->set_symbolic_batch(symbolic_batch);
  graph.add_input(value);
  feeds.push_back(make_tensor(shape, random_floats(shape.numel(), next_seed_++)));
  return value;
}

ir::Value* DelegateCase::constant(Shape shape, const std::vector<float>& values) {
  return graph.add_constant("c", DType::kF32, shape,
                            ir::ConstantData::copy_of(values.data(), values.size() * 4));
}

ir::Value* DelegateCase::random_constant(Shape shape) {
  return constant(shape, random_floats(shape.numel(), next_seed_++));
}

ir::Value* DelegateCase::constant_i64(Shape shape, const std::vector<int64_t>& values) {
  return graph.add_constant("s", DType::kI64, shape,
                            ir::ConstantData::copy_of(values.data(), values.size() * 8));
}

ir::Value* DelegateCase::node(OpType op, const std::vector<ir::Value*>& inputs, Attributes attrs,
                              bool output) {
  ir::Value* out = graph.add_value("y");
  graph.add_node(op, "", inputs, {out}, std::move(attrs));
  if (output) graph.add_output(out);
  return out;
}

void DelegateCase::finish() {
  Status status = ir::infer_shapes(graph);
  ASSERT_TRUE(status.ok()) << status.to_string();
}

partitioner::Partition whole_graph_partition(const ir::Graph& graph) {
  partitioner::Partition partition;
  auto order = graph.topological_order();
  EXPECT_TRUE(order.ok()) << order.status().to_string();
  if (!order.ok()) return partition;
  for (const ir::Node* node : *order) partition.nodes.push_back(node);
  for (const ir::Value* input : graph.inputs()) partition.inputs.push_back(input);
  for (const ir::Value* output : graph.outputs()) partition.outputs.push_back(output);
  return partition;
}

std::vector<TestTensor> run_portable(const ir::Graph& graph, const std::vector<TestTensor>& feeds) {
  std::map<const ir::Value*, TestTensor> values;
  for (size_t i = 0; i < graph.inputs().size(); ++i) values[graph.inputs()[i]] = feeds[i];
  auto order = graph.topological_order();
  EXPECT_TRUE(order.ok()) << order.status().to_string();
  if (!order.ok()) return {};
  for (const ir::Node* node : *order) {
    std::vector<TestTensor> inputs;
    for (const ir::Value* input : node->inputs()) {
      if (input == nullptr) {
        inputs.push_back(TestTensor{});
      } else if (input->is_constant()) {
        const auto* data = input->constant()->data();
        inputs.push_back({input->dtype(), input->shape(),
                          std::vector<uint8_t>(data, data + input->constant()->size())});
      } else {
        inputs.push_back(values.at(input));
      }
    }
    std::vector<TestTensor> outputs =
        run_kernel(node->op(), node->attrs(), inputs, node->num_outputs());
    for (size_t i = 0; i < outputs.size(); ++i) values[node->output(i)] = outputs[i];
  }
  std::vector<TestTensor> outputs;
  for (const ir::Value* output : graph.outputs()) outputs.push_back(values.at(output));
  return outputs;
}

Result<std::vector<TestTensor>> run_xnnpack(const ir::Graph& graph,
                                            const std::vector<TestTensor>& feeds, int num_threads) {
  xnnpack::XnnpackLowering lowering;
  EDGEQ_ASSIGN_OR_RETURN(partitioner::LoweredPartition lowered,
                         lowering.lower(graph, whole_graph_partition(graph)));
  std::vector<TensorView> declared_inputs, declared_outputs, inputs, outputs;
  for (const ir::Value* value : graph.inputs()) {
    declared_inputs.emplace_back(value->dtype(), value->shape());
  }
  std::vector<TestTensor> results;
  for (const ir::Value* value : graph.outputs()) {
    declared_outputs.emplace_back(value->dtype(), value->shape());
    results.push_back({value->dtype(), value->shape(),
                       std::vector<uint8_t>(TensorView(value->dtype(), value->shape()).nbytes())});
  }
  for (const TestTensor& feed : feeds) inputs.push_back(feed.view());
  for (TestTensor& result : results) {
    outputs.emplace_back(result.dtype, result.shape, static_cast<void*>(result.bytes.data()));
  }
  runtime::BackendInitArgs args;
  args.payload = Span<const uint8_t>(lowered.payload);
  args.num_threads = num_threads;
  args.inputs = declared_inputs;
  args.outputs = declared_outputs;
  args.name = "test delegate call";
  xnnpack::XnnpackBackend backend;
  EDGEQ_ASSIGN_OR_RETURN(runtime::DelegateHandle * handle, backend.init(args));
  Status status = backend.execute(handle, inputs, outputs);
  backend.destroy(handle);
  EDGEQ_RETURN_IF_ERROR(status);
  return results;
}

void expect_delegate_matches_portable(DelegateCase& c, float rtol, float atol) {
  c.finish();
  xnnpack::XnnpackLowering lowering;
  for (const ir::Node* node : c.graph.nodes()) {
    partitioner::SupportDecision decision = lowering.supports(c.graph, *node);
    ASSERT_TRUE(decision.supported) << node->description() << ": " << decision.reason;
  }
  std::vector<TestTensor> expected = run_portable(c.graph, c.feeds);
  auto actual = run_xnnpack(c.graph, c.feeds);
  ASSERT_TRUE(actual.ok()) << actual.status().to_string();
  ASSERT_EQ(actual->size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    ASSERT_EQ((*actual)[i].shape, expected[i].shape);
    expect_near((*actual)[i].values<float>(), expected[i].values<float>(), rtol, atol);
  }
}

}  // namespace edgeq::testing
