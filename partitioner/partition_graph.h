// partition_graph: the backend-neutral partitioner. It asks each delegate which nodes it supports
// and groups the accepted nodes into maximal subgraphs that keep the graph acyclic: a group never
// has a path that leaves it and re-enters it, so every group can run as one delegate call placed
// between the portable kernel calls. It knows no op rules; those live in each DelegateLowering.
// Groups are maximal along dataflow edges: two groups of one delegate linked by an edge are merged
// unless that would close a cycle; independent branches that never meet stay separate calls.
#pragma once

#include <cstddef>
#include <set>
#include <string>
#include <vector>

#include "ir/graph.h"
#include "partitioner/delegate_lowering.h"
#include "runtime/core/op_type.h"
#include "runtime/core/status.h"

namespace edgeq::partitioner {

struct PartitionOptions {
  // Groups with fewer nodes stay on the portable kernels (each node recorded with the reason).
  size_t min_partition_size = 1;
  // Per-op mode: nodes of these ops are never delegated (reason "kept portable by --portable-ops").
  std::set<OpType> portable_ops;
};

// A node left to the portable kernels and why ("Conv: dilation 2 with groups > 1 is not supported
// by XNNPACK", "kept portable by --portable-ops", "in a group of 2 nodes for xnnpack, below
// --min-partition-size 3", ...).
struct RejectedNode {
  std::string node;  // the node's name
  std::string op;    // its ONNX op name
  std::string reason;
};

struct PartitionPlan {
  // The groups to delegate, in an order in which they (and the portable nodes) can execute: see
  // execution_order(). Each Partition's nodes, inputs and outputs are as delegate_lowering.h
  // documents; its inputs are in order of first use, its outputs in order of production.
  std::vector<Partition> partitions;
  // delegates[i] lowers partitions[i] (one of the delegates given to partition_graph).
  std::vector<const DelegateLowering*> delegates;
  // Every node not in a partition, in topological order, with its reason.
  std::vector<RejectedNode> rejected;
};

// Partitions `graph` (verified, shapes inferred) for `delegate`.
Result<PartitionPlan> partition_graph(const ir::Graph& graph, const DelegateLowering& delegate,
                                      const PartitionOptions& options);

// Partitions `graph` for several delegates: each node goes to the first delegate in `delegates`
// that supports it; groups never mix delegates. With no delegates every node is rejected with the
// reason "no delegate backend selected". A rejected node's reason is its delegate's reason, or,
// with several delegates, each one's reason prefixed by its backend name ("xnnpack: ...; ...").
Result<PartitionPlan> partition_graph(const ir::Graph& graph,
                                      const std::vector<const DelegateLowering*>& delegates,
                                      const PartitionOptions& options);

// One step of running a partitioned graph: a delegate call (partition >= 0) or the portable kernel
// of a single node (partition == -1).
struct ExecutionStep {
  int partition = -1;
  const ir::Node* node = nullptr;
};

// A topological order of the graph with every partition of `plan` contracted to one step (steps
// stable: among ready steps the one holding the earliest node of graph.topological_order() comes
// first).
Result<std::vector<ExecutionStep>> execution_order(const ir::Graph& graph,
                                                   const PartitionPlan& plan);

}  // namespace edgeq::partitioner
