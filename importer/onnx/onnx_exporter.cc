#include "importer/onnx/onnx_exporter.h"

#include <algorithm>
#include <exception>
#include <fstream>
#include <new>

#include "importer/onnx/node_export.h"
#include "importer/onnx/tensor_export.h"
#include "onnx/onnx_pb.h"

namespace edgeq::importer {
namespace {

constexpr int64_t kBaseOpset = 13;       // per-axis QuantizeLinear / DequantizeLinear
constexpr int64_t kQuantizedOpset = 21;  // int4, int16 and block-quantized QDQ

bool is_qdq(OpType op) { return op == OpType::kQuantizeLinear || op == OpType::kDequantizeLinear; }

bool touches_dtype(const ir::Node& node, DType dtype) {
  for (const ir::Value* v : node.inputs()) {
    if (v != nullptr && v->dtype() == dtype) return true;
  }
  for (const ir::Value* v : node.outputs()) {
    if (v->dtype() == dtype) return true;
  }
  return false;
}

bool has_any_attribute(const ir::Node& node, std::initializer_list<const char*> names) {
  for (const char* name : names) {
    if (node.attrs().has(name)) return true;
  }
  return false;
}

bool is_reduction_with_axes_input(const ir::Node& node) {
  switch (node.op()) {
    case OpType::kReduceMean:
    case OpType::kReduceMax:
    case OpType::kReduceMin:
    case OpType::kReduceL1:
    case OpType::kReduceL2:
    case OpType::kReduceLogSum:
    case OpType::kReduceLogSumExp:
    case OpType::kReduceProd:
    case OpType::kReduceSumSquare:
      return node.input(1) != nullptr;
    default:
      return false;
  }
}

// The opset a node needs beyond its op's own minimum: inputs or attributes ONNX added later.
int64_t node_minimum_opset(const ir::Node& node) {
  int64_t opset = op_minimum_opset(node.op());
  if (is_qdq(node.op())) {
    Result<int64_t> block_size = node.attrs().get_int("block_size", 0);
    const bool blocked = !block_size.ok() || *block_size != 0;
    if (blocked || touches_dtype(node, DType::kI4) || touches_dtype(node, DType::kI16)) {
      opset = std::max(opset, kQuantizedOpset);
    }
  }
  const bool opset18_form =
      (node.op() == OpType::kPad && node.input(3) != nullptr) ||
      (node.op() == OpType::kSplit && node.attrs().has("num_outputs")) ||
      (node.op() == OpType::kResize &&
       has_any_attribute(node, {"antialias", "axes", "keep_aspect_ratio_policy"})) ||
      (is_reduction_with_axes_input(node) && !node.input(1)->is_constant());
  if (opset18_form) opset = std::max<int64_t>(opset, 18);
  return opset;
}

// The ONNX IR version that goes with a default-domain opset.
int64_t ir_version_for(int64_t opset) {
  if (opset <= 14) return 7;
  if (opset <= 18) return 8;
  if (opset <= 20) return 9;
  return 10;
}

Status fill_value_info(const ir::Value& value, onnx::ValueInfoProto* info) {
  info->set_name(value.name());
  if (!value.has_type()) return Status::Ok();
  auto* tensor_type = info->mutable_type()->mutable_tensor_type();
  EDGEQ_ASSIGN_OR_RETURN(int type,
                         onnx_type_of(value.dtype(), str_cat("value '", value.name(), "'")));
  tensor_type->set_elem_type(type);
  auto* shape = tensor_type->mutable_shape();
  for (int d = 0; d < value.shape().rank(); ++d) {
    auto* dim = shape->add_dim();
    if (d == 0 && value.has_symbolic_batch()) {
      dim->set_dim_param("batch");
    } else {
      dim->set_dim_value(value.shape()[d]);
    }
  }
  return Status::Ok();
}

Result<onnx::ModelProto> build_model(const ir::Graph& graph, const ExportOptions& options) {
  const int64_t needed = required_opset(graph);
  const int64_t opset = options.opset == 0 ? needed : options.opset;
  if (opset < needed) {
    return invalid_argument("the graph needs ONNX opset ", needed, " or later; asked for ", opset);
  }
  onnx::ModelProto model;
  model.set_ir_version(ir_version_for(opset));
  model.set_producer_name("edgeq");
  auto* entry = model.add_opset_import();
  entry->set_domain("");
  entry->set_version(opset);
  onnx::GraphProto* out = model.mutable_graph();
  out->set_name(options.graph_name);

  for (const ir::Value* value : graph.values()) {
    if (!value->is_constant()) continue;
    if (value->uses().empty() && !graph.is_graph_output(value)) continue;
    const ir::ConstantData* data = value->constant();
    EDGEQ_RETURN_IF_ERROR(fill_tensor_proto(value->name(), value->dtype(), value->shape(),
                                            data->data(), data->size(), out->add_initializer()));
  }
  for (const ir::Value* input : graph.inputs()) {
    EDGEQ_RETURN_IF_ERROR(fill_value_info(*input, out->add_input()));
  }
  EDGEQ_ASSIGN_OR_RETURN(std::vector<ir::Node*> order, graph.topological_order());
  ExportContext context(graph, out, opset);
  for (const ir::Node* node : order) {
    Status status = export_node(*node, context);
    if (!status.ok()) return status.with_context(node->description());
  }
  for (const ir::Value* output : graph.outputs()) {
    EDGEQ_RETURN_IF_ERROR(fill_value_info(*output, out->add_output()));
  }
  return model;
}

}  // namespace

int64_t required_opset(const ir::Graph& graph) {
  int64_t opset = kBaseOpset;
  for (const ir::Node* node : graph.nodes()) opset = std::max(opset, node_minimum_opset(*node));
  for (const ir::Value* value : graph.values()) {
    if (value->dtype() == DType::kI4) opset = std::max(opset, kQuantizedOpset);
  }
  return opset;
}

Result<std::string> export_onnx(const ir::Graph& graph, const ExportOptions& options) {
  try {
    EDGEQ_ASSIGN_OR_RETURN(onnx::ModelProto model, build_model(graph, options));
    std::string bytes;
    if (!model.SerializeToString(&bytes)) {
      return internal_error("cannot serialise the ONNX model (larger than 2 GiB?)");
    }
    return bytes;
  } catch (const std::bad_alloc&) {
    return internal_error("out of memory while exporting the ONNX model");
  } catch (const std::exception& e) {
    return internal_error("unexpected error while exporting the ONNX model: ", e.what());
  }
}

Status export_onnx_file(const ir::Graph& graph, const std::string& path,
                        const ExportOptions& options) {
  EDGEQ_ASSIGN_OR_RETURN(std::string bytes, export_onnx(graph, options));
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  if (!file) return not_found("cannot create '", path, "'");
  file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  file.flush();
  if (!file) return data_loss("cannot write '", path, "'");
  return Status::Ok();
}

}  // namespace edgeq::importer
