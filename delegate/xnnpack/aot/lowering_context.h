// LoweringContext: the state of lowering one partition into a payload, and the helpers the op
// files use. Layout rule: inside a partition every non-constant 4-D value is NHWC (the call's
// tensors stay NCHW; the runtime converts at the boundary); other values keep their layout.
// int8/uint8 values become QInt8/QUInt8 payload values with the scale and zero point that
// value_quantization() (aot/quantization.h) finds for them.
#pragma once

#include <limits>
#include <map>
#include <string>
#include <vector>

#include "delegate/xnnpack/aot/narrow_constants.h"
#include "delegate/xnnpack/aot/payload_builder.h"
#include "delegate/xnnpack/aot/quantization.h"
#include "ir/graph.h"
#include "partitioner/delegate_lowering.h"

namespace edgeq::xnnpack {

constexpr float kNoMin = -std::numeric_limits<float>::infinity();
constexpr float kNoMax = std::numeric_limits<float>::infinity();
constexpr uint32_t kNoValue = 0xFFFFFFFFu;  // an absent optional node input

// True for values kept NHWC inside a partition: non-constant and 4-D.
bool is_channels_last(const ir::Value& value);
// `shape` as XNNPACK sees a value of that shape (N C H W -> N H W C when channels_last).
std::vector<uint32_t> xnn_dims(const Shape& shape, bool channels_last);

class LoweringContext {
 public:
  // Defines the partition's inputs as boundary values.
  explicit LoweringContext(const partitioner::Partition& partition);

  // The payload id of a value already available: a partition input, a value produced by a node
  // lowered before, or a constant (defined on first use with its IR dims and bytes).
  Result<uint32_t> value_id(const ir::Value* value);
  // Defines a node's output value (marked as a call output when the partition exports it).
  uint32_t define_output(const ir::Value* value);
  // An internal value with the given XNNPACK dims (e.g. between two payload nodes of one op); fp32,
  // or of the datatype and quantization of `same_type_as` when given.
  uint32_t define_internal(std::vector<uint32_t> dims, bool batch_scaled,
                           const ir::Value* same_type_as = nullptr);
  // A constant value holding `data` (fp32) with XNNPACK dims `dims`; stored narrow when one of
  // the partition's weight widenings reproduces it (narrow_constants.h).
  uint32_t define_constant(std::vector<uint32_t> dims, const std::vector<float>& data);
  // Bytes in the payload's constant table that no value refers to (a node names the index in its
  // int params, e.g. the own linear kernels' raw weights); returns the constant index.
  int add_constant_bytes(std::vector<uint8_t> bytes) {
    return builder_.add_constant(std::move(bytes));
  }
  // A constant value of a quantized datatype holding `bytes`.
  uint32_t define_quantized_constant(std::vector<uint32_t> dims, std::vector<uint8_t> bytes,
                                     schema::DataType datatype, PayloadQuantization quantization);

  // Adds a node lowered from `source`. When `has_output_range`, float_params must start with
  // [output_min, output_max] and a following Relu/Clip may fuse into it.
  size_t add_node(const ir::Node& source, PayloadNode node, bool has_output_range);
  // Fuses a clamp to [min, max] producing `output` from `input` into input's producer when that is
  // possible (producer lowered here with an output range, `input` read only by the clamp and not
  // exported). Returns false when not fused (the caller then emits a Clamp node).
  bool try_fuse_output_range(const ir::Value* input, const ir::Value* output, float min, float max);

  // The payload; an error when a partition output was never produced or a quantized value had no
  // consistent quantization.
  Result<std::vector<uint8_t>> finish();

 private:
  // A payload value for `value` (fp32, or quantized with its value_quantization()) with `dims`.
  PayloadValue typed_value(const ir::Value& value, std::vector<uint32_t> dims);
  bool is_exported(const ir::Value* value) const;
  void mark_exported(const ir::Value* value, uint32_t id);

  const partitioner::Partition& partition_;
  PayloadBuilder builder_;
  std::vector<NarrowRecipe> narrow_recipes_;  // the absorbed weight widenings
  std::map<const ir::Value*, uint32_t> ids_;
  std::map<const ir::Value*, size_t> range_nodes_;  // value -> node producing it with a range
  std::map<const ir::Value*, uint32_t> exported_;   // partition outputs defined so far
  Status error_;  // the first value whose quantization could not be determined
};

}  // namespace edgeq::xnnpack
