// DynamicQuantizeMatMul inside the XNNPACK delegate (edgeq's own linear kernels, packed once at
// init) vs the portable reference kernel, with each instruction-set path forced in turn
// (set_delegate_linear_isa; a path this CPU or build lacks is skipped and says so), on odd shapes:
// K not a multiple of the group, N not a multiple of the 16-column tile, 1 and many rows, a 3-D
// input. Every path computes the same int32 accumulators as the reference; the portable and
// AVX2 paths also do the float epilogue in the reference's order (bit-exact, checked), the
// AVX-512 path fuses multiply-adds (measured: at most 2 ulp; bound 5e-7 relative plus 1e-6
// absolute). Also: a partition mixing XNNPACK nodes and own kernels (stages, values crossing
// them, a batch change, two threads) is one delegate call matching the portable run within
// 2e-6 relative plus 1e-6 absolute (XNNPACK's f32 Gemm rounds differently from the portable one
// and its output is what the next linear quantizes).
#include "delegate/xnnpack/aot/payload_builder.h"
#include "delegate/xnnpack/runtime/linear_node.h"
#include "tests/delegate/delegate_test_util.h"
#include "tests/delegate/quantized_case.h"
#include "tests/runtime/kernels/dynamic_quantize_matmul_case.h"

namespace edgeq::testing {
namespace {

using xnnpack::LinearIsa;

constexpr float kMixedRtol = 2e-6f;
constexpr float kMixedAtol = 1e-6f;

// The bound for `isa` against the portable reference (0: bit-exact).
struct Bound {
  float rtol;
  float atol;
};
Bound bound_for(LinearIsa isa) {
  return isa == LinearIsa::kAvx512Vnni ? Bound{5e-7f, 1e-6f} : Bound{0.f, 0.f};
}

ir::Value* add_tensor_constant(ir::Graph& graph, const char* name, const TestTensor& t) {
  return graph.add_constant(name, t.dtype, t.shape,
                            ir::ConstantData::copy_of(t.bytes.data(), t.bytes.size()));
}

// y = DynamicQuantizeMatMul(x, case constants), x fed with the case's A.
ir::Value* add_linear(DelegateCase& c, ir::Value* x, const DynamicMatMulCase& m, bool output) {
  std::vector<ir::Value*> inputs = {x, add_tensor_constant(c.graph, "b", m.b),
                                    add_tensor_constant(c.graph, "b_scale", m.scale)};
  if (m.bias.dtype != DType::kUndefined) {
    inputs.push_back(nullptr);
    inputs.push_back(add_tensor_constant(c.graph, "bias", m.bias));
  }
  return c.node(OpType::kDynamicQuantizeMatMul, inputs, m.attrs(), output);
}

void expect_case_matches(const DynamicMatMulCase& m, Bound bound, const char* what) {
  SCOPED_TRACE(what);
  DelegateCase c;
  add_linear(c, c.input(m.a.shape), m, true);
  c.feeds[0] = m.a;
  expect_delegate_matches_portable(c, bound.rtol, bound.atol);
}

class DelegateLinearIsaTest : public ::testing::TestWithParam<LinearIsa> {};

TEST_P(DelegateLinearIsaTest, OddShapesMatchThePortableKernel) {
  const LinearIsa isa = GetParam();
  if (!xnnpack::linear_isa_supported(isa)) {
    GTEST_SKIP() << "this CPU or build lacks the " << xnnpack::linear_isa_name(isa) << " path";
  }
  ASSERT_TRUE(xnnpack::register_xnnpack_backend().ok());
  ForcedKernels forced(isa, xnnpack::ConvEngine::kAuto);
  const Bound bound = bound_for(isa);
  expect_case_matches(make_dynamic_matmul_case({1, 100}, 37, DType::kI4, 32, true, 11), bound,
                      "8da4w, 1 row, K 100 / group 32, N 37");
  expect_case_matches(make_dynamic_matmul_case({19, 72}, 23, DType::kI4, 64, false, 12), bound,
                      "8da4w, 19 rows, K 72 / group 64, N 23, no bias");
  expect_case_matches(make_dynamic_matmul_case({2, 5, 40}, 17, DType::kI4, 32, true, 13), bound,
                      "8da4w, [2, 5, 40] input");
  expect_case_matches(make_dynamic_matmul_case({1, 45}, 33, DType::kI8, 0, true, 14), bound,
                      "dynamic int8, 1 row, K 45, N 33");
  expect_case_matches(make_dynamic_matmul_case({21, 30}, 5, DType::kI8, 0, false, 15), bound,
                      "dynamic int8, 21 rows, N 5, no bias");
  expect_case_matches(make_dynamic_matmul_case({3, 4, 24}, 18, DType::kI8, 0, true, 16, true),
                      bound, "dynamic int8 per tensor, [3, 4, 24] input");
}

INSTANTIATE_TEST_SUITE_P(Paths, DelegateLinearIsaTest,
                         ::testing::Values(LinearIsa::kPortable, LinearIsa::kAvx2,
                                           LinearIsa::kAvx512Vnni),
                         [](const ::testing::TestParamInfo<LinearIsa>& info) {
                           return std::string(xnnpack::linear_isa_name(info.param));
                         });

// x -> [Gemm f32 | own int8 linear] -> Add -> Relu -> own 8da4w linear: stages XNNPACK, own,
// XNNPACK, own, with x read by two stages and the Gemm's output crossing one stage.
struct MixedPartition {
  DelegateCase c;
  MixedPartition() {
    const DynamicMatMulCase first = make_dynamic_matmul_case({3, 48}, 40, DType::kI8, 0, true, 21);
    const DynamicMatMulCase second =
        make_dynamic_matmul_case({3, 40}, 24, DType::kI4, 32, true, 22);
    ir::Value* x = c.input({3, 48}, /*symbolic_batch=*/true);
    Attributes trans_b;
    trans_b.set("transB", int64_t{1});
    ir::Value* dense = c.node(OpType::kGemm, {x, c.random_constant({40, 48})}, trans_b, false);
    ir::Value* quantized = add_linear(c, x, first, false);
    ir::Value* sum = c.node(OpType::kAdd, {dense, quantized}, {}, false);
    ir::Value* relu = c.node(OpType::kRelu, {sum}, {}, false);
    add_linear(c, relu, second, true);
    c.finish();
  }
};

TEST(DelegateMixedPartitionTest, StagesMatchPortableAcrossBatchesAndThreads) {
  ASSERT_TRUE(xnnpack::register_xnnpack_backend().ok());
  MixedPartition p;
  const ir::Graph& graph = p.c.graph;
  xnnpack::XnnpackLowering lowering;
  for (const ir::Node* node : graph.nodes()) {
    ASSERT_TRUE(lowering.supports(graph, *node).supported) << node->description();
  }
  auto lowered = lowering.lower(graph, whole_graph_partition(graph));
  ASSERT_TRUE(lowered.ok()) << lowered.status().to_string();

  runtime::BackendInitArgs args;
  args.payload = Span<const uint8_t>(lowered->payload);
  args.name = "mixed";
  std::vector<TensorView> declared_in = {TensorView(DType::kF32, Shape{3, 48})};
  std::vector<TensorView> declared_out = {TensorView(DType::kF32, Shape{3, 24})};
  args.inputs = declared_in;
  args.outputs = declared_out;
  for (int threads : {1, 2}) {
    SCOPED_TRACE("threads " + std::to_string(threads));
    args.num_threads = threads;
    xnnpack::XnnpackBackend backend;
    auto handle = backend.init(args);
    ASSERT_TRUE(handle.ok()) << handle.status().to_string();
    for (int64_t batch : {3, 5, 1, 5}) {
      const TestTensor x = make_tensor(Shape{batch, 48}, random_floats(batch * 48, 30 + batch));
      const std::vector<TestTensor> expected = run_portable(graph, {x});
      std::vector<float> y(static_cast<size_t>(batch * 24));
      const TensorView in = x.view();
      const TensorView out(DType::kF32, Shape{batch, 24}, static_cast<void*>(y.data()));
      Status status =
          backend.execute(*handle, Span<const TensorView>(&in, 1), Span<const TensorView>(&out, 1));
      ASSERT_TRUE(status.ok()) << status.to_string();
      expect_near(y, expected[0].values<float>(), kMixedRtol, kMixedAtol);
    }
    backend.destroy(*handle);
  }
}

// An own kernel's output that is both a call output and read by a later XNNPACK stage (an
// external value on both sides), and an XNNPACK output read by a later own kernel.
TEST(DelegateMixedPartitionTest, ValuesThatAreCallOutputsAndCrossStages) {
  ASSERT_TRUE(xnnpack::register_xnnpack_backend().ok());
  const DynamicMatMulCase first = make_dynamic_matmul_case({4, 32}, 20, DType::kI4, 32, true, 51);
  const DynamicMatMulCase second = make_dynamic_matmul_case({4, 20}, 9, DType::kI8, 0, true, 52);
  DelegateCase c;
  ir::Value* hidden = add_linear(c, c.input({4, 32}), first, /*output=*/true);
  ir::Value* relu = c.node(OpType::kRelu, {hidden}, {}, /*output=*/true);
  add_linear(c, relu, second, /*output=*/true);
  const Bound bound = bound_for(xnnpack::best_linear_isa());
  expect_delegate_matches_portable(c, bound.rtol, bound.atol);
}

TEST(DelegateLinearSupportTest, DeclinesWhatTheKernelsCannotRun) {
  xnnpack::XnnpackLowering lowering;
  DelegateCase c;
  const DynamicMatMulCase int8_grouped =
      make_dynamic_matmul_case({2, 64}, 8, DType::kI8, 32, false, 41);
  add_linear(c, c.input({2, 64}), int8_grouped, true);
  const DynamicMatMulCase small_group =
      make_dynamic_matmul_case({2, 64}, 8, DType::kI4, 16, false, 42);
  add_linear(c, c.graph.inputs()[0], small_group, true);
  c.finish();
  for (const ir::Node* node : c.graph.nodes()) {
    const partitioner::SupportDecision decision = lowering.supports(c.graph, *node);
    EXPECT_FALSE(decision.supported) << node->description();
    EXPECT_NE(decision.reason.find("DynamicQuantizeMatMul"), std::string::npos) << decision.reason;
  }
}

// A payload with one DynamicQuantizedLinear node x [2, x_cols] -> y [2, 4] and the given int params
// (constant 0: 32 int8 weights, constant 1: 4 scales of `scale`), initialised by the backend.
Status init_linear_payload(std::vector<int64_t> int_params, float scale = 0.5f,
                           uint32_t x_cols = 8) {
  xnnpack::PayloadBuilder builder;
  xnnpack::PayloadValue x_value, y_value;
  x_value.dims = {2, x_cols};
  y_value.dims = {2, 4};
  const uint32_t x = builder.add_value(x_value);
  const uint32_t y = builder.add_value(y_value);
  builder.add_input(x, xnnpack::schema::BoundaryLayout::Same);
  builder.add_output(y, xnnpack::schema::BoundaryLayout::Same);
  builder.add_constant(std::vector<uint8_t>(32, 1));
  const std::vector<float> scales(4, scale);
  const auto* scale_bytes = reinterpret_cast<const uint8_t*>(scales.data());
  builder.add_constant(std::vector<uint8_t>(scale_bytes, scale_bytes + 16));
  xnnpack::PayloadNode node;
  node.kind = xnnpack::schema::NodeKind::DynamicQuantizedLinear;
  node.inputs = {x};
  node.outputs = {y};
  node.int_params = std::move(int_params);
  node.name = "fc";
  builder.add_node(std::move(node));
  const std::vector<uint8_t> payload = builder.finish();
  const std::vector<TensorView> inputs = {TensorView(DType::kF32, Shape{2, x_cols})};
  const std::vector<TensorView> outputs = {TensorView(DType::kF32, Shape{2, 4})};
  runtime::BackendInitArgs args;
  args.payload = Span<const uint8_t>(payload);
  args.inputs = inputs;
  args.outputs = outputs;
  args.name = "damaged";
  xnnpack::XnnpackBackend backend;
  auto handle = backend.init(args);
  if (!handle.ok()) return handle.status();
  backend.destroy(*handle);
  return Status::Ok();
}

TEST(DelegateLinearPayloadTest, DamagedNodesAreErrorsNamingThem) {
  EXPECT_TRUE(init_linear_payload({8, 4, 0, 0, 1, -1}).ok());
  const std::pair<std::vector<int64_t>, const char*> damaged[] = {
      {{8, 4, 0, 0}, "6 int params"},
      {{8, 4, 0, 7, 1, -1}, "weight names constant 7 which does not exist"},
      {{8, 4, 0, 1, 1, -1}, "weight constant 1 does not hold 32 bytes"},
      {{8, 4, 0, 0, 1, 0}, "bias constant 0 does not hold 16 bytes"},
      {{0, 4, 0, 0, 1, -1}, "out of range"},
  };
  for (const auto& [params, message] : damaged) {
    const Status status = init_linear_payload(params);
    ASSERT_FALSE(status.ok()) << message;
    EXPECT_NE(status.to_string().find(message), std::string::npos) << status.to_string();
    EXPECT_NE(status.to_string().find("DynamicQuantizedLinear"), std::string::npos)
        << status.to_string();
  }
  const Status wrong_k = init_linear_payload({8, 4, 0, 0, 1, -1}, 0.5f, /*x_cols=*/6);
  EXPECT_NE(wrong_k.to_string().find("do not fit K = 8 and N = 4"), std::string::npos)
      << wrong_k.to_string();
  const Status zero_scale = init_linear_payload({8, 4, 0, 0, 1, -1}, 0.f);
  EXPECT_FALSE(zero_scale.ok());
  EXPECT_NE(zero_scale.to_string().find("'fc'"), std::string::npos) << zero_scale.to_string();
}

}  // namespace
}  // namespace edgeq::testing
