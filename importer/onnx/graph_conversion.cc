#include "importer/onnx/graph_conversion.h"

#include <map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "importer/onnx/attribute_conversion.h"
#include "importer/onnx/tensor_conversion.h"

namespace edgeq::importer {
namespace {

bool is_default_domain(const std::string& domain) { return domain.empty() || domain == "ai.onnx"; }

// Constant nodes become constants at import; they are not in the op list.
bool is_constant_node(const onnx::NodeProto& node) {
  return is_default_domain(node.domain()) && node.op_type() == "Constant";
}

std::string describe(const onnx::NodeProto& node, int index) {
  return str_cat(node.op_type(), " '", node_name(node, index), "'");
}

// The tensor a Constant node holds (attribute value, value_float(s) or value_int(s)).
Result<ConvertedTensor> constant_node_tensor(const onnx::NodeProto& node,
                                             const std::string& external_data_dir) {
  if (node.attribute_size() != 1) {
    return invalid_argument("a Constant needs exactly one attribute, not ", node.attribute_size());
  }
  const onnx::AttributeProto& attr = node.attribute(0);
  ConvertedTensor out;
  if (attr.name() == "value" && attr.type() == onnx::AttributeProto::TENSOR) {
    return convert_tensor(attr.t(), external_data_dir);
  }
  if (attr.name() == "value_float" && attr.type() == onnx::AttributeProto::FLOAT) {
    float v = attr.f();
    return ConvertedTensor{DType::kF32, Shape(), ir::ConstantData::copy_of(&v, sizeof(v))};
  }
  if (attr.name() == "value_floats" && attr.type() == onnx::AttributeProto::FLOATS) {
    std::vector<float> v(attr.floats().begin(), attr.floats().end());
    return ConvertedTensor{DType::kF32, Shape({static_cast<int64_t>(v.size())}),
                           ir::ConstantData::copy_of(v.data(), v.size() * sizeof(float))};
  }
  if (attr.name() == "value_int" && attr.type() == onnx::AttributeProto::INT) {
    int64_t v = attr.i();
    return ConvertedTensor{DType::kI64, Shape(), ir::ConstantData::copy_of(&v, sizeof(v))};
  }
  if (attr.name() == "value_ints" && attr.type() == onnx::AttributeProto::INTS) {
    std::vector<int64_t> v(attr.ints().begin(), attr.ints().end());
    return ConvertedTensor{DType::kI64, Shape({static_cast<int64_t>(v.size())}),
                           ir::ConstantData::copy_of(v.data(), v.size() * sizeof(int64_t))};
  }
  return unimplemented("a Constant with attribute '", attr.name(), "' of type ",
                       onnx::AttributeProto_AttributeType_Name(attr.type()));
}

class GraphBuilder {
 public:
  GraphBuilder(int64_t opset, const std::string& external_data_dir, const ImportOptions& options)
      : opset_(opset), external_data_dir_(external_data_dir), options_(options) {}

  Result<ir::Graph> build(const onnx::GraphProto& proto) {
    if (proto.sparse_initializer_size() > 0) {
      return unimplemented("sparse initializers ('", proto.sparse_initializer(0).values().name(),
                           "')");
    }
    for (const onnx::TensorProto& tensor : proto.initializer()) {
      EDGEQ_RETURN_IF_ERROR(add_initializer(tensor));
    }
    for (const onnx::ValueInfoProto& info : proto.input()) {
      if (graph_.find_value(info.name()) != nullptr) continue;  // an initializer: a constant
      EDGEQ_RETURN_IF_ERROR(add_graph_input(info));
    }
    for (const onnx::NodeProto& node : proto.node()) {
      read_names_.insert(node.input().begin(), node.input().end());
    }
    for (const onnx::ValueInfoProto& info : proto.output()) read_names_.insert(info.name());
    for (int i = 0; i < proto.node_size(); ++i) {
      Status declared = declare_outputs(proto.node(i));
      if (!declared.ok()) return declared.with_context(describe(proto.node(i), i));
    }
    for (int i = 0; i < proto.node_size(); ++i) {
      Status added = add_node(proto.node(i), i);
      if (!added.ok()) return added.with_context(describe(proto.node(i), i));
    }
    for (const onnx::ValueInfoProto& info : proto.output()) {
      ir::Value* value = graph_.find_value(info.name());
      if (value == nullptr) {
        return invalid_argument("graph output '", info.name(), "' is not computed by the graph");
      }
      graph_.add_output(value);
    }
    return std::move(graph_);
  }

 private:
  Status check_new_name(const std::string& name) {
    if (name.empty()) return invalid_argument("a tensor has an empty name");
    if (graph_.find_value(name) != nullptr) {
      return invalid_argument("value '", name, "' is defined more than once");
    }
    return Status::Ok();
  }

  Status add_initializer(const onnx::TensorProto& tensor) {
    EDGEQ_RETURN_IF_ERROR(check_new_name(tensor.name()));
    EDGEQ_ASSIGN_OR_RETURN(ConvertedTensor c, convert_tensor(tensor, external_data_dir_));
    graph_.add_constant(tensor.name(), c.dtype, c.shape, std::move(c.data));
    return Status::Ok();
  }

  Status add_graph_input(const onnx::ValueInfoProto& info) {
    const std::string what = str_cat("graph input '", info.name(), "'");
    EDGEQ_RETURN_IF_ERROR(check_new_name(info.name()));
    if (!info.type().has_tensor_type()) return unimplemented(what, " is not a tensor");
    const auto& type = info.type().tensor_type();
    EDGEQ_ASSIGN_OR_RETURN(DType dtype, dtype_from_onnx(type.elem_type(), what));
    if (!type.has_shape()) {
      return unimplemented(what, " has no shape; edgeq needs its rank and dims");
    }
    if (type.shape().dim_size() > kMaxRank) {
      return unimplemented(what, " has rank ", type.shape().dim_size(), "; edgeq supports up to ",
                           kMaxRank);
    }
    Shape shape;
    bool symbolic_batch = false;
    for (int d = 0; d < type.shape().dim_size(); ++d) {
      const auto& dim = type.shape().dim(d);
      if (dim.has_dim_value()) {
        if (dim.dim_value() < 0) return invalid_argument(what, " has dim ", d, " < 0");
        shape.push_back(dim.dim_value());
      } else if (d == 0) {
        symbolic_batch = true;
        shape.push_back(options_.batch_size);
      } else {
        return unimplemented(what, " has a symbolic dim ", d, " ('", dim.dim_param(),
                             "'); only dim 0 (the batch) may be symbolic");
      }
    }
    auto constant = options_.constant_inputs.find(info.name());
    if (constant != options_.constant_inputs.end()) {
      return add_constant_input(info.name(), dtype, shape, symbolic_batch, constant->second);
    }
    ir::Value* value = graph_.add_value(info.name(), dtype, shape);
    value->set_symbolic_batch(symbolic_batch);
    graph_.add_input(value);
    return Status::Ok();
  }

  // A graph input given a value by ImportOptions::constant_inputs.
  Status add_constant_input(const std::string& name, DType dtype, const Shape& declared,
                            bool symbolic_batch, const LoadedTensor& tensor) {
    const std::string what = str_cat("graph input '", name, "'");
    bool shape_matches = tensor.shape.rank() == declared.rank();
    for (int d = 0; shape_matches && d < declared.rank(); ++d) {
      shape_matches = tensor.shape[d] == declared[d] || (d == 0 && symbolic_batch);
    }
    if (tensor.dtype != dtype || !shape_matches) {
      return invalid_argument(what, " is ", dtype_name(dtype), declared.to_string(),
                              " but its constant value is ", dtype_name(tensor.dtype),
                              tensor.shape.to_string());
    }
    if (tensor.bytes.size() != dtype_storage_bytes(dtype, tensor.shape.numel())) {
      return invalid_argument(what, ": constant value has ", tensor.bytes.size(), " bytes");
    }
    graph_.add_constant(name, dtype, tensor.shape,
                        ir::ConstantData::copy_of(tensor.bytes.data(), tensor.bytes.size()));
    return Status::Ok();
  }

  Status declare_outputs(const onnx::NodeProto& node) {
    for (const std::string& name : node.output()) {
      if (name.empty()) continue;
      EDGEQ_RETURN_IF_ERROR(check_new_name(name));
      graph_.add_value(name);
    }
    return Status::Ok();
  }

  Result<std::vector<ir::Value*>> resolve_inputs(const onnx::NodeProto& node) {
    int count = node.input_size();
    while (count > 0 && node.input(count - 1).empty()) --count;  // trailing absent inputs
    std::vector<ir::Value*> inputs;
    for (int i = 0; i < count; ++i) {
      if (node.input(i).empty()) {
        inputs.push_back(nullptr);
        continue;
      }
      ir::Value* value = graph_.find_value(node.input(i));
      if (value == nullptr) return invalid_argument("input '", node.input(i), "' is not defined");
      inputs.push_back(value);
    }
    return inputs;
  }

  // True when no node and no graph output reads the value called `name`.
  bool is_unread(const std::string& name) const { return read_names_.count(name) == 0; }

  // The node's outputs, dropping trailing absent ones and trailing ones edgeq does not compute
  // (e.g. LayerNormalization's Mean and InvStdDev) when nothing reads them.
  Result<std::vector<ir::Value*>> resolve_outputs(const onnx::NodeProto& node, OpType op,
                                                  const std::string& name) {
    int count = node.output_size();
    const int max_outputs = op_arity(op).max_outputs;
    while (count > 0 &&
           (node.output(count - 1).empty() ||
            (max_outputs >= 0 && count > max_outputs && is_unread(node.output(count - 1))))) {
      --count;
    }
    if (max_outputs >= 0 && count > max_outputs) {
      return unimplemented("output ", count - 1, " ('", node.output(count - 1), "') of ",
                           node.op_type(), " is not supported (edgeq computes ", max_outputs,
                           " output", max_outputs == 1 ? "" : "s", ")");
    }
    std::vector<ir::Value*> outputs;
    for (int i = 0; i < count; ++i) {
      outputs.push_back(node.output(i).empty()
                            ? graph_.add_value(str_cat(name, "_unused_output_", i))
                            : graph_.find_value(node.output(i)));
    }
    return outputs;
  }

  Status add_node(const onnx::NodeProto& node, int index) {
    if (is_constant_node(node)) {
      if (node.output_size() != 1 || node.output(0).empty()) {
        return invalid_argument("a Constant must have one named output");
      }
      EDGEQ_ASSIGN_OR_RETURN(ConvertedTensor c, constant_node_tensor(node, external_data_dir_));
      graph_.make_constant(graph_.find_value(node.output(0)), c.dtype, c.shape, std::move(c.data));
      return Status::Ok();
    }
    EDGEQ_ASSIGN_OR_RETURN(OpType op, op_from_name(node.op_type()));
    EDGEQ_ASSIGN_OR_RETURN(Attributes attrs, convert_attributes(node, op, opset_));
    EDGEQ_ASSIGN_OR_RETURN(std::vector<ir::Value*> inputs, resolve_inputs(node));
    const std::string name = node_name(node, index);
    EDGEQ_ASSIGN_OR_RETURN(std::vector<ir::Value*> outputs, resolve_outputs(node, op, name));
    graph_.add_node(op, name, inputs, outputs, std::move(attrs));
    return Status::Ok();
  }

  int64_t opset_;
  const std::string& external_data_dir_;
  const ImportOptions& options_;
  std::unordered_set<std::string> read_names_;
  ir::Graph graph_;
};

}  // namespace

std::string node_name(const onnx::NodeProto& node, int index) {
  return node.name().empty() ? str_cat(node.op_type(), "_", index) : node.name();
}

Status check_supported_ops(const onnx::GraphProto& graph) {
  std::map<std::string, std::vector<std::string>> unsupported;
  for (int i = 0; i < graph.node_size(); ++i) {
    const onnx::NodeProto& node = graph.node(i);
    if (is_constant_node(node)) continue;
    if (is_default_domain(node.domain())) {
      if (op_from_name(node.op_type()).ok()) continue;
      unsupported[node.op_type()].push_back(node_name(node, i));
    } else {
      unsupported[str_cat(node.domain(), ".", node.op_type())].push_back(node_name(node, i));
    }
  }
  if (unsupported.empty()) return Status::Ok();
  std::string list;
  for (const auto& [op, names] : unsupported) {
    if (!list.empty()) list += ", ";
    list += op + " (";
    for (size_t i = 0; i < names.size(); ++i) list += (i ? ", " : "") + names[i];
    list += ")";
  }
  return unimplemented("unsupported ops: ", list);
}

Result<ir::Graph> convert_graph(const onnx::GraphProto& graph, int64_t opset,
                                const std::string& external_data_dir,
                                const ImportOptions& options) {
  EDGEQ_RETURN_IF_ERROR(check_supported_ops(graph));
  return GraphBuilder(opset, external_data_dir, options).build(graph);
}

}  // namespace edgeq::importer
