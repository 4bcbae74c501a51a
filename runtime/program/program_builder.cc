#include "runtime/program/program_builder.h"

#include <flatbuffers/flatbuffers.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <string_view>

#include "runtime/executor/init_evaluation.h"
#include "runtime/executor/memory_planner.h"
#include "runtime/program/file_format.h"
#include "runtime/program/program.h"
#include "runtime/schema/program_generated.h"

namespace edgeq::runtime {
namespace {

namespace fb = ::edgeq::schema;

flatbuffers::Offset<fb::Attribute> build_attribute(flatbuffers::FlatBufferBuilder& b,
                                                   const std::string& name,
                                                   const AttrValue& value) {
  auto name_offset = b.CreateString(name);
  if (const auto* v = std::get_if<int64_t>(&value)) {
    return fb::CreateAttribute(b, name_offset, fb::AttributeValue::IntValue,
                               fb::CreateIntValue(b, *v).Union());
  }
  if (const auto* v = std::get_if<float>(&value)) {
    return fb::CreateAttribute(b, name_offset, fb::AttributeValue::FloatValue,
                               fb::CreateFloatValue(b, *v).Union());
  }
  if (const auto* v = std::get_if<std::string>(&value)) {
    return fb::CreateAttribute(b, name_offset, fb::AttributeValue::StringValue,
                               fb::CreateStringValue(b, b.CreateString(*v)).Union());
  }
  if (const auto* v = std::get_if<std::vector<int64_t>>(&value)) {
    return fb::CreateAttribute(b, name_offset, fb::AttributeValue::IntsValue,
                               fb::CreateIntsValue(b, b.CreateVector(*v)).Union());
  }
  const auto& floats = std::get<std::vector<float>>(value);
  return fb::CreateAttribute(b, name_offset, fb::AttributeValue::FloatsValue,
                             fb::CreateFloatsValue(b, b.CreateVector(floats)).Union());
}

std::string_view as_string_view(Span<const uint8_t> bytes) {
  return std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

}  // namespace

int32_t ProgramBuilder::add_value(const std::string& name, DType dtype, const Shape& shape,
                                  bool symbolic_batch) {
  values_.push_back({name, dtype, shape, symbolic_batch, -1});
  return static_cast<int32_t>(values_.size() - 1);
}

Status ProgramBuilder::add_constant(int32_t value, Span<const uint8_t> bytes) {
  if (value < 0 || static_cast<size_t>(value) >= values_.size()) {
    return out_of_range("add_constant: value index ", value, " out of range (", values_.size(),
                        " values)");
  }
  Value& v = values_[value];
  const size_t expected = dtype_storage_bytes(v.dtype, static_cast<size_t>(v.shape.numel()));
  if (bytes.size() != expected) {
    return invalid_argument("add_constant: value ", value, " ('", v.name, "') is ",
                            dtype_name(v.dtype), v.shape.to_string(), " (", expected,
                            " bytes) but ", bytes.size(), " bytes were given");
  }
  v.blob = add_blob(bytes);
  return Status::Ok();
}

int32_t ProgramBuilder::add_blob(Span<const uint8_t> bytes) {
  const size_t hash = std::hash<std::string_view>()(as_string_view(bytes));
  auto range = blob_by_hash_.equal_range(hash);
  for (auto it = range.first; it != range.second; ++it) {
    const std::vector<uint8_t>& blob = blobs_[it->second];
    if (as_string_view(Span<const uint8_t>(blob)) == as_string_view(bytes)) return it->second;
  }
  blobs_.emplace_back(bytes.begin(), bytes.end());
  const int32_t index = static_cast<int32_t>(blobs_.size() - 1);
  blob_by_hash_.emplace(hash, index);
  return index;
}

Status ProgramBuilder::check_indices(const std::string& name, const std::vector<int32_t>& inputs,
                                     const std::vector<int32_t>& outputs) const {
  const int64_t n = static_cast<int64_t>(values_.size());
  for (int32_t index : inputs) {
    if (index < -1 || index >= n) {
      return out_of_range("instruction '", name, "': input index ", index, " out of range (", n,
                          " values)");
    }
  }
  for (int32_t index : outputs) {
    if (index < 0 || index >= n) {
      return out_of_range("instruction '", name, "': output index ", index, " out of range (", n,
                          " values)");
    }
  }
  return Status::Ok();
}

Status ProgramBuilder::add_kernel_call(OpType op, const Attributes& attributes,
                                       std::vector<int32_t> inputs, std::vector<int32_t> outputs,
                                       const std::string& name) {
  EDGEQ_RETURN_IF_ERROR(check_indices(name, inputs, outputs));
  const Status arity =
      check_arity(op, static_cast<int>(inputs.size()), static_cast<int>(outputs.size()));
  if (!arity.ok()) return arity.with_context(str_cat("instruction '", name, "'"));
  Instruction instruction;
  instruction.name = name;
  instruction.inputs = std::move(inputs);
  instruction.outputs = std::move(outputs);
  instruction.op = op;
  instruction.attributes = attributes;
  instructions_.push_back(std::move(instruction));
  return Status::Ok();
}

Status ProgramBuilder::add_delegate_call(const std::string& backend, Span<const uint8_t> payload,
                                         std::vector<CompileSpec> compile_specs,
                                         std::vector<int32_t> inputs, std::vector<int32_t> outputs,
                                         const std::string& name) {
  EDGEQ_RETURN_IF_ERROR(check_indices(name, inputs, outputs));
  if (backend.empty()) return invalid_argument("delegate call '", name, "': empty backend name");
  Instruction instruction;
  instruction.name = name;
  instruction.inputs = std::move(inputs);
  instruction.outputs = std::move(outputs);
  instruction.is_delegate = true;
  instruction.backend = backend;
  instruction.payload_blob = add_blob(payload);
  instruction.compile_specs = std::move(compile_specs);
  instructions_.push_back(std::move(instruction));
  return Status::Ok();
}

Status ProgramBuilder::add_note(const std::string& key, const std::string& value) {
  if (key.empty()) return invalid_argument("program note with an empty key");
  if (!note_keys_.insert(key).second) return invalid_argument("program note '", key, "' repeated");
  notes_.push_back({key, value});
  return Status::Ok();
}

Result<std::vector<uint8_t>> ProgramBuilder::finish() const {
  const size_t n = values_.size();
  // Data segment: every distinct blob 64-byte aligned.
  std::vector<uint64_t> blob_offsets(blobs_.size());
  uint64_t segment_size = 0;
  for (size_t i = 0; i < blobs_.size(); ++i) {
    blob_offsets[i] = align_up(segment_size, kDataAlignment);
    segment_size = blob_offsets[i] + blobs_[i].size();
  }
  std::vector<uint8_t> segment(segment_size, 0);
  for (size_t i = 0; i < blobs_.size(); ++i) {
    if (!blobs_[i].empty()) {
      std::memcpy(segment.data() + blob_offsets[i], blobs_[i].data(), blobs_[i].size());
    }
  }
  auto data_ref = [&](int32_t blob) {
    return fb::DataRef(blob_offsets[blob], blobs_[blob].size());
  };

  // Memory plan for the declared shapes; constants and program inputs live outside the arena.
  std::vector<InstructionValues> steps;
  for (const Instruction& instruction : instructions_) {
    steps.push_back(
        {Span<const int32_t>(instruction.inputs), Span<const int32_t>(instruction.outputs)});
  }
  std::vector<BufferRequest> requests =
      value_lifetimes(n, Span<const InstructionValues>(steps), Span<const int32_t>(outputs_));
  // Values a Method computes once at init live in its own buffers, like constants.
  std::vector<bool> kernel_call, constant;
  for (const Instruction& instruction : instructions_)
    kernel_call.push_back(!instruction.is_delegate);
  for (const Value& value : values_) constant.push_back(value.blob >= 0);
  std::vector<bool> outside_arena =
      plan_init_evaluation(Span<const InstructionValues>(steps), kernel_call, constant).values;
  for (int32_t input : inputs_) {
    if (input >= 0 && static_cast<size_t>(input) < n) outside_arena[input] = true;
  }
  for (size_t i = 0; i < n; ++i) {
    outside_arena[i] = outside_arena[i] || values_[i].blob >= 0;
    requests[i].bytes =
        outside_arena[i] ? 0 : dtype_storage_bytes(values_[i].dtype, values_[i].shape.numel());
  }
  const ArenaPlan plan = plan_arena(Span<const BufferRequest>(requests), kDataAlignment);
  std::vector<int64_t> offsets(n);
  for (size_t i = 0; i < n; ++i) {
    offsets[i] = outside_arena[i] ? -1 : static_cast<int64_t>(plan.offsets[i]);
  }

  flatbuffers::FlatBufferBuilder b;
  std::vector<fb::DataRef> constants;
  std::vector<int32_t> constant_of_blob(blobs_.size(), -1);
  std::vector<flatbuffers::Offset<fb::Value>> values;
  for (const Value& value : values_) {
    int32_t constant = -1;
    if (value.blob >= 0) {
      if (constant_of_blob[value.blob] < 0) {
        constant_of_blob[value.blob] = static_cast<int32_t>(constants.size());
        constants.push_back(data_ref(value.blob));
      }
      constant = constant_of_blob[value.blob];
    }
    const std::vector<int64_t> dims = value.shape.to_vector();
    values.push_back(fb::CreateValue(b, b.CreateString(value.name),
                                     static_cast<uint8_t>(value.dtype), b.CreateVector(dims),
                                     constant, value.symbolic_batch));
  }
  std::vector<flatbuffers::Offset<fb::Instruction>> instructions;
  for (const Instruction& instruction : instructions_) {
    fb::Call call_type;
    flatbuffers::Offset<void> call;
    if (instruction.is_delegate) {
      std::vector<flatbuffers::Offset<fb::KeyValue>> specs;
      for (const CompileSpec& spec : instruction.compile_specs) {
        specs.push_back(
            fb::CreateKeyValue(b, b.CreateString(spec.key), b.CreateString(spec.value)));
      }
      const fb::DataRef payload = data_ref(instruction.payload_blob);
      call_type = fb::Call::DelegateCall;
      call = fb::CreateDelegateCall(b, b.CreateString(instruction.backend), &payload,
                                    b.CreateVector(specs))
                 .Union();
    } else {
      std::vector<flatbuffers::Offset<fb::Attribute>> attributes;
      for (const auto& [name, value] : instruction.attributes.items()) {
        attributes.push_back(build_attribute(b, name, value));
      }
      call_type = fb::Call::KernelCall;
      call = fb::CreateKernelCall(b, b.CreateString(op_name(instruction.op)),
                                  b.CreateVector(attributes))
                 .Union();
    }
    instructions.push_back(fb::CreateInstruction(
        b, b.CreateString(instruction.name), b.CreateVector(instruction.inputs),
        b.CreateVector(instruction.outputs), call_type, call));
  }
  auto memory_plan = fb::CreateMemoryPlan(b, plan.arena_bytes, b.CreateVector(offsets));
  std::vector<flatbuffers::Offset<fb::KeyValue>> notes;
  for (const ProgramNote& note : notes_) {
    notes.push_back(fb::CreateKeyValue(b, b.CreateString(note.key), b.CreateString(note.value)));
  }
  auto root = fb::CreateProgram(b, kProgramFormatVersion, b.CreateVector(values),
                                b.CreateVectorOfStructs(constants), b.CreateVector(instructions),
                                b.CreateVector(inputs_), b.CreateVector(outputs_), memory_plan,
                                b.CreateVector(notes));
  fb::FinishProgramBuffer(b, root);

  std::vector<uint8_t> file = assemble_program_file(
      Span<const uint8_t>(b.GetBufferPointer(), b.GetSize()), Span<const uint8_t>(segment));
  auto loaded = Program::load_buffer(Span<const uint8_t>(file), "ProgramBuilder output");
  if (!loaded.ok()) return loaded.status();
  return file;
}

std::vector<uint8_t> assemble_program_file(Span<const uint8_t> flatbuffer,
                                           Span<const uint8_t> data_segment) {
  FileHeader header;
  header.flatbuffer_offset = kFileHeaderBytes;
  header.flatbuffer_size = flatbuffer.size();
  header.data_offset = align_up(kFileHeaderBytes + flatbuffer.size(), kDataAlignment);
  header.data_size = data_segment.size();
  std::vector<uint8_t> file(header.data_offset + data_segment.size(), 0);
  encode_file_header(header, file.data());
  if (!flatbuffer.empty()) {
    std::memcpy(file.data() + header.flatbuffer_offset, flatbuffer.data(), flatbuffer.size());
  }
  if (!data_segment.empty()) {
    std::memcpy(file.data() + header.data_offset, data_segment.data(), data_segment.size());
  }
  return file;
}

Status write_program_file(const std::string& path, Span<const uint8_t> bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return not_found(path, ": cannot open for writing: ", std::strerror(errno));
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) return internal_error(path, ": write failed: ", std::strerror(errno));
  return Status::Ok();
}

}  // namespace edgeq::runtime
