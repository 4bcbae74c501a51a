#include "delegate/xnnpack/aot/lowering_context.h"

#include <algorithm>
#include <cstring>

namespace edgeq::xnnpack {
namespace {

schema::BoundaryLayout boundary_layout(const ir::Value& value) {
  return is_channels_last(value) ? schema::BoundaryLayout::ChannelsFirstToLast
                                 : schema::BoundaryLayout::Same;
}

}  // namespace

bool is_channels_last(const ir::Value& value) {
  return !value.is_constant() && value.shape().rank() == 4;
}

std::vector<uint32_t> xnn_dims(const Shape& shape, bool channels_last) {
  std::vector<uint32_t> dims(shape.begin(), shape.end());
  if (channels_last && dims.size() >= 3) {
    const uint32_t channels = dims[1];
    dims.erase(dims.begin() + 1);
    dims.push_back(channels);
  }
  return dims;
}

LoweringContext::LoweringContext(const partitioner::Partition& partition)
    : partition_(partition), narrow_recipes_(narrow_recipes(partition)) {
  for (const ir::Value* input : partition.inputs) {
    PayloadValue value = typed_value(*input, xnn_dims(input->shape(), is_channels_last(*input)));
    value.batch_scaled = input->has_symbolic_batch();
    const uint32_t id = builder_.add_value(std::move(value));
    builder_.add_input(id, boundary_layout(*input));
    ids_[input] = id;
  }
}

Result<uint32_t> LoweringContext::value_id(const ir::Value* value) {
  auto it = ids_.find(value);
  if (it != ids_.end()) return it->second;
  if (value == nullptr || !value->is_constant()) {
    return invalid_argument("xnnpack lowering: value '", value == nullptr ? "" : value->name(),
                            "' is read before it is produced in the partition");
  }
  PayloadValue payload_value = typed_value(*value, xnn_dims(value->shape(), false));
  const ir::ConstantData* data = value->constant();
  payload_value.constant =
      builder_.add_constant(std::vector<uint8_t>(data->data(), data->data() + data->size()));
  const uint32_t id = builder_.add_value(std::move(payload_value));
  ids_[value] = id;
  return id;
}

uint32_t LoweringContext::define_output(const ir::Value* value) {
  PayloadValue payload_value =
      typed_value(*value, xnn_dims(value->shape(), is_channels_last(*value)));
  payload_value.batch_scaled = value->has_symbolic_batch();
  const uint32_t id = builder_.add_value(std::move(payload_value));
  ids_[value] = id;
  if (is_exported(value)) mark_exported(value, id);
  return id;
}

uint32_t LoweringContext::define_internal(std::vector<uint32_t> dims, bool batch_scaled,
                                          const ir::Value* same_type_as) {
  PayloadValue value;
  if (same_type_as != nullptr) value = typed_value(*same_type_as, {});
  value.dims = std::move(dims);
  value.batch_scaled = batch_scaled;
  return builder_.add_value(std::move(value));
}

uint32_t LoweringContext::define_quantized_constant(std::vector<uint32_t> dims,
                                                    std::vector<uint8_t> bytes,
                                                    schema::DataType datatype,
                                                    PayloadQuantization quantization) {
  PayloadValue value;
  value.datatype = datatype;
  value.quantization = std::move(quantization);
  value.dims = std::move(dims);
  value.constant = builder_.add_constant(std::move(bytes));
  return builder_.add_value(std::move(value));
}

PayloadValue LoweringContext::typed_value(const ir::Value& value, std::vector<uint32_t> dims) {
  PayloadValue payload_value;
  payload_value.dims = std::move(dims);
  if (!is_quantized_8bit(value.dtype())) return payload_value;
  payload_value.datatype =
      value.dtype() == DType::kI8 ? schema::DataType::QInt8 : schema::DataType::QUInt8;
  Result<QuantParams> params = value_quantization(value);
  if (!params.ok()) {
    if (error_.ok()) error_ = params.status();
    return payload_value;
  }
  payload_value.quantization.scale = params->scale;
  payload_value.quantization.zero_point = params->zero_point;
  return payload_value;
}

uint32_t LoweringContext::define_constant(std::vector<uint32_t> dims,
                                          const std::vector<float>& data) {
  if (std::optional<NarrowConstant> narrow = narrow_constant(narrow_recipes_, dims, data)) {
    PayloadValue value;
    value.dims = std::move(dims);
    value.stored_datatype = narrow->encoding.datatype;
    value.stored_quantization = {narrow->encoding.scale, narrow->encoding.zero_point,
                                 narrow->encoding.channel_scales, narrow->encoding.channel_dim};
    value.constant = builder_.add_unshared_constant(std::move(narrow->bytes));
    return builder_.add_value(std::move(value));
  }
  std::vector<uint8_t> bytes(data.size() * sizeof(float));
  if (!bytes.empty()) std::memcpy(bytes.data(), data.data(), bytes.size());
  PayloadValue value;
  value.dims = std::move(dims);
  value.constant = builder_.add_constant(std::move(bytes));
  return builder_.add_value(std::move(value));
}

size_t LoweringContext::add_node(const ir::Node& source, PayloadNode node, bool has_output_range) {
  node.name = source.name();
  const size_t index = builder_.add_node(std::move(node));
  if (has_output_range) {
    for (const ir::Value* output : source.outputs()) range_nodes_[output] = index;
  }
  return index;
}

bool LoweringContext::try_fuse_output_range(const ir::Value* input, const ir::Value* output,
                                            float min, float max) {
  auto it = range_nodes_.find(input);
  if (it == range_nodes_.end() || input->uses().size() != 1 || is_exported(input)) return false;
  PayloadNode& producer = builder_.node(it->second);
  const float fused_min = std::max(producer.float_params[0], min);
  const float fused_max = std::min(producer.float_params[1], max);
  if (!(fused_min <= fused_max)) return false;
  producer.float_params[0] = fused_min;
  producer.float_params[1] = fused_max;
  const size_t producer_index = it->second;
  const uint32_t id = ids_.at(input);
  ids_[output] = id;
  range_nodes_.erase(it);
  range_nodes_[output] = producer_index;
  if (is_exported(output)) mark_exported(output, id);
  return true;
}

bool LoweringContext::is_exported(const ir::Value* value) const {
  return std::find(partition_.outputs.begin(), partition_.outputs.end(), value) !=
         partition_.outputs.end();
}

void LoweringContext::mark_exported(const ir::Value* value, uint32_t id) { exported_[value] = id; }

Result<std::vector<uint8_t>> LoweringContext::finish() {
  EDGEQ_RETURN_IF_ERROR(error_);
  for (const ir::Value* output : partition_.outputs) {
    auto it = exported_.find(output);
    if (it == exported_.end()) {
      return invalid_argument("xnnpack lowering: partition output '", output->name(),
                              "' is not produced by the partition's nodes");
    }
    if (builder_.value(it->second).output >= 0) {
      return unimplemented("xnnpack lowering: partition output '", output->name(),
                           "' is the same XNNPACK value as another output");
    }
    builder_.add_output(it->second, boundary_layout(*output));
  }
  return builder_.finish();
}

}  // namespace edgeq::xnnpack
