// Tests of the two readers of ONNX model files in the conformance runner: the op scan and the
// freezing of parameter inputs. The models are built here with ONNX's protobuf classes.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "onnx/onnx_pb.h"
#include "tests/conformance/frozen_inputs.h"
#include "tests/conformance/onnx_model_scan.h"

namespace edgeq::e2e {
namespace {
namespace fs = std::filesystem;

class OnnxModelFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("edgeq_onnx_model_files_" + std::to_string(getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  template <typename Message>
  fs::path write(const std::string& name, const Message& message) {
    const fs::path path = dir_ / name;
    std::ofstream file(path, std::ios::binary);
    message.SerializeToOstream(&file);
    return path;
  }

  static void add_tensor_value(google::protobuf::RepeatedPtrField<onnx::ValueInfoProto>* values,
                               const std::string& name, int32_t elem_type) {
    onnx::ValueInfoProto* value = values->Add();
    value->set_name(name);
    value->mutable_type()->mutable_tensor_type()->set_elem_type(elem_type);
  }

  static onnx::NodeProto* add_node(onnx::GraphProto* graph, const std::string& op,
                                   const std::string& domain = "") {
    onnx::NodeProto* node = graph->add_node();
    node->set_op_type(op);
    node->set_domain(domain);
    return node;
  }

  static onnx::TensorProto int64_tensor(std::vector<int64_t> values) {
    onnx::TensorProto tensor;
    tensor.set_data_type(onnx::TensorProto::INT64);
    tensor.add_dims(static_cast<int64_t>(values.size()));
    for (int64_t v : values) tensor.add_int64_data(v);
    return tensor;
  }

  fs::path dir_;
};

TEST_F(OnnxModelFilesTest, ScanListsOpsOutsideTheOpListAndNonTensorValues) {
  onnx::ModelProto model;
  onnx::GraphProto* graph = model.mutable_graph();
  add_node(graph, "Relu");
  add_node(graph, "Constant");
  add_node(graph, "Einsum");
  add_node(graph, "Adam", "ai.onnx.preview.training");
  onnx::NodeProto* loop = add_node(graph, "Loop");
  onnx::AttributeProto* body = loop->add_attribute();
  body->set_name("body");
  add_node(body->mutable_g(), "TopK");
  add_tensor_value(graph->mutable_input(), "x", onnx::TensorProto::FLOAT);
  graph->add_input()->set_name("seq");
  graph->mutable_input(1)->mutable_type()->mutable_sequence_type();

  auto scan = scan_onnx_model(write("model.onnx", model).string());
  ASSERT_TRUE(scan.ok()) << scan.status().to_string();
  EXPECT_EQ(scan->ops_outside_op_list,
            (std::set<std::string>{"Einsum", "Loop", "TopK", "ai.onnx.preview.training:Adam"}));
  EXPECT_EQ(scan->non_tensor_values, (std::set<std::string>{"seq"}));
}

TEST_F(OnnxModelFilesTest, ScanOfAFileThatIsNoModelIsDataLoss) {
  std::ofstream(dir_ / "junk.onnx") << "\xff\xff\xff not a protobuf";
  auto scan = scan_onnx_model((dir_ / "junk.onnx").string());
  ASSERT_FALSE(scan.ok());
  EXPECT_EQ(scan.status().code(), StatusCode::kDataLoss);
  EXPECT_FALSE(scan_onnx_model((dir_ / "absent.onnx").string()).ok());
}

TEST(InferenceExclusion, NamesWhyAnOpHasNoPlaceInAnInferenceEngine) {
  EXPECT_EQ(inference_exclusion("Bernoulli"), "random op");
  EXPECT_EQ(inference_exclusion("SequenceAt"), "sequence op");
  EXPECT_EQ(inference_exclusion("ai.onnx.preview.training:Gradient"), "training-only op");
  EXPECT_EQ(inference_exclusion("Cos"), "");
}

TEST_F(OnnxModelFilesTest, FreezesParameterInputsButNeverTheFirst) {
  onnx::ModelProto model;
  onnx::GraphProto* graph = model.mutable_graph();
  add_tensor_value(graph->mutable_input(), "w", onnx::TensorProto::FLOAT);  // an initializer
  add_tensor_value(graph->mutable_input(), "indices", onnx::TensorProto::INT64);
  add_tensor_value(graph->mutable_input(), "data", onnx::TensorProto::FLOAT);
  add_tensor_value(graph->mutable_input(), "shape", onnx::TensorProto::INT64);
  graph->add_initializer()->set_name("w");
  onnx::TensorProto data;
  data.set_data_type(onnx::TensorProto::FLOAT);
  data.add_dims(2);
  data.add_dims(2);
  for (int i = 0; i < 4; ++i) data.add_float_data(1.f);
  const std::vector<fs::path> inputs = {write("in0.pb", int64_tensor({1, 0})),
                                        write("in1.pb", data), write("in2.pb", int64_tensor({4}))};

  auto frozen = freeze_parameter_inputs(write("model.onnx", model), inputs);
  ASSERT_TRUE(frozen.ok()) << frozen.status().to_string();
  EXPECT_EQ(frozen->fed_inputs, (std::vector<size_t>{0, 1}));
  onnx::ModelProto result;
  ASSERT_TRUE(result.ParseFromString(frozen->model_bytes));
  ASSERT_EQ(result.graph().input_size(), 3);
  EXPECT_EQ(result.graph().input(1).name(), "indices");
  EXPECT_EQ(result.graph().input(2).name(), "data");
  ASSERT_EQ(result.graph().initializer_size(), 2);
  EXPECT_EQ(result.graph().initializer(1).name(), "shape");
  ASSERT_EQ(result.graph().initializer(1).int64_data_size(), 1);
  EXPECT_EQ(result.graph().initializer(1).int64_data(0), 4);
}

TEST_F(OnnxModelFilesTest, NothingToFreezeIsNotFoundAndMissingDataIsAnError) {
  onnx::ModelProto model;
  add_tensor_value(model.mutable_graph()->mutable_input(), "x", onnx::TensorProto::INT64);
  const fs::path path = write("model.onnx", model);
  auto nothing = freeze_parameter_inputs(path, {write("in0.pb", int64_tensor({1}))});
  ASSERT_FALSE(nothing.ok());
  EXPECT_EQ(nothing.status().code(), StatusCode::kNotFound);

  add_tensor_value(model.mutable_graph()->mutable_input(), "y", onnx::TensorProto::INT64);
  auto missing =
      freeze_parameter_inputs(write("model2.onnx", model), {write("in0.pb", int64_tensor({1}))});
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("graph input 'y' has no input_1.pb"), std::string::npos)
      << missing.status().message();
}

}  // namespace
}  // namespace edgeq::e2e
