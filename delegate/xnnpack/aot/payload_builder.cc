#include "delegate/xnnpack/aot/payload_builder.h"

namespace edgeq::xnnpack {
namespace {

uint64_t fnv1a(const std::vector<uint8_t>& bytes) {
  uint64_t hash = 1469598103934665603ull;
  for (uint8_t b : bytes) hash = (hash ^ b) * 1099511628211ull;
  return hash;
}

}  // namespace

uint32_t PayloadBuilder::add_value(PayloadValue value) {
  values_.push_back(std::move(value));
  return static_cast<uint32_t>(values_.size() - 1);
}

int PayloadBuilder::add_constant(std::vector<uint8_t> bytes) {
  const uint64_t hash = fnv1a(bytes);
  auto range = constants_by_hash_.equal_range(hash);
  for (auto it = range.first; it != range.second; ++it) {
    if (constants_[it->second] == bytes) return it->second;
  }
  constants_.push_back(std::move(bytes));
  const int index = static_cast<int>(constants_.size() - 1);
  constants_by_hash_.emplace(hash, index);
  return index;
}

int PayloadBuilder::add_unshared_constant(std::vector<uint8_t> bytes) {
  constants_.push_back(std::move(bytes));  // not in constants_by_hash_: never found again
  return static_cast<int>(constants_.size() - 1);
}

size_t PayloadBuilder::add_node(PayloadNode node) {
  nodes_.push_back(std::move(node));
  return nodes_.size() - 1;
}

void PayloadBuilder::add_input(uint32_t value, schema::BoundaryLayout layout) {
  values_[value].input = static_cast<int>(inputs_.size());
  inputs_.push_back({value, layout});
}

void PayloadBuilder::add_output(uint32_t value, schema::BoundaryLayout layout) {
  values_[value].output = static_cast<int>(outputs_.size());
  outputs_.push_back({value, layout});
}

std::vector<uint8_t> PayloadBuilder::finish() const {
  flatbuffers::FlatBufferBuilder fbb;
  std::vector<flatbuffers::Offset<schema::Constant>> constants;
  for (const auto& bytes : constants_) {
    fbb.ForceVectorAlignment(bytes.size(), sizeof(uint8_t), 16);
    constants.push_back(schema::CreateConstant(fbb, fbb.CreateVector(bytes)));
  }
  std::vector<flatbuffers::Offset<schema::Value>> values;
  auto create_quantization = [&](const PayloadQuantization& q) {
    return schema::CreateQuantization(
        fbb, q.scale, q.zero_point,
        q.channel_scales.empty() ? 0 : fbb.CreateVector(q.channel_scales), q.channel_dim);
  };
  for (const PayloadValue& v : values_) {
    flatbuffers::Offset<schema::Quantization> quantization = 0;
    if (v.datatype != schema::DataType::Fp32) quantization = create_quantization(v.quantization);
    flatbuffers::Offset<schema::Quantization> stored_quantization = 0;
    if (v.stored_datatype != schema::DataType::Fp32) {
      stored_quantization = create_quantization(v.stored_quantization);
    }
    values.push_back(schema::CreateValue(fbb, v.datatype, fbb.CreateVector(v.dims), v.constant,
                                         v.input, v.output, v.batch_scaled, quantization,
                                         v.stored_datatype, stored_quantization));
  }
  std::vector<flatbuffers::Offset<schema::Node>> nodes;
  for (const PayloadNode& n : nodes_) {
    nodes.push_back(schema::CreateNode(fbb, n.kind, fbb.CreateVector(n.inputs),
                                       fbb.CreateVector(n.outputs), fbb.CreateVector(n.int_params),
                                       fbb.CreateVector(n.float_params), n.flags,
                                       fbb.CreateString(n.name)));
  }
  auto boundaries = [&](const std::vector<BoundarySpec>& list) {
    std::vector<flatbuffers::Offset<schema::Boundary>> out;
    for (const BoundarySpec& b : list)
      out.push_back(schema::CreateBoundary(fbb, b.value, b.layout));
    return fbb.CreateVector(out);
  };
  auto inputs = boundaries(inputs_);
  auto outputs = boundaries(outputs_);
  auto payload = schema::CreatePayload(fbb, 1, fbb.CreateVector(values), fbb.CreateVector(nodes),
                                       fbb.CreateVector(constants), inputs, outputs);
  schema::FinishPayloadBuffer(fbb, payload);
  return std::vector<uint8_t>(fbb.GetBufferPointer(), fbb.GetBufferPointer() + fbb.GetSize());
}

}  // namespace edgeq::xnnpack
