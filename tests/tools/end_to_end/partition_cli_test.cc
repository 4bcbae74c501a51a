// End-to-end tests of partitioning through the edgeq executable: `compile` delegates to XNNPACK by
// default and prints a summary, the program runs like PyTorch, `inspect --why` lists partitions and
// every portable node's reason, and the partitioning flags are checked.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "onnx/onnx_pb.h"
#include "tests/tools/end_to_end/cli_runner.h"
#include "tools/file_io.h"
#include "tools/npy.h"

namespace edgeq::tools {
namespace {

using testing::CliResult;
using testing::run_edgeq;

const std::string kModels = std::string(EDGEQ_SOURCE_DIR) + "/examples/models/";
const std::string kDemoOnnx = kModels + "demo_cnn.onnx";

void expect_exit(const CliResult& result, int code, const std::vector<std::string>& parts) {
  ASSERT_TRUE(result.exited) << "edgeq crashed:\n" << result.output;
  EXPECT_EQ(result.exit_code, code) << result.output;
  for (const std::string& part : parts) {
    EXPECT_NE(result.output.find(part), std::string::npos) << "expected '" << part << "' in:\n"
                                                           << result.output;
  }
}

class PartitionCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::fresh_test_dir(::testing::UnitTest::GetInstance()->current_test_info()->name());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string path(const std::string& name) const { return dir_ + "/" + name; }

  // x f32[1, 4] -> Relu 'first' -> Tanh 'middle' -> Relu 'last' -> y: XNNPACK has no tanh.
  std::string write_tanh_model() {
    onnx::ModelProto model;
    model.set_ir_version(8);
    model.add_opset_import()->set_version(13);
    onnx::GraphProto* graph = model.mutable_graph();
    graph->set_name("relu_tanh_relu");
    for (auto [value, name] : {std::pair{graph->add_input(), "x"}, {graph->add_output(), "y"}}) {
      value->set_name(name);
      onnx::TypeProto::Tensor* tensor = value->mutable_type()->mutable_tensor_type();
      tensor->set_elem_type(onnx::TensorProto::FLOAT);
      tensor->mutable_shape()->add_dim()->set_dim_value(1);
      tensor->mutable_shape()->add_dim()->set_dim_value(4);
    }
    const char* nodes[][4] = {
        {"Relu", "first", "x", "a"}, {"Tanh", "middle", "a", "b"}, {"Relu", "last", "b", "y"}};
    for (const auto& spec : nodes) {
      onnx::NodeProto* node = graph->add_node();
      node->set_op_type(spec[0]);
      node->set_name(spec[1]);
      node->add_input(spec[2]);
      node->add_output(spec[3]);
    }
    const std::string bytes = model.SerializeAsString();
    const std::string file = path("relu_tanh_relu.onnx");
    EXPECT_TRUE(write_file_bytes(file, std::vector<uint8_t>(bytes.begin(), bytes.end())).ok());
    return file;
  }

  std::string dir_;
};

TEST_F(PartitionCliTest, CompileDelegatesByDefaultAndRunsLikePyTorch) {
  const std::string program = path("demo.eqp");
  expect_exit(run_edgeq({"compile", kDemoOnnx, "-o", program}), 0,
              {"delegated 11 of 11 nodes to xnnpack in 1 partition; 0 portable"});
  expect_exit(run_edgeq({"inspect", program, "--why"}), 0,
              {"delegate xnnpack 'xnnpack_partition_0'", "partitions: 1",
               "xnnpack_partition_0 (xnnpack, 11 nodes): /stem/stem.0/Conv", "portable nodes: 0"});

  expect_exit(run_edgeq({"run", program, "--input", kModels + "demo_cnn.input.npy", "--output",
                         path("logits.npy")}),
              0, {"output logits f32[2, 10]"});
  Result<NpyArray> ours = read_npy(path("logits.npy"));
  Result<NpyArray> reference = read_npy(kModels + "demo_cnn.output.npy");
  ASSERT_TRUE(ours.ok()) << ours.status().to_string();
  ASSERT_TRUE(reference.ok()) << reference.status().to_string();
  ASSERT_EQ(ours->shape, reference->shape);
  const float* got = ours->view().data_as<const float>();
  const float* want = reference->view().data_as<const float>();
  for (int64_t i = 0; i < reference->shape.numel(); ++i) {
    EXPECT_NEAR(got[i], want[i], 1e-5 + 1e-4 * std::fabs(want[i])) << "element " << i;
  }
}

TEST_F(PartitionCliTest, InspectWhyGivesTheDelegatesReason) {
  const std::string program = path("tanh.eqp");
  expect_exit(run_edgeq({"compile", write_tanh_model(), "-o", program}), 0,
              {"delegated 2 of 3 nodes to xnnpack in 2 partitions; 1 portable"});
  expect_exit(run_edgeq({"inspect", program, "--why"}), 0,
              {"xnnpack_partition_0 (xnnpack, 1 node): first",
               "xnnpack_partition_1 (xnnpack, 1 node): last", "portable nodes: 1",
               "Tanh 'middle': ", "Tanh"});
  expect_exit(run_edgeq({"run", program}), 0, {"output y f32[1, 4]"});
}

TEST_F(PartitionCliTest, PartitioningFlags) {
  const std::string program = path("flags.eqp");
  expect_exit(run_edgeq({"compile", kDemoOnnx, "-o", program, "--portable-ops", "Relu, Add",
                         "--min-partition-size", "2"}),
              0, {"delegated 5 of 11 nodes to xnnpack in 2 partitions; 6 portable"});
  expect_exit(run_edgeq({"inspect", program, "--why"}), 0,
              {"Relu '/stem/stem.2/Relu': kept portable by --portable-ops",
               "Conv '/stem/stem.0/Conv': in a group of 1 node(s) for xnnpack, below the minimum "
               "partition size 2"});
  expect_exit(run_edgeq({"run", program}), 0, {"output logits f32[1, 10]"});

  const std::string portable = path("portable.eqp");
  expect_exit(run_edgeq({"compile", kDemoOnnx, "-o", portable, "--backend", "none"}), 0,
              {"no delegate backend: 11 nodes portable"});
  expect_exit(run_edgeq({"inspect", portable, "--why"}), 0,
              {"delegates: none", "Gemm '/head/head.2/Gemm': no delegate backend selected"});

  expect_exit(run_edgeq({"compile", kDemoOnnx, "-o", program, "--backend", "tpu"}), 1,
              {"--backend", "'tpu'", "none or xnnpack"});
  expect_exit(run_edgeq({"compile", kDemoOnnx, "-o", program, "--portable-ops", "Relu,Frob"}), 1,
              {"--portable-ops", "'Frob'"});
  expect_exit(run_edgeq({"compile", kDemoOnnx, "-o", program, "--min-partition-size", "0"}), 2,
              {"--min-partition-size"});
  expect_exit(run_edgeq({"compile", "--help"}), 0,
              {"--backend", "--min-partition-size", "--portable-ops"});
  expect_exit(run_edgeq({"inspect", "--help"}), 0, {"--why"});
}

}  // namespace
}  // namespace edgeq::tools
