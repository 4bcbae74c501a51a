// End-to-end tests of the edgeq executable: exit codes (0 success, 1 error, 2 usage), messages that
// name the problem, and no crash on corrupt input files.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
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

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

void expect_no_sanitizer_report(const CliResult& result) {
  EXPECT_FALSE(contains(result.output, "Sanitizer")) << result.output;
  EXPECT_FALSE(contains(result.output, "runtime error:")) << result.output;
}

void expect_exit(const CliResult& result, int code, const std::vector<std::string>& parts) {
  ASSERT_TRUE(result.exited) << "edgeq crashed:\n" << result.output;
  EXPECT_EQ(result.exit_code, code) << result.output;
  for (const std::string& part : parts) {
    EXPECT_TRUE(contains(result.output, part)) << "expected '" << part << "' in:\n"
                                               << result.output;
  }
  expect_no_sanitizer_report(result);
}

// A clean exit (0 or 1, never a crash); an error must be reported as one.
void expect_clean_exit(const CliResult& result, const std::string& what) {
  ASSERT_TRUE(result.exited) << what << ": edgeq crashed:\n" << result.output;
  EXPECT_TRUE(result.exit_code == 0 || result.exit_code == 1) << what << "\n" << result.output;
  if (result.exit_code == 1) {
    EXPECT_TRUE(contains(result.output, "error:")) << result.output;
  }
  expect_no_sanitizer_report(result);
}

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::fresh_test_dir(::testing::UnitTest::GetInstance()->current_test_info()->name());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string path(const std::string& name) const { return dir_ + "/" + name; }
  // Compiles the demo model into `name` in the test directory, all on the portable kernels (the
  // default, XNNPACK-delegated compile is tested in partition_cli_test.cc).
  std::string compile_demo(const std::string& name = "demo.eqp") {
    CliResult result = run_edgeq({"compile", kDemoOnnx, "--backend", "none", "-o", path(name)});
    EXPECT_EQ(result.exit_code, 0) << result.output;
    return path(name);
  }
  std::vector<uint8_t> read(const std::string& file) {
    Result<std::vector<uint8_t>> bytes = read_file_bytes(file);
    EXPECT_TRUE(bytes.ok()) << bytes.status().to_string();
    return bytes.ok() ? *bytes : std::vector<uint8_t>();
  }
  std::string write(const std::string& name, const std::vector<uint8_t>& bytes) {
    EXPECT_TRUE(write_file_bytes(path(name), bytes).ok());
    return path(name);
  }
  std::string write_npy_file(const std::string& name, const TensorView& tensor) {
    EXPECT_TRUE(write_npy(path(name), tensor).ok());
    return path(name);
  }

  std::string dir_;
};

TEST_F(CliTest, HelpForTheToolAndEveryCommand) {
  expect_exit(run_edgeq({"--help"}), 0, {"usage: edgeq <command>", "compile", "run", "inspect"});
  expect_exit(run_edgeq({"compile", "--help"}), 0, {"usage: edgeq compile model.onnx", "--batch"});
  expect_exit(run_edgeq({"run", "--help"}), 0, {"usage: edgeq run model.eqp", "--iters"});
  expect_exit(run_edgeq({"inspect", "-h"}), 0, {"usage: edgeq inspect model.eqp"});
}

TEST_F(CliTest, UsageErrorsExitWithTwo) {
  expect_exit(run_edgeq({}), 2, {"usage: edgeq <command>"});
  expect_exit(run_edgeq({"frobnicate"}), 2, {"unknown command 'frobnicate'"});
  expect_exit(run_edgeq({"--frobnicate"}), 2, {"unknown option '--frobnicate'"});
  expect_exit(run_edgeq({"run", "m.eqp", "--bogus"}), 2, {"unknown option '--bogus'"});
  expect_exit(run_edgeq({"run"}), 2, {"expected model.eqp"});
  expect_exit(run_edgeq({"run", "m.eqp", "--iters", "0"}), 2, {"--iters", "positive integer"});
  expect_exit(run_edgeq({"compile", kDemoOnnx, "-o"}), 2, {"--output needs a value"});
}

TEST_F(CliTest, CompileInspectRunMatchesPyTorch) {
  std::string program = compile_demo();
  expect_exit(run_edgeq({"inspect", program}), 0,
              {"image f32[1, 3, 32, 32] (batch symbolic)", "logits f32[1, 10]", "Conv '", "Gemm '",
               "kernel calls", "delegates: none", "memory plan: arena"});

  // PyTorch's input is a batch of 2; the program was compiled at batch 1 (symbolic batch).
  expect_exit(run_edgeq({"run", program, "--input", kModels + "demo_cnn.input.npy", "--output",
                         path("logits.npy"), "--iters", "3"}),
              0, {"output logits f32[2, 10]", "median of 3 runs"});
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

TEST_F(CliTest, RandomInputsAreDeterministic) {
  std::string program = compile_demo();
  CliResult first = run_edgeq({"run", program, "--output", path("a.npy")});
  CliResult second = run_edgeq({"run", program, "--output", path("b.npy")});
  expect_exit(first, 0, {"(random)", "output logits f32[1, 10]"});
  expect_exit(second, 0, {"(random)"});
  EXPECT_EQ(read(path("a.npy")), read(path("b.npy")));
  expect_exit(run_edgeq({"run", program, "--seed", "2", "--output", path("c.npy")}), 0, {});
  EXPECT_NE(read(path("a.npy")), read(path("c.npy")));
}

TEST_F(CliTest, CompileBatchOption) {
  std::string program = path("batch4.eqp");
  expect_exit(run_edgeq({"compile", kDemoOnnx, "-o", program, "--batch", "4"}), 0, {});
  expect_exit(run_edgeq({"inspect", program}), 0, {"image f32[4, 3, 32, 32] (batch symbolic)"});
  expect_exit(run_edgeq({"run", program}), 0, {"output logits f32[4, 10]"});
}

TEST_F(CliTest, MissingFilesNameThePath) {
  expect_exit(run_edgeq({"compile", path("absent.onnx")}), 1, {"absent.onnx"});
  expect_exit(run_edgeq({"run", path("absent.eqp")}), 1, {"absent.eqp"});
  expect_exit(run_edgeq({"inspect", path("absent.eqp")}), 1, {"absent.eqp"});
  std::string program = compile_demo();
  expect_exit(run_edgeq({"run", program, "--input", path("absent.npy")}), 1, {"absent.npy"});
  expect_exit(run_edgeq({"run", program, "--output", path("no/such/dir/y.npy")}), 1,
              {"no/such/dir/y.npy"});
}

TEST_F(CliTest, TruncatedOnnxIsAnError) {
  std::vector<uint8_t> model = read(kDemoOnnx);
  ASSERT_GT(model.size(), 1000u);
  for (size_t size :
       {size_t{0}, size_t{1}, size_t{7}, size_t{100}, model.size() / 2, model.size() - 1}) {
    std::string file =
        write("truncated.onnx", std::vector<uint8_t>(model.begin(), model.begin() + size));
    expect_exit(run_edgeq({"compile", file, "-o", path("out.eqp")}), 1, {"truncated.onnx"});
  }
}

TEST_F(CliTest, NotAnOnnxFileIsAnError) {
  std::string text = "this is not a model\n";
  std::string file = write("text.onnx", std::vector<uint8_t>(text.begin(), text.end()));
  expect_exit(run_edgeq({"compile", file}), 1, {"text.onnx"});
}

TEST_F(CliTest, BitFlippedOnnxNeverCrashes) {
  std::vector<uint8_t> model = read(kDemoOnnx);
  // 48 flips spread over the file: graph structure, names and weights.
  for (size_t offset = 3; offset < model.size(); offset += model.size() / 48) {
    std::vector<uint8_t> flipped = model;
    flipped[offset] ^= static_cast<uint8_t>(1u << (offset % 8));
    std::string file = write("flipped.onnx", flipped);
    expect_clean_exit(run_edgeq({"compile", file, "-o", path("flipped.eqp")}),
                      "bit flip at byte " + std::to_string(offset));
  }
}

TEST_F(CliTest, TruncatedProgramIsAnError) {
  std::vector<uint8_t> program = read(compile_demo());
  for (size_t size : {size_t{0}, size_t{8}, size_t{63}, size_t{64}, size_t{200}, program.size() / 2,
                      program.size() - 1}) {
    std::string file =
        write("truncated.eqp", std::vector<uint8_t>(program.begin(), program.begin() + size));
    expect_exit(run_edgeq({"inspect", file}), 1, {"truncated.eqp"});
    expect_exit(run_edgeq({"run", file}), 1, {"truncated.eqp"});
  }
}

TEST_F(CliTest, WrongMagicIsAnError) {
  std::vector<uint8_t> program = read(compile_demo());
  program[0] = 'X';
  std::string file = write("magic.eqp", program);
  expect_exit(run_edgeq({"run", file}), 1, {"magic.eqp", "magic"});
  expect_exit(run_edgeq({"inspect", file}), 1, {"magic.eqp", "magic"});
  // An ONNX model is not a program file either.
  expect_exit(run_edgeq({"run", kDemoOnnx}), 1, {"demo_cnn.onnx"});
}

TEST_F(CliTest, BitFlippedProgramNeverCrashes) {
  std::vector<uint8_t> program = read(compile_demo());
  // The header and the flatbuffer (values, instructions, plan) densely, the constants sparsely:
  // 64 flips in all.
  std::vector<size_t> offsets;
  for (size_t offset = 0; offset < program.size(); offset += offset < 4096 ? 83 : 2039) {
    offsets.push_back(offset);
  }
  for (size_t offset : offsets) {
    std::vector<uint8_t> flipped = program;
    flipped[offset] ^= static_cast<uint8_t>(1u << (offset % 8));
    std::string file = write("flipped.eqp", flipped);
    std::string what = "bit flip at byte " + std::to_string(offset);
    expect_clean_exit(run_edgeq({"inspect", file}), what);
    expect_clean_exit(run_edgeq({"run", file}), what);
  }
}

TEST_F(CliTest, WrongInputShapeOrDtypeIsAnError) {
  std::string program = compile_demo();
  std::vector<float> small(3 * 16 * 16, 0.0f);
  std::string wrong_shape =
      write_npy_file("small.npy", TensorView(DType::kF32, Shape{1, 3, 16, 16}, small.data()));
  expect_exit(run_edgeq({"run", program, "--input", wrong_shape}), 1,
              {"small.npy", "image", "[1, 3, 16, 16]", "[1, 3, 32, 32]"});

  std::vector<int32_t> ints(3 * 32 * 32, 1);
  std::string wrong_dtype =
      write_npy_file("ints.npy", TensorView(DType::kI32, Shape{1, 3, 32, 32}, ints.data()));
  expect_exit(run_edgeq({"run", program, "--input", wrong_dtype}), 1, {"ints.npy", "image", "i32"});

  expect_exit(run_edgeq({"run", program, "--input", wrong_dtype, "--input", wrong_dtype}), 1,
              {"1 input(s)", "gave 2"});

  std::string garbage = write("garbage.npy", {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 200, 0});
  expect_exit(run_edgeq({"run", program, "--input", garbage}), 1, {"garbage.npy", "truncated"});
}

// A model with two ops edgeq does not know: the error lists both op types and their node names.
TEST_F(CliTest, UnknownOpIsAnErrorNamingIt) {
  onnx::ModelProto model;
  model.set_ir_version(8);
  model.add_opset_import()->set_version(13);
  onnx::GraphProto* graph = model.mutable_graph();
  graph->set_name("unknown_ops");
  auto add_float_value = [](onnx::ValueInfoProto* value, const std::string& name) {
    value->set_name(name);
    onnx::TypeProto::Tensor* tensor = value->mutable_type()->mutable_tensor_type();
    tensor->set_elem_type(onnx::TensorProto::FLOAT);
    tensor->mutable_shape()->add_dim()->set_dim_value(4);
  };
  add_float_value(graph->add_input(), "x");
  add_float_value(graph->add_output(), "z");
  onnx::NodeProto* first = graph->add_node();
  first->set_op_type("Frobnicate");
  first->set_name("frob_node");
  first->add_input("x");
  first->add_output("y");
  onnx::NodeProto* second = graph->add_node();
  second->set_op_type("Gronk");
  second->set_name("gronk_node");
  second->add_input("y");
  second->add_output("z");
  std::string bytes = model.SerializeAsString();
  std::string file = write("unknown_op.onnx", std::vector<uint8_t>(bytes.begin(), bytes.end()));
  expect_exit(run_edgeq({"compile", file, "-o", path("unknown.eqp")}), 1,
              {"Frobnicate", "frob_node", "Gronk", "gronk_node"});
  EXPECT_FALSE(std::filesystem::exists(path("unknown.eqp"))) << "no program after an error";
}

}  // namespace
}  // namespace edgeq::tools
