// The runtime side of the activation family: hand-built payloads whose nodes disagree with their
// values (or carry values XNNPACK refuses) are init errors naming the node, never a crash.
#include <cmath>
#include <cstring>

#include "delegate/xnnpack/aot/payload_builder.h"
#include "tests/delegate/delegate_test_util.h"

namespace edgeq::testing {
namespace {

using xnnpack::PayloadNode;
using xnnpack::PayloadValue;
using xnnpack::schema::BoundaryLayout;
using xnnpack::schema::NodeKind;

// Initialises a backend on a hand-built payload: x [2, 5] (call input) -> one node of `kind` ->
// y [2, 5] (call output). A non-empty `constant_dims` adds a constant input of those dims (filled
// with 0.25) after x.
Status init_one_node(NodeKind kind, std::vector<float> float_params,
                     std::vector<uint32_t> constant_dims = {}) {
  xnnpack::PayloadBuilder builder;
  PayloadValue x_value;
  x_value.dims = {2, 5};
  const uint32_t x = builder.add_value(x_value);
  builder.add_input(x, BoundaryLayout::Same);
  PayloadNode node;
  node.kind = kind;
  node.inputs = {x};
  node.float_params = std::move(float_params);
  node.name = "n";
  if (!constant_dims.empty()) {
    size_t count = 1;
    for (uint32_t d : constant_dims) count *= d;
    const std::vector<float> values(count, 0.25f);
    std::vector<uint8_t> bytes(count * sizeof(float));
    std::memcpy(bytes.data(), values.data(), bytes.size());
    PayloadValue constant;
    constant.dims = constant_dims;
    constant.constant = builder.add_constant(std::move(bytes));
    node.inputs.push_back(builder.add_value(constant));
  }
  PayloadValue y_value;
  y_value.dims = {2, 5};
  const uint32_t y = builder.add_value(y_value);
  builder.add_output(y, BoundaryLayout::Same);
  node.outputs = {y};
  builder.add_node(std::move(node));
  const std::vector<uint8_t> payload = builder.finish();

  const std::vector<TensorView> declared = {TensorView(DType::kF32, Shape{2, 5})};
  runtime::BackendInitArgs args;
  args.payload = Span<const uint8_t>(payload);
  args.inputs = declared;
  args.outputs = declared;
  args.num_threads = 1;
  args.name = "call";
  xnnpack::XnnpackBackend backend;
  auto handle = backend.init(args);
  if (!handle.ok()) return handle.status();
  backend.destroy(*handle);
  return Status::Ok();
}

void expect_init_error(const Status& status, const std::string& message_part) {
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find(message_part), std::string::npos) << status.to_string();
}

TEST(XnnpackActivationPayloadTest, WellFormedNodesInit) {
  EXPECT_TRUE(init_one_node(NodeKind::Sigmoid, {}).ok());
  EXPECT_TRUE(init_one_node(NodeKind::Elu, {1.f}).ok());
  EXPECT_TRUE(init_one_node(NodeKind::PRelu, {}, {5}).ok());
}

TEST(XnnpackActivationPayloadTest, PReluSlopeFromACallInputIsAnError) {
  // XNNPACK 2022 reads the slope when it creates the runtime without checking it is static.
  xnnpack::PayloadBuilder builder;
  PayloadValue x_value;
  x_value.dims = {2, 5};
  const uint32_t x = builder.add_value(x_value);
  builder.add_input(x, BoundaryLayout::Same);
  PayloadValue slope_value;
  slope_value.dims = {5};
  const uint32_t slope = builder.add_value(slope_value);
  builder.add_input(slope, BoundaryLayout::Same);
  PayloadValue y_value;
  y_value.dims = {2, 5};
  const uint32_t y = builder.add_value(y_value);
  builder.add_output(y, BoundaryLayout::Same);
  PayloadNode node;
  node.kind = NodeKind::PRelu;
  node.inputs = {x, slope};
  node.outputs = {y};
  node.name = "prelu";
  builder.add_node(std::move(node));
  const std::vector<uint8_t> payload = builder.finish();

  const std::vector<TensorView> inputs = {TensorView(DType::kF32, Shape{2, 5}),
                                          TensorView(DType::kF32, Shape{5})};
  const std::vector<TensorView> outputs = {TensorView(DType::kF32, Shape{2, 5})};
  runtime::BackendInitArgs args;
  args.payload = Span<const uint8_t>(payload);
  args.inputs = inputs;
  args.outputs = outputs;
  args.num_threads = 1;
  args.name = "call";
  xnnpack::XnnpackBackend backend;
  auto handle = backend.init(args);
  expect_init_error(handle.status(), "slope (value 1) is not a constant");
}

TEST(XnnpackActivationPayloadTest, PReluSlopeNotPerChannel) {
  expect_init_error(init_one_node(NodeKind::PRelu, {}, {2}), "slope");
  expect_init_error(init_one_node(NodeKind::PRelu, {}, {2, 5}), "slope");
}

TEST(XnnpackActivationPayloadTest, MissingOrExtraParams) {
  expect_init_error(init_one_node(NodeKind::LeakyRelu, {}), "expected 1 inputs, 1 outputs, 0 int");
  expect_init_error(init_one_node(NodeKind::Softmax, {1.f}), "0 float params");
  expect_init_error(init_one_node(NodeKind::PRelu, {}), "expected 2 inputs");
}

TEST(XnnpackActivationPayloadTest, ParamsXnnpackRefuses) {
  expect_init_error(init_one_node(NodeKind::Elu, {-1.f}), "xnn_define_elu failed");
  expect_init_error(init_one_node(NodeKind::LeakyRelu, {NAN}), "xnn_define_leaky_relu failed");
}

}  // namespace
}  // namespace edgeq::testing
