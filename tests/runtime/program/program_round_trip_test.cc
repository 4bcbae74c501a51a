// ProgramBuilder -> bytes -> Program::load_*: everything written comes back, constants are aligned
// and deduplicated, and the builder rejects what the loader would.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>

#include "runtime/core/aligned_buffer.h"
#include "runtime/program/file_format.h"
#include "tests/runtime/program/program_test_util.h"

namespace edgeq::testing {
namespace {

using runtime::CompileSpec;
using runtime::InstructionKind;
using runtime::Program;
using runtime::ProgramBuilder;

bool is_aligned(const void* p) { return reinterpret_cast<uintptr_t>(p) % 64 == 0; }

TEST(ProgramRoundTrip, AddReluProgramComesBackIntact) {
  const std::vector<uint8_t> bytes = build_add_relu_program(/*symbolic_batch=*/true, 2);
  auto program = load_program(bytes);
  ASSERT_NE(program, nullptr);
  EXPECT_EQ(program->format_version(), runtime::kProgramFormatVersion);
  ASSERT_EQ(program->values().size(), 4u);
  const auto& x = program->values()[0];
  EXPECT_EQ(x.name, "x");
  EXPECT_EQ(x.dtype, DType::kF32);
  EXPECT_EQ(x.shape, (Shape{2, 4}));
  EXPECT_TRUE(x.symbolic_batch);
  EXPECT_FALSE(x.is_constant());
  const auto& bias = program->values()[1];
  ASSERT_TRUE(bias.is_constant());
  EXPECT_FALSE(bias.symbolic_batch);
  ASSERT_EQ(bias.constant_data.size(), 16u);
  EXPECT_TRUE(is_aligned(bias.constant_data.data()));
  EXPECT_EQ(std::memcmp(bias.constant_data.data(), add_relu_bias().data(), 16), 0);

  ASSERT_EQ(program->instructions().size(), 2u);
  const auto& add = program->instructions()[0];
  EXPECT_EQ(add.kind, InstructionKind::kKernelCall);
  EXPECT_EQ(add.op, OpType::kAdd);
  EXPECT_EQ(add.name, "add");
  EXPECT_EQ(add.inputs, (std::vector<int32_t>{0, 1}));
  EXPECT_EQ(add.outputs, (std::vector<int32_t>{2}));
  EXPECT_EQ(program->instructions()[1].op, OpType::kRelu);
  EXPECT_EQ(program->inputs(), (std::vector<int32_t>{0}));
  EXPECT_EQ(program->outputs(), (std::vector<int32_t>{3}));

  // Input and constant live outside the arena; sum and y are live together at instruction 1.
  const auto& plan = program->memory_plan();
  EXPECT_EQ(plan.offsets[0], -1);
  EXPECT_EQ(plan.offsets[1], -1);
  EXPECT_GE(plan.offsets[2], 0);
  EXPECT_GE(plan.offsets[3], 0);
  EXPECT_NE(plan.offsets[2], plan.offsets[3]);
  EXPECT_EQ(plan.arena_bytes, 128u);
  EXPECT_EQ(program->constant_bytes(), 16u);
  EXPECT_EQ(program->file_bytes(), bytes.size());
}

TEST(ProgramRoundTrip, EveryAttributeTypeAndAbsentInputsSurvive) {
  ProgramBuilder builder;
  const int32_t x = builder.add_value("x", DType::kF32, Shape{3});
  const int32_t hi = builder.add_value("hi", DType::kF32, Shape{});
  const int32_t y = builder.add_value("y", DType::kF32, Shape{3});
  const std::vector<float> six = {6.f};
  EDGEQ_ASSERT_OK(builder.add_constant(hi, float_bytes(six)));
  Attributes attributes;
  attributes.set("i", int64_t{-7});
  attributes.set("f", 2.5f);
  attributes.set("s", std::string("nearest"));
  attributes.set("is", std::vector<int64_t>{1, -2, 3});
  attributes.set("fs", std::vector<float>{0.25f, -1.5f});
  EDGEQ_ASSERT_OK(builder.add_kernel_call(OpType::kClip, attributes, {x, -1, hi}, {y}, "clip"));
  builder.set_inputs({x});
  builder.set_outputs({y});
  auto bytes = builder.finish();
  ASSERT_TRUE(bytes.ok()) << bytes.status().to_string();
  auto program = load_program(bytes.value());
  ASSERT_NE(program, nullptr);
  const auto& clip = program->instructions()[0];
  EXPECT_EQ(clip.op, OpType::kClip);
  EXPECT_EQ(clip.inputs, (std::vector<int32_t>{x, -1, hi}));
  EXPECT_EQ(clip.attributes, attributes);
  EXPECT_EQ(program->values()[hi].shape.rank(), 0);
}

TEST(ProgramRoundTrip, DelegateCallKeepsPayloadAndSpecs) {
  ProgramBuilder builder;
  const int32_t a = builder.add_value("a", DType::kF32, Shape{2});
  const int32_t b = builder.add_value("b", DType::kF32, Shape{2});
  const int32_t c = builder.add_value("c", DType::kF32, Shape{2});
  const std::vector<uint8_t> payload = {'a', 'd', 'd', 0, 255};
  const std::vector<CompileSpec> specs = {{"mode", "fast"}, {"threads", "2"}};
  EDGEQ_ASSERT_OK(builder.add_delegate_call("test_add", Span<const uint8_t>(payload), specs, {a, b},
                                            {c}, "part0"));
  builder.set_inputs({a, b});
  builder.set_outputs({c});
  auto bytes = builder.finish();
  ASSERT_TRUE(bytes.ok()) << bytes.status().to_string();
  auto program = load_program(bytes.value());
  ASSERT_NE(program, nullptr);
  const auto& call = program->instructions()[0];
  EXPECT_EQ(call.kind, InstructionKind::kDelegateCall);
  EXPECT_EQ(call.backend, "test_add");
  EXPECT_EQ(call.name, "part0");
  EXPECT_EQ(call.compile_specs, specs);
  ASSERT_EQ(call.payload.size(), payload.size());
  EXPECT_TRUE(is_aligned(call.payload.data()));
  EXPECT_EQ(std::memcmp(call.payload.data(), payload.data(), payload.size()), 0);
  EXPECT_EQ(call.describe(0), "instruction 0 (delegate 'part0', test_add)");
}

TEST(ProgramRoundTrip, IdenticalConstantsAreStoredOnce) {
  auto build = [](bool same) {
    ProgramBuilder builder;
    const int32_t x = builder.add_value("x", DType::kF32, Shape{256});
    const int32_t c1 = builder.add_value("c1", DType::kF32, Shape{256});
    const int32_t c2 = builder.add_value("c2", DType::kF32, Shape{256});
    const int32_t s = builder.add_value("s", DType::kF32, Shape{256});
    const int32_t y = builder.add_value("y", DType::kF32, Shape{256});
    std::vector<float> w1(256, 1.5f), w2(256, same ? 1.5f : 2.5f);
    EXPECT_TRUE(builder.add_constant(c1, float_bytes(w1)).ok());
    EXPECT_TRUE(builder.add_constant(c2, float_bytes(w2)).ok());
    EXPECT_TRUE(builder.add_kernel_call(OpType::kAdd, {}, {x, c1}, {s}, "a1").ok());
    EXPECT_TRUE(builder.add_kernel_call(OpType::kAdd, {}, {s, c2}, {y}, "a2").ok());
    builder.set_inputs({x});
    builder.set_outputs({y});
    return builder.finish();
  };
  auto same = build(true);
  auto different = build(false);
  ASSERT_TRUE(same.ok() && different.ok());
  EXPECT_EQ(different->size() - same->size(), 1024u);
  auto program = load_program(same.value());
  ASSERT_NE(program, nullptr);
  EXPECT_EQ(program->constant_bytes(), 1024u);
  EXPECT_EQ(program->values()[1].constant_data.data(), program->values()[2].constant_data.data());
}

TEST(ProgramRoundTrip, LoadFileMapsInPlaceAndNamesMissingFiles) {
  const std::vector<uint8_t> bytes = build_add_relu_program(false);
  const std::string path = ::testing::TempDir() + "edgeq_round_trip.eqp";
  EDGEQ_ASSERT_OK(runtime::write_program_file(path, Span<const uint8_t>(bytes)));
  auto program = Program::load_file(path);
  ASSERT_TRUE(program.ok()) << program.status().to_string();
  EXPECT_EQ((*program)->source(), path);
  EXPECT_EQ((*program)->values().size(), 4u);
  EXPECT_TRUE(is_aligned((*program)->values()[1].constant_data.data()));
  std::remove(path.c_str());

  auto missing = Program::load_file(path);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find(path), std::string::npos);
}

TEST(ProgramRoundTrip, BorrowedBufferMustBeAligned) {
  const std::vector<uint8_t> bytes = build_add_relu_program(false);
  AlignedBuffer aligned(bytes.size() + 1);
  std::memcpy(aligned.data(), bytes.data(), bytes.size());
  auto borrowed = Program::borrow_buffer(Span<const uint8_t>(aligned.data(), bytes.size()));
  ASSERT_TRUE(borrowed.ok()) << borrowed.status().to_string();
  // No copy: the constant points into the borrowed bytes.
  EXPECT_GE((*borrowed)->values()[1].constant_data.data(), aligned.data());
  EXPECT_LT((*borrowed)->values()[1].constant_data.data(), aligned.data() + bytes.size());

  std::memmove(aligned.data() + 1, aligned.data(), bytes.size());
  auto misaligned = Program::borrow_buffer(Span<const uint8_t>(aligned.data() + 1, bytes.size()));
  ASSERT_FALSE(misaligned.ok());
  EXPECT_NE(misaligned.status().message().find("aligned"), std::string::npos);
}

TEST(ProgramBuilderChecks, RejectsBadCallsWithClearErrors) {
  ProgramBuilder builder;
  const int32_t x = builder.add_value("x", DType::kF32, Shape{2, 2});
  const int32_t y = builder.add_value("y", DType::kF32, Shape{2, 2});

  const std::vector<float> three = {1.f, 2.f, 3.f};
  const Status size = builder.add_constant(x, float_bytes(three));
  EXPECT_EQ(size.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(size.message().find("'x'"), std::string::npos) << size.message();

  const Status arity = builder.add_kernel_call(OpType::kAdd, {}, {x}, {y}, "lonely_add");
  EXPECT_FALSE(arity.ok());
  EXPECT_NE(arity.message().find("lonely_add"), std::string::npos) << arity.message();
  EXPECT_NE(arity.message().find("Add"), std::string::npos) << arity.message();

  const Status range = builder.add_kernel_call(OpType::kRelu, {}, {7}, {y}, "relu");
  EXPECT_EQ(range.code(), StatusCode::kOutOfRange);
  EXPECT_NE(range.message().find("input index 7"), std::string::npos) << range.message();
}

TEST(ProgramBuilderChecks, FinishRejectsAValueNothingProduces) {
  ProgramBuilder builder;
  const int32_t x = builder.add_value("x", DType::kF32, Shape{2});
  const int32_t orphan = builder.add_value("orphan", DType::kF32, Shape{2});
  const int32_t y = builder.add_value("y", DType::kF32, Shape{2});
  EDGEQ_ASSERT_OK(builder.add_kernel_call(OpType::kAdd, {}, {x, orphan}, {y}, "add"));
  builder.set_inputs({x});
  builder.set_outputs({y});
  auto bytes = builder.finish();
  ASSERT_FALSE(bytes.ok());
  EXPECT_NE(bytes.status().message().find("'orphan'"), std::string::npos)
      << bytes.status().message();
  EXPECT_NE(bytes.status().message().find("instruction 0 (node 'add', Add)"), std::string::npos)
      << bytes.status().message();
}

}  // namespace
}  // namespace edgeq::testing
