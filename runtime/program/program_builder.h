// ProgramBuilder: writes program files (.eqp). Part of edgeq_program_writer, not of the deployable
// runtime. The builder checks what it can when a call is added (arity, index ranges) and finish()
// runs the loader's full verification on the bytes it produced, so a program that finish() returns
// always loads.
//
// What a valid program needs (the loader's rules):
//   - instructions in a topological order: every value read is a constant, a program input, or
//     produced by an earlier instruction; every other value is produced by exactly one instruction;
//   - program inputs and instruction outputs are never constants, nor are program outputs;
//   - symbolic_batch only on program inputs of rank >= 1 (dimension 0 may change at run time);
//   - the declared shapes are the compile-time shapes: a Method checks that its kernels infer
//     exactly these shapes, and the memory plan is computed from them.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "runtime/backend/backend.h"
#include "runtime/core/attributes.h"
#include "runtime/core/dtype.h"
#include "runtime/core/op_type.h"
#include "runtime/core/shape.h"
#include "runtime/core/span.h"
#include "runtime/core/status.h"
#include "runtime/program/program.h"

namespace edgeq::runtime {

class ProgramBuilder {
 public:
  // Adds a value and returns its index. symbolic_batch marks a program input whose dimension 0 may
  // change at run time.
  int32_t add_value(const std::string& name, DType dtype, const Shape& shape,
                    bool symbolic_batch = false);
  // Makes value `value` a constant holding a copy of `bytes` (dtype_storage_bytes of its dtype and
  // shape). Byte-identical constants are stored once.
  Status add_constant(int32_t value, Span<const uint8_t> bytes);
  // Value indices; -1 in `inputs` marks an absent optional input.
  Status add_kernel_call(OpType op, const Attributes& attributes, std::vector<int32_t> inputs,
                         std::vector<int32_t> outputs, const std::string& name);
  Status add_delegate_call(const std::string& backend, Span<const uint8_t> payload,
                           std::vector<CompileSpec> compile_specs, std::vector<int32_t> inputs,
                           std::vector<int32_t> outputs, const std::string& name);
  // Adds a note (see Program::notes()); an empty or repeated key is an error naming it.
  Status add_note(const std::string& key, const std::string& value);
  void set_inputs(std::vector<int32_t> inputs) { inputs_ = std::move(inputs); }
  void set_outputs(std::vector<int32_t> outputs) { outputs_ = std::move(outputs); }

  size_t num_values() const { return values_.size(); }

  // Computes the memory plan, lays out the file and verifies it by loading it.
  Result<std::vector<uint8_t>> finish() const;

 private:
  struct Value {
    std::string name;
    DType dtype;
    Shape shape;
    bool symbolic_batch;
    int32_t blob = -1;  // index into blobs_ when constant
  };
  struct Instruction {
    std::string name;
    std::vector<int32_t> inputs;
    std::vector<int32_t> outputs;
    bool is_delegate = false;
    OpType op = OpType{};
    Attributes attributes;
    std::string backend;
    int32_t payload_blob = -1;
    std::vector<CompileSpec> compile_specs;
  };
  Status check_indices(const std::string& name, const std::vector<int32_t>& inputs,
                       const std::vector<int32_t>& outputs) const;
  int32_t add_blob(Span<const uint8_t> bytes);

  std::vector<Value> values_;
  std::vector<Instruction> instructions_;
  std::vector<std::vector<uint8_t>> blobs_;  // distinct constant and payload bytes
  std::unordered_multimap<size_t, int32_t> blob_by_hash_;
  std::vector<int32_t> inputs_;
  std::vector<int32_t> outputs_;
  std::vector<ProgramNote> notes_;
  std::unordered_set<std::string> note_keys_;
};

// Lays out a program file: the header, `flatbuffer`, then `data_segment` (starting 64-byte
// aligned). DataRef offsets inside the flatbuffer are relative to the data segment's start.
std::vector<uint8_t> assemble_program_file(Span<const uint8_t> flatbuffer,
                                           Span<const uint8_t> data_segment);

// Writes `bytes` to `path`; the error names the path and the system's reason.
Status write_program_file(const std::string& path, Span<const uint8_t> bytes);

}  // namespace edgeq::runtime
