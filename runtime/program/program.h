// Program: a loaded and verified program file (.eqp), decoded into plain structs. Immutable after
// loading, so one Program can be shared by several Methods on several threads. Constant data and
// delegate payloads are not copied: they point into the memory-mapped file (or the loaded buffer),
// which the Program keeps alive.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "runtime/backend/backend.h"
#include "runtime/core/attributes.h"
#include "runtime/core/dtype.h"
#include "runtime/core/op_type.h"
#include "runtime/core/shape.h"
#include "runtime/core/span.h"
#include "runtime/core/status.h"
#include "runtime/core/tensor.h"

namespace edgeq::runtime {

struct ProgramValue {
  std::string name;
  DType dtype = DType::kUndefined;
  Shape shape;                        // compile-time shape
  bool symbolic_batch = false;        // program inputs only: dimension 0 may change at run time
  int32_t constant_index = -1;        // index into the program's constants, or -1
  Span<const uint8_t> constant_data;  // the constant's bytes (64-byte aligned), empty otherwise

  bool is_constant() const { return constant_index >= 0; }
  // dtype and compile-time shape; data points at the constant bytes for constants, else null.
  TensorView view() const { return TensorView(dtype, shape, constant_data.data()); }
};

// A key/value note for people and tools (e.g. why a node was not delegated); the runtime never
// reads notes. Keys are unique and non-empty; runtime/schema/program.fbs lists the keys in use.
struct ProgramNote {
  std::string key;
  std::string value;
  bool operator==(const ProgramNote& other) const {
    return key == other.key && value == other.value;
  }
};

enum class InstructionKind { kKernelCall, kDelegateCall };

struct ProgramInstruction {
  InstructionKind kind = InstructionKind::kKernelCall;
  std::string name;              // node name (may be empty)
  std::vector<int32_t> inputs;   // value indices; -1 marks an absent optional input
  std::vector<int32_t> outputs;  // value indices
  // Kernel calls.
  OpType op = OpType{};
  Attributes attributes;
  // Delegate calls.
  std::string backend;
  Span<const uint8_t> payload;
  std::vector<CompileSpec> compile_specs;

  // "instruction 12 (node 'conv3', Conv)" / "instruction 4 (delegate 'part0', xnnpack)".
  std::string describe(size_t index) const;
};

// Arena layout for the compile-time shapes: offsets[i] is value i's byte offset, -1 for constants
// and program inputs (which live outside the arena).
struct MemoryPlan {
  uint64_t arena_bytes = 0;
  std::vector<int64_t> offsets;
};

class Program {
 public:
  // Memory-maps `path` read-only and verifies it. Errors name the path.
  static Result<std::shared_ptr<const Program>> load_file(const std::string& path);
  // Copies `bytes` into 64-byte aligned memory owned by the Program, then verifies. `source` names
  // the buffer in error messages.
  static Result<std::shared_ptr<const Program>> load_buffer(Span<const uint8_t> bytes,
                                                            const std::string& source = "buffer");
  // Uses `bytes` in place (no copy). They must be 64-byte aligned and stay alive and unchanged for
  // as long as the Program, every Method made from it, and every TensorView taken from either
  // exist.
  static Result<std::shared_ptr<const Program>> borrow_buffer(Span<const uint8_t> bytes,
                                                              const std::string& source = "buffer");

  ~Program();
  Program(const Program&) = delete;
  Program& operator=(const Program&) = delete;

  // The path or buffer name given at load, for messages.
  const std::string& source() const { return source_; }
  uint32_t format_version() const { return format_version_; }
  const std::vector<ProgramValue>& values() const { return values_; }
  const std::vector<ProgramInstruction>& instructions() const { return instructions_; }
  const std::vector<int32_t>& inputs() const { return inputs_; }
  const std::vector<int32_t>& outputs() const { return outputs_; }
  const MemoryPlan& memory_plan() const { return memory_plan_; }
  // The program's notes, in file order.
  const std::vector<ProgramNote>& notes() const { return notes_; }
  // Bytes of constant data (each distinct constant counted once) and of the whole file.
  size_t constant_bytes() const { return constant_bytes_; }
  size_t file_bytes() const { return file_bytes_; }

 private:
  Program() = default;
  // `owner` keeps `bytes` alive (null for borrowed bytes).
  static Result<std::shared_ptr<const Program>> load_bytes(std::shared_ptr<const void> owner,
                                                           Span<const uint8_t> bytes,
                                                           const std::string& source);
  friend class ProgramDecoder;

  std::shared_ptr<const void> storage_;
  std::string source_;
  uint32_t format_version_ = 0;
  std::vector<ProgramValue> values_;
  std::vector<ProgramInstruction> instructions_;
  std::vector<int32_t> inputs_;
  std::vector<int32_t> outputs_;
  MemoryPlan memory_plan_;
  std::vector<ProgramNote> notes_;
  size_t constant_bytes_ = 0;
  size_t file_bytes_ = 0;
};

}  // namespace edgeq::runtime
