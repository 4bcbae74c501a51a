#include "tests/delegate/quantized_case.h"

#include "delegate/xnnpack/runtime/linear_node.h"
#include "partitioner/lower_to_program.h"
#include "runtime/executor/method.h"

namespace edgeq::testing {
namespace {

template <typename T>
TestTensor codes_tensor(const Shape& shape, const std::vector<int>& codes) {
  std::vector<T> values(codes.begin(), codes.end());
  return make_tensor<T>(shape, values);
}

TestTensor codes_of(DType dtype, const Shape& shape, const std::vector<int>& codes) {
  return dtype == DType::kI8 ? codes_tensor<int8_t>(shape, codes)
                             : codes_tensor<uint8_t>(shape, codes);
}

std::vector<int> random_codes_of(DType dtype, int64_t count, uint32_t seed) {
  std::vector<int> codes;
  if (dtype == DType::kI8) {
    for (int8_t v : random_codes<int8_t>(count, seed)) codes.push_back(v);
  } else {
    for (uint8_t v : random_codes<uint8_t>(count, seed)) codes.push_back(v);
  }
  return codes;
}

ir::Value* add_constant(ir::Graph& graph, const char* name, const TestTensor& t) {
  return graph.add_constant(name, t.dtype, t.shape,
                            ir::ConstantData::copy_of(t.bytes.data(), t.bytes.size()));
}

std::shared_ptr<const runtime::Program> load(Result<std::vector<uint8_t>> bytes) {
  EXPECT_TRUE(bytes.ok()) << bytes.status().to_string();
  if (!bytes.ok()) return nullptr;
  auto program = runtime::Program::load_buffer(*bytes);
  EXPECT_TRUE(program.ok()) << program.status().to_string();
  return program.ok() ? *program : nullptr;
}

}  // namespace

ir::Value* QuantizedCase::codes_input(Shape shape, DType dtype) {
  ir::Value* value = graph.add_value("q", dtype, shape);
  graph.add_input(value);
  feeds.push_back(codes_of(dtype, shape, random_codes_of(dtype, shape.numel(), ++seed_)));
  return value;
}

ir::Value* QuantizedCase::codes_constant(Shape shape, DType dtype) {
  return codes_constant(shape, dtype, random_codes_of(dtype, shape.numel(), ++seed_));
}

ir::Value* QuantizedCase::codes_constant(Shape shape, DType dtype, const std::vector<int>& codes) {
  return add_constant(graph, "w", codes_of(dtype, shape, codes));
}

ir::Value* QuantizedCase::scale(float value) {
  return add_constant(graph, "scale", make_tensor<float>({}, {value}));
}

ir::Value* QuantizedCase::scales(const std::vector<float>& values) {
  return add_constant(graph, "scales",
                      make_tensor<float>({static_cast<int64_t>(values.size())}, values));
}

ir::Value* QuantizedCase::zero_point(int value, DType dtype) {
  return add_constant(graph, "zero_point", codes_of(dtype, {}, {value}));
}

ir::Value* QuantizedCase::random_bias(int64_t n, int bound) {
  std::vector<int32_t> bias(n);
  for (int32_t& b : bias) b = random_int(-bound, bound);
  return add_constant(graph, "bias", make_tensor<int32_t>({n}, bias));
}

void expect_all_supported(const ir::Graph& graph) {
  xnnpack::XnnpackLowering lowering;
  for (const ir::Node* node : graph.nodes()) {
    const partitioner::SupportDecision decision = lowering.supports(graph, *node);
    EXPECT_TRUE(decision.supported) << node->description() << ": " << decision.reason;
  }
}

void expect_same_codes(const TestTensor& actual, const TestTensor& expected) {
  ASSERT_EQ(actual.dtype, expected.dtype);
  ASSERT_EQ(actual.shape, expected.shape);
  ASSERT_EQ(actual.bytes.size(), expected.bytes.size());
  for (size_t i = 0; i < actual.bytes.size(); ++i) {
    ASSERT_EQ(int{actual.bytes[i]}, int{expected.bytes[i]})
        << "byte " << i << " of " << actual.bytes.size() << " (" << dtype_name(actual.dtype)
        << actual.shape.to_string() << ")";
  }
}

ForcedKernels::ForcedKernels(xnnpack::LinearIsa isa, xnnpack::ConvEngine engine) {
  xnnpack::set_delegate_linear_isa(isa);
  xnnpack::set_delegate_conv_engine(engine);
}

ForcedKernels::~ForcedKernels() {
  xnnpack::set_delegate_linear_isa(xnnpack::LinearIsa::kAuto);
  xnnpack::set_delegate_conv_engine(xnnpack::ConvEngine::kAuto);
}

std::vector<xnnpack::ConvEngine> conv_engines(const ir::Graph& graph) {
  xnnpack::XnnpackLowering lowering;
  auto lowered = lowering.lower(graph, whole_graph_partition(graph));
  EXPECT_TRUE(lowered.ok()) << lowered.status().to_string();
  std::vector<xnnpack::ConvEngine> engines;
  if (!lowered.ok()) return engines;
  for (const xnnpack::ConvChoice& choice :
       xnnpack::conv_choices(*xnnpack::schema::GetPayload(lowered->payload.data()))) {
    engines.push_back(choice.engine);
  }
  return engines;
}

void expect_delegate_bit_exact(QuantizedCase& c) {
  c.finish();
  expect_all_supported(c.graph);
  const std::vector<TestTensor> expected = run_portable(c.graph, c.feeds);
  for (int threads : {1, 3}) {
    SCOPED_TRACE(::testing::Message() << threads << " thread(s)");
    auto actual = run_xnnpack(c.graph, c.feeds, threads);
    ASSERT_TRUE(actual.ok()) << actual.status().to_string();
    ASSERT_EQ(actual->size(), expected.size());
    for (size_t i = 0; i < expected.size(); ++i) expect_same_codes((*actual)[i], expected[i]);
  }
}

Mismatch delegate_mismatch(QuantizedCase& c) {
  Mismatch mismatch;
  c.finish();
  expect_all_supported(c.graph);
  const std::vector<TestTensor> expected = run_portable(c.graph, c.feeds);
  auto actual = run_xnnpack(c.graph, c.feeds);
  EXPECT_TRUE(actual.ok()) << actual.status().to_string();
  if (!actual.ok()) return mismatch;
  for (size_t i = 0; i < expected.size(); ++i) {
    const TestTensor& a = (*actual)[i];
    const TestTensor& e = expected[i];
    EXPECT_EQ(a.dtype, e.dtype);
    EXPECT_EQ(a.shape, e.shape);
    for (size_t j = 0; j < e.bytes.size() && j < a.bytes.size(); ++j) {
      const bool is_signed = e.dtype == DType::kI8;
      mismatch.add(is_signed ? int{static_cast<int8_t>(a.bytes[j])} : int{a.bytes[j]},
                   is_signed ? int{static_cast<int8_t>(e.bytes[j])} : int{e.bytes[j]});
    }
  }
  return mismatch;
}

std::string refusal(const ir::Graph& graph, const ir::Node& node) {
  const partitioner::SupportDecision decision = xnnpack::XnnpackLowering().supports(graph, node);
  return decision.supported ? "" : decision.reason;
}

std::string last_node_refusal(QuantizedCase& c) {
  c.finish();
  return refusal(c.graph, *c.graph.nodes().back());
}

std::shared_ptr<const runtime::Program> delegated_program(const ir::Graph& graph) {
  xnnpack::XnnpackLowering xnnpack_lowering;
  partitioner::LoweringOptions options;
  options.delegates.push_back(&xnnpack_lowering);
  return load(partitioner::lower_to_program(graph, options));
}

std::shared_ptr<const runtime::Program> portable_program(const ir::Graph& graph) {
  return load(partitioner::lower_to_program(graph));
}

size_t count_delegate_calls(const runtime::Program& program) {
  size_t calls = 0;
  for (const auto& instruction : program.instructions()) {
    calls += instruction.kind == runtime::InstructionKind::kDelegateCall;
  }
  return calls;
}

std::vector<TestTensor> run_program(std::shared_ptr<const runtime::Program> program,
                                    const std::vector<TestTensor>& feeds) {
  auto method = runtime::Method::create(std::move(program));
  EXPECT_TRUE(method.ok()) << method.status().to_string();
  if (!method.ok()) return {};
  for (size_t i = 0; i < feeds.size(); ++i) {
    Status status = (*method)->set_input(i, feeds[i].view());
    EXPECT_TRUE(status.ok()) << status.to_string();
  }
  Status status = (*method)->execute();
  EXPECT_TRUE(status.ok()) << status.to_string();
  std::vector<TestTensor> outputs;
  for (size_t i = 0; status.ok() && i < (*method)->num_outputs(); ++i) {
    const TensorView out = (*method)->output(i);
    const auto* data = static_cast<const uint8_t*>(out.data);
    outputs.push_back({out.dtype, out.shape, std::vector<uint8_t>(data, data + out.nbytes())});
  }
  return outputs;
}

}  // namespace edgeq::testing
