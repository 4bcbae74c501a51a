// The seam between the backend-neutral partitioner and a delegate's ahead-of-time side. Each
// backend implements DelegateLowering: it answers "do you support this node?" (with a reason when
// not) and lowers a group of accepted nodes into its own payload. The partitioner knows no op
// rules.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ir/graph.h"
#include "runtime/backend/backend.h"
#include "runtime/core/status.h"

namespace edgeq::partitioner {

// A delegate's answer for one node. `reason` says why not (shown by `edgeq inspect --why`), e.g.
// "Conv: dilation 2 with groups > 1 is not supported by XNNPACK"; empty when supported.
struct SupportDecision {
  bool supported = false;
  std::string reason;

  static SupportDecision yes() { return {true, ""}; }
  static SupportDecision no(std::string why) { return {false, std::move(why)}; }
};

// A group of nodes handed to one delegate call.
struct Partition {
  // The group's nodes, in a topological order.
  std::vector<const ir::Node*> nodes;
  // Non-constant values read by the group and produced outside it (graph inputs included), in the
  // delegate call's input order. Constants read by the group belong to the group (payload).
  std::vector<const ir::Value*> inputs;
  // Values produced in the group and read outside it, or graph outputs, in the call's output order.
  std::vector<const ir::Value*> outputs;
};

// What a delegate call stores in the program: the backend's payload and its compile specs.
struct LoweredPartition {
  std::vector<uint8_t> payload;
  std::vector<runtime::CompileSpec> compile_specs;
};

class DelegateLowering {
 public:
  virtual ~DelegateLowering() = default;
  // The name the runtime backend is registered under ("xnnpack").
  virtual const char* backend_name() const = 0;
  // Whether the delegate can run `node` of `graph` (shapes inferred), with a reason when not.
  virtual SupportDecision supports(const ir::Graph& graph, const ir::Node& node) const = 0;
  // The payload for `partition`, whose nodes all passed supports(). The delegate call's inputs and
  // outputs are partition.inputs and partition.outputs, in that order.
  virtual Result<LoweredPartition> lower(const ir::Graph& graph,
                                         const Partition& partition) const = 0;
};

}  // namespace edgeq::partitioner
