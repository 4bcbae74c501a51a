// Method::value / value_by_name and MethodOptions::keep_intermediate_values: every value of a run
// stays readable when asked, in its own bytes; the default plan still reuses the arena; execute
// still does not allocate.
#include <gtest/gtest.h>

#include <algorithm>

#include "runtime/executor/memory_planner.h"
#include "runtime/executor/method.h"
#include "tests/runtime/executor/allocation_counter.h"
#include "tests/runtime/program/program_test_util.h"

namespace edgeq::testing {
namespace {

using runtime::BufferRequest;
using runtime::Method;
using runtime::MethodOptions;
using runtime::Program;
using runtime::ProgramBuilder;

// x: f32[batch, 8] (symbolic batch) -> Relu -> a -> Neg -> b -> Relu -> c -> Neg -> y.
// A chain of four, so the default plan puts a and c (and b and y) in the same bytes.
std::vector<uint8_t> build_chain_program() {
  ProgramBuilder builder;
  const int32_t x = builder.add_value("x", DType::kF32, Shape{1, 8}, /*symbolic_batch=*/true);
  const int32_t a = builder.add_value("a", DType::kF32, Shape{1, 8});
  const int32_t b = builder.add_value("b", DType::kF32, Shape{1, 8});
  const int32_t c = builder.add_value("c", DType::kF32, Shape{1, 8});
  const int32_t y = builder.add_value("y", DType::kF32, Shape{1, 8});
  EXPECT_TRUE(builder.add_kernel_call(OpType::kRelu, {}, {x}, {a}, "relu1").ok());
  EXPECT_TRUE(builder.add_kernel_call(OpType::kNeg, {}, {a}, {b}, "neg1").ok());
  EXPECT_TRUE(builder.add_kernel_call(OpType::kRelu, {}, {b}, {c}, "relu2").ok());
  EXPECT_TRUE(builder.add_kernel_call(OpType::kNeg, {}, {c}, {y}, "neg2").ok());
  builder.set_inputs({x});
  builder.set_outputs({y});
  auto bytes = builder.finish();
  EXPECT_TRUE(bytes.ok()) << bytes.status().to_string();
  return bytes.ok() ? std::move(bytes).value() : std::vector<uint8_t>();
}

std::unique_ptr<Method> make_method(bool keep) {
  MethodOptions options;
  options.keep_intermediate_values = keep;
  auto method = Method::create(load_program(build_chain_program()), options);
  EXPECT_TRUE(method.ok()) << method.status().to_string();
  return method.ok() ? std::move(method).value() : nullptr;
}

struct ChainReference {
  std::vector<float> a, b, c, y;
};

ChainReference chain_reference(const std::vector<float>& x) {
  ChainReference r;
  for (float v : x) {
    r.a.push_back(std::max(0.f, v));
    r.b.push_back(-r.a.back());
    r.c.push_back(std::max(0.f, r.b.back()));
    r.y.push_back(-r.c.back());
  }
  return r;
}

void run(Method& method, const std::vector<float>& x) {
  const int64_t batch = static_cast<int64_t>(x.size() / 8);
  EDGEQ_ASSERT_OK(method.set_input(0, TensorView(DType::kF32, Shape{batch, 8}, x.data())));
  EDGEQ_ASSERT_OK(method.execute());
}

bool bytes_overlap(const TensorView& p, const TensorView& q) {
  const auto* p0 = static_cast<const uint8_t*>(p.data);
  const auto* q0 = static_cast<const uint8_t*>(q.data);
  return p0 < q0 + q.nbytes() && q0 < p0 + p.nbytes();
}

TEST(MethodIntermediateValues, DefaultPlanReusesArenaBytes) {
  auto method = make_method(false);
  ASSERT_NE(method, nullptr);
  EXPECT_FALSE(method->keeps_intermediate_values());
  run(*method, random_samples(8));
  // a is dead once b exists; the greedy plan gives c a's bytes.
  EXPECT_EQ(method->value_by_name("a").data, method->value_by_name("c").data);
}

TEST(MethodIntermediateValues, KeptValuesAreReadableAfterExecuteAtAnyBatch) {
  auto method = make_method(true);
  ASSERT_NE(method, nullptr);
  EXPECT_TRUE(method->keeps_intermediate_values());
  ASSERT_EQ(method->num_values(), 5u);
  for (int64_t batch : {1, 3}) {
    const std::vector<float> x = random_samples(static_cast<size_t>(8 * batch), 11);
    run(*method, x);
    const ChainReference expected = chain_reference(x);
    EXPECT_EQ(view_floats(method->value_by_name("x")), x);
    EXPECT_EQ(view_floats(method->value_by_name("a")), expected.a);
    EXPECT_EQ(view_floats(method->value_by_name("b")), expected.b);
    EXPECT_EQ(view_floats(method->value_by_name("c")), expected.c);
    EXPECT_EQ(view_floats(method->value(4)), expected.y);
    EXPECT_EQ(method->value(4).data, method->output(0).data);
    EXPECT_EQ(method->value_by_name("c").shape, (Shape{batch, 8}));
    for (size_t i = 0; i < method->num_values(); ++i) {
      for (size_t j = i + 1; j < method->num_values(); ++j) {
        EXPECT_FALSE(bytes_overlap(method->value(i), method->value(j)))
            << "batch " << batch << ": values " << i << " and " << j << " share bytes";
      }
    }
  }
}

TEST(MethodIntermediateValues, UnknownNameOrIndexGivesAnEmptyView) {
  auto method = make_method(true);
  ASSERT_NE(method, nullptr);
  EXPECT_FALSE(method->value_by_name("no_such_value").present());
  EXPECT_FALSE(method->value(5).present());
  EXPECT_EQ(method->value_by_name("b").dtype, DType::kF32);
}

TEST(MethodIntermediateValues, ExecuteDoesNotAllocateWhenKeepingValues) {
  auto method = make_method(true);
  ASSERT_NE(method, nullptr);
  const std::vector<float> x = random_samples(16);
  run(*method, x);  // batch 2: re-plans once
  const long before = allocation_count();
  for (int i = 0; i < 4; ++i) {
    EDGEQ_ASSERT_OK(method->set_input(0, TensorView(DType::kF32, Shape{2, 8}, x.data())));
    EDGEQ_ASSERT_OK(method->execute());
  }
  EXPECT_EQ(allocation_count() - before, 0);
}

TEST(MemoryPlannerWithoutReuse, EveryBufferGetsItsOwnBytes) {
  const std::vector<BufferRequest> requests = {{64, 0, 1}, {64, 2, 3}, {0, 0, 0}, {128, 1, 2}};
  const std::vector<BufferRequest> kept = runtime::without_reuse(requests);
  ASSERT_EQ(kept.size(), requests.size());
  for (size_t i = 0; i < kept.size(); ++i) {
    EXPECT_EQ(kept[i].bytes, requests[i].bytes);
    EXPECT_EQ(kept[i].first_step, 0);
    EXPECT_EQ(kept[i].last_step, 3);
  }
  const runtime::ArenaPlan reused = runtime::plan_arena(Span<const BufferRequest>(requests));
  const runtime::ArenaPlan separate = runtime::plan_arena(Span<const BufferRequest>(kept));
  EXPECT_EQ(reused.arena_bytes, 192u);  // the two 64-byte buffers share bytes
  EXPECT_EQ(separate.arena_bytes, 256u);
  EDGEQ_EXPECT_OK(runtime::check_arena_plan(
      Span<const BufferRequest>(kept), Span<const size_t>(separate.offsets), separate.arena_bytes));
}

}  // namespace
}  // namespace edgeq::testing
