// Backend-neutral test doubles for the partitioner: a FakeDelegate that accepts the nodes a
// predicate chooses, lowering each partition into a payload that is itself a program file (the
// partition's nodes as a subgraph); and SubprogramBackend, a runtime backend that executes such a
// payload with a nested Method on the portable kernels. Together they let a test run a partitioned
// program and compare it with the portable-only program, bit for bit.
#pragma once

#include <functional>
#include <set>
#include <string>
#include <utility>

#include "ir/graph.h"
#include "partitioner/delegate_lowering.h"
#include "runtime/backend/backend.h"

namespace edgeq::partitioner::testing {

class FakeDelegate : public DelegateLowering {
 public:
  using Predicate = std::function<bool(const ir::Node&)>;
  // Accepts the nodes whose op is in `ops`; runs them on the backend registered as `backend`.
  FakeDelegate(std::set<OpType> ops, std::string backend = "fake")
      : FakeDelegate([ops](const ir::Node& node) { return ops.count(node.op()) != 0; },
                     std::move(backend)) {}
  FakeDelegate(Predicate accepts, std::string backend)
      : accepts_(std::move(accepts)), backend_(std::move(backend)) {}

  const char* backend_name() const override { return backend_.c_str(); }
  // No: "<backend> does not take <Op>".
  SupportDecision supports(const ir::Graph& graph, const ir::Node& node) const override;
  // The payload is lower_to_program() of the partition as a graph of its own, whose inputs and
  // outputs are partition.inputs and partition.outputs.
  Result<LoweredPartition> lower(const ir::Graph& graph, const Partition& partition) const override;

 private:
  Predicate accepts_;
  std::string backend_;
};

// The partition's nodes copied into a graph of their own (constants shared).
Result<ir::Graph> partition_subgraph(const Partition& partition);

// Runs FakeDelegate payloads. Register it under the FakeDelegate's backend name.
class SubprogramBackend : public runtime::BackendInterface {
 public:
  bool is_available() const override { return true; }
  Result<runtime::DelegateHandle*> init(const runtime::BackendInitArgs& args) override;
  Status execute(runtime::DelegateHandle* handle, Span<const TensorView> inputs,
                 Span<const TensorView> outputs) override;
};

}  // namespace edgeq::partitioner::testing
