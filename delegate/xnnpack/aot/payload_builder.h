// PayloadBuilder: collects the values, nodes, constants (deduplicated by content) and boundaries
// of one XNNPACK payload and serialises them with the payload schema.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "delegate/xnnpack/schema/xnnpack_payload_generated.h"

namespace edgeq::xnnpack {

// A quantized value's parameters (schema::Quantization): per tensor (scale, zero_point) or per
// channel (channel_scales along channel_dim, for QCInt8 / QCInt32).
struct PayloadQuantization {
  float scale = 0.f;
  int32_t zero_point = 0;
  std::vector<float> channel_scales;
  int channel_dim = 0;
};

struct PayloadValue {
  schema::DataType datatype = schema::DataType::Fp32;
  PayloadQuantization quantization;  // quantized datatypes only
  std::vector<uint32_t> dims;
  int constant = -1;
  int input = -1;
  int output = -1;
  bool batch_scaled = false;
  // A constant stored narrow (schema Value.stored_datatype; Fp32 when not) and its parameters.
  schema::DataType stored_datatype = schema::DataType::Fp32;
  PayloadQuantization stored_quantization;
};

struct PayloadNode {
  schema::NodeKind kind = schema::NodeKind::Convolution2d;
  std::vector<uint32_t> inputs;
  std::vector<uint32_t> outputs;
  std::vector<int64_t> int_params;
  std::vector<float> float_params;
  uint32_t flags = 0;
  std::string name;
};

class PayloadBuilder {
 public:
  // Adds a value; returns its id.
  uint32_t add_value(PayloadValue value);
  PayloadValue& value(uint32_t id) { return values_[id]; }
  // Adds constant bytes (or finds identical ones); returns the constant index.
  int add_constant(std::vector<uint8_t> bytes);
  // Adds constant bytes that no other value will share (a narrow constant, widened in place at
  // init); returns the constant index.
  int add_unshared_constant(std::vector<uint8_t> bytes);
  // Adds a node; returns its index.
  size_t add_node(PayloadNode node);
  PayloadNode& node(size_t index) { return nodes_[index]; }
  void add_input(uint32_t value, schema::BoundaryLayout layout);
  void add_output(uint32_t value, schema::BoundaryLayout layout);

  std::vector<uint8_t> finish() const;

 private:
  struct BoundarySpec {
    uint32_t value;
    schema::BoundaryLayout layout;
  };
  std::vector<PayloadValue> values_;
  std::vector<PayloadNode> nodes_;
  std::vector<std::vector<uint8_t>> constants_;
  std::multimap<uint64_t, int> constants_by_hash_;
  std::vector<BoundarySpec> inputs_;
  std::vector<BoundarySpec> outputs_;
};

}  // namespace edgeq::xnnpack
