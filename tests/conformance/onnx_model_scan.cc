#include "tests/conformance/onnx_model_scan.h"

#include <fstream>
#include <map>

#include "onnx/onnx_pb.h"
#include "runtime/core/op_type.h"

namespace edgeq::e2e {
namespace {

void scan_graph(const onnx::GraphProto& graph, OnnxModelScan* scan) {
  for (const onnx::NodeProto& node : graph.node()) {
    const std::string& domain = node.domain();
    if (domain.empty() || domain == "ai.onnx") {
      if (node.op_type() != "Constant" && !op_from_name(node.op_type()).ok()) {
        scan->ops_outside_op_list.insert(node.op_type());
      }
    } else {
      scan->ops_outside_op_list.insert(domain + ":" + node.op_type());
    }
    for (const onnx::AttributeProto& attribute : node.attribute()) {
      if (attribute.has_g()) scan_graph(attribute.g(), scan);
      for (const onnx::GraphProto& subgraph : attribute.graphs()) scan_graph(subgraph, scan);
    }
  }
}

void note_non_tensors(const google::protobuf::RepeatedPtrField<onnx::ValueInfoProto>& values,
                      OnnxModelScan* scan) {
  for (const onnx::ValueInfoProto& value : values) {
    if (value.has_type() && !value.type().has_tensor_type()) {
      scan->non_tensor_values.insert(value.name());
    }
  }
}

}  // namespace

Result<OnnxModelScan> scan_onnx_model(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return data_loss(path, ": cannot open");
  onnx::ModelProto model;
  if (!model.ParseFromIstream(&file)) return data_loss(path, ": not a valid ONNX ModelProto");
  OnnxModelScan scan;
  scan_graph(model.graph(), &scan);
  note_non_tensors(model.graph().input(), &scan);
  note_non_tensors(model.graph().output(), &scan);
  return scan;
}

std::string inference_exclusion(const std::string& op) {
  static const std::map<std::string, std::string> exclusions = {
      {"Adagrad", "training-only op"},
      {"Adam", "training-only op"},
      {"Momentum", "training-only op"},
      {"Gradient", "training-only op"},
      {"NegativeLogLikelihoodLoss", "training-only op"},
      {"SoftmaxCrossEntropyLoss", "training-only op"},
      {"Bernoulli", "random op"},
      {"Multinomial", "random op"},
      {"RandomNormal", "random op"},
      {"RandomNormalLike", "random op"},
      {"RandomUniform", "random op"},
      {"RandomUniformLike", "random op"},
      {"ConcatFromSequence", "sequence op"},
      {"SequenceAt", "sequence op"},
      {"SequenceConstruct", "sequence op"},
      {"SequenceEmpty", "sequence op"},
      {"SequenceErase", "sequence op"},
      {"SequenceInsert", "sequence op"},
      {"SequenceLength", "sequence op"},
      {"SequenceMap", "sequence op"},
      {"SplitToSequence", "sequence op"},
      {"Optional", "optional op"},
      {"OptionalGetElement", "optional op"},
      {"OptionalHasElement", "optional op"},
  };
  if (op.rfind("ai.onnx.preview.training:", 0) == 0) return "training-only op";
  auto it = exclusions.find(op);
  return it == exclusions.end() ? std::string() : it->second;
}

}  // namespace edgeq::e2e
