// Helpers for delegate tests: build a small IR graph, lower it as one partition, run it through
// the XNNPACK backend and through the portable kernels, and compare.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "delegate/xnnpack/aot/xnnpack_lowering.h"
#include "delegate/xnnpack/runtime/xnnpack_backend.h"
#include "delegate/xnnpack/schema/xnnpack_payload_generated.h"
#include "ir/graph.h"
#include "tests/runtime/kernels/kernel_test_util.h"

namespace edgeq::testing {

// A graph under construction, with random data for its inputs.
class DelegateCase {
 public:
  // A graph input with uniform random data in [-1, 1).
  ir::Value* input(Shape shape, bool symbolic_batch = false);
  ir::Value* constant(Shape shape, const std::vector<float>& values);
  ir::Value* random_constant(Shape shape);
  ir::Value* constant_i64(Shape shape, const std::vector<int64_t>& values);
  // A node with one output (shape inferred by finish()); marked as a graph output when `output`.
  ir::Value* node(OpType op, const std::vector<ir::Value*>& inputs, Attributes attrs = {},
                  bool output = true);
  // Infers shapes; fails the test on error.
  void finish();

  ir::Graph graph;
  std::vector<TestTensor> feeds;  // one per graph input

 private:
  uint32_t next_seed_ = 1;
};

// Every node of `graph` as one partition (inputs: graph inputs read; outputs: graph outputs).
partitioner::Partition whole_graph_partition(const ir::Graph& graph);

// The graph's outputs through the portable kernels (node by node in topological order).
std::vector<TestTensor> run_portable(const ir::Graph& graph, const std::vector<TestTensor>& feeds);

// Lowers the whole graph as one partition and runs it on `backend` with `feeds`.
Result<std::vector<TestTensor>> run_xnnpack(const ir::Graph& graph,
                                            const std::vector<TestTensor>& feeds,
                                            int num_threads = 1);

// Checks every node is supported, then compares the delegate's outputs with the portable ones.
void expect_delegate_matches_portable(DelegateCase& c, float rtol = 1e-5f, float atol = 1e-6f);

}  // namespace edgeq::testing
