// Kernel calls whose inputs are all constant (Cast of fp16 weights, DequantizeLinear of int8
// weights) run once when the Method is created: execute() skips them, their outputs stay valid in
// Method-owned bytes across runs and batch changes, and no memory plan gives them arena bytes.
#include <gtest/gtest.h>

#include "runtime/executor/method.h"
#include "runtime/program/program_memory.h"
#include "tests/runtime/executor/allocation_counter.h"
#include "tests/runtime/program/program_test_util.h"

namespace edgeq::testing {
namespace {

using runtime::Method;
using runtime::MethodOptions;
using runtime::MethodProfile;
using runtime::ProgramBuilder;

constexpr int64_t kDepth = 4, kColumns = 3;

std::vector<uint16_t> weight_halves() {
  std::vector<uint16_t> out;
  for (int i = 0; i < kDepth * kColumns; ++i) {
    out.push_back(float_to_half(0.1f * static_cast<float>(i) - 0.55f));
  }
  return out;
}
const std::vector<int8_t> kBiasCodes = {-7, 3, 90};
constexpr float kBiasScale = 0.05f;

template <typename T>
Span<const uint8_t> bytes_of(const std::vector<T>& v) {
  return Span<const uint8_t>(reinterpret_cast<const uint8_t*>(v.data()), v.size() * sizeof(T));
}

// x: f32[batch, 4] (symbolic batch); w = Cast(w_fp16) [4, 3]; b = DequantizeLinear(b_int8, 0.05);
// y = Relu(MatMul(x, w) + b). Instructions: cast, dequantize, matmul, add, relu.
std::vector<uint8_t> build_program() {
  ProgramBuilder builder;
  const int32_t x = builder.add_value("x", DType::kF32, Shape{1, kDepth}, true);
  const int32_t w16 = builder.add_value("w_fp16", DType::kF16, Shape{kDepth, kColumns});
  const int32_t w = builder.add_value("w", DType::kF32, Shape{kDepth, kColumns});
  const int32_t b8 = builder.add_value("b_quantized", DType::kI8, Shape{kColumns});
  const int32_t scale = builder.add_value("b_scale", DType::kF32, Shape{});
  const int32_t b = builder.add_value("b", DType::kF32, Shape{kColumns});
  const int32_t t = builder.add_value("t", DType::kF32, Shape{1, kColumns});
  const int32_t s = builder.add_value("s", DType::kF32, Shape{1, kColumns});
  const int32_t y = builder.add_value("y", DType::kF32, Shape{1, kColumns});
  EXPECT_TRUE(builder.add_constant(w16, bytes_of(weight_halves())).ok());
  EXPECT_TRUE(builder.add_constant(b8, bytes_of(kBiasCodes)).ok());
  const std::vector<float> scale_value = {kBiasScale};
  EXPECT_TRUE(builder.add_constant(scale, float_bytes(scale_value)).ok());
  Attributes to_float;
  to_float.set("to", std::string("f32"));
  EXPECT_TRUE(builder.add_kernel_call(OpType::kCast, to_float, {w16}, {w}, "cast").ok());
  EXPECT_TRUE(builder.add_kernel_call(OpType::kDequantizeLinear, {}, {b8, scale}, {b}, "dq").ok());
  EXPECT_TRUE(builder.add_kernel_call(OpType::kMatMul, {}, {x, w}, {t}, "matmul").ok());
  EXPECT_TRUE(builder.add_kernel_call(OpType::kAdd, {}, {t, b}, {s}, "add").ok());
  EXPECT_TRUE(builder.add_kernel_call(OpType::kRelu, {}, {s}, {y}, "relu").ok());
  builder.set_inputs({x});
  builder.set_outputs({y});
  auto bytes = builder.finish();
  EXPECT_TRUE(bytes.ok()) << bytes.status().to_string();
  return bytes.ok() ? std::move(bytes).value() : std::vector<uint8_t>();
}

std::vector<float> reference(const std::vector<float>& x) {
  const std::vector<uint16_t> halves = weight_halves();
  std::vector<float> y;
  for (size_t r = 0; r < x.size() / kDepth; ++r) {
    for (int64_t n = 0; n < kColumns; ++n) {
      float acc = 0.f;
      for (int64_t k = 0; k < kDepth; ++k) {
        acc += x[r * kDepth + k] * half_to_float(halves[k * kColumns + n]);
      }
      y.push_back(std::max(0.f, acc + kBiasCodes[n] * kBiasScale));
    }
  }
  return y;
}

void expect_run(Method& method, const std::vector<float>& x) {
  const int64_t batch = static_cast<int64_t>(x.size()) / kDepth;
  EDGEQ_ASSERT_OK(method.set_input(0, TensorView(DType::kF32, Shape{batch, kDepth}, x.data())));
  EDGEQ_ASSERT_OK(method.execute());
  const std::vector<float> expected = reference(x);
  const std::vector<float> actual = view_floats(method.output(0));
  ASSERT_EQ(actual.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) EXPECT_NEAR(actual[i], expected[i], 1e-5f) << i;
}

TEST(MethodInitEvaluation, ConstantOnlyKernelCallsRunOnceAtInit) {
  auto program = load_program(build_program());
  auto created = Method::create(program);
  ASSERT_TRUE(created.ok()) << created.status().to_string();
  Method& method = **created;
  const std::vector<bool> expected_at_init = {true, true, false, false, false};
  for (size_t i = 0; i < expected_at_init.size(); ++i) {
    EXPECT_EQ(method.runs_at_init(i), expected_at_init[i]) << "instruction " << i;
  }
  MethodProfile profile;
  method.set_profile(&profile);
  for (int run = 0; run < 3; ++run) expect_run(method, random_samples(2 * kDepth, 10 + run));
  ASSERT_EQ(profile.executions.size(), expected_at_init.size());
  for (size_t i = 0; i < expected_at_init.size(); ++i) {
    EXPECT_EQ(profile.executions[i], expected_at_init[i] ? 0u : 3u) << "instruction " << i;
  }
  // The widened weights were computed once and are what the Method holds.
  const std::vector<float> w = view_floats(method.value_by_name("w"));
  ASSERT_EQ(w.size(), static_cast<size_t>(kDepth * kColumns));
  EXPECT_EQ(w[5], half_to_float(weight_halves()[5]));
  EXPECT_EQ(view_floats(method.value_by_name("b"))[2], 90 * kBiasScale);
}

TEST(MethodInitEvaluation, InitValuesLiveOutsideTheArenaAcrossBatchChanges) {
  auto program = load_program(build_program());
  // The stored plan gives the init values no arena offset, like constants.
  const std::vector<int64_t>& offsets = program->memory_plan().offsets;
  const std::vector<bool> at_init = runtime::init_evaluation(*program).values;
  for (size_t v = 0; v < program->values().size(); ++v) {
    const std::string& name = program->values()[v].name;
    const bool init_value = name == "w" || name == "b";
    EXPECT_EQ(at_init[v], init_value) << name;
    if (init_value) {
      EXPECT_EQ(offsets[v], -1) << name;
    }
  }
  auto created = Method::create(program);
  ASSERT_TRUE(created.ok()) << created.status().to_string();
  Method& method = **created;
  expect_run(method, random_samples(kDepth, 1));
  const std::vector<float> x = random_samples(kDepth, 2);
  const long before = allocation_count();
  EDGEQ_ASSERT_OK(method.set_input(0, TensorView(DType::kF32, Shape{1, kDepth}, x.data())));
  EDGEQ_ASSERT_OK(method.execute());
  EXPECT_EQ(allocation_count() - before, 0) << "execute allocated";
  // New batch sizes re-plan the arena; the weights must survive it untouched.
  expect_run(method, random_samples(5 * kDepth, 3));
  expect_run(method, random_samples(2 * kDepth, 4));
  const TensorView w = method.value_by_name("w");
  const TensorView t = method.value_by_name("t");
  const auto* w0 = static_cast<const uint8_t*>(w.data);
  const auto* t0 = static_cast<const uint8_t*>(t.data);
  EXPECT_TRUE(w0 + w.nbytes() <= t0 || t0 + t.nbytes() <= w0) << "init value inside the arena";
}

TEST(MethodInitEvaluation, KeepIntermediateValuesStillWorks) {
  MethodOptions options;
  options.keep_intermediate_values = true;
  auto created = Method::create(load_program(build_program()), options);
  ASSERT_TRUE(created.ok()) << created.status().to_string();
  expect_run(**created, random_samples(3 * kDepth, 5));
  EXPECT_EQ(view_floats((*created)->value_by_name("b"))[0], -7 * kBiasScale);
}

}  // namespace
}  // namespace edgeq::testing
