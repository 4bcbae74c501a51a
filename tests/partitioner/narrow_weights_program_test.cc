// Programs whose weights are stored narrow (fp16 behind a Cast, int8 behind a DequantizeLinear, as
// `edgeq quantize --scheme fp16 | weight_only_int8` writes them): the file keeps the narrow bytes,
// the widening instructions run once when the Method is created, and the outputs are bit-identical
// to the same program with the widened weights stored as f32 constants.
#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <random>
#include <vector>

#include "ir/passes/passes.h"
#include "partitioner/lower_to_program.h"
#include "runtime/executor/method.h"

namespace edgeq::partitioner {
namespace {

using runtime::Method;

constexpr int64_t kChannels = 3, kFilters = 8, kSide = 6, kFeatures = 5;

std::vector<float> random_values(size_t n, uint32_t seed) {
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

// The stored weights and what widening them gives.
struct Weights {
  std::vector<uint16_t> conv_fp16;    // [8, 3, 3, 3]
  std::vector<uint16_t> bias_fp16;    // [8]
  std::vector<int8_t> fc_int8;        // [8 * 4 * 4, 5], per column (axis 1)
  std::vector<float> fc_scales;       // [5]
  std::vector<float> conv, bias, fc;  // widened
};

Weights make_weights() {
  Weights w;
  for (float v : random_values(kFilters * kChannels * 9, 1))
    w.conv_fp16.push_back(float_to_half(v));
  for (float v : random_values(kFilters, 2)) w.bias_fp16.push_back(float_to_half(v));
  for (uint16_t h : w.conv_fp16) w.conv.push_back(half_to_float(h));
  for (uint16_t h : w.bias_fp16) w.bias.push_back(half_to_float(h));
  const int64_t depth = kFilters * 4 * 4;
  std::mt19937 rng(3);
  for (int64_t i = 0; i < depth * kFeatures; ++i) {
    w.fc_int8.push_back(static_cast<int8_t>(std::uniform_int_distribution<int>(-127, 127)(rng)));
  }
  for (int64_t n = 0; n < kFeatures; ++n) w.fc_scales.push_back(0.002f * static_cast<float>(n + 1));
  for (int64_t i = 0; i < depth * kFeatures; ++i) {
    w.fc.push_back(static_cast<float>(w.fc_int8[i]) * w.fc_scales[i % kFeatures]);
  }
  return w;
}

// x [1, 3, 6, 6] -> Conv 3x3 (8 filters, bias) -> Relu -> Flatten -> MatMul [128, 5] -> y.
// narrow: weights stored fp16 / int8 behind Cast / DequantizeLinear; otherwise f32 constants
// holding the widened values.
ir::Graph make_graph(const Weights& w, bool narrow) {
  ir::Graph g;
  ir::Value* x = g.add_value("x", DType::kF32, Shape{1, kChannels, kSide, kSide});
  g.add_input(x);
  const Shape conv_shape{kFilters, kChannels, 3, 3};
  const Shape fc_shape{kFilters * 16, kFeatures};
  ir::Value* conv_w = g.add_value("conv_w");
  ir::Value* conv_b = g.add_value("conv_b");
  ir::Value* fc_w = g.add_value("fc_w");
  if (narrow) {
    Attributes to_float;
    to_float.set("to", std::string("f32"));
    g.add_node(OpType::kCast, "conv_w_cast",
               {constant(g, "conv_w_fp16", DType::kF16, conv_shape, w.conv_fp16)}, {conv_w},
               to_float);
    g.add_node(OpType::kCast, "conv_b_cast",
               {constant(g, "conv_b_fp16", DType::kF16, Shape{kFilters}, w.bias_fp16)}, {conv_b},
               to_float);
    Attributes axis;
    axis.set("axis", int64_t{1});
    g.add_node(OpType::kDequantizeLinear, "fc_w_dq",
               {constant(g, "fc_w_quantized", DType::kI8, fc_shape, w.fc_int8),
                constant(g, "fc_w_scale", DType::kF32, Shape{kFeatures}, w.fc_scales)},
               {fc_w}, axis);
  } else {
    conv_w = constant(g, "conv_w_f32", DType::kF32, conv_shape, w.conv);
    conv_b = constant(g, "conv_b_f32", DType::kF32, Shape{kFilters}, w.bias);
    fc_w = constant(g, "fc_w_f32", DType::kF32, fc_shape, w.fc);
  }
  ir::Value* c = g.add_value("c");
  ir::Value* r = g.add_value("r");
  ir::Value* f = g.add_value("f");
  ir::Value* y = g.add_value("y");
  Attributes pads;
  pads.set("pads", std::vector<int64_t>{0, 0, 0, 0});
  g.add_node(OpType::kConv, "conv", {x, conv_w, conv_b}, {c}, pads);
  g.add_node(OpType::kRelu, "relu", {c}, {r});
  g.add_node(OpType::kFlatten, "flatten", {r}, {f});
  g.add_node(OpType::kMatMul, "fc", {f, fc_w}, {y});
  g.add_output(y);
  return g;
}

struct Compiled {
  std::vector<uint8_t> bytes;
  std::unique_ptr<Method> method;
};

Compiled compile(const Weights& w, bool narrow) {
  Compiled out;
  ir::Graph graph = make_graph(w, narrow);
  const Status passes = ir::run_default_passes(graph);
  EXPECT_TRUE(passes.ok()) << passes.to_string();
  auto bytes = lower_to_program(graph);
  EXPECT_TRUE(bytes.ok()) << bytes.status().to_string();
  if (!bytes.ok()) return out;
  out.bytes = *bytes;
  auto program = runtime::Program::load_buffer(out.bytes, narrow ? "narrow.eqp" : "f32.eqp");
  EXPECT_TRUE(program.ok()) << program.status().to_string();
  if (!program.ok()) return out;
  auto method = Method::create(*program);
  EXPECT_TRUE(method.ok()) << method.status().to_string();
  if (method.ok()) out.method = std::move(method).value();
  return out;
}

std::vector<float> run(Method& method, const std::vector<float>& x) {
  const Status set =
      method.set_input(0, TensorView(DType::kF32, Shape{1, kChannels, kSide, kSide}, x.data()));
  EXPECT_TRUE(set.ok()) << set.to_string();
  const Status executed = method.execute();
  EXPECT_TRUE(executed.ok()) << executed.to_string();
  const TensorView y = method.output(0);
  std::vector<float> out(static_cast<size_t>(y.numel()));
  if (y.data != nullptr) std::memcpy(out.data(), y.data, y.nbytes());
  return out;
}

TEST(NarrowWeightsProgram, WidenedOnceAtInitAndBitIdenticalToF32Weights) {
  const Weights w = make_weights();
  Compiled narrow = compile(w, true);
  Compiled wide = compile(w, false);
  ASSERT_NE(narrow.method, nullptr);
  ASSERT_NE(wide.method, nullptr);
  // The narrow bytes are what the file stores: constant folding kept the Casts and the
  // DequantizeLinear (3 widening instructions + 4 ops).
  const runtime::Program& program = narrow.method->program();
  ASSERT_EQ(program.instructions().size(), 7u);
  size_t at_init = 0;
  for (size_t i = 0; i < program.instructions().size(); ++i) {
    const OpType op = program.instructions()[i].op;
    const bool widening = op == OpType::kCast || op == OpType::kDequantizeLinear;
    EXPECT_EQ(narrow.method->runs_at_init(i), widening) << program.instructions()[i].name;
    at_init += narrow.method->runs_at_init(i) ? 1 : 0;
  }
  EXPECT_EQ(at_init, 3u);
  const size_t f32_weight_bytes = (w.conv.size() + w.bias.size() + w.fc.size()) * sizeof(float);
  const size_t narrow_weight_bytes = (w.conv_fp16.size() + w.bias_fp16.size()) * 2 +
                                     w.fc_int8.size() + w.fc_scales.size() * sizeof(float);
  // At least half the saving reaches the file (the rest goes to the three extra instructions and
  // values and to constant alignment in this tiny model).
  EXPECT_LE(narrow.bytes.size() + (f32_weight_bytes - narrow_weight_bytes) / 2, wide.bytes.size())
      << "narrow file " << narrow.bytes.size() << " bytes, f32 file " << wide.bytes.size();

  runtime::MethodProfile profile;
  narrow.method->set_profile(&profile);
  for (uint32_t seed = 10; seed < 13; ++seed) {
    const std::vector<float> x = random_values(kChannels * kSide * kSide, seed);
    const std::vector<float> a = run(*narrow.method, x);
    const std::vector<float> b = run(*wide.method, x);
    ASSERT_EQ(a.size(), static_cast<size_t>(kFeatures));
    EXPECT_EQ(std::memcmp(a.data(), b.data(), a.size() * sizeof(float)), 0) << "seed " << seed;
  }
  for (size_t i = 0; i < program.instructions().size(); ++i) {
    EXPECT_EQ(profile.executions[i], narrow.method->runs_at_init(i) ? 0u : 3u) << i;
  }
}

}  // namespace
}  // namespace edgeq::partitioner
