// The XNNPACK backend behind a program's DelegateCall, run by a Method: results vs the portable
// kernels and a batch change through the Method. (Several Methods of one Program on threads:
// tests/concurrency.)
#include "runtime/executor/method.h"

#include "runtime/program/program.h"
#include "runtime/program/program_builder.h"
#include "tests/delegate/delegate_test_util.h"

namespace edgeq::testing {
namespace {

// conv + relu + global pool on a symbolic-batch input, as a one-instruction program.
struct DelegatedProgram {
  DelegateCase c;
  std::shared_ptr<const runtime::Program> program;

  DelegatedProgram() {
    ir::Value* x = c.input({2, 3, 8, 7}, /*symbolic_batch=*/true);
    Attributes attrs;
    attrs.set("pads", std::vector<int64_t>{1, 1, 1, 1});
    ir::Value* y = c.node(OpType::kConv, {x, c.random_constant({6, 3, 3, 3})}, attrs, false);
    ir::Value* r = c.node(OpType::kRelu, {y}, {}, false);
    c.node(OpType::kGlobalAveragePool, {r});
    c.finish();
    auto lowered = xnnpack::XnnpackLowering().lower(c.graph, whole_graph_partition(c.graph));
    EXPECT_TRUE(lowered.ok()) << lowered.status().to_string();
    runtime::ProgramBuilder builder;
    const ir::Value* in = c.graph.inputs()[0];
    const ir::Value* out = c.graph.outputs()[0];
    const int32_t x_id = builder.add_value("x", in->dtype(), in->shape(), true);
    const int32_t y_id = builder.add_value("y", out->dtype(), out->shape());
    EXPECT_TRUE(
        builder.add_delegate_call("xnnpack", lowered->payload, {}, {x_id}, {y_id}, "delegate_0")
            .ok());
    builder.set_inputs({x_id});
    builder.set_outputs({y_id});
    auto bytes = builder.finish();
    EXPECT_TRUE(bytes.ok()) << bytes.status().to_string();
    auto loaded = runtime::Program::load_buffer(*bytes);
    EXPECT_TRUE(loaded.ok()) << loaded.status().to_string();
    if (loaded.ok()) program = *loaded;
  }
};

std::vector<float> run_method(runtime::Method& method, const TestTensor& input) {
  Status status = method.set_input(0, input.view());
  EXPECT_TRUE(status.ok()) << status.to_string();
  status = method.execute();
  EXPECT_TRUE(status.ok()) << status.to_string();
  const TensorView out = method.output(0);
  const float* data = out.data_as<const float>();
  return data == nullptr ? std::vector<float>() : std::vector<float>(data, data + out.numel());
}

TEST(XnnpackMethodTest, DelegateCallMatchesPortableAcrossBatchSizes) {
  ASSERT_TRUE(xnnpack::register_xnnpack_backend().ok());
  DelegatedProgram p;
  ASSERT_NE(p.program, nullptr);
  auto method = runtime::Method::create(p.program);
  ASSERT_TRUE(method.ok()) << method.status().to_string();
  for (int64_t batch : {2, 4, 1}) {
    TestTensor input = make_tensor(Shape{batch, 3, 8, 7}, random_floats(batch * 168, 9));
    const std::vector<TestTensor> expected = run_portable(p.c.graph, {input});
    expect_near(run_method(**method, input), expected[0].values<float>());
  }
}

}  // namespace
}  // namespace edgeq::testing
