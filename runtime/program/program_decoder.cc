#include "runtime/program/program_decoder.h"

#include <flatbuffers/flatbuffers.h>

#include <unordered_set>

#include "runtime/program/file_format.h"
#include "runtime/program/program_verifier.h"
#include "runtime/schema/program_generated.h"

namespace edgeq::runtime {
namespace {

namespace fb = ::edgeq::schema;

std::string fb_string(const flatbuffers::String* s) { return s == nullptr ? "" : s->str(); }

// This flatbuffers Verifier checks a vector's length field but not the alignment of its elements,
// so a corrupt offset could make 8-byte elements misaligned: checked before reading.
template <typename T>
bool is_aligned(const flatbuffers::Vector<T>* v) {
  return v == nullptr || v->size() == 0 || reinterpret_cast<uintptr_t>(v->data()) % alignof(T) == 0;
}

template <typename T>
Result<std::vector<T>> read_vector(const flatbuffers::Vector<T>* v, const char* what) {
  if (v == nullptr) return std::vector<T>();
  if (!is_aligned(v)) return data_loss(what, " vector is misaligned (corrupt flatbuffer)");
  return std::vector<T>(v->begin(), v->end());
}

// A byte range of the data segment; `alignment` is checked on the offset.
Result<Span<const uint8_t>> data_range(const fb::DataRef& ref, Span<const uint8_t> segment) {
  if (ref.offset() % kDataAlignment != 0) {
    return data_loss("data offset ", ref.offset(), " is not ", kDataAlignment, "-byte aligned");
  }
  if (ref.offset() > segment.size() || ref.size() > segment.size() - ref.offset()) {
    return data_loss("data range [", ref.offset(), ", +", ref.size(), ") is outside the ",
                     segment.size(), "-byte data segment");
  }
  return Span<const uint8_t>(segment.data() + ref.offset(), ref.size());
}

// Element count of a shape, or an error when a dimension is negative or the size is implausible.
Result<uint64_t> checked_numel(const Shape& shape, DType dtype) {
  uint64_t numel = 1;
  for (int64_t dim : shape) {
    if (dim < 0) return data_loss("negative dimension in shape ", shape.to_string());
    if (dim != 0 && numel > kMaxValueBytes / static_cast<uint64_t>(dim)) {
      return data_loss("shape ", shape.to_string(), " is implausibly large");
    }
    numel *= static_cast<uint64_t>(dim);
  }
  if (dtype_storage_bytes(dtype, numel) > kMaxValueBytes) {
    return data_loss("shape ", shape.to_string(), " is implausibly large");
  }
  return numel;
}

Status decode_value(const fb::Value& in, const fb::Program& root, Span<const uint8_t> segment,
                    ProgramValue* out) {
  out->name = fb_string(in.name());
  if (!dtype_is_valid(in.dtype())) return data_loss("invalid dtype code ", int{in.dtype()});
  out->dtype = static_cast<DType>(in.dtype());
  EDGEQ_ASSIGN_OR_RETURN(std::vector<int64_t> dims, read_vector(in.shape(), "shape"));
  const size_t rank = dims.size();
  if (rank > static_cast<size_t>(kMaxRank)) {
    return data_loss("rank ", rank, " exceeds the maximum rank ", kMaxRank);
  }
  for (size_t d = 0; d < rank; ++d) out->shape.push_back(dims[d]);
  EDGEQ_ASSIGN_OR_RETURN(uint64_t numel, checked_numel(out->shape, out->dtype));
  out->symbolic_batch = in.symbolic_batch();
  out->constant_index = in.constant();
  if (out->constant_index == -1) return Status::Ok();
  const size_t num_constants = root.constants() == nullptr ? 0 : root.constants()->size();
  if (out->constant_index < 0 || static_cast<size_t>(out->constant_index) >= num_constants) {
    return data_loss("constant index ", out->constant_index, " out of range (", num_constants,
                     " constants)");
  }
  const fb::DataRef& ref = *root.constants()->Get(out->constant_index);
  EDGEQ_ASSIGN_OR_RETURN(out->constant_data, data_range(ref, segment));
  const size_t expected = dtype_storage_bytes(out->dtype, numel);
  if (out->constant_data.size() != expected) {
    return data_loss("constant holds ", out->constant_data.size(), " bytes but ",
                     dtype_name(out->dtype), out->shape.to_string(), " needs ", expected);
  }
  return Status::Ok();
}

// A union's type may be set while its table is absent (the Verifier accepts that): checked here.
Result<AttrValue> decode_attribute_value(const fb::Attribute& in) {
  const auto* int_value = in.value_as_IntValue();
  const auto* float_value = in.value_as_FloatValue();
  const auto* string_value = in.value_as_StringValue();
  const auto* ints_value = in.value_as_IntsValue();
  const auto* floats_value = in.value_as_FloatsValue();
  if (int_value != nullptr) return AttrValue(int_value->value());
  if (float_value != nullptr) return AttrValue(float_value->value());
  if (string_value != nullptr) return AttrValue(fb_string(string_value->value()));
  if (ints_value != nullptr) {
    EDGEQ_ASSIGN_OR_RETURN(std::vector<int64_t> ints, read_vector(ints_value->values(), "ints"));
    return AttrValue(std::move(ints));
  }
  if (floats_value != nullptr) {
    EDGEQ_ASSIGN_OR_RETURN(std::vector<float> floats,
                           read_vector(floats_value->values(), "floats"));
    return AttrValue(std::move(floats));
  }
  return data_loss("attribute '", fb_string(in.name()), "' has no value of a known type");
}

Status decode_kernel_call(const fb::KernelCall& call, ProgramInstruction* out) {
  out->kind = InstructionKind::kKernelCall;
  EDGEQ_ASSIGN_OR_RETURN(out->op, op_from_name(call.op()->string_view()));
  if (call.attributes() == nullptr) return Status::Ok();
  for (const fb::Attribute* attribute : *call.attributes()) {
    EDGEQ_ASSIGN_OR_RETURN(AttrValue value, decode_attribute_value(*attribute));
    out->attributes.set(attribute->name()->str(), std::move(value));
  }
  return Status::Ok();
}

Status decode_delegate_call(const fb::DelegateCall& call, Span<const uint8_t> segment,
                            ProgramInstruction* out) {
  out->kind = InstructionKind::kDelegateCall;
  out->backend = call.backend()->str();
  if (call.payload() != nullptr) {
    EDGEQ_ASSIGN_OR_RETURN(out->payload, data_range(*call.payload(), segment));
  }
  if (call.compile_specs() == nullptr) return Status::Ok();
  for (const fb::KeyValue* spec : *call.compile_specs()) {
    out->compile_specs.push_back({spec->key()->str(), spec->value()->str()});
  }
  return Status::Ok();
}

Status decode_instruction(const fb::Instruction& in, Span<const uint8_t> segment,
                          ProgramInstruction* out) {
  out->name = fb_string(in.name());
  EDGEQ_ASSIGN_OR_RETURN(out->inputs, read_vector(in.inputs(), "inputs"));
  EDGEQ_ASSIGN_OR_RETURN(out->outputs, read_vector(in.outputs(), "outputs"));
  if (const fb::KernelCall* call = in.call_as_KernelCall()) return decode_kernel_call(*call, out);
  if (const fb::DelegateCall* call = in.call_as_DelegateCall()) {
    return decode_delegate_call(*call, segment, out);
  }
  return data_loss("instruction has neither a kernel call nor a delegate call");
}

// Notes: non-empty, unique keys.
Result<std::vector<ProgramNote>> decode_notes(const fb::Program& root) {
  std::vector<ProgramNote> notes;
  if (root.notes() == nullptr) return notes;
  std::unordered_set<std::string> keys;
  for (size_t i = 0; i < root.notes()->size(); ++i) {
    const fb::KeyValue& note = *root.notes()->Get(static_cast<flatbuffers::uoffset_t>(i));
    std::string key = note.key()->str();
    if (key.empty()) return data_loss("note ", i, " has an empty key");
    if (!keys.insert(key).second) return data_loss("note ", i, " repeats the key '", key, "'");
    notes.push_back({std::move(key), note.value()->str()});
  }
  return notes;
}

}  // namespace

Status ProgramDecoder::decode(Span<const uint8_t> file, Program* program) {
  const std::string& source = program->source_;
  EDGEQ_ASSIGN_OR_RETURN(FileHeader header, decode_file_header(file, source.c_str()));
  const uint8_t* flatbuffer = file.data() + header.flatbuffer_offset;
  if (header.flatbuffer_size >= FLATBUFFERS_MAX_BUFFER_SIZE) {
    return data_loss(source, ": flatbuffer section of ", header.flatbuffer_size,
                     " bytes exceeds the flatbuffers limit");
  }
  flatbuffers::Verifier verifier(flatbuffer, header.flatbuffer_size);
  if (!fb::VerifyProgramBuffer(verifier)) {
    return data_loss(source, ": bytes ", header.flatbuffer_offset, "..",
                     header.flatbuffer_offset + header.flatbuffer_size,
                     ": the program flatbuffer is corrupt (flatbuffers verifier failed)");
  }
  const fb::Program& root = *fb::GetProgram(flatbuffer);
  const Span<const uint8_t> segment(file.data() + header.data_offset, header.data_size);
  if (!is_aligned(root.constants())) {
    return data_loss(source, ": constants vector is misaligned (corrupt flatbuffer)");
  }

  program->format_version_ = root.version();
  if (root.version() != kProgramFormatVersion) {
    return unimplemented(source, ": program format version ", root.version(),
                         " in the flatbuffer, this runtime reads version ", kProgramFormatVersion);
  }
  if (root.values() != nullptr) {
    program->values_.resize(root.values()->size());
    for (size_t i = 0; i < program->values_.size(); ++i) {
      ProgramValue& value = program->values_[i];
      const Status status = decode_value(
          *root.values()->Get(static_cast<flatbuffers::uoffset_t>(i)), root, segment, &value);
      if (!status.ok()) {
        return status.with_context(str_cat(source, ": value ", i, " ('", value.name, "')"));
      }
    }
  }
  if (root.constants() != nullptr) {
    for (size_t i = 0; i < root.constants()->size(); ++i) {
      auto bytes =
          data_range(*root.constants()->Get(static_cast<flatbuffers::uoffset_t>(i)), segment);
      if (!bytes.ok()) return bytes.status().with_context(str_cat(source, ": constant ", i));
      program->constant_bytes_ += bytes->size();
    }
  }
  if (root.instructions() != nullptr) {
    program->instructions_.resize(root.instructions()->size());
    for (size_t i = 0; i < program->instructions_.size(); ++i) {
      ProgramInstruction& instruction = program->instructions_[i];
      const Status status = decode_instruction(
          *root.instructions()->Get(static_cast<flatbuffers::uoffset_t>(i)), segment, &instruction);
      if (!status.ok()) {
        return status.with_context(
            str_cat(source, ": instruction ", i, " (node '", instruction.name, "')"));
      }
    }
  }
  auto inputs = read_vector(root.inputs(), "program inputs");
  auto outputs = read_vector(root.outputs(), "program outputs");
  if (!inputs.ok() || !outputs.ok()) {
    return (inputs.ok() ? outputs.status() : inputs.status()).with_context(source);
  }
  program->inputs_ = std::move(inputs).value();
  program->outputs_ = std::move(outputs).value();
  if (root.memory_plan() == nullptr) return data_loss(source, ": the program has no memory plan");
  program->memory_plan_.arena_bytes = root.memory_plan()->arena_size();
  auto offsets = read_vector(root.memory_plan()->offsets(), "memory plan offsets");
  if (!offsets.ok()) return offsets.status().with_context(source);
  program->memory_plan_.offsets = std::move(offsets).value();
  auto notes = decode_notes(root);
  if (!notes.ok()) return notes.status().with_context(source);
  program->notes_ = std::move(notes).value();
  const Status status = verify_program(*program);
  return status.ok() ? status : status.with_context(source);
}

}  // namespace edgeq::runtime
