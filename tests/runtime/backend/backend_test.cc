// The backend seam: a program with a delegate call runs through a registered test backend; a
// missing or unavailable backend fails at Method creation with a clear error.
#include "runtime/backend/backend.h"

#include <gtest/gtest.h>

#include "runtime/executor/method.h"
#include "tests/runtime/backend/test_add_backend.h"
#include "tests/runtime/program/program_test_util.h"

namespace edgeq::testing {
namespace {

using runtime::CompileSpec;
using runtime::Method;
using runtime::ProgramBuilder;

// y = Relu(test_add(a, b)): a delegate call followed by a portable kernel.
std::vector<uint8_t> build_delegate_program(const std::string& backend, const std::string& payload,
                                            bool symbolic_batch = false) {
  ProgramBuilder builder;
  const int32_t a = builder.add_value("a", DType::kF32, Shape{1, 3}, symbolic_batch);
  const int32_t b = builder.add_value("b", DType::kF32, Shape{1, 3}, symbolic_batch);
  const int32_t sum = builder.add_value("sum", DType::kF32, Shape{1, 3});
  const int32_t y = builder.add_value("y", DType::kF32, Shape{1, 3});
  const Span<const uint8_t> bytes(reinterpret_cast<const uint8_t*>(payload.data()), payload.size());
  EXPECT_TRUE(
      builder.add_delegate_call(backend, bytes, {{"mode", "exact"}}, {a, b}, {sum}, "partition0")
          .ok());
  EXPECT_TRUE(builder.add_kernel_call(OpType::kRelu, {}, {sum}, {y}, "relu").ok());
  builder.set_inputs({a, b});
  builder.set_outputs({y});
  auto file = builder.finish();
  EXPECT_TRUE(file.ok()) << file.status().to_string();
  return file.ok() ? std::move(file).value() : std::vector<uint8_t>();
}

class BackendTest : public ::testing::Test {
 protected:
  TestAddBackend backend_;
  ScopedBackendRegistration registration_{TestAddBackend::kName, &backend_};
};

TEST_F(BackendTest, DelegateCallRunsThroughTheRegisteredBackend) {
  auto program = load_program(build_delegate_program(TestAddBackend::kName, "add"));
  {
    auto method = Method::create(program);
    ASSERT_TRUE(method.ok()) << method.status().to_string();
    EXPECT_EQ(backend_.live_handles.load(), 1);
    EXPECT_EQ(backend_.last_spec_value, "exact");
    const std::vector<float> a = {1.f, -4.f, 2.5f}, b = {0.5f, 1.f, -3.f};
    EDGEQ_ASSERT_OK((*method)->set_input(0, TensorView(DType::kF32, Shape{1, 3}, a.data())));
    EDGEQ_ASSERT_OK((*method)->set_input(1, TensorView(DType::kF32, Shape{1, 3}, b.data())));
    EDGEQ_ASSERT_OK((*method)->execute());
    EXPECT_EQ(view_floats((*method)->output(0)), (std::vector<float>{1.5f, 0.f, 0.f}));
    EXPECT_EQ(backend_.executions.load(), 1);
  }
  EXPECT_EQ(backend_.live_handles.load(), 0) << "the Method destroys its handles";
}

TEST_F(BackendTest, SymbolicBatchUsesTheDefaultOutputShapeHook) {
  auto method = Method::create(load_program(build_delegate_program(TestAddBackend::kName, "add",
                                                                   /*symbolic_batch=*/true)));
  ASSERT_TRUE(method.ok()) << method.status().to_string();
  const std::vector<float> a = random_samples(6, 1), b = random_samples(6, 2);
  EDGEQ_ASSERT_OK((*method)->set_input(0, TensorView(DType::kF32, Shape{2, 3}, a.data())));
  EDGEQ_ASSERT_OK((*method)->set_input(1, TensorView(DType::kF32, Shape{2, 3}, b.data())));
  EDGEQ_ASSERT_OK((*method)->execute());
  ASSERT_EQ((*method)->output(0).shape, (Shape{2, 3}));
  const std::vector<float> y = view_floats((*method)->output(0));
  for (size_t i = 0; i < 6; ++i) EXPECT_EQ(y[i], std::max(0.f, a[i] + b[i])) << i;
}

TEST_F(BackendTest, BadPayloadFailsInitNamingTheInstruction) {
  auto method = Method::create(load_program(build_delegate_program(TestAddBackend::kName, "mul")));
  ASSERT_FALSE(method.ok());
  EXPECT_EQ(method.status().message(),
            "test.eqp: instruction 0 (delegate 'partition0', test_add): test_add: unknown "
            "payload 'mul'");
}

TEST_F(BackendTest, UnavailableBackendIsAClearError) {
  backend_.available = false;
  auto method = Method::create(load_program(build_delegate_program(TestAddBackend::kName, "add")));
  ASSERT_FALSE(method.ok());
  EXPECT_EQ(method.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(method.status().message().find("registered but not available"), std::string::npos);
}

TEST(BackendRegistry, UnregisteredBackendFailsAtMethodCreation) {
  auto method = Method::create(load_program(build_delegate_program("xnnpack", "add")));
  ASSERT_FALSE(method.ok());
  EXPECT_EQ(method.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(method.status().message(),
            "test.eqp: instruction 0 (delegate 'partition0', xnnpack): program needs backend "
            "'xnnpack', which is not registered in this runtime");
}

TEST(BackendRegistry, RegistersLooksUpAndRejectsDuplicates) {
  TestAddBackend backend;
  EXPECT_EQ(runtime::get_backend("registry_test"), nullptr);
  EDGEQ_ASSERT_OK(runtime::register_backend("registry_test", &backend));
  EXPECT_EQ(runtime::get_backend("registry_test"), &backend);
  const std::vector<std::string> names = runtime::registered_backends();
  EXPECT_NE(std::find(names.begin(), names.end(), "registry_test"), names.end());
  const Status duplicate = runtime::register_backend("registry_test", &backend);
  EXPECT_EQ(duplicate.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(duplicate.message().find("already registered"), std::string::npos);
  EXPECT_FALSE(runtime::register_backend("", &backend).ok());
  EXPECT_FALSE(runtime::register_backend("null_backend", nullptr).ok());
  EDGEQ_ASSERT_OK(runtime::unregister_backend("registry_test"));
  EXPECT_EQ(runtime::get_backend("registry_test"), nullptr);
  EXPECT_EQ(runtime::unregister_backend("registry_test").code(), StatusCode::kNotFound);
}

TEST(BackendRegistry, DefaultOutputShapesReplaceTheBatch) {
  TestAddBackend backend;
  const std::vector<TensorView> declared_in = {TensorView(DType::kF32, Shape{1, 3})};
  const std::vector<TensorView> declared_out = {TensorView(DType::kF32, Shape{1, 6}),
                                                TensorView(DType::kF32, Shape{})};
  const std::vector<TensorView> same = {TensorView(DType::kF32, Shape{1, 3})};
  const std::vector<TensorView> batch5 = {TensorView(DType::kF32, Shape{5, 3})};
  auto unchanged = backend.output_shapes(nullptr, Span<const TensorView>(same),
                                         Span<const TensorView>(declared_in),
                                         Span<const TensorView>(declared_out));
  ASSERT_TRUE(unchanged.ok());
  EXPECT_EQ((*unchanged)[0], (Shape{1, 6}));
  auto changed = backend.output_shapes(nullptr, Span<const TensorView>(batch5),
                                       Span<const TensorView>(declared_in),
                                       Span<const TensorView>(declared_out));
  ASSERT_TRUE(changed.ok());
  EXPECT_EQ((*changed)[0], (Shape{5, 6}));
  EXPECT_EQ((*changed)[1].rank(), 0);
}

}  // namespace
}  // namespace edgeq::testing
