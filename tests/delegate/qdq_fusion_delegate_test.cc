// A QDQ graph fused into integer ops (ir/passes/qdq_fusion.h) runs the same on the portable
// QLinear kernels (the simulation) as compiled for the XNNPACK delegate (the deployed program):
// the outputs are compared byte for byte, and the partition notes tell how many QLinear nodes ran
// on XNNPACK.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <memory>
#include <set>

#include "delegate/xnnpack/aot/xnnpack_lowering.h"
#include "delegate/xnnpack/runtime/xnnpack_backend.h"
#include "ir/passes/qdq_fusion.h"
#include "partitioner/lower_to_program.h"
#include "partitioner/partition_notes.h"
#include "runtime/executor/method.h"
#include "runtime/program/program.h"
#include "tests/ir/qdq_graph_builder.h"

namespace edgeq {
namespace {

using ir::Value;
using testing::QdqGraphBuilder;

struct ProgramRun {
  std::vector<std::vector<float>> outputs;
  partitioner::PartitionNotes notes;
};

// Lowers `graph` (for XNNPACK when `xnnpack`, else all portable) and runs it on `b.feeds`.
ProgramRun lower_and_run(const ir::Graph& graph, const QdqGraphBuilder& b, bool xnnpack) {
  ProgramRun run;
  xnnpack::XnnpackLowering lowering;
  partitioner::LoweringOptions options;
  if (xnnpack) options.delegates.push_back(&lowering);
  auto bytes = partitioner::lower_to_program(graph, options);
  EXPECT_TRUE(bytes.ok()) << bytes.status().to_string();
  if (!bytes.ok()) return run;
  auto program = runtime::Program::load_buffer(*bytes);
  EXPECT_TRUE(program.ok()) << program.status().to_string();
  if (!program.ok()) return run;
  auto notes = partitioner::read_partition_notes(**program);
  EXPECT_TRUE(notes.ok()) << notes.status().to_string();
  if (notes.ok()) run.notes = *notes;
  auto method = runtime::Method::create(*program);
  EXPECT_TRUE(method.ok()) << method.status().to_string();
  if (!method.ok()) return run;
  for (size_t i = 0; i < graph.inputs().size(); ++i) {
    const ir::Value* input = graph.inputs()[i];
    const std::vector<float>& data = b.feeds.at(input->name());
    const Status set =
        (*method)->set_input(i, TensorView(DType::kF32, input->shape(), data.data()));
    EXPECT_TRUE(set.ok()) << set.to_string();
  }
  const Status executed = (*method)->execute();
  EXPECT_TRUE(executed.ok()) << executed.to_string();
  if (!executed.ok()) return run;
  for (size_t o = 0; o < graph.outputs().size(); ++o) {
    const TensorView out = (*method)->output(o);
    run.outputs.emplace_back(out.data_as<const float>(), out.data_as<const float>() + out.numel());
  }
  return run;
}

// Fuses the graph, runs it portably and on XNNPACK: identical outputs; `expected_qlinear` QLinear
// nodes of which `expected_delegated` run on XNNPACK (the others stay portable, the reasons are
// printed).
void expect_deployed_equals_simulated(QdqGraphBuilder& b, const char* what, size_t expected_qlinear,
                                      size_t expected_delegated) {
  EXPECT_TRUE(xnnpack::register_xnnpack_backend().ok());
  ir::QdqFusionStats stats;
  const Status fused = ir::fuse_quantized_ops(b.graph, &stats);
  EXPECT_TRUE(fused.ok()) << fused.to_string();
  std::set<std::string> qlinear;
  for (const ir::Node* node : b.graph.nodes()) {
    if (std::string(op_name(node->op())).rfind("QLinear", 0) == 0) qlinear.insert(node->name());
  }
  const ProgramRun simulated = lower_and_run(b.graph, b, /*xnnpack=*/false);
  const ProgramRun deployed = lower_and_run(b.graph, b, /*xnnpack=*/true);
  EXPECT_EQ(simulated.outputs.size(), b.graph.outputs().size());
  EXPECT_EQ(deployed.outputs.size(), simulated.outputs.size());
  for (size_t o = 0; o < std::min(simulated.outputs.size(), deployed.outputs.size()); ++o) {
    EXPECT_EQ(deployed.outputs[o].size(), simulated.outputs[o].size());
    if (deployed.outputs[o].size() != simulated.outputs[o].size()) continue;
    int64_t differing = 0;
    for (size_t i = 0; i < simulated.outputs[o].size(); ++i) {
      differing += std::memcmp(&deployed.outputs[o][i], &simulated.outputs[o][i], 4) != 0;
    }
    EXPECT_EQ(differing, 0) << what << ": output " << o << " differs on " << differing << " of "
                            << simulated.outputs[o].size() << " elements";
  }
  size_t delegated = 0;
  for (const auto& call : deployed.notes.calls) {
    for (const std::string& node : call.nodes) delegated += qlinear.count(node);
  }
  std::printf("%s: %zu fused node(s), %zu QLinear node(s), %zu of them delegated to XNNPACK\n",
              what, stats.total(), qlinear.size(), delegated);
  for (const auto& portable : deployed.notes.portable) {
    std::printf("  portable: %s (%s): %s\n", portable.node.c_str(), portable.op.c_str(),
                portable.reason.c_str());
  }
  EXPECT_EQ(qlinear.size(), expected_qlinear) << what;
  EXPECT_EQ(delegated, expected_delegated) << what;
}

Attributes ints_attr(const char* name, std::vector<int64_t> values) {
  Attributes attrs;
  attrs.set(name, std::move(values));
  return attrs;
}

// A small residual CNN in QDQ form: conv+relu, maxpool, depthwise conv+relu6, add, global average
// pool, flatten, fully connected, on `dtype` activations (int8 or uint8).
void build_cnn(QdqGraphBuilder& b, DType dtype) {
  const int32_t zp = dtype == DType::kI8 ? -3 : 125;
  const int32_t relu_zp = dtype == DType::kI8 ? -128 : 0;
  Value* x = b.quantize(b.input("x", Shape{2, 3, 16, 16}), 2.f / 255, zp, dtype);
  Attributes conv = ints_attr("pads", {1, 1, 1, 1});
  Value* c1 =
      b.node(OpType::kConv, "conv1",
             {x, b.weights("w1", Shape{8, 3, 3, 3}, 0), b.bias("b1", Shape{8}, 2.f / 255)}, conv);
  Value* r1 = b.quantize(b.node(OpType::kRelu, "relu1", {c1}), 4.f / 255, relu_zp, dtype);
  Attributes pool = ints_attr("kernel_shape", {2, 2});
  pool.set("strides", std::vector<int64_t>{2, 2});
  Value* p = b.quantize(b.node(OpType::kMaxPool, "pool", {r1}, pool), 4.f / 255, relu_zp, dtype);
  Attributes depthwise = conv;
  depthwise.set("group", int64_t{8});
  Value* c2 = b.node(OpType::kConv, "dw",
                     {p, b.weights("w2", Shape{8, 1, 3, 3}, 0), b.bias("b2", Shape{8}, 4.f / 255)},
                     depthwise);
  Value* r2 = b.quantize(b.node(OpType::kClip, "relu6",
                                {c2, b.float_constant("zero", Shape(), {0.f}),
                                 b.float_constant("six", Shape(), {6.f})}),
                         3.f / 255, relu_zp, dtype);
  Value* sum = b.quantize(b.node(OpType::kAdd, "add", {p, r2}), 6.f / 255, zp, dtype);
  Value* gap = b.quantize(b.node(OpType::kGlobalAveragePool, "gap", {sum}), 3.f / 255, zp, dtype);
  Value* flat = b.quantize(b.node(OpType::kFlatten, "flatten", {gap}), 3.f / 255, zp, dtype);
  Attributes gemm;
  gemm.set("transB", int64_t{1});
  Value* fc =
      b.node(OpType::kGemm, "fc",
             {flat, b.weights("w3", Shape{10, 8}, 0), b.bias("b3", Shape{10}, 3.f / 255)}, gemm);
  b.output(fc, 0.02f, zp, dtype);
}

TEST(QdqFusionDelegateTest, Int8CnnRunsTheSameOnXnnpackAsOnThePortableKernels) {
  QdqGraphBuilder b;
  build_cnn(b, DType::kI8);
  expect_deployed_equals_simulated(b, "int8 CNN", 5, 5);
}

TEST(QdqFusionDelegateTest, Uint8CnnRunsTheSameOnXnnpackAsOnThePortableKernels) {
  QdqGraphBuilder b;
  build_cnn(b, DType::kU8);
  // XNNPACK 2022 has per-channel weights only for int8 inputs (qcint8): the two convolutions and
  // the fully connected layer stay portable; add and global average pool are delegated.
  expect_deployed_equals_simulated(b, "uint8 CNN", 5, 2);
}

TEST(QdqFusionDelegateTest, SigmoidMulAndLeakyReluRunTheSame) {
  QdqGraphBuilder b;
  Value* x = b.quantize(b.input("x", Shape{4, 32}, -4.f, 4.f), 8.f / 255, 0);
  Attributes alpha;
  alpha.set("alpha", 0.25f);
  Value* leaky = b.quantize(b.node(OpType::kLeakyRelu, "leaky", {x}, alpha), 5.f / 255, -50);
  Value* gate = b.quantize(b.node(OpType::kSigmoid, "sigmoid", {leaky}), 1.f / 256, -128);
  b.output(b.node(OpType::kMul, "mul", {leaky, gate}), 4.f / 255, -40);
  // XNNPACK 2022's leaky relu node is f32 only: that one stays portable.
  expect_deployed_equals_simulated(b, "leaky relu -> sigmoid gate -> mul", 3, 2);
}

}  // namespace
}  // namespace edgeq
