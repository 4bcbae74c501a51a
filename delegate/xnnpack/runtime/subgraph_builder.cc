#include "delegate/xnnpack/runtime/subgraph_builder.h"

#include "delegate/xnnpack/runtime/define_value.h"
#include "delegate/xnnpack/runtime/node_definer.h"

namespace edgeq::xnnpack {
namespace {

struct SubgraphDeleter {
  void operator()(xnn_subgraph_t subgraph) const { xnn_delete_subgraph(subgraph); }
};
using SubgraphPtr = std::unique_ptr<xnn_subgraph, SubgraphDeleter>;

Status define_values(xnn_subgraph_t subgraph, const schema::Payload& payload,
                     const std::vector<const void*>& constant_data,
                     const std::vector<std::vector<size_t>>& value_dims,
                     const std::vector<uint32_t>& value_flags) {
  for (uint32_t id = 0; id < payload.values()->size(); ++id) {
    const schema::Value* value = payload.values()->Get(id);
    const uint32_t flags = value_flags[id];
    const void* data = value->constant() >= 0 ? constant_data[value->constant()] : nullptr;
    uint32_t defined_id = XNN_INVALID_VALUE_ID;
    const xnn_status status = define_payload_value(subgraph, *value, value_dims[id].size(),
                                                   value_dims[id].data(), data, id, flags,
                                                   &defined_id);
    if (status != xnn_status_success || defined_id != id) {
      return invalid_argument("xnnpack payload: value ", id, " was rejected by XNNPACK (status ",
                              static_cast<int>(status), ")");
    }
  }
  return Status::Ok();
}

}  // namespace

std::vector<std::vector<size_t>> value_dims_for_batch(const schema::Payload& payload,
                                                      size_t batch) {
  std::vector<std::vector<size_t>> dims;
  dims.reserve(payload.values()->size());
  for (const schema::Value* value : *payload.values()) {
    dims.emplace_back(value->dims()->begin(), value->dims()->end());
    if (value->batch_scaled() && !dims.back().empty()) dims.back()[0] = batch;
  }
  return dims;
}

size_t compiled_batch(const schema::Payload& payload) {
  for (const schema::Value* value : *payload.values()) {
    if (value->batch_scaled() && value->dims()->size() > 0) return value->dims()->Get(0);
  }
  return 1;
}

Result<RuntimePtr> create_runtime(const schema::Payload& payload,
                                  const std::vector<const void*>& constant_data,
                                  const std::vector<std::vector<size_t>>& value_dims,
                                  pthreadpool_t pool, const RuntimeNodes& nodes) {
  xnn_subgraph_t raw_subgraph = nullptr;
  if (xnn_create_subgraph(payload.values()->size(), 0, &raw_subgraph) != xnn_status_success) {
    return internal_error("xnn_create_subgraph failed for ", payload.values()->size(), " values");
  }
  SubgraphPtr subgraph(raw_subgraph);
  EDGEQ_RETURN_IF_ERROR(
      define_values(subgraph.get(), payload, constant_data, value_dims, nodes.value_flags));
  for (size_t i = nodes.begin; i < nodes.end; ++i) {
    const schema::Node* node = payload.nodes()->Get(i);
    EDGEQ_RETURN_IF_ERROR(
        define_node(NodeDefiner(subgraph.get(), payload, *node, i, value_dims), node->kind()));
  }
  xnn_runtime_t raw_runtime = nullptr;
  const xnn_status status = xnn_create_runtime_v2(subgraph.get(), pool, 0, &raw_runtime);
  if (status != xnn_status_success) {
    return invalid_argument("xnn_create_runtime_v2 failed (status ", static_cast<int>(status),
                            "): the payload's subgraph is inconsistent");
  }
  return RuntimePtr(raw_runtime);
}

}  // namespace edgeq::xnnpack
