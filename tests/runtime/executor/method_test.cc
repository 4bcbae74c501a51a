// Method: runs programs built with ProgramBuilder on the portable kernels, checks inputs, re-plans
// for a new symbolic batch, and does not allocate in execute while shapes stay the same.
#include "runtime/executor/method.h"

#include <gtest/gtest.h>

#include "tests/runtime/executor/allocation_counter.h"
#include "tests/runtime/program/program_test_util.h"

namespace edgeq::testing {
namespace {

using runtime::Method;
using runtime::MethodProfile;
using runtime::Program;
using runtime::ProgramBuilder;

std::unique_ptr<Method> make_method(std::shared_ptr<const Program> program) {
  auto method = Method::create(std::move(program));
  EXPECT_TRUE(method.ok()) << method.status().to_string();
  return method.ok() ? std::move(method).value() : nullptr;
}

// relu(x + bias) row by row, the reference for the add-relu program.
std::vector<float> add_relu_reference(const std::vector<float>& x) {
  const std::vector<float> bias = add_relu_bias();
  std::vector<float> y(x.size());
  for (size_t i = 0; i < x.size(); ++i) y[i] = std::max(0.f, x[i] + bias[i % 4]);
  return y;
}

std::vector<float> run_add_relu(Method& method, const std::vector<float>& x) {
  const int64_t batch = static_cast<int64_t>(x.size() / 4);
  const Status set = method.set_input(0, TensorView(DType::kF32, Shape{batch, 4}, x.data()));
  EXPECT_TRUE(set.ok()) << set.to_string();
  const Status run = method.execute();
  EXPECT_TRUE(run.ok()) << run.to_string();
  EXPECT_EQ(method.output(0).shape, (Shape{batch, 4}));
  return view_floats(method.output(0));
}

TEST(Method, RunsAddReluAndMatchesReference) {
  auto method = make_method(load_program(build_add_relu_program(false)));
  ASSERT_NE(method, nullptr);
  EXPECT_EQ(method->num_inputs(), 1u);
  EXPECT_EQ(method->num_outputs(), 1u);
  EXPECT_EQ(method->input_name(0), "x");
  EXPECT_EQ(method->output_name(0), "y");
  const std::vector<float> x = {-1.f, 2.f, -3.f, 0.5f};
  EXPECT_EQ(run_add_relu(*method, x), add_relu_reference(x));
  EXPECT_FALSE(method->output(1).present());
}

TEST(Method, SetInputRejectsWrongDtypeAndShape) {
  auto method = make_method(load_program(build_add_relu_program(false)));
  ASSERT_NE(method, nullptr);
  const std::vector<int32_t> ints(4, 1);
  Status status = method->set_input(0, TensorView(DType::kI32, Shape{1, 4}, ints.data()));
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "input 0 ('x'): expected dtype f32, got i32");

  const std::vector<float> floats(15, 1.f);
  status = method->set_input(0, TensorView(DType::kF32, Shape{1, 5}, floats.data()));
  EXPECT_EQ(status.message(), "input 0 ('x'): expected shape [1, 4], got [1, 5]");
  status = method->set_input(0, TensorView(DType::kF32, Shape{3, 4}, floats.data()));
  EXPECT_EQ(status.message(), "input 0 ('x'): expected shape [1, 4], got [3, 4]");
  status = method->set_input(0, TensorView(DType::kF32, Shape{4}, floats.data()));
  EXPECT_FALSE(status.ok());
  status = method->set_input(1, TensorView(DType::kF32, Shape{1, 4}, floats.data()));
  EXPECT_EQ(status.code(), StatusCode::kOutOfRange);

  auto symbolic = make_method(load_program(build_add_relu_program(true)));
  ASSERT_NE(symbolic, nullptr);
  status = symbolic->set_input(0, TensorView(DType::kF32, Shape{3, 5}, floats.data()));
  EXPECT_EQ(status.message(),
            "input 0 ('x'): expected shape [1, 4] (dimension 0 may vary), got [3, 5]");
}

TEST(Method, SymbolicBatchGivesPerSampleIdenticalResults) {
  auto method = make_method(load_program(build_add_relu_program(true)));
  ASSERT_NE(method, nullptr);
  const std::vector<float> batch3 = random_samples(12);
  std::vector<float> per_sample;
  for (int s = 0; s < 3; ++s) {
    const std::vector<float> sample(batch3.begin() + 4 * s, batch3.begin() + 4 * s + 4);
    const std::vector<float> y = run_add_relu(*method, sample);
    per_sample.insert(per_sample.end(), y.begin(), y.end());
  }
  EXPECT_EQ(run_add_relu(*method, batch3), per_sample);
  EXPECT_EQ(per_sample, add_relu_reference(batch3));
  // Back to the compiled batch: the stored plan again.
  const std::vector<float> first(batch3.begin(), batch3.begin() + 4);
  EXPECT_EQ(run_add_relu(*method, first), add_relu_reference(first));
}

TEST(Method, ExecuteDoesNotAllocateWhileShapesStayTheSame) {
  auto method = make_method(load_program(build_add_relu_program(true)));
  ASSERT_NE(method, nullptr);
  const std::vector<float> x = random_samples(8);
  const TensorView input(DType::kF32, Shape{2, 4}, x.data());
  EDGEQ_ASSERT_OK(method->set_input(0, input));
  EDGEQ_ASSERT_OK(method->execute());  // the batch changed: re-plans (and may allocate) once
  const void* output_data = method->output(0).data;
  const long before = allocation_count();
  for (int run = 0; run < 5; ++run) {
    EDGEQ_ASSERT_OK(method->set_input(0, input));
    EDGEQ_ASSERT_OK(method->execute());
  }
  EXPECT_EQ(allocation_count() - before, 0);
  EXPECT_EQ(method->output(0).data, output_data);
}

// x: f32[2, 3, 4] -> Relu -> Mul(2) -> Reshape([2, 12]) -> Add(x reshaped) -> Sub(1) -> Relu.
// Six instructions over a chain, so the arena reuses memory.
TEST(Method, LongerChainWithArenaReuseMatchesReference) {
  ProgramBuilder builder;
  const int32_t x = builder.add_value("x", DType::kF32, Shape{2, 3, 4});
  const int32_t two = builder.add_value("two", DType::kF32, Shape{});
  const int32_t one = builder.add_value("one", DType::kF32, Shape{});
  const int32_t shape = builder.add_value("shape", DType::kI64, Shape{2});
  const int32_t r = builder.add_value("r", DType::kF32, Shape{2, 3, 4});
  const int32_t m = builder.add_value("m", DType::kF32, Shape{2, 3, 4});
  const int32_t flat = builder.add_value("flat", DType::kF32, Shape{2, 12});
  const int32_t xflat = builder.add_value("xflat", DType::kF32, Shape{2, 12});
  const int32_t sum = builder.add_value("sum", DType::kF32, Shape{2, 12});
  const int32_t diff = builder.add_value("diff", DType::kF32, Shape{2, 12});
  const int32_t y = builder.add_value("y", DType::kF32, Shape{2, 12});
  const std::vector<float> two_value = {2.f}, one_value = {1.f};
  const std::vector<int64_t> dims = {2, 12};
  EDGEQ_ASSERT_OK(builder.add_constant(two, float_bytes(two_value)));
  EDGEQ_ASSERT_OK(builder.add_constant(one, float_bytes(one_value)));
  EDGEQ_ASSERT_OK(builder.add_constant(
      shape, Span<const uint8_t>(reinterpret_cast<const uint8_t*>(dims.data()), 16)));
  EDGEQ_ASSERT_OK(builder.add_kernel_call(OpType::kRelu, {}, {x}, {r}, "relu1"));
  EDGEQ_ASSERT_OK(builder.add_kernel_call(OpType::kMul, {}, {r, two}, {m}, "mul"));
  EDGEQ_ASSERT_OK(builder.add_kernel_call(OpType::kReshape, {}, {m, shape}, {flat}, "reshape1"));
  EDGEQ_ASSERT_OK(builder.add_kernel_call(OpType::kReshape, {}, {x, shape}, {xflat}, "reshape2"));
  EDGEQ_ASSERT_OK(builder.add_kernel_call(OpType::kAdd, {}, {flat, xflat}, {sum}, "add"));
  EDGEQ_ASSERT_OK(builder.add_kernel_call(OpType::kSub, {}, {sum, one}, {diff}, "sub"));
  EDGEQ_ASSERT_OK(builder.add_kernel_call(OpType::kRelu, {}, {diff}, {y}, "relu2"));
  builder.set_inputs({x});
  builder.set_outputs({y});
  auto bytes = builder.finish();
  ASSERT_TRUE(bytes.ok()) << bytes.status().to_string();
  auto program = load_program(bytes.value());
  ASSERT_NE(program, nullptr);
  EXPECT_LT(program->memory_plan().arena_bytes, 6u * 128u) << "six 96-byte activations";

  auto method = make_method(program);
  ASSERT_NE(method, nullptr);
  const std::vector<float> input = random_samples(24);
  EDGEQ_ASSERT_OK(method->set_input(0, TensorView(DType::kF32, Shape{2, 3, 4}, input.data())));
  EDGEQ_ASSERT_OK(method->execute());
  ASSERT_EQ(method->output(0).shape, (Shape{2, 12}));
  const std::vector<float> got = view_floats(method->output(0));
  for (size_t i = 0; i < input.size(); ++i) {
    const float expected = std::max(0.f, std::max(0.f, input[i]) * 2.f + input[i] - 1.f);
    EXPECT_FLOAT_EQ(got[i], expected) << "element " << i;
  }
}

TEST(Method, ShapeDisagreeingWithDeclarationIsAnErrorAtCreation) {
  ProgramBuilder builder;
  const int32_t x = builder.add_value("x", DType::kF32, Shape{1, 4});
  const int32_t y = builder.add_value("y", DType::kF32, Shape{1, 5});
  EDGEQ_ASSERT_OK(builder.add_kernel_call(OpType::kRelu, {}, {x}, {y}, "relu"));
  builder.set_inputs({x});
  builder.set_outputs({y});
  auto bytes = builder.finish();
  ASSERT_TRUE(bytes.ok()) << bytes.status().to_string();
  auto method = Method::create(load_program(bytes.value()));
  ASSERT_FALSE(method.ok());
  EXPECT_EQ(method.status().message(),
            "test.eqp: instruction 0 (node 'relu', Relu): output 'y' has shape [1, 4] after "
            "prepare but the program declares [1, 5]");
}

TEST(Method, KernelErrorsNameTheInstruction) {
  ProgramBuilder builder;
  const int32_t x = builder.add_value("x", DType::kF32, Shape{1, 4});
  const int32_t c = builder.add_value("c", DType::kF32, Shape{1, 3});
  const int32_t y = builder.add_value("y", DType::kF32, Shape{1, 4});
  const std::vector<float> three(3, 1.f);
  EDGEQ_ASSERT_OK(builder.add_constant(c, float_bytes(three)));
  EDGEQ_ASSERT_OK(builder.add_kernel_call(OpType::kAdd, {}, {x, c}, {y}, "bad_add"));
  builder.set_inputs({x});
  builder.set_outputs({y});
  auto bytes = builder.finish();
  ASSERT_TRUE(bytes.ok()) << bytes.status().to_string();
  auto method = Method::create(load_program(bytes.value()));
  ASSERT_FALSE(method.ok());
  EXPECT_EQ(method.status().message().rfind("test.eqp: instruction 0 (node 'bad_add', Add): ", 0),
            0u)
      << method.status().message();
}

TEST(Method, ProfileCountsEveryInstructionAndRun) {
  auto method = make_method(load_program(build_add_relu_program(false)));
  ASSERT_NE(method, nullptr);
  MethodProfile profile;
  method->set_profile(&profile);
  ASSERT_EQ(profile.nanoseconds.size(), 2u);
  for (int run = 0; run < 3; ++run) EDGEQ_ASSERT_OK(method->execute());
  EXPECT_EQ(profile.runs, 3u);
  EXPECT_GT(profile.nanoseconds[0] + profile.nanoseconds[1], 0u);
  method->set_profile(nullptr);
  EDGEQ_ASSERT_OK(method->execute());
  EXPECT_EQ(profile.runs, 3u);
}

TEST(Method, MethodsSharingAProgramAreIndependent) {
  auto program = load_program(build_add_relu_program(false));
  auto first = make_method(program);
  auto second = make_method(program);
  ASSERT_TRUE(first && second);
  const std::vector<float> a = {1.f, 1.f, 1.f, 1.f}, b = {-5.f, 3.f, 0.f, 2.f};
  EDGEQ_ASSERT_OK(first->set_input(0, TensorView(DType::kF32, Shape{1, 4}, a.data())));
  EDGEQ_ASSERT_OK(second->set_input(0, TensorView(DType::kF32, Shape{1, 4}, b.data())));
  EDGEQ_ASSERT_OK(first->execute());
  EDGEQ_ASSERT_OK(second->execute());
  EXPECT_EQ(view_floats(first->output(0)), add_relu_reference(a));
  EXPECT_EQ(view_floats(second->output(0)), add_relu_reference(b));
}

}  // namespace
}  // namespace edgeq::testing
