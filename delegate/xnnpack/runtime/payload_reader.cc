#include "delegate/xnnpack/runtime/payload_reader.h"

#include <flatbuffers/flatbuffers.h>

#include <cmath>
#include <limits>

#include "delegate/xnnpack/runtime/narrow_weights.h"

namespace edgeq::xnnpack {
namespace {

constexpr size_t kMaxValueRank = 6;  // XNN_MAX_TENSOR_DIMS

// numel of `dims`, or an error past 2^40 elements (no real tensor is that large).
Result<uint64_t> checked_numel(const flatbuffers::Vector<uint32_t>& dims, size_t value_id) {
  constexpr uint64_t kMaxElements = 1ull << 40;
  uint64_t numel = 1;
  for (uint32_t d : dims) {
    if (d != 0 && numel > kMaxElements / d) {
      return data_loss("xnnpack payload: value ", value_id, " has too many elements");
    }
    numel *= d;
  }
  return numel;
}

// The number of values marked as boundary inputs (or outputs).
size_t count_marked(const schema::Payload& payload, bool is_input) {
  size_t count = 0;
  for (const schema::Value* value : *payload.values()) {
    count += (is_input ? value->input() : value->output()) >= 0;
  }
  return count;
}

// A quantized value's parameters, as XNNPACK would read them: per-tensor scale positive and normal,
// zero point within the datatype (0 for the int32 and per-channel types); per-channel scales along a
// dim of the value, one per element of that dim, each positive and normal.
Status check_quantization(const schema::Value& value, size_t id) {
  if (value.datatype() == schema::DataType::Fp32) return Status::Ok();
  const schema::Quantization* q = value.quantization();
  if (q == nullptr) return data_loss("xnnpack payload: quantized value ", id, " has no parameters");
  const auto valid_scale = [](float scale) { return scale > 0.f && std::isnormal(scale); };
  const bool per_channel = value.datatype() == schema::DataType::QCInt8 ||
                           value.datatype() == schema::DataType::QCInt32;
  int32_t lo = 0, hi = 0;
  if (value.datatype() == schema::DataType::QInt8) {
    lo = -128;
    hi = 127;
  } else if (value.datatype() == schema::DataType::QUInt8) {
    hi = 255;
  }
  if (q->zero_point() < lo || q->zero_point() > hi) {
    return data_loss("xnnpack payload: value ", id, " has zero point ", q->zero_point(),
                     " outside [", lo, ", ", hi, "] for its datatype");
  }
  if (!per_channel) {
    if (!valid_scale(q->scale())) {
      return data_loss("xnnpack payload: value ", id, " has scale ", q->scale(),
                       " (must be positive and normal)");
    }
    return Status::Ok();
  }
  const auto& dims = *value.dims();
  if (q->channel_dim() < 0 || static_cast<uint32_t>(q->channel_dim()) >= dims.size()) {
    return data_loss("xnnpack payload: value ", id, " has channel dim ", q->channel_dim(),
                     " outside its ", dims.size(), " dims");
  }
  const auto* scales = q->channel_scales();
  if (scales == nullptr || scales->size() != dims.Get(q->channel_dim())) {
    return data_loss("xnnpack payload: value ", id, " needs ", dims.Get(q->channel_dim()),
                     " channel scales, has ", scales == nullptr ? 0 : scales->size());
  }
  for (float scale : *scales) {
    if (!valid_scale(scale)) {
      return data_loss("xnnpack payload: value ", id, " has channel scale ", scale,
                       " (must be positive and normal)");
    }
  }
  return Status::Ok();
}

// True when a delegate-call tensor of `dtype` can feed or take a value of `datatype`.
bool boundary_dtype_matches(schema::DataType datatype, DType dtype) {
  switch (datatype) {
    case schema::DataType::Fp32:
      return dtype == DType::kF32;
    case schema::DataType::QInt8:
      return dtype == DType::kI8;
    case schema::DataType::QUInt8:
      return dtype == DType::kU8;
    default:
      return false;
  }
}

Status check_value(const schema::Payload& payload, size_t id) {
  const schema::Value* value = payload.values()->Get(id);
  if (value == nullptr) return data_loss("xnnpack payload: value ", id, " is missing");
  if (datatype_bytes(value->datatype()) == 0) {
    return unimplemented("xnnpack payload: value ", id, " has unsupported datatype ",
                         static_cast<int>(value->datatype()));
  }
  if (value->dims() == nullptr || value->dims()->size() > kMaxValueRank) {
    return data_loss("xnnpack payload: value ", id, " has no dims or more than ", kMaxValueRank);
  }
  EDGEQ_ASSIGN_OR_RETURN(uint64_t numel, checked_numel(*value->dims(), id));
  EDGEQ_RETURN_IF_ERROR(check_quantization(*value, id));
  if (value->constant() >= 0) {
    const auto* constants = payload.constants();
    if (constants == nullptr || static_cast<uint32_t>(value->constant()) >= constants->size()) {
      return data_loss("xnnpack payload: value ", id, " names constant ", value->constant(),
                       " which does not exist");
    }
    const schema::Constant* constant = constants->Get(value->constant());
    // A constant stored narrow (narrow_weights.h) holds its narrow elements.
    const DType narrow = narrow_dtype(value->stored_datatype());
    const uint64_t expected =
        numel *
        (narrow != DType::kUndefined ? dtype_size(narrow) : datatype_bytes(value->datatype()));
    if (constant == nullptr || constant->data() == nullptr ||
        constant->data()->size() != expected) {
      return data_loss("xnnpack payload: constant of value ", id, " does not hold ", expected,
                       " bytes");
    }
    if (value->input() >= 0 || value->output() >= 0) {
      return data_loss("xnnpack payload: constant value ", id, " is also a boundary value");
    }
  }
  return Status::Ok();
}

Status check_node(const schema::Payload& payload, size_t index) {
  const schema::Node* node = payload.nodes()->Get(index);
  if (node == nullptr || node->inputs() == nullptr || node->outputs() == nullptr) {
    return data_loss("xnnpack payload: node ", index, " has no input or output list");
  }
  const uint32_t num_values = payload.values()->size();
  for (uint32_t id : *node->inputs()) {
    if (id != kAbsentValue && id >= num_values) {
      return data_loss("xnnpack payload: node ", index, " reads value ", id, " of ", num_values);
    }
  }
  for (uint32_t id : *node->outputs()) {
    if (id >= num_values) {
      return data_loss("xnnpack payload: node ", index, " writes value ", id, " of ", num_values);
    }
    if (payload.values()->Get(id)->constant() >= 0) {
      return data_loss("xnnpack payload: node ", index, " writes constant value ", id);
    }
  }
  return Status::Ok();
}

// Every value a node reads is a constant, a call input or produced by an earlier node; every value
// is produced at most once; every call output is produced.
Status check_dataflow(const schema::Payload& payload) {
  const auto& values = *payload.values();
  std::vector<bool> available(values.size());
  for (size_t id = 0; id < values.size(); ++id) {
    available[id] = values.Get(id)->constant() >= 0 || values.Get(id)->input() >= 0;
  }
  for (size_t i = 0; i < payload.nodes()->size(); ++i) {
    const schema::Node* node = payload.nodes()->Get(i);
    for (uint32_t id : *node->inputs()) {
      if (id != kAbsentValue && !available[id]) {
        return data_loss("xnnpack payload: node ", i, " reads value ", id,
                         " before anything produces it");
      }
    }
    for (uint32_t id : *node->outputs()) {
      if (available[id]) return data_loss("xnnpack payload: value ", id, " is produced twice");
      available[id] = true;
    }
  }
  for (size_t id = 0; id < values.size(); ++id) {
    if (values.Get(id)->output() >= 0 && !available[id]) {
      return data_loss("xnnpack payload: output value ", id, " is never produced");
    }
  }
  return Status::Ok();
}

Status check_boundaries(const schema::Payload& payload,
                        const flatbuffers::Vector<flatbuffers::Offset<schema::Boundary>>* list,
                        Span<const TensorView> tensors, bool is_input) {
  const char* kind = is_input ? "input" : "output";
  const size_t count = list == nullptr ? 0 : list->size();
  if (count != tensors.size()) {
    return invalid_argument("xnnpack payload has ", count, " ", kind,
                            "s but the delegate call has ", tensors.size());
  }
  if (count_marked(payload, is_input) != count) {
    return data_loss("xnnpack payload: the values marked as ", kind, "s are not the ", count,
                     " listed ", kind, "s");
  }
  for (size_t i = 0; i < count; ++i) {
    const schema::Boundary* boundary = list->Get(i);
    if (boundary == nullptr || boundary->value() >= payload.values()->size()) {
      return data_loss("xnnpack payload: ", kind, " ", i, " names no value");
    }
    const schema::Value* value = payload.values()->Get(boundary->value());
    const int marked = is_input ? value->input() : value->output();
    if (marked != static_cast<int>(i)) {
      return data_loss("xnnpack payload: ", kind, " ", i, " names value ", boundary->value(),
                       " which is not marked as that ", kind);
    }
    if (boundary->layout() != schema::BoundaryLayout::Same &&
        boundary->layout() != schema::BoundaryLayout::ChannelsFirstToLast) {
      return data_loss("xnnpack payload: ", kind, " ", i, " has an unknown layout");
    }
    const TensorView& tensor = tensors[i];
    if (!boundary_dtype_matches(value->datatype(), tensor.dtype)) {
      return invalid_argument("xnnpack payload: ", kind, " ", i, " is ", tensor.to_string(),
                              " but its value's datatype differs");
    }
    const std::vector<size_t> dims = boundary_dims(tensor.shape, boundary->layout());
    const auto& stored = *value->dims();
    bool same = dims.size() == stored.size();
    for (size_t d = 0; same && d < dims.size(); ++d) same = dims[d] == stored[d];
    if (!same) {
      return invalid_argument("xnnpack payload: ", kind, " ", i, " is ", tensor.to_string(),
                              " which does not match its value's dims");
    }
  }
  return Status::Ok();
}

}  // namespace

size_t datatype_bytes(schema::DataType datatype) {
  switch (datatype) {
    case schema::DataType::Fp32:
    case schema::DataType::QInt32:
    case schema::DataType::QCInt32:
      return 4;
    case schema::DataType::QInt8:
    case schema::DataType::QUInt8:
    case schema::DataType::QCInt8:
      return 1;
    default:
      return 0;
  }
}

std::vector<size_t> boundary_dims(const Shape& shape, schema::BoundaryLayout layout) {
  std::vector<size_t> dims(shape.begin(), shape.end());
  if (layout == schema::BoundaryLayout::ChannelsFirstToLast && dims.size() >= 3) {
    const size_t channels = dims[1];
    dims.erase(dims.begin() + 1);
    dims.push_back(channels);
  }
  return dims;
}

Result<const schema::Payload*> read_payload(Span<const uint8_t> bytes,
                                            Span<const TensorView> inputs,
                                            Span<const TensorView> outputs) {
  if (bytes.size() < 8 ||
      !flatbuffers::BufferHasIdentifier(bytes.data(), schema::PayloadIdentifier())) {
    return data_loss("xnnpack payload: ", bytes.size(),
                     " bytes without the EQXN identifier (not an XNNPACK payload)");
  }
  flatbuffers::Verifier verifier(bytes.data(), bytes.size());
  if (!schema::VerifyPayloadBuffer(verifier)) {
    return data_loss("xnnpack payload: flatbuffer verification failed (truncated or corrupt)");
  }
  const schema::Payload* payload = schema::GetPayload(bytes.data());
  if (payload->version() != 1) {
    return unimplemented("xnnpack payload version ", payload->version(), " (this runtime reads 1)");
  }
  if (payload->values() == nullptr || payload->nodes() == nullptr) {
    return data_loss("xnnpack payload: no values or no nodes");
  }
  for (size_t id = 0; id < payload->values()->size(); ++id) {
    EDGEQ_RETURN_IF_ERROR(check_value(*payload, id));
  }
  for (size_t i = 0; i < payload->nodes()->size(); ++i) {
    EDGEQ_RETURN_IF_ERROR(check_node(*payload, i));
  }
  EDGEQ_RETURN_IF_ERROR(check_dataflow(*payload));
  EDGEQ_RETURN_IF_ERROR(check_boundaries(*payload, payload->inputs(), inputs, true));
  EDGEQ_RETURN_IF_ERROR(check_boundaries(*payload, payload->outputs(), outputs, false));
  return payload;
}

}  // namespace edgeq::xnnpack
