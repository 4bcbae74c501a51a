// Corrupt program files: each is rejected with an error naming what and where, never a crash.
// Hand-built flatbuffers (through the generated API) produce the inconsistencies the builder never
// writes.
#include <flatbuffers/flatbuffers.h>
#include <gtest/gtest.h>

#include <random>

#include "runtime/executor/method.h"
#include "runtime/program/file_format.h"
#include "runtime/schema/program_generated.h"
#include "tests/runtime/program/program_test_util.h"

namespace edgeq::testing {
namespace {

namespace fb = ::edgeq::schema;
using runtime::Program;

struct RawValue {
  std::string name;
  uint8_t dtype = static_cast<uint8_t>(DType::kF32);
  std::vector<int64_t> shape;
  int32_t constant = -1;
};
struct RawInstruction {
  std::string name;
  std::string op;
  std::vector<int32_t> inputs;
  std::vector<int32_t> outputs;
};
struct RawProgram {
  uint32_t version = runtime::kProgramFormatVersion;
  std::vector<RawValue> values;
  std::vector<fb::DataRef> constants;
  std::vector<RawInstruction> instructions;
  std::vector<int32_t> inputs;
  std::vector<int32_t> outputs;
  uint64_t arena_size = 0;
  std::vector<int64_t> offsets;
  std::vector<uint8_t> data;
};

// The add-relu program of program_test_util.h, written field by field.
RawProgram valid_raw_program() {
  RawProgram p;
  p.values = {{"x", 1, {1, 4}}, {"bias", 1, {1, 4}, 0}, {"sum", 1, {1, 4}}, {"y", 1, {1, 4}}};
  p.constants = {fb::DataRef(0, 16)};
  p.instructions = {{"add", "Add", {0, 1}, {2}}, {"relu", "Relu", {2}, {3}}};
  p.inputs = {0};
  p.outputs = {3};
  p.arena_size = 128;
  p.offsets = {-1, -1, 0, 64};
  p.data.assign(16, 0);
  return p;
}

std::vector<uint8_t> serialize(const RawProgram& p) {
  flatbuffers::FlatBufferBuilder b;
  std::vector<flatbuffers::Offset<fb::Value>> values;
  for (const RawValue& v : p.values) {
    values.push_back(fb::CreateValue(b, b.CreateString(v.name), v.dtype, b.CreateVector(v.shape),
                                     v.constant, false));
  }
  std::vector<flatbuffers::Offset<fb::Instruction>> instructions;
  for (const RawInstruction& in : p.instructions) {
    auto call = fb::CreateKernelCall(b, b.CreateString(in.op));
    instructions.push_back(
        fb::CreateInstruction(b, b.CreateString(in.name), b.CreateVector(in.inputs),
                              b.CreateVector(in.outputs), fb::Call::KernelCall, call.Union()));
  }
  auto plan = fb::CreateMemoryPlan(b, p.arena_size, b.CreateVector(p.offsets));
  auto root = fb::CreateProgram(b, p.version, b.CreateVector(values),
                                b.CreateVectorOfStructs(p.constants), b.CreateVector(instructions),
                                b.CreateVector(p.inputs), b.CreateVector(p.outputs), plan);
  fb::FinishProgramBuffer(b, root);
  return runtime::assemble_program_file(Span<const uint8_t>(b.GetBufferPointer(), b.GetSize()),
                                        Span<const uint8_t>(p.data));
}

Status load_status(const std::vector<uint8_t>& bytes) {
  return Program::load_buffer(Span<const uint8_t>(bytes), "test.eqp").status();
}

// Expects loading `p` to fail with a message containing `expected`.
void expect_rejected(const RawProgram& p, const std::string& expected) {
  const Status status = load_status(serialize(p));
  ASSERT_FALSE(status.ok()) << "expected an error containing: " << expected;
  EXPECT_NE(status.message().find(expected), std::string::npos) << status.message();
  EXPECT_EQ(status.message().rfind("test.eqp: ", 0), 0u) << status.message();
}

TEST(ProgramCorruption, HandBuiltValidProgramLoads) {
  EDGEQ_EXPECT_OK(load_status(serialize(valid_raw_program())));
}

TEST(ProgramCorruption, OutOfRangeIndexNamesInstructionNodeAndCount) {
  RawProgram p = valid_raw_program();
  p.instructions[1].inputs = {999};
  const Status status = load_status(serialize(p));
  EXPECT_EQ(status.code(), StatusCode::kOutOfRange);
  EXPECT_EQ(status.message(),
            "test.eqp: instruction 1 (node 'relu', Relu): input index 999 out of range (4 values)");
}

TEST(ProgramCorruption, SemanticErrorsNameWhatIsWrong) {
  RawProgram p = valid_raw_program();
  p.instructions[1].op = "Frobnicate";
  expect_rejected(p, "instruction 1 (node 'relu'): ");
  expect_rejected(p, "Frobnicate");

  p = valid_raw_program();
  p.instructions[0].inputs = {0, 1, 2};
  expect_rejected(p, "instruction 0 (node 'add', Add)");

  p = valid_raw_program();
  std::swap(p.instructions[0], p.instructions[1]);
  expect_rejected(p, "reads value 2 ('sum') before any instruction produces it");

  p = valid_raw_program();
  p.instructions[1].outputs = {2};
  expect_rejected(p, "already produced");

  p = valid_raw_program();
  p.instructions[0].outputs = {1};
  expect_rejected(p, "writes value 1 ('bias'), a constant");

  p = valid_raw_program();
  p.outputs = {1};
  expect_rejected(p, "program output 0 is value 1 ('bias'), a constant");

  p = valid_raw_program();
  p.inputs = {5};
  expect_rejected(p, "program input 0: value index 5 out of range (4 values)");

  p = valid_raw_program();
  p.values[2].dtype = 42;
  expect_rejected(p, "value 2 ('sum'): invalid dtype code 42");

  p = valid_raw_program();
  p.values[2].shape = {1, 1, 1, 1, 1, 1, 1, 1, 4};
  expect_rejected(p, "rank 9 exceeds");

  p = valid_raw_program();
  p.values[2].shape = {1, -4};
  expect_rejected(p, "negative dimension");

  p = valid_raw_program();
  p.version = 7;
  expect_rejected(p, "version 7");
}

TEST(ProgramCorruption, ConstantRangesAreChecked) {
  RawProgram p = valid_raw_program();
  p.constants[0] = fb::DataRef(0, 12);
  expect_rejected(p, "value 1 ('bias'): constant holds 12 bytes but f32[1, 4] needs 16");

  p = valid_raw_program();
  p.constants[0] = fb::DataRef(64, 16);
  expect_rejected(p, "outside the 16-byte data segment");

  p = valid_raw_program();
  p.data.assign(64, 0);
  p.constants[0] = fb::DataRef(8, 16);
  expect_rejected(p, "not 64-byte aligned");

  p = valid_raw_program();
  p.values[1].constant = 3;
  expect_rejected(p, "constant index 3 out of range (1 constants)");
}

TEST(ProgramCorruption, MemoryPlanIsChecked) {
  RawProgram p = valid_raw_program();
  p.offsets = {-1, -1, 0, 0};  // sum and y are live together at instruction 1
  expect_rejected(p, "live at the same time but overlap");

  p = valid_raw_program();
  p.offsets = {-1, -1, 0, 128};
  expect_rejected(p, "outside the 128-byte arena");

  p = valid_raw_program();
  p.offsets = {-1, -1, 0, 96};
  expect_rejected(p, "offset 96 of value 3 ('y') is not 64-byte aligned");

  p = valid_raw_program();
  p.offsets = {0, -1, 0, 64};
  expect_rejected(p, "value 0 ('x')");

  p = valid_raw_program();
  p.offsets = {-1, -1, 0};
  expect_rejected(p, "memory plan has 3 offsets for 4 values");

  p = valid_raw_program();
  p.arena_size = uint64_t{1} << 50;
  expect_rejected(p, "exceeds the planned values' total");
}

TEST(ProgramCorruption, HeaderProblemsNameTheByteOffset) {
  const std::vector<uint8_t> good = build_add_relu_program(false);

  std::vector<uint8_t> bad = good;
  bad[0] = 'X';
  Status status = load_status(bad);
  EXPECT_EQ(status.code(), StatusCode::kDataLoss);
  EXPECT_EQ(status.message(),
            "test.eqp: byte 0: not an edgeq program file (magic \"EDGEQ\" missing)");

  bad = good;
  bad[8] = 2;  // format version
  status = load_status(bad);
  EXPECT_EQ(status.code(), StatusCode::kUnimplemented);
  EXPECT_NE(status.message().find("byte 8: program format version 2"), std::string::npos);

  bad = good;
  bad[32 + 5] = 1;  // data offset far beyond the file
  status = load_status(bad);
  EXPECT_NE(status.message().find("byte 32: data segment"), std::string::npos) << status.message();

  status = load_status(std::vector<uint8_t>(good.begin(), good.begin() + 10));
  EXPECT_NE(status.message().find("too short"), std::string::npos) << status.message();
}

// Loads `bytes`; when it loads, also creates a Method and runs it, which must not crash either.
// Returns whether the program loaded; every error must carry a message.
bool load_and_run(const std::vector<uint8_t>& bytes) {
  auto program = Program::load_buffer(Span<const uint8_t>(bytes), "fuzzed.eqp");
  if (!program.ok()) {
    EXPECT_FALSE(program.status().message().empty());
    return false;
  }
  auto method = runtime::Method::create(program.value());
  if (!method.ok()) {
    EXPECT_FALSE(method.status().message().empty());
  } else {
    const Status status = (*method)->execute();
    EXPECT_TRUE(status.ok() || !status.message().empty());
  }
  return true;
}

TEST(ProgramCorruption, EveryTruncationIsAnError) {
  const std::vector<uint8_t> good = build_add_relu_program(true);
  for (size_t length = 0; length < good.size(); ++length) {
    const Status status = load_status(std::vector<uint8_t>(good.begin(), good.begin() + length));
    EXPECT_FALSE(status.ok()) << "truncated to " << length << " bytes";
    EXPECT_FALSE(status.message().empty());
  }
}

// A program using every part of the schema: attributes of each type, an absent input, a
// delegate call with payload and compile specs (to an unregistered backend).
std::vector<uint8_t> build_rich_program() {
  runtime::ProgramBuilder builder;
  const int32_t x = builder.add_value("x", DType::kF32, Shape{2, 3}, /*symbolic_batch=*/true);
  const int32_t hi = builder.add_value("hi", DType::kF32, Shape{});
  const int32_t c = builder.add_value("c", DType::kF32, Shape{2, 3});
  const int32_t y = builder.add_value("y", DType::kF32, Shape{2, 3});
  const std::vector<float> six = {6.f};
  EXPECT_TRUE(builder.add_constant(hi, float_bytes(six)).ok());
  Attributes attributes;
  attributes.set("i", int64_t{3});
  attributes.set("f", 0.5f);
  attributes.set("s", std::string("text"));
  attributes.set("is", std::vector<int64_t>{1, 2});
  attributes.set("fs", std::vector<float>{1.f});
  EXPECT_TRUE(builder.add_kernel_call(OpType::kClip, attributes, {x, -1, hi}, {c}, "clip").ok());
  const std::vector<uint8_t> payload = {'a', 'd', 'd'};
  EXPECT_TRUE(builder
                  .add_delegate_call("fuzz_backend", Span<const uint8_t>(payload), {{"k", "v"}},
                                     {x, c}, {y}, "part")
                  .ok());
  builder.set_inputs({x});
  builder.set_outputs({y});
  auto bytes = builder.finish();
  EXPECT_TRUE(bytes.ok()) << bytes.status().to_string();
  return bytes.ok() ? std::move(bytes).value() : std::vector<uint8_t>();
}

TEST(ProgramCorruption, BitFlipsLoadCleanlyOrError) {
  for (const std::vector<uint8_t>& good : {build_add_relu_program(true), build_rich_program()}) {
    ASSERT_FALSE(good.empty());
    int rejected = 0;
    int accepted = 0;
    for (size_t offset = 0; offset < good.size(); ++offset) {
      for (int bit = 0; bit < 8; ++bit) {
        std::vector<uint8_t> bad = good;
        bad[offset] ^= static_cast<uint8_t>(1u << bit);
        if (load_and_run(bad)) {
          ++accepted;
        } else {
          ++rejected;
        }
      }
    }
    // Flips in names, constant bytes and padding load; flips in structure are caught.
    EXPECT_GT(rejected, 0);
    EXPECT_GT(accepted, 0);
  }
}

TEST(ProgramCorruption, RandomMultiByteDamageLoadsCleanlyOrErrors) {
  const std::vector<uint8_t> good = build_rich_program();
  ASSERT_FALSE(good.empty());
  std::mt19937 rng(99);
  int rejected = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    std::vector<uint8_t> bad = good;
    const int damaged = 1 + static_cast<int>(rng() % 4);
    for (int d = 0; d < damaged; ++d) bad[rng() % bad.size()] = static_cast<uint8_t>(rng());
    if (!load_and_run(bad)) ++rejected;
  }
  EXPECT_GT(rejected, 0);
}

}  // namespace
}  // namespace edgeq::testing
