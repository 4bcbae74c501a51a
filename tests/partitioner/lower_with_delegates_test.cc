// lower_to_program with delegates: the partitioned program runs (partitions on a test backend that
// executes their payload on the portable kernels) and matches the portable-only program bit for
// bit, on hand-made graphs and random DAGs; the notes explain every node.

#include <gtest/gtest.h>

#include <cstring>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "partitioner/lower_to_program.h"
#include "runtime/executor/method.h"
#include "runtime/program/program.h"
#include "tests/partitioner/fake_delegate.h"
#include "tests/partitioner/partition_test_graphs.h"

namespace edgeq::partitioner {
namespace {

using runtime::InstructionKind;
using runtime::Method;
using runtime::Program;
using testing::FakeDelegate;
using testing::SubprogramBackend;
using testing::TestGraph;

// Registers the SubprogramBackend under the names the tests' fake delegates use.
class LowerWithDelegates : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    for (const char* name : {"fake", "first", "second"}) {
      ASSERT_TRUE(runtime::register_backend(name, &backend_).ok());
    }
  }
  static void TearDownTestSuite() {
    for (const char* name : {"fake", "first", "second"}) {
      EXPECT_TRUE(runtime::unregister_backend(name).ok());
    }
  }
  static SubprogramBackend backend_;
};
SubprogramBackend LowerWithDelegates::backend_;

std::shared_ptr<const Program> load(const Result<std::vector<uint8_t>>& bytes) {
  EXPECT_TRUE(bytes.ok()) << bytes.status().to_string();
  if (!bytes.ok()) return nullptr;
  Result<std::shared_ptr<const Program>> program = Program::load_buffer(*bytes, "lowered");
  EXPECT_TRUE(program.ok()) << program.status().to_string();
  return program.ok() ? *program : nullptr;
}

// Runs `program` on inputs drawn from `seed`; returns the outputs' floats.
std::vector<std::vector<float>> run(std::shared_ptr<const Program> program, uint32_t seed) {
  std::vector<std::vector<float>> results;
  if (program == nullptr) return results;
  Result<std::unique_ptr<Method>> method = Method::create(program);
  EXPECT_TRUE(method.ok()) << method.status().to_string();
  if (!method.ok()) return results;
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> uniform(-2.0f, 2.0f);
  for (size_t i = 0; i < (*method)->num_inputs(); ++i) {
    const runtime::ProgramValue& info = (*method)->input_info(i);
    std::vector<float> data(static_cast<size_t>(info.shape.numel()));
    for (float& v : data) v = uniform(rng);
    EXPECT_TRUE((*method)->set_input(i, TensorView(DType::kF32, info.shape, data.data())).ok());
  }
  const Status status = (*method)->execute();
  EXPECT_TRUE(status.ok()) << status.to_string();
  for (size_t i = 0; status.ok() && i < (*method)->num_outputs(); ++i) {
    const TensorView out = (*method)->output(i);
    results.emplace_back(static_cast<size_t>(out.numel()));
    std::memcpy(results.back().data(), out.data, results.back().size() * sizeof(float));
  }
  return results;
}

size_t count_delegate_calls(const Program& program) {
  size_t count = 0;
  for (const runtime::ProgramInstruction& instruction : program.instructions()) {
    count += instruction.kind == InstructionKind::kDelegateCall ? 1 : 0;
  }
  return count;
}

std::map<std::string, std::string> notes_of(const Program& program) {
  std::map<std::string, std::string> notes;
  for (const runtime::ProgramNote& note : program.notes()) notes[note.key] = note.value;
  return notes;
}

// a -> u -> b and a -> b, then c after b: two partitions around the unsupported u.
struct DiamondGraph : TestGraph {
  DiamondGraph() {
    ir::Value* x = input("x");
    ir::Value* a = unary(OpType::kRelu, "a", x);
    ir::Value* u = unary(OpType::kSigmoid, "u", a);
    ir::Value* b = binary(OpType::kAdd, "b", a, u);
    output(unary(OpType::kNeg, "c", b));
    output(a);
  }
};

TEST_F(LowerWithDelegates, PartitionedProgramMatchesThePortableOne) {
  DiamondGraph t;
  FakeDelegate delegate({OpType::kRelu, OpType::kAdd, OpType::kNeg});
  LoweringOptions options;
  options.delegates = {&delegate};
  std::shared_ptr<const Program> delegated = load(lower_to_program(t.graph, options));
  std::shared_ptr<const Program> portable = load(lower_to_program(t.graph));
  ASSERT_NE(delegated, nullptr);
  ASSERT_NE(portable, nullptr);

  ASSERT_EQ(delegated->instructions().size(), 3u);
  const runtime::ProgramInstruction& first = delegated->instructions()[0];
  EXPECT_EQ(first.kind, InstructionKind::kDelegateCall);
  EXPECT_EQ(first.backend, "fake");
  EXPECT_EQ(first.name, "fake_partition_0");
  EXPECT_EQ(first.compile_specs, (std::vector<runtime::CompileSpec>{{"nodes", "1"}}));
  EXPECT_EQ(delegated->instructions()[1].op, OpType::kSigmoid);
  EXPECT_EQ(delegated->instructions()[2].name, "fake_partition_1");
  EXPECT_EQ(delegated->instructions()[2].compile_specs[0].value, "2");

  const std::vector<std::vector<float>> expected = run(portable, 3);
  ASSERT_EQ(expected.size(), 2u);
  EXPECT_EQ(run(delegated, 3), expected);
}

TEST_F(LowerWithDelegates, NotesRoundTripThroughTheProgramFile) {
  DiamondGraph t;
  FakeDelegate delegate({OpType::kRelu, OpType::kAdd, OpType::kNeg});
  LoweringOptions options;
  options.delegates = {&delegate};
  std::shared_ptr<const Program> program = load(lower_to_program(t.graph, options));
  ASSERT_NE(program, nullptr);

  const std::map<std::string, std::string> notes = notes_of(*program);
  const std::map<std::string, std::string> expected = {
      {"partitioner:backends", "fake"},
      {"delegated:a", "fake_partition_0"},
      {"delegated:b", "fake_partition_1"},
      {"delegated:c", "fake_partition_1"},
      {"portable:u", "fake does not take Sigmoid"}};
  EXPECT_EQ(notes, expected);
  EXPECT_EQ(program->notes()[0].key, "partitioner:backends");
  EXPECT_EQ(program->notes()[2].key, "delegated:b") << "a call's nodes in topological order";

  std::shared_ptr<const Program> portable = load(lower_to_program(t.graph));
  ASSERT_NE(portable, nullptr);
  EXPECT_TRUE(portable->notes().empty());
}

TEST_F(LowerWithDelegates, NoDelegatesNotesEveryNodePortable) {
  DiamondGraph t;
  std::shared_ptr<const Program> program = load(lower_to_program(t.graph, LoweringOptions()));
  ASSERT_NE(program, nullptr);
  EXPECT_EQ(count_delegate_calls(*program), 0u);
  const std::map<std::string, std::string> notes = notes_of(*program);
  EXPECT_EQ(notes.at("partitioner:backends"), "");
  EXPECT_EQ(notes.at("portable:b"), "no delegate backend selected");
  EXPECT_EQ(notes.size(), 5u);
}

TEST_F(LowerWithDelegates, ALoweringErrorNamesTheDelegateAndPartition) {
  DiamondGraph t;
  class FailingDelegate : public FakeDelegate {
   public:
    FailingDelegate() : FakeDelegate({OpType::kRelu}) {}
    Result<LoweredPartition> lower(const ir::Graph&, const Partition&) const override {
      return invalid_argument("payload too large");
    }
  } delegate;
  LoweringOptions options;
  options.delegates = {&delegate};
  Result<std::vector<uint8_t>> bytes = lower_to_program(t.graph, options);
  ASSERT_FALSE(bytes.ok());
  const std::string message = bytes.status().to_string();
  EXPECT_NE(message.find("payload too large"), std::string::npos) << message;
  EXPECT_NE(message.find("fake lowering of 'fake_partition_0'"), std::string::npos) << message;
}

// A random DAG of elementwise nodes (each reading one or two earlier values) with a random choice
// of delegated nodes spread over two delegates.
struct RandomGraph : TestGraph {
  std::set<std::string> first_nodes, second_nodes;

  explicit RandomGraph(uint32_t seed) {
    std::mt19937 rng(seed);
    std::vector<ir::Value*> values = {input("x0"), input("x1")};
    std::vector<bool> read(2, false);
    const OpType unary_ops[] = {OpType::kRelu, OpType::kSigmoid, OpType::kNeg, OpType::kAbs};
    const OpType binary_ops[] = {OpType::kAdd, OpType::kMul, OpType::kSub};
    const int num_nodes = 8 + static_cast<int>(rng() % 18);
    for (int i = 0; i < num_nodes; ++i) {
      const std::string name = "n" + std::to_string(i);
      // Prefer recent values so that chains form, but reach back sometimes.
      auto pick = [&]() {
        const size_t n = values.size();
        const size_t back = rng() % 3 == 0 ? rng() % n : rng() % std::min<size_t>(n, 3);
        read[n - 1 - back] = true;
        return values[n - 1 - back];
      };
      ir::Value* out = rng() % 2 == 0 ? unary(unary_ops[rng() % 4], name, pick())
                                      : binary(binary_ops[rng() % 3], name, pick(), pick());
      values.push_back(out);
      read.push_back(false);
      const uint32_t choice = rng() % 10;
      if (choice < 5) first_nodes.insert(name);
      if (choice >= 5 && choice < 7) second_nodes.insert(name);
    }
    for (size_t i = 2; i < values.size(); ++i) {
      if (!read[i] || rng() % 8 == 0) output(values[i]);
    }
  }
};

bool is_in(const std::set<std::string>& names, const ir::Node& node) {
  return names.count(node.name()) != 0;
}

TEST_F(LowerWithDelegates, RandomGraphsPartitionAcyclicallyMaximallyAndRunTheSame) {
  for (uint32_t seed = 0; seed < 60; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    RandomGraph t(seed);
    FakeDelegate first([&](const ir::Node& n) { return is_in(t.first_nodes, n); }, "first");
    FakeDelegate second([&](const ir::Node& n) { return is_in(t.second_nodes, n); }, "second");
    LoweringOptions options;
    options.delegates = {&first, &second};
    Result<PartitionPlan> plan = partition_graph(t.graph, options.delegates, options.partition);
    ASSERT_TRUE(plan.ok()) << plan.status().to_string();

    // Every node exactly once, in its delegate's partition or rejected.
    std::map<const ir::Node*, size_t> partition_of;
    for (size_t p = 0; p < plan->partitions.size(); ++p) {
      for (const ir::Node* node : plan->partitions[p].nodes) {
        EXPECT_TRUE(partition_of.emplace(node, p).second) << node->name();
        EXPECT_TRUE(is_in(plan->delegates[p] == &first ? t.first_nodes : t.second_nodes, *node));
      }
    }
    EXPECT_EQ(partition_of.size() + plan->rejected.size(), t.graph.num_nodes());
    ASSERT_TRUE(execution_order(t.graph, *plan).ok()) << "the contracted graph is acyclic";

    // Maximal along edges: joining two partitions of one delegate linked by an edge makes a cycle.
    for (const ir::Node* node : t.graph.nodes()) {
      for (const ir::Value* input : node->inputs()) {
        const ir::Node* producer = input->producer();
        if (producer == nullptr || !partition_of.count(producer) || !partition_of.count(node)) {
          continue;
        }
        const size_t p = partition_of[producer];
        const size_t q = partition_of[node];
        if (p == q || plan->delegates[p] != plan->delegates[q]) continue;
        PartitionPlan joined = *plan;
        joined.partitions[p].nodes.insert(joined.partitions[p].nodes.end(),
                                          joined.partitions[q].nodes.begin(),
                                          joined.partitions[q].nodes.end());
        joined.partitions.erase(joined.partitions.begin() + static_cast<std::ptrdiff_t>(q));
        EXPECT_FALSE(execution_order(t.graph, joined).ok())
            << "partitions of " << producer->name() << " and " << node->name()
            << " could have been one";
      }
    }

    std::shared_ptr<const Program> delegated = load(lower_to_program(t.graph, options));
    std::shared_ptr<const Program> portable = load(lower_to_program(t.graph));
    ASSERT_NE(delegated, nullptr);
    EXPECT_EQ(count_delegate_calls(*delegated), plan->partitions.size());
    const std::vector<std::vector<float>> expected = run(portable, seed);
    ASSERT_FALSE(expected.empty());
    EXPECT_EQ(run(delegated, seed), expected);
  }
}

}  // namespace
}  // namespace edgeq::partitioner
