// ProgramLowering: turns parts of an ir::Graph into program instructions through a ProgramBuilder.
// It owns the mapping from IR values to program value indices, so that whatever emits instructions
// (a portable kernel call per node, a delegate call per partition) shares one value table. Values
// enter the table on first use; constants carry their bytes; graph inputs keep their symbolic-batch
// flag.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "ir/graph.h"
#include "partitioner/delegate_lowering.h"
#include "runtime/core/status.h"
#include "runtime/program/program_builder.h"

namespace edgeq::partitioner {

class ProgramLowering {
 public:
  // `graph` must outlive this object.
  explicit ProgramLowering(const ir::Graph& graph) : graph_(graph) {}

  // The program index of `value`, adding it (and its constant bytes) on first use. A value without
  // a dtype is an error naming it.
  Result<int32_t> value_index(const ir::Value* value);
  // Emits `node` as a call of its portable kernel.
  Status emit_kernel_call(const ir::Node& node);
  // Emits `partition` as one call of `backend` named `name`, with `lowered`'s payload and compile
  // specs; its inputs and outputs are partition.inputs and partition.outputs.
  Status emit_delegate_call(const Partition& partition, const LoweredPartition& lowered,
                            const std::string& backend, const std::string& name);
  // Adds a program note (see runtime/schema/program.fbs).
  Status add_note(const std::string& key, const std::string& value) {
    return builder_.add_note(key, value);
  }
  // Sets the program inputs and outputs from the graph's and writes the program file bytes.
  Result<std::vector<uint8_t>> finish();

 private:
  Result<std::vector<int32_t>> value_indices(const std::vector<ir::Value*>& values);
  // The program index of graph output `value`. A program output must be computed by an
  // instruction, so an output that is a constant (e.g. folded) or a graph input is copied by an
  // Identity call (node "<name>_output_copy") into a value of the same name, as ONNX allows a
  // graph input to be an output under one name.
  Result<int32_t> output_index(const ir::Value* value);

  const ir::Graph& graph_;
  runtime::ProgramBuilder builder_;
  std::unordered_map<const ir::Value*, int32_t> index_of_;
};

}  // namespace edgeq::partitioner
