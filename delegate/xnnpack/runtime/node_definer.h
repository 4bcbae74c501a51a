// NodeDefiner: what a define function sees of one payload node while the subgraph is built: its
// inputs, outputs and params (with count and range checks), the dims each value was defined with,
// and the conversion of an xnn_status into a Status naming the node.
#pragma once

#include <xnnpack.h>

#include <cstdint>
#include <vector>

#include "delegate/xnnpack/schema/xnnpack_payload_generated.h"
#include "runtime/core/status.h"

namespace edgeq::xnnpack {

class NodeDefiner {
 public:
  NodeDefiner(xnn_subgraph_t subgraph, const schema::Payload& payload, const schema::Node& node,
              size_t index, const std::vector<std::vector<size_t>>& value_dims)
      : subgraph_(subgraph),
        payload_(payload),
        node_(node),
        index_(index),
        value_dims_(value_dims) {}

  xnn_subgraph_t subgraph() const { return subgraph_; }
  // Checks the node has exactly these numbers of inputs, outputs, int and float params, each int
  // param being in [0, 2^32); afterwards input(), output(), uint_param() and float_param() are
  // safe. XNN_FLAG_* bits outside `allowed_flags` are an error.
  Status expect(size_t inputs, size_t outputs, size_t int_params, size_t float_params,
                uint32_t allowed_flags = 0) const;
  // A value id (kAbsentValue for an absent optional input; XNNPACK rejects it where required).
  uint32_t input(size_t i) const { return node_.inputs()->Get(i); }
  uint32_t output(size_t i) const { return node_.outputs()->Get(i); }
  uint32_t uint_param(size_t i) const { return static_cast<uint32_t>(node_.int_params()->Get(i)); }
  float float_param(size_t i) const { return node_.float_params()->Get(i); }
  uint32_t flags() const { return node_.flags(); }
  size_t value_count() const { return value_dims_.size(); }
  // The payload's description of value `id` (verified by the payload reader); nullptr past the end.
  const schema::Value* payload_value(uint32_t id) const {
    return id < payload_.values()->size() ? payload_.values()->Get(id) : nullptr;
  }
  // The dims value `id` was defined with (after a batch change, the new ones).
  const std::vector<size_t>& dims(uint32_t id) const { return value_dims_[id]; }

  // Shape checks (XNNPACK trusts dims when packing weights and sizing outputs, so a payload whose
  // dims disagree with its params must be rejected here). Errors name the node and the role.
  Status expect_dims(uint32_t id, const std::vector<size_t>& expected, const char* role) const;
  Status expect_rank(uint32_t id, size_t rank, const char* role) const;
  // Value `id` holds constant data. XNNPACK reads weights, biases and slopes when it creates the
  // runtime and does not always check they are static, so a payload feeding one from a call input
  // or another node must be rejected here.
  Status expect_constant(uint32_t id, const char* role) const;
  // Output 0 has the numpy broadcast of the dims of inputs 0 and 1 (or of input 0 alone).
  Status expect_broadcast_output(size_t num_inputs) const;
  // The NHWC output dims of a 2-D window over the 4-D NHWC value `input`, from int params
  // [pad_top, pad_right, pad_bottom, pad_left, kernel_h, kernel_w, stride_h, stride_w] (+
  // [dilation_h, dilation_w] when `has_dilation`), with `channels` output channels.
  Result<std::vector<size_t>> window_output_dims(uint32_t input, bool has_dilation,
                                                 size_t channels) const;

  // Ok for xnn_status_success; otherwise an error naming the call, the node and the status.
  Status check(xnn_status status, const char* call) const;
  // An error about this node: "xnnpack node 3 (Conv 'conv1'): <message>".
  Status error(const std::string& message) const;

 private:
  xnn_subgraph_t subgraph_;
  const schema::Payload& payload_;
  const schema::Node& node_;
  size_t index_;
  const std::vector<std::vector<size_t>>& value_dims_;
};

// Defines one node in the subgraph: dispatches on its kind to the define function registered in
// define_registry.cc. An unknown kind is an error.
Status define_node(const NodeDefiner& definer, schema::NodeKind kind);

}  // namespace edgeq::xnnpack
