// Program notes: the loader's checks on them, and the partitioner's notes read back into partitions
// and reasons (what `edgeq inspect --why` prints).
#include "partitioner/partition_notes.h"

#include <flatbuffers/flatbuffers.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "partitioner/lower_to_program.h"
#include "runtime/program/file_format.h"
#include "runtime/program/program_builder.h"
#include "runtime/schema/program_generated.h"
#include "tests/partitioner/fake_delegate.h"
#include "tests/partitioner/partition_test_graphs.h"

namespace edgeq::partitioner {
namespace {

namespace fb = ::edgeq::schema;
using runtime::Program;
using testing::FakeDelegate;
using testing::TestGraph;

// The file bytes of "y = Relu(x)" (f32[4]) with `notes`, written without the builder's checks.
std::vector<uint8_t> relu_program_with_notes(
    const std::vector<std::pair<std::string, std::string>>& notes) {
  flatbuffers::FlatBufferBuilder b;
  const std::vector<int64_t> shape = {4};
  std::vector<flatbuffers::Offset<fb::Value>> values = {
      fb::CreateValue(b, b.CreateString("x"), static_cast<uint8_t>(DType::kF32),
                      b.CreateVector(shape)),
      fb::CreateValue(b, b.CreateString("y"), static_cast<uint8_t>(DType::kF32),
                      b.CreateVector(shape))};
  const std::vector<int32_t> inputs = {0};
  const std::vector<int32_t> outputs = {1};
  std::vector<flatbuffers::Offset<fb::Instruction>> instructions = {fb::CreateInstruction(
      b, b.CreateString("relu"), b.CreateVector(inputs), b.CreateVector(outputs),
      fb::Call::KernelCall, fb::CreateKernelCall(b, b.CreateString("Relu")).Union())};
  const std::vector<int64_t> offsets = {-1, 0};
  auto plan = fb::CreateMemoryPlan(b, 64, b.CreateVector(offsets));
  std::vector<flatbuffers::Offset<fb::KeyValue>> note_offsets;
  for (const auto& [key, value] : notes) {
    note_offsets.push_back(fb::CreateKeyValue(b, b.CreateString(key), b.CreateString(value)));
  }
  auto root = fb::CreateProgram(b, runtime::kProgramFormatVersion, b.CreateVector(values),
                                b.CreateVectorOfStructs(std::vector<fb::DataRef>()),
                                b.CreateVector(instructions), b.CreateVector(inputs),
                                b.CreateVector(outputs), plan, b.CreateVector(note_offsets));
  fb::FinishProgramBuffer(b, root);
  return runtime::assemble_program_file(Span<const uint8_t>(b.GetBufferPointer(), b.GetSize()),
                                        Span<const uint8_t>());
}

Result<std::shared_ptr<const Program>> load(const std::vector<uint8_t>& bytes) {
  return Program::load_buffer(bytes, "notes.eqp");
}

TEST(ProgramNotes, LoaderReadsNotesInOrder) {
  Result<std::shared_ptr<const Program>> program =
      load(relu_program_with_notes({{"b", "2"}, {"a", ""}}));
  ASSERT_TRUE(program.ok()) << program.status().to_string();
  EXPECT_EQ((*program)->notes(), (std::vector<runtime::ProgramNote>{{"b", "2"}, {"a", ""}}));
}

TEST(ProgramNotes, BuilderRejectsEmptyAndRepeatedKeys) {
  runtime::ProgramBuilder builder;
  EXPECT_TRUE(builder.add_note("k", "v").ok());
  const Status repeated = builder.add_note("k", "w");
  EXPECT_NE(repeated.message().find("program note 'k' repeated"), std::string::npos)
      << repeated.to_string();
  EXPECT_FALSE(builder.add_note("", "v").ok());
}

TEST(ProgramNotes, LoaderRejectsEmptyAndRepeatedKeys) {
  Result<std::shared_ptr<const Program>> empty = load(relu_program_with_notes({{"", "v"}}));
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(empty.status().message().find("note 0 has an empty key"), std::string::npos)
      << empty.status().to_string();

  Result<std::shared_ptr<const Program>> repeated =
      load(relu_program_with_notes({{"k", "1"}, {"k", "2"}}));
  ASSERT_FALSE(repeated.ok());
  EXPECT_NE(repeated.status().message().find("note 1 repeats the key 'k'"), std::string::npos)
      << repeated.status().to_string();
  EXPECT_NE(repeated.status().message().find("notes.eqp"), std::string::npos);
}

TEST(PartitionNotes, ReadBackPartitionsAndReasons) {
  TestGraph t;
  ir::Value* x = t.input("x");
  ir::Value* a = t.unary(OpType::kRelu, "a", x);
  ir::Value* u = t.unary(OpType::kSigmoid, "u", a);
  ir::Value* b = t.unary(OpType::kRelu, "b", u);
  t.output(t.unary(OpType::kNeg, "c", b));
  FakeDelegate delegate({OpType::kRelu, OpType::kNeg});
  LoweringOptions options;
  options.delegates = {&delegate};
  Result<std::vector<uint8_t>> bytes = lower_to_program(t.graph, options);
  ASSERT_TRUE(bytes.ok()) << bytes.status().to_string();
  Result<std::shared_ptr<const Program>> program = load(*bytes);
  ASSERT_TRUE(program.ok()) << program.status().to_string();

  Result<PartitionNotes> notes = read_partition_notes(**program);
  ASSERT_TRUE(notes.ok()) << notes.status().to_string();
  EXPECT_TRUE(notes->present);
  EXPECT_EQ(notes->backends, std::vector<std::string>{"fake"});
  ASSERT_EQ(notes->calls.size(), 2u);
  EXPECT_EQ(notes->calls[0].call, "fake_partition_0");
  EXPECT_EQ(notes->calls[0].backend, "fake");
  EXPECT_EQ(notes->calls[0].nodes, std::vector<std::string>{"a"});
  EXPECT_EQ(notes->calls[1].nodes, (std::vector<std::string>{"b", "c"}));
  ASSERT_EQ(notes->portable.size(), 1u);
  EXPECT_EQ(notes->portable[0].node, "u");
  EXPECT_EQ(notes->portable[0].op, "Sigmoid");
  EXPECT_EQ(notes->portable[0].reason, "fake does not take Sigmoid");
  EXPECT_EQ(partition_summary(*notes),
            "delegated 3 of 4 nodes to fake in 2 partitions; 1 portable");
}

TEST(PartitionNotes, SummaryForSeveralAndForNoBackends) {
  PartitionNotes notes;
  notes.present = true;
  notes.backends = {"xnnpack", "other"};
  notes.calls = {{"p0", "xnnpack", {"a", "b"}}, {"p1", "other", {"c"}}};
  notes.portable = {{"d", "Tanh", "why"}};
  EXPECT_EQ(partition_summary(notes),
            "delegated 3 of 4 nodes to xnnpack (2 nodes, 1 partition) and other (1 node, 1 "
            "partition); 1 portable");
  notes.backends.clear();
  notes.calls.clear();
  EXPECT_EQ(partition_summary(notes), "no delegate backend: 1 node portable");
}

TEST(PartitionNotes, ProgramWithoutNotesHasNone) {
  Result<std::shared_ptr<const Program>> program = load(relu_program_with_notes({}));
  ASSERT_TRUE(program.ok()) << program.status().to_string();
  Result<PartitionNotes> notes = read_partition_notes(**program);
  ASSERT_TRUE(notes.ok());
  EXPECT_FALSE(notes->present);
}

TEST(PartitionNotes, NotesNamingAbsentInstructionsAreErrors) {
  Result<std::shared_ptr<const Program>> program =
      load(relu_program_with_notes({{"delegated:relu", "xnnpack_partition_7"}}));
  ASSERT_TRUE(program.ok()) << program.status().to_string();
  Result<PartitionNotes> notes = read_partition_notes(**program);
  ASSERT_FALSE(notes.ok());
  EXPECT_NE(notes.status().message().find("'xnnpack_partition_7', which is no delegate call"),
            std::string::npos)
      << notes.status().to_string();

  program = load(relu_program_with_notes({{"portable:ghost", "reason"}}));
  ASSERT_TRUE(program.ok()) << program.status().to_string();
  notes = read_partition_notes(**program);
  ASSERT_FALSE(notes.ok());
  EXPECT_NE(notes.status().message().find("'portable:ghost' names no kernel call"),
            std::string::npos)
      << notes.status().to_string();
}

}  // namespace
}  // namespace edgeq::partitioner
