// One Program, several Methods executing at the same time on different threads: the program's
// delegate calls run on XNNPACK (sharing the backend's pthreadpool, or each on its caller's thread)
// and the rest on the portable kernels; an int8 program's convolutions run on edgeq's own
// convolution kernels inside the delegate call. Every thread must compute exactly what one Method computes
// alone. CI also builds this suite with ThreadSanitizer (scripts/test.sh --tsan), which fails on
// any data race in edgeq's code.
#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <thread>
#include <vector>

#include "delegate/xnnpack/aot/xnnpack_lowering.h"
#include "delegate/xnnpack/runtime/conv_node.h"
#include "delegate/xnnpack/runtime/xnnpack_backend.h"
#include "ir/shape_inference.h"
#include "partitioner/lower_to_program.h"
#include "runtime/executor/method.h"
#include "runtime/program/program.h"
#include "tests/runtime/kernels/kernel_test_util.h"

namespace edgeq {
namespace {

using testing::random_floats;

constexpr int kBatch = 2;

ir::Value* add_random_constant(ir::Graph& graph, const char* name, Shape shape, uint32_t seed) {
  const std::vector<float> values = random_floats(shape.numel(), seed, -0.5f, 0.5f);
  return graph.add_constant(name, DType::kF32, shape,
                            ir::ConstantData::copy_of(values.data(), values.size() * 4));
}

ir::Value* add_node(ir::Graph& graph, OpType op, const char* name,
                    const std::vector<ir::Value*>& inputs, Attributes attrs = {}) {
  ir::Value* out = graph.add_value(std::string(name) + "_out");
  graph.add_node(op, name, inputs, {out}, std::move(attrs));
  return out;
}

// conv -> relu -> tanh (portable: XNNPACK has no tanh) -> conv -> global pool -> flatten -> gemm:
// two delegate calls around a portable kernel.
ir::Graph make_graph() {
  ir::Graph graph;
  ir::Value* x = graph.add_value("x", DType::kF32, Shape{kBatch, 3, 15, 17});
  graph.add_input(x);
  Attributes conv;
  conv.set("pads", std::vector<int64_t>{1, 1, 1, 1});
  ir::Value* y = add_node(graph, OpType::kConv, "conv1",
                          {x, add_random_constant(graph, "w1", Shape{8, 3, 3, 3}, 11),
                           add_random_constant(graph, "b1", Shape{8}, 12)},
                          conv);
  y = add_node(graph, OpType::kRelu, "relu1", {y});
  y = add_node(graph, OpType::kTanh, "tanh", {y});
  y = add_node(graph, OpType::kConv, "conv2",
               {y, add_random_constant(graph, "w2", Shape{16, 8, 3, 3}, 13),
                add_random_constant(graph, "b2", Shape{16}, 14)},
               conv);
  y = add_node(graph, OpType::kGlobalAveragePool, "pool", {y});
  y = add_node(graph, OpType::kFlatten, "flatten", {y});
  Attributes gemm;
  gemm.set("transB", int64_t{1});
  y = add_node(graph, OpType::kGemm, "fc",
               {y, add_random_constant(graph, "w3", Shape{10, 16}, 15),
                add_random_constant(graph, "b3", Shape{10}, 16)},
               gemm);
  graph.add_output(y);
  return graph;
}

ir::Value* add_scalar(ir::Graph& graph, const char* name, DType dtype, const void* value) {
  return graph.add_constant(name, dtype, Shape{},
                            ir::ConstantData::copy_of(value, dtype_storage_bytes(dtype, 1)));
}

// A QLinearConv (3x3, padding 1, per-channel int8 weights, int32 bias, fused ReLU) from `x`
// (quantized with `x_scale`, zero point 0) to an output of scale 0.1, zero point 0.
ir::Value* add_qconv(ir::Graph& graph, const char* name, ir::Value* x, float x_scale, int64_t in_c,
                     int64_t out_c, uint32_t seed) {
  const std::string prefix(name);
  const float y_scale = 0.1f;
  const int8_t zero = 0;
  std::vector<int8_t> weights(static_cast<size_t>(out_c * in_c * 9));
  const std::vector<float> noise = random_floats(weights.size(), seed, -127.f, 127.f);
  for (size_t i = 0; i < weights.size(); ++i) weights[i] = static_cast<int8_t>(noise[i]);
  const std::vector<float> w_scales(static_cast<size_t>(out_c), 0.02f);
  const std::vector<int32_t> bias(static_cast<size_t>(out_c), 100);
  Attributes attrs;
  attrs.set("pads", std::vector<int64_t>{1, 1, 1, 1});
  attrs.set("output_min", int64_t{0});  // ReLU
  return add_node(
      graph, OpType::kQLinearConv, name,
      {x, add_scalar(graph, (prefix + "_xs").c_str(), DType::kF32, &x_scale),
       add_scalar(graph, (prefix + "_xz").c_str(), DType::kI8, &zero),
       graph.add_constant(prefix + "_w", DType::kI8, Shape{out_c, in_c, 3, 3},
                          ir::ConstantData::copy_of(weights.data(), weights.size())),
       graph.add_constant(prefix + "_ws", DType::kF32, Shape{out_c},
                          ir::ConstantData::copy_of(w_scales.data(), w_scales.size() * 4)),
       add_scalar(graph, (prefix + "_wz").c_str(), DType::kI8, &zero),
       add_scalar(graph, (prefix + "_ys").c_str(), DType::kF32, &y_scale),
       add_scalar(graph, (prefix + "_yz").c_str(), DType::kI8, &zero),
       graph.add_constant(prefix + "_b", DType::kI32, Shape{out_c},
                          ir::ConstantData::copy_of(bias.data(), bias.size() * 4))},
      attrs);
}

// quantize -> two int8 convolutions -> dequantize: one delegate call whose convolutions run on the
// own kernels.
ir::Graph make_int8_graph() {
  ir::Graph graph;
  ir::Value* x = graph.add_value("x", DType::kF32, Shape{kBatch, 3, 15, 17});
  graph.add_input(x);
  const float scale = 0.05f;
  const int8_t zero = 0;
  ir::Value* q = add_node(graph, OpType::kQuantizeLinear, "quantize",
                          {x, add_scalar(graph, "q_scale", DType::kF32, &scale),
                           add_scalar(graph, "q_zero", DType::kI8, &zero)});
  q = add_qconv(graph, "qconv1", q, scale, 3, 8, 21);
  q = add_qconv(graph, "qconv2", q, 0.1f, 8, 16, 22);
  const float y_scale = 0.1f;
  ir::Value* y = add_node(graph, OpType::kDequantizeLinear, "dequantize",
                          {q, add_scalar(graph, "dq_scale", DType::kF32, &y_scale),
                           add_scalar(graph, "dq_zero", DType::kI8, &zero)});
  graph.add_output(y);
  return graph;
}

std::shared_ptr<const runtime::Program> compile_with_xnnpack(ir::Graph graph) {
  Status registered = xnnpack::register_xnnpack_backend();
  EXPECT_TRUE(registered.ok()) << registered.to_string();
  Status inferred = ir::infer_shapes(graph);
  EXPECT_TRUE(inferred.ok()) << inferred.to_string();
  static const xnnpack::XnnpackLowering lowering;
  partitioner::LoweringOptions options;
  options.delegates.push_back(&lowering);
  auto bytes = partitioner::lower_to_program(graph, options);
  EXPECT_TRUE(bytes.ok()) << bytes.status().to_string();
  if (!bytes.ok()) return nullptr;
  auto program = runtime::Program::load_buffer(Span<const uint8_t>(*bytes), "concurrency");
  EXPECT_TRUE(program.ok()) << program.status().to_string();
  return program.ok() ? *program : nullptr;
}

size_t count_delegate_calls(const runtime::Program& program) {
  size_t count = 0;
  for (const runtime::ProgramInstruction& instruction : program.instructions()) {
    count += instruction.kind == runtime::InstructionKind::kDelegateCall;
  }
  return count;
}

// The input for run `run` of thread `thread`: different on every run, so that a Method reading
// another Method's buffers would be caught.
std::vector<float> input_for(int thread, int run) {
  return random_floats(kBatch * 3 * 15 * 17, static_cast<uint32_t>(1000 * thread + run + 1));
}

// Runs `method` on `input` and returns a copy of its output.
Result<std::vector<float>> run_once(runtime::Method& method, const std::vector<float>& input) {
  TensorView view(DType::kF32, Shape{kBatch, 3, 15, 17}, const_cast<float*>(input.data()));
  EDGEQ_RETURN_IF_ERROR(method.set_input(0, view));
  EDGEQ_RETURN_IF_ERROR(method.execute());
  const TensorView out = method.output(0);
  const auto* data = static_cast<const float*>(out.data);
  return std::vector<float>(data, data + out.shape.numel());
}

// Runs `program` on kThreads threads at once (each with its own Method) and expects every output
// to be what one Method computes alone.
void expect_concurrent_runs_match(std::shared_ptr<const runtime::Program> program,
                                  int xnnpack_threads) {
  constexpr int kThreads = 4;
  constexpr int kRuns = 6;
  runtime::MethodOptions options;
  options.num_threads = xnnpack_threads;
  // The expected outputs, from one Method run alone.
  std::vector<std::vector<std::vector<float>>> expected(kThreads);
  {
    auto method = runtime::Method::create(program, options);
    ASSERT_TRUE(method.ok()) << method.status().to_string();
    for (int t = 0; t < kThreads; ++t) {
      for (int r = 0; r < kRuns; ++r) {
        auto out = run_once(**method, input_for(t, r));
        ASSERT_TRUE(out.ok()) << out.status().to_string();
        expected[t].push_back(*out);
      }
    }
  }

  // Each thread makes its own Method (delegate init runs concurrently too) and runs it.
  std::vector<std::vector<std::vector<float>>> actual(kThreads);
  std::vector<Status> failures(kThreads, Status::Ok());
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto method = runtime::Method::create(program, options);
      if (!method.ok()) {
        failures[t] = method.status();
        return;
      }
      for (int r = 0; r < kRuns; ++r) {
        auto out = run_once(**method, input_for(t, r));
        if (!out.ok()) {
          failures[t] = out.status();
          return;
        }
        actual[t].push_back(std::move(*out));
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  for (int t = 0; t < kThreads; ++t) {
    ASSERT_TRUE(failures[t].ok()) << "thread " << t << ": " << failures[t].to_string();
    ASSERT_EQ(actual[t].size(), expected[t].size());
    for (int r = 0; r < kRuns; ++r) {
      // Bitwise identical: the same kernels on the same data, whatever ran alongside.
      ASSERT_EQ(actual[t][r].size(), expected[t][r].size());
      EXPECT_EQ(std::memcmp(actual[t][r].data(), expected[t][r].data(),
                            actual[t][r].size() * sizeof(float)),
                0)
          << "thread " << t << " run " << r;
    }
  }
}

class ConcurrentMethods : public ::testing::TestWithParam<int> {};

TEST_P(ConcurrentMethods, ThreadsComputeWhatOneMethodComputesAlone) {
  std::shared_ptr<const runtime::Program> program = compile_with_xnnpack(make_graph());
  ASSERT_NE(program, nullptr);
  ASSERT_EQ(count_delegate_calls(*program), 2u) << "expected conv1+relu1 and conv2..fc delegated";
  expect_concurrent_runs_match(program, GetParam());
}

TEST_P(ConcurrentMethods, Int8ConvolutionsOnOwnKernelsComputeWhatOneMethodComputesAlone) {
  struct RestoreEngine {
    ~RestoreEngine() { xnnpack::set_delegate_conv_engine(xnnpack::ConvEngine::kAuto); }
  } restore;
  xnnpack::set_delegate_conv_engine(xnnpack::ConvEngine::kOwn);  // on any instruction set
  std::shared_ptr<const runtime::Program> program = compile_with_xnnpack(make_int8_graph());
  ASSERT_NE(program, nullptr);
  ASSERT_EQ(count_delegate_calls(*program), 1u);
  for (const runtime::ProgramInstruction& call : program->instructions()) {
    if (call.kind != runtime::InstructionKind::kDelegateCall) continue;
    const auto choices = xnnpack::conv_choices(*xnnpack::schema::GetPayload(call.payload.data()));
    ASSERT_EQ(choices.size(), 2u);
    for (const xnnpack::ConvChoice& choice : choices) {
      EXPECT_EQ(choice.engine, xnnpack::ConvEngine::kOwn) << choice.node << ": " << choice.refusal;
    }
  }
  expect_concurrent_runs_match(program, GetParam());
}

// 1: each delegate call runs on its caller's thread; 2: all Methods share one 2-thread pool.
INSTANTIATE_TEST_SUITE_P(XnnpackThreads, ConcurrentMethods, ::testing::Values(1, 2),
                         [](const ::testing::TestParamInfo<int>& info) {
                           return "xnnpack_threads_" + std::to_string(info.param);
                         });

}  // namespace
}  // namespace edgeq
