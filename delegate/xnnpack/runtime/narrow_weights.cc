#include "delegate/xnnpack/runtime/narrow_weights.h"

namespace edgeq::xnnpack {

Result<NarrowEncoding> stored_encoding(const schema::Value& value, size_t id) {
  NarrowEncoding encoding;
  encoding.datatype = value.stored_datatype();
  if (narrow_dtype(encoding.datatype) == DType::kUndefined) {
    return data_loss("xnnpack payload: value ", id, " has stored datatype ",
                     static_cast<int>(encoding.datatype), ", not a narrow storage of fp32");
  }
  if (value.datatype() != schema::DataType::Fp32 || value.constant() < 0) {
    return data_loss("xnnpack payload: value ", id,
                     " is stored narrow but is not an fp32 constant");
  }
  if (encoding.datatype == schema::DataType::Fp16) return encoding;
  const schema::Quantization* q = value.stored_quantization();
  if (q == nullptr) {
    return data_loss("xnnpack payload: narrow value ", id, " has no stored quantization");
  }
  encoding.scale = q->scale();
  encoding.zero_point = q->zero_point();
  encoding.channel_dim = q->channel_dim();
  if (encoding.datatype == schema::DataType::QCInt8) {
    const auto* dims = value.dims();
    const auto* scales = q->channel_scales();
    if (dims == nullptr || encoding.channel_dim < 0 ||
        static_cast<uint32_t>(encoding.channel_dim) >= dims->size() || scales == nullptr ||
        scales->size() != dims->Get(encoding.channel_dim)) {
      return data_loss("xnnpack payload: narrow value ", id,
                       " needs one channel scale per element of its channel dim");
    }
    encoding.channel_scales.assign(scales->begin(), scales->end());
  }
  return encoding;
}

Status widen_narrow_constants(const schema::Payload& payload,
                              std::vector<const void*>* constant_data,
                              std::vector<AlignedBuffer>* storage) {
  const auto& values = *payload.values();
  std::vector<int> readers(constant_data->size(), 0);
  for (const schema::Value* value : values) {
    if (value->constant() >= 0 && static_cast<size_t>(value->constant()) < readers.size()) {
      ++readers[value->constant()];
    }
  }
  for (uint32_t id = 0; id < values.size(); ++id) {
    const schema::Value& value = *values.Get(id);
    if (value.stored_datatype() == schema::DataType::Fp32) continue;
    EDGEQ_ASSIGN_OR_RETURN(NarrowEncoding encoding, stored_encoding(value, id));
    const auto constant = static_cast<size_t>(value.constant());
    if (constant >= readers.size() || readers[constant] != 1) {
      return data_loss("xnnpack payload: narrow value ", id, " shares constant ", value.constant());
    }
    const std::vector<uint32_t> dims(value.dims()->begin(), value.dims()->end());
    size_t count = 1;
    for (uint32_t d : dims) count *= d;
    storage->emplace_back(count * sizeof(float));
    float* widened = reinterpret_cast<float*>(storage->back().data());
    const Status status = widen_narrow(encoding, dims, (*constant_data)[constant], widened);
    if (!status.ok()) {
      return data_loss("xnnpack payload: narrow value ", id, ": ", status.message());
    }
    (*constant_data)[constant] = widened;
  }
  return Status::Ok();
}

}  // namespace edgeq::xnnpack
