// Builds small ONNX models in tests with ONNX's own protobuf classes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "onnx/onnx_pb.h"

namespace edgeq::testing {

class OnnxTestModel {
 public:
  explicit OnnxTestModel(int64_t opset = 13) {
    model_.set_ir_version(8);
    auto* entry = model_.add_opset_import();
    entry->set_domain("");
    entry->set_version(opset);
    model_.mutable_graph()->set_name("test");
  }

  onnx::ModelProto& proto() { return model_; }
  onnx::GraphProto& graph() { return *model_.mutable_graph(); }

  // A graph input; a negative dim is symbolic (dim_param "N").
  void add_input(const std::string& name, const std::vector<int64_t>& dims,
                 int elem_type = onnx::TensorProto::FLOAT) {
    fill_value_info(graph().add_input(), name, dims, elem_type);
  }
  void add_output(const std::string& name) { graph().add_output()->set_name(name); }

  onnx::TensorProto* add_initializer(const std::string& name, const std::vector<int64_t>& dims,
                                     const std::vector<float>& values) {
    onnx::TensorProto* t = graph().add_initializer();
    fill_tensor(t, name, dims, values);
    return t;
  }
  onnx::TensorProto* add_int64_initializer(const std::string& name,
                                           const std::vector<int64_t>& dims,
                                           const std::vector<int64_t>& values) {
    onnx::TensorProto* t = graph().add_initializer();
    t->set_name(name);
    t->set_data_type(onnx::TensorProto::INT64);
    for (int64_t d : dims) t->add_dims(d);
    for (int64_t v : values) t->add_int64_data(v);
    return t;
  }

  onnx::NodeProto* add_node(const std::string& op, const std::vector<std::string>& inputs,
                            const std::vector<std::string>& outputs,
                            const std::string& name = std::string()) {
    onnx::NodeProto* node = graph().add_node();
    node->set_op_type(op);
    node->set_name(name);
    for (const auto& in : inputs) node->add_input(in);
    for (const auto& out : outputs) node->add_output(out);
    return node;
  }

  std::string serialize() const { return model_.SerializeAsString(); }

  static void fill_tensor(onnx::TensorProto* t, const std::string& name,
                          const std::vector<int64_t>& dims, const std::vector<float>& values) {
    t->set_name(name);
    t->set_data_type(onnx::TensorProto::FLOAT);
    for (int64_t d : dims) t->add_dims(d);
    for (float v : values) t->add_float_data(v);
  }

 private:
  static void fill_value_info(onnx::ValueInfoProto* info, const std::string& name,
                              const std::vector<int64_t>& dims, int elem_type) {
    info->set_name(name);
    auto* tensor_type = info->mutable_type()->mutable_tensor_type();
    tensor_type->set_elem_type(elem_type);
    auto* shape = tensor_type->mutable_shape();
    for (int64_t d : dims) {
      auto* dim = shape->add_dim();
      if (d < 0) {
        dim->set_dim_param("N");
      } else {
        dim->set_dim_value(d);
      }
    }
  }

  onnx::ModelProto model_;
};

inline onnx::AttributeProto* add_int_attr(onnx::NodeProto* node, const std::string& name,
                                          int64_t value) {
  auto* attr = node->add_attribute();
  attr->set_name(name);
  attr->set_type(onnx::AttributeProto::INT);
  attr->set_i(value);
  return attr;
}

inline onnx::AttributeProto* add_ints_attr(onnx::NodeProto* node, const std::string& name,
                                           const std::vector<int64_t>& values) {
  auto* attr = node->add_attribute();
  attr->set_name(name);
  attr->set_type(onnx::AttributeProto::INTS);
  for (int64_t v : values) attr->add_ints(v);
  return attr;
}

inline onnx::AttributeProto* add_float_attr(onnx::NodeProto* node, const std::string& name,
                                            float value) {
  auto* attr = node->add_attribute();
  attr->set_name(name);
  attr->set_type(onnx::AttributeProto::FLOAT);
  attr->set_f(value);
  return attr;
}

// A small CNN: Conv(3x3, pad 1) -> BatchNormalization -> Relu -> GlobalAveragePool -> Flatten ->
// Gemm, over input "x" [N, 3, 8, 8] (N symbolic when `symbolic_batch`), output "y" [N, 5].
inline OnnxTestModel small_cnn(bool symbolic_batch = false) {
  OnnxTestModel m;
  m.add_input("x", {symbolic_batch ? -1 : 1, 3, 8, 8});
  std::vector<float> w(4 * 3 * 3 * 3);
  for (size_t i = 0; i < w.size(); ++i) w[i] = 0.01f * static_cast<float>(i % 17) - 0.05f;
  m.add_initializer("conv.w", {4, 3, 3, 3}, w);
  m.add_initializer("conv.b", {4}, {0.1f, -0.2f, 0.3f, 0.0f});
  m.add_initializer("bn.scale", {4}, {1.f, 0.5f, 2.f, 1.5f});
  m.add_initializer("bn.bias", {4}, {0.f, 0.1f, -0.1f, 0.2f});
  m.add_initializer("bn.mean", {4}, {0.05f, -0.05f, 0.f, 0.1f});
  m.add_initializer("bn.var", {4}, {1.f, 2.f, 0.5f, 1.5f});
  std::vector<float> fc(5 * 4);
  for (size_t i = 0; i < fc.size(); ++i) fc[i] = 0.1f * static_cast<float>(i % 7) - 0.3f;
  m.add_initializer("fc.w", {5, 4}, fc);
  m.add_initializer("fc.b", {5}, {0.f, 1.f, 2.f, 3.f, 4.f});
  add_ints_attr(m.add_node("Conv", {"x", "conv.w", "conv.b"}, {"c"}, "conv"), "pads", {1, 1, 1, 1});
  m.add_node("BatchNormalization", {"c", "bn.scale", "bn.bias", "bn.mean", "bn.var"}, {"bn"}, "bn");
  m.add_node("Relu", {"bn"}, {"r"}, "relu");
  m.add_node("GlobalAveragePool", {"r"}, {"p"}, "pool");
  m.add_node("Flatten", {"p"}, {"f"}, "flatten");
  add_int_attr(m.add_node("Gemm", {"f", "fc.w", "fc.b"}, {"y"}, "fc"), "transB", 1);
  m.add_output("y");
  return m;
}

}  // namespace edgeq::testing
