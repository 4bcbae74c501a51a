// int8 -> uint8 activations (ir/passes/activations_to_uint8.h).
#include "ir/passes/activations_to_uint8.h"

#include <cstring>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "ir/passes/qdq_fusion.h"

namespace edgeq::ir {
namespace {

constexpr int kShift = 128;  // int8 code + 128 == uint8 code

// A quantized tensor of a QLinear* op and the input holding its zero point; data -1 is output 0.
struct QuantizedOperand {
  int data;
  int zero_point;
};

// The quantized tensors of each QLinear* op, in the ONNX input order (x, x_scale, x_zero_point,
// [w, w_scale, w_zero_point,] y_scale, y_zero_point [, bias]).
std::vector<QuantizedOperand> qlinear_operands(OpType op) {
  switch (op) {
    case OpType::kQLinearConv:
    case OpType::kQLinearMatMul:
    case OpType::kQLinearAdd:
    case OpType::kQLinearMul:
      return {{0, 2}, {3, 5}, {-1, 7}};
    case OpType::kQLinearAveragePool:
    case OpType::kQLinearGlobalAveragePool:
    case OpType::kQLinearSigmoid:
    case OpType::kQLinearLeakyRelu:
      return {{0, 2}, {-1, 4}};
    default:
      return {};
  }
}

// Input 3 of these ops is a weight: a constant int8 one stays int8.
bool has_weight_operand(OpType op) {
  return op == OpType::kQLinearConv || op == OpType::kQLinearMatMul;
}

bool moves_or_compares_codes(OpType op) {
  return moves_values_only(op) || op == OpType::kIdentity || op == OpType::kConcat;
}

bool is_int8_constant(const Value* value) {
  return value != nullptr && value->is_constant() && value->dtype() == DType::kI8;
}

class Converter {
 public:
  explicit Converter(Graph& graph) : graph_(graph) {}

  // The int8 activations: non-constant int8 values not computed by a DynamicQuantize.
  Status collect_activations() {
    for (Value* value : graph_.values()) {
      if (value->is_constant() || value->dtype() != DType::kI8) continue;
      const Node* producer = value->producer();
      if (producer != nullptr && producer->op() == OpType::kDynamicQuantize) continue;
      if (graph_.is_graph_input(value) || graph_.is_graph_output(value)) {
        return failed_precondition(
            "graph ", graph_.is_graph_input(value) ? "input" : "output", " '", value->name(),
            "' is int8: converting the activations to uint8 would change the model's interface");
      }
      activations_.insert(value);
      to_retype_.push_back(value);
    }
    return Status::Ok();
  }

  Status convert_node(Node& node) {
    if (!touches_activation(node)) return Status::Ok();
    if (node.op() == OpType::kQuantizeLinear || node.op() == OpType::kDequantizeLinear) {
      return shift_zero_point(node, 2, node.input(1));
    }
    if (moves_or_compares_codes(node.op())) return convert_code_mover(node);
    const std::vector<QuantizedOperand> operands = qlinear_operands(node.op());
    if (operands.empty()) {
      return unimplemented(node.description(),
                           " reads or writes an int8 activation; uint8 "
                           "export knows QDQ, QLinear* and value-moving ops only");
    }
    return convert_qlinear(node, operands);
  }

  void retype_activations() {
    for (Value* value : to_retype_) value->set_type(DType::kU8, value->shape());
  }

 private:
  bool is_activation(const Value* value) const {
    return value != nullptr && activations_.count(value) != 0;
  }

  bool touches_activation(const Node& node) const {
    for (const Value* v : node.inputs()) {
      if (is_activation(v)) return true;
    }
    for (const Value* v : node.outputs()) {
      if (is_activation(v)) return true;
    }
    return false;
  }

  // The uint8 copy (+128) of an int8 constant, made once per constant.
  Value* shifted_constant(Value* constant) {
    auto found = shifted_.find(constant);
    if (found != shifted_.end()) return found->second;
    const ConstantData* data = constant->constant();
    std::vector<uint8_t> codes(data->size());
    for (size_t i = 0; i < codes.size(); ++i) {
      codes[i] = static_cast<uint8_t>(data->data_as<int8_t>()[i] + kShift);
    }
    Value* shifted = graph_.add_constant(constant->name() + "_u8", DType::kU8, constant->shape(),
                                         ConstantData::copy_of(codes.data(), codes.size()));
    shifted_.emplace(constant, shifted);
    return shifted;
  }

  // A uint8 constant of `shape` filled with 128: the zero point of an int8 tensor that had none.
  Value* midpoint_constant(const std::string& name, const Shape& shape) {
    const std::vector<uint8_t> codes(static_cast<size_t>(shape.numel()), kShift);
    return graph_.add_constant(name, DType::kU8, shape,
                               ConstantData::copy_of(codes.data(), codes.size()));
  }

  // Replaces input `index` of `node` (an int8 zero point, absent meaning 0) by its uint8 form;
  // an absent one becomes 128 shaped like `scale`.
  Status shift_zero_point(Node& node, int index, const Value* scale) {
    Value* zero_point = node.input(index);
    if (zero_point == nullptr) {
      if (node.op() == OpType::kQuantizeLinear || scale == nullptr || !scale->has_type()) {
        return failed_precondition(node.description(), " writes int8 without a zero point");
      }
      node.set_input(index, midpoint_constant(node.name() + "_zero_point_u8", scale->shape()));
      return Status::Ok();
    }
    if (!is_int8_constant(zero_point)) {
      return failed_precondition(node.description(), ": zero point '", zero_point->name(),
                                 "' of an int8 activation is not a constant int8 tensor");
    }
    node.set_input(index, shifted_constant(zero_point));
    return Status::Ok();
  }

  Status convert_code_mover(Node& node) {
    for (int i = 0; i < node.num_inputs(); ++i) {
      if (is_int8_constant(node.input(i))) node.set_input(i, shifted_constant(node.input(i)));
    }
    if (node.op() != OpType::kPad || node.input(2) != nullptr) return Status::Ok();
    EDGEQ_ASSIGN_OR_RETURN(std::string mode, node.attrs().get_string("mode", "constant"));
    if (mode == "constant") {
      node.set_input(2, midpoint_constant(node.name() + "_value_u8", Shape()));
    }
    return Status::Ok();
  }

  Status convert_qlinear(Node& node, const std::vector<QuantizedOperand>& operands) {
    for (const QuantizedOperand& operand : operands) {
      Value* data = operand.data < 0 ? node.output(0) : node.input(operand.data);
      const bool weight = operand.data == 3 && has_weight_operand(node.op());
      if (is_int8_constant(data) && !weight) {
        node.set_input(operand.data, shifted_constant(data));
      } else if (!is_activation(data)) {
        continue;
      }
      EDGEQ_RETURN_IF_ERROR(
          shift_zero_point(node, operand.zero_point, node.input(operand.zero_point - 1)));
    }
    if (!is_activation(node.output(0))) return Status::Ok();
    for (const char* bound : {"output_min", "output_max"}) {
      if (!node.attrs().has(bound)) continue;
      EDGEQ_ASSIGN_OR_RETURN(int64_t code, node.attrs().require_int(bound));
      node.mutable_attrs().set(bound, AttrValue(int64_t{code + kShift}));
    }
    return Status::Ok();
  }

  Graph& graph_;
  std::unordered_set<const Value*> activations_;
  std::vector<Value*> to_retype_;  // the same, in graph order
  std::unordered_map<const Value*, Value*> shifted_;
};

}  // namespace

Status convert_activations_to_uint8(Graph& graph) {
  Converter converter(graph);
  EDGEQ_RETURN_IF_ERROR(converter.collect_activations());
  for (Node* node : graph.nodes()) EDGEQ_RETURN_IF_ERROR(converter.convert_node(*node));
  converter.retype_activations();
  return graph.verify();
}

}  // namespace edgeq::ir
