// Weights stored narrow (fp16 behind a Cast, int8 per channel or per tensor behind a
// DequantizeLinear) under XNNPACK float ops: the widening nodes are absorbed into the delegate
// call, the payload keeps the narrow bytes, the delegate widens them once at init, and the outputs
// are bit-identical to the same program lowered with the widened weights as f32 constants.
#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "delegate/xnnpack/aot/payload_builder.h"
#include "delegate/xnnpack/aot/xnnpack_lowering.h"
#include "delegate/xnnpack/runtime/xnnpack_backend.h"
#include "delegate/xnnpack/schema/xnnpack_payload_generated.h"
#include "ir/shape_inference.h"
#include "partitioner/lower_to_program.h"
#include "runtime/executor/method.h"

namespace edgeq::testing {
namespace {

constexpr int64_t kChannels = 16, kFilters = 32, kSide = 6, kFeatures = 5;

std::vector<float> uniform(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(-1.f, 1.f);
  std::vector<float> v(n);
  for (float& x : v) x = dist(rng);
  return v;
}

template <typename T>
ir::Value* constant(ir::Graph& g, const std::string& name, DType dtype, const Shape& shape,
                    const std::vector<T>& data) {
  return g.add_constant(name, dtype, shape,
                        ir::ConstantData::copy_of(data.data(), data.size() * sizeof(T)));
}

// Stored weights and their widened values.
struct Weights {
  std::vector<uint16_t> conv_fp16;  // [32, 16, 3, 3]
  std::vector<int8_t> fc_int8;      // [32, 5]
  std::vector<float> fc_scales;     // [5] (per column) or [1]
  std::vector<float> conv, fc;      // widened
};

Weights make_weights(bool per_column) {
  Weights w;
  for (float v : uniform(kFilters * kChannels * 9, 1)) w.conv_fp16.push_back(float_to_half(v));
  for (uint16_t h : w.conv_fp16) w.conv.push_back(half_to_float(h));
  std::mt19937 rng(3);
  const int64_t depth = kFilters;
  for (int64_t i = 0; i < depth * kFeatures; ++i) {
    w.fc_int8.push_back(static_cast<int8_t>(std::uniform_int_distribution<int>(-127, 127)(rng)));
  }
  for (int64_t n = 0; n < (per_column ? kFeatures : 1); ++n) {
    w.fc_scales.push_back(0.0021f * static_cast<float>(n + 1));
  }
  for (int64_t i = 0; i < depth * kFeatures; ++i) {
    w.fc.push_back(static_cast<float>(w.fc_int8[i]) * w.fc_scales[per_column ? i % kFeatures : 0]);
  }
  return w;
}

// x [1, 16, 6, 6] -> Conv 3x3 (bias) -> Relu -> GlobalAveragePool -> Flatten -> Gemm [32, 5] -> y;
// the weights
// behind Cast / DequantizeLinear when `narrow`, f32 constants of the widened values otherwise.
ir::Graph make_graph(const Weights& w, bool narrow) {
  ir::Graph g;
  ir::Value* x = g.add_value("x", DType::kF32, Shape{1, kChannels, kSide, kSide});
  g.add_input(x);
  const Shape conv_shape{kFilters, kChannels, 3, 3};
  const Shape fc_shape{kFilters, kFeatures};
  ir::Value* conv_w = nullptr;
  ir::Value* fc_w = nullptr;
  if (narrow) {
    conv_w = g.add_value("conv_w");
    fc_w = g.add_value("fc_w");
    Attributes to_float;
    to_float.set("to", std::string("f32"));
    g.add_node(OpType::kCast, "conv_w_cast",
               {constant(g, "conv_w_fp16", DType::kF16, conv_shape, w.conv_fp16)}, {conv_w},
               to_float);
    Attributes axis;
    if (w.fc_scales.size() > 1) axis.set("axis", int64_t{1});
    const Shape scale_shape = w.fc_scales.size() > 1 ? Shape{kFeatures} : Shape{};
    g.add_node(OpType::kDequantizeLinear, "fc_w_dq",
               {constant(g, "fc_w_quantized", DType::kI8, fc_shape, w.fc_int8),
                constant(g, "fc_w_scale", DType::kF32, scale_shape, w.fc_scales)},
               {fc_w}, axis);
  } else {
    conv_w = constant(g, "conv_w_f32", DType::kF32, conv_shape, w.conv);
    fc_w = constant(g, "fc_w_f32", DType::kF32, fc_shape, w.fc);
  }
  ir::Value* bias = constant(g, "conv_b", DType::kF32, Shape{kFilters}, uniform(kFilters, 2));
  ir::Value* c = g.add_value("c");
  ir::Value* r = g.add_value("r");
  ir::Value* p = g.add_value("p");
  ir::Value* f = g.add_value("f");
  ir::Value* y = g.add_value("y");
  g.add_node(OpType::kConv, "conv", {x, conv_w, bias}, {c});
  g.add_node(OpType::kRelu, "relu", {c}, {r});
  g.add_node(OpType::kGlobalAveragePool, "pool", {r}, {p});
  g.add_node(OpType::kFlatten, "flatten", {p}, {f});
  g.add_node(OpType::kGemm, "fc", {f, fc_w}, {y});
  g.add_output(y);
  EXPECT_TRUE(ir::infer_shapes(g).ok());
  return g;
}

struct Lowered {
  std::vector<uint8_t> bytes;
  std::shared_ptr<const runtime::Program> program;
};

Lowered lower(const ir::Graph& graph) {
  Lowered out;
  xnnpack::XnnpackLowering xnnpack;
  partitioner::LoweringOptions options;
  options.delegates = {&xnnpack};
  auto bytes = partitioner::lower_to_program(graph, options);
  EXPECT_TRUE(bytes.ok()) << bytes.status().to_string();
  if (!bytes.ok()) return out;
  out.bytes = *bytes;
  auto program = runtime::Program::load_buffer(out.bytes, "narrow.eqp");
  EXPECT_TRUE(program.ok()) << program.status().to_string();
  if (program.ok()) out.program = *program;
  return out;
}

std::vector<float> run(const runtime::Program& program, const std::vector<float>& x) {
  auto method = runtime::Method::create(
      std::shared_ptr<const runtime::Program>(&program, [](const runtime::Program*) {}));
  EXPECT_TRUE(method.ok()) << method.status().to_string();
  if (!method.ok()) return {};
  EXPECT_TRUE(
      (*method)
          ->set_input(0, TensorView(DType::kF32, Shape{1, kChannels, kSide, kSide}, x.data()))
          .ok());
  const Status status = (*method)->execute();
  EXPECT_TRUE(status.ok()) << status.to_string();
  const TensorView y = (*method)->output(0);
  std::vector<float> out(static_cast<size_t>(y.numel()));
  if (y.data != nullptr) std::memcpy(out.data(), y.data, y.nbytes());
  return out;
}

bool has_note(const runtime::Program& program, const std::string& key) {
  for (const runtime::ProgramNote& note : program.notes()) {
    if (note.key == key) return true;
  }
  return false;
}

void check_narrow_weights(bool per_column) {
  ASSERT_TRUE(xnnpack::register_xnnpack_backend().ok());
  const Weights w = make_weights(per_column);
  const Lowered narrow = lower(make_graph(w, true));
  const Lowered wide = lower(make_graph(w, false));
  ASSERT_NE(narrow.program, nullptr);
  ASSERT_NE(wide.program, nullptr);
  // Everything, the widening nodes included, is inside one delegate call: nothing widens per run.
  ASSERT_EQ(narrow.program->instructions().size(), 1u);
  EXPECT_EQ(narrow.program->instructions()[0].kind, runtime::InstructionKind::kDelegateCall);
  for (const char* node : {"conv_w_cast", "fc_w_dq", "conv", "fc"}) {
    EXPECT_TRUE(has_note(*narrow.program, std::string("delegated:") + node)) << node;
  }
  // Both weights are stored narrow in the payload: fp16 for the conv, int8 for the Gemm.
  const auto* payload =
      xnnpack::schema::GetPayload(narrow.program->instructions()[0].payload.data());
  std::vector<xnnpack::schema::DataType> stored;
  for (const auto* value : *payload->values()) {
    if (value->stored_datatype() != xnnpack::schema::DataType::Fp32) {
      stored.push_back(value->stored_datatype());
    }
  }
  const std::vector<xnnpack::schema::DataType> expected = {
      xnnpack::schema::DataType::Fp16,
      per_column ? xnnpack::schema::DataType::QCInt8 : xnnpack::schema::DataType::QInt8};
  EXPECT_EQ(stored, expected);
  // The payload holds the narrow bytes: the f32 weights' size minus what narrow storage saves.
  const size_t saved = w.conv.size() * 2 + w.fc.size() * 3;
  EXPECT_LE(narrow.bytes.size() + saved * 9 / 10, wide.bytes.size())
      << narrow.bytes.size() << " vs " << wide.bytes.size() << " bytes";
  for (uint32_t seed = 20; seed < 23; ++seed) {
    const std::vector<float> x = uniform(kChannels * kSide * kSide, seed);
    const std::vector<float> a = run(*narrow.program, x);
    const std::vector<float> b = run(*wide.program, x);
    ASSERT_EQ(a.size(), static_cast<size_t>(kFeatures));
    ASSERT_EQ(b.size(), a.size());
    EXPECT_EQ(std::memcmp(a.data(), b.data(), a.size() * sizeof(float)), 0) << "seed " << seed;
  }
}

TEST(NarrowWeightsDelegate, Fp16ConvAndPerColumnInt8GemmAreDelegatedBitIdentical) {
  check_narrow_weights(/*per_column=*/true);
}

TEST(NarrowWeightsDelegate, PerTensorInt8GemmIsDelegatedBitIdentical) {
  check_narrow_weights(/*per_column=*/false);
}

// A payload "f32 [2, 3] -> Clamp -> f32 [2, 3]" with an extra narrow constant `narrow` (unused by
// the node), initialised through the backend.
Status init_with_narrow_constant(const std::vector<xnnpack::PayloadValue>& narrow,
                                 const std::vector<uint8_t>& bytes) {
  xnnpack::PayloadBuilder builder;
  xnnpack::PayloadValue boundary;
  boundary.dims = {2, 3};
  const uint32_t in = builder.add_value(boundary);
  const uint32_t out = builder.add_value(boundary);
  const int constant = builder.add_unshared_constant(bytes);
  for (xnnpack::PayloadValue value : narrow) {
    value.constant = constant;
    builder.add_value(value);
  }
  xnnpack::PayloadNode clamp;
  clamp.kind = xnnpack::schema::NodeKind::Clamp;
  clamp.inputs = {in};
  clamp.outputs = {out};
  clamp.float_params = {-1.f, 1.f};
  clamp.name = "clamp";
  builder.add_node(clamp);
  builder.add_input(in, xnnpack::schema::BoundaryLayout::Same);
  builder.add_output(out, xnnpack::schema::BoundaryLayout::Same);
  const std::vector<uint8_t> payload = builder.finish();
  const TensorView declared(DType::kF32, {2, 3});
  runtime::BackendInitArgs args;
  args.payload = Span<const uint8_t>(payload);
  args.inputs = Span<const TensorView>(&declared, 1);
  args.outputs = Span<const TensorView>(&declared, 1);
  args.num_threads = 1;
  args.name = "call";
  xnnpack::XnnpackBackend backend;
  EDGEQ_ASSIGN_OR_RETURN(runtime::DelegateHandle * handle, backend.init(args));
  backend.destroy(handle);
  return Status::Ok();
}

xnnpack::PayloadValue per_channel_value(std::vector<float> scales, int channel_dim) {
  xnnpack::PayloadValue value;
  value.dims = {2, 3};
  value.stored_datatype = xnnpack::schema::DataType::QCInt8;
  value.stored_quantization.channel_scales = std::move(scales);
  value.stored_quantization.channel_dim = channel_dim;
  return value;
}

void expect_init_error(const Status& status, const std::string& needle) {
  EXPECT_FALSE(status.ok());
  EXPECT_NE(status.message().find(needle), std::string::npos) << status.to_string();
}

TEST(NarrowWeightsDelegate, DamagedNarrowConstantsAreInitErrors) {
  const std::vector<uint8_t> codes = {1, 2, 3, 4, 5, 6};  // int8 [2, 3]
  EXPECT_TRUE(init_with_narrow_constant({per_channel_value({0.5f, 0.25f}, 0)}, codes).ok());
  expect_init_error(init_with_narrow_constant({per_channel_value({0.5f}, 0)}, codes),
                    "one channel scale per element");
  expect_init_error(init_with_narrow_constant({per_channel_value({0.5f, 0.25f}, 2)}, codes),
                    "one channel scale per element");
  expect_init_error(
      init_with_narrow_constant(
          {per_channel_value({0.5f, 0.25f}, 0), per_channel_value({0.5f, 0.25f}, 0)}, codes),
      "shares constant");
  xnnpack::PayloadValue int32 = per_channel_value({0.5f, 0.25f}, 0);
  int32.stored_datatype = xnnpack::schema::DataType::QInt32;
  expect_init_error(init_with_narrow_constant({int32}, std::vector<uint8_t>(24)),
                    "not a narrow storage");
  // An fp16 value needs 2 bytes per element.
  xnnpack::PayloadValue half;
  half.dims = {2, 3};
  half.stored_datatype = xnnpack::schema::DataType::Fp16;
  expect_init_error(init_with_narrow_constant({half}, codes), "does not hold 12 bytes");
}

}  // namespace
}  // namespace edgeq::testing
