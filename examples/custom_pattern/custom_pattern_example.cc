// Registers a quantization pattern for SiLU (x * sigmoid(x), the activation of many mobile and
// transformer models) with an XnnpackQuantizer, without touching the quantizer core: the sigmoid
// and the multiply become one quantized unit (input and output quantized, nothing in between),
// where the built-in patterns would quantize the sigmoid's output and the multiply separately.
//
// The program builds a small Conv -> SiLU graph, quantizes it with w8a8 plus the new pattern,
// runs float and QDQ graphs on the portable kernels and prints the output SQNR. It returns 1
// when the pattern did not claim the SiLU or the quantized output drifts from the float one.
#include <cmath>
#include <cstdio>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "ir/graph_runner.h"
#include "ir/shape_inference.h"
#include "quantizer/patterns/pattern_helpers.h"
#include "quantizer/quantize_model.h"
#include "quantizer/xnnpack_quantizer.h"

namespace {

using edgeq::DType;
using edgeq::OpType;
using edgeq::Shape;
using edgeq::Status;
using edgeq::TensorView;
namespace ir = edgeq::ir;
namespace q = edgeq::quantizer;

// Sigmoid(x) -> Mul(x, sigmoid(x)): a two-step chain whose Mul also reads the sigmoid's input.
q::Pattern silu_pattern() {
  q::Pattern pattern;
  pattern.name = "silu";
  pattern.chain.push_back({{OpType::kSigmoid}, q::has_f32_output});
  pattern.chain.push_back({{OpType::kMul}, nullptr, /*input_index=*/-1});
  pattern.annotate = [](const q::PatternMatch& match,
                        q::AnnotationContext& ctx) -> edgeq::Result<bool> {
    const ir::Node& sigmoid = match.first();
    const ir::Node& mul = match.last();
    const ir::Value* x = sigmoid.input(0);
    const bool reads_x = mul.input(0) == x || mul.input(1) == x;
    if (!reads_x || !q::has_static_activations(ctx.config)) return false;  // not a SiLU
    EDGEQ_RETURN_IF_ERROR(q::claim_match(match, "silu", ctx));
    q::set_input_activation(sigmoid, 0, ctx);  // x, quantized once for both readers
    q::set_output_activation(mul, ctx);        // the SiLU output
    return true;
  };
  return pattern;
}

std::vector<float> random_floats(size_t count, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(-1.f, 1.f);
  std::vector<float> values(count);
  for (float& v : values) v = dist(rng);
  return values;
}

ir::Value* constant(ir::Graph& g, const std::string& name, const Shape& shape, unsigned seed) {
  std::vector<float> values = random_floats(static_cast<size_t>(shape.numel()), seed);
  return g.add_constant(name, DType::kF32, shape,
                        ir::ConstantData::copy_of(values.data(), values.size() * sizeof(float)));
}

// x[1, 4, 8, 8] -> Conv(4 -> 8, 1x1) -> SiLU -> y
ir::Graph conv_silu_graph() {
  ir::Graph g;
  ir::Value* x = g.add_value("x", DType::kF32, Shape{1, 4, 8, 8});
  g.add_input(x);
  ir::Value* conv = g.add_value("conv");
  g.add_node(OpType::kConv, "conv", {x, constant(g, "w", Shape{8, 4, 1, 1}, 1)}, {conv});
  ir::Value* gate = g.add_value("gate");
  g.add_node(OpType::kSigmoid, "gate", {conv}, {gate});
  ir::Value* y = g.add_value("y");
  g.add_node(OpType::kMul, "silu", {conv, gate}, {y});
  g.add_output(y);
  return g;
}

edgeq::Result<std::vector<float>> run(const ir::Graph& graph, const std::vector<float>& input) {
  TensorView feed(DType::kF32, Shape{1, 4, 8, 8}, static_cast<const void*>(input.data()));
  EDGEQ_ASSIGN_OR_RETURN(auto outputs, ir::run_graph(graph, {{"x", feed}}));
  const TensorView& y = outputs.at("y").view;
  const float* p = y.data_as<const float>();
  return std::vector<float>(p, p + y.numel());
}

Status run_example(double* sqnr) {
  EDGEQ_ASSIGN_OR_RETURN(q::XnnpackQuantizer quantizer,
                         q::XnnpackQuantizer::from_preset(q::XnnpackScheme::kW8A8));
  EDGEQ_RETURN_IF_ERROR(quantizer.patterns().add(silu_pattern()));

  q::InMemoryBatchSource batches;
  for (unsigned i = 0; i < 4; ++i) {
    std::vector<float> data = random_floats(4 * 8 * 8, 100 + i);
    TensorView view(DType::kF32, Shape{1, 4, 8, 8}, static_cast<const void*>(data.data()));
    q::Batch batch;
    batch.push_back(q::BatchTensor::copy_of("x", view));
    batches.add(std::move(batch));
  }
  ir::Graph graph = conv_silu_graph();
  EDGEQ_RETURN_IF_ERROR(ir::infer_shapes(graph));
  EDGEQ_ASSIGN_OR_RETURN(q::CalibratedModel model,
                         q::calibrate_model(std::move(graph), quantizer, batches));
  const q::NodeAnnotation* silu = model.annotations.find("silu");
  if (silu == nullptr || silu->pattern != "silu") {
    return edgeq::internal_error("the silu pattern did not claim the Mul");
  }
  std::printf("annotations:\n%s", model.annotations.to_string().c_str());
  EDGEQ_ASSIGN_OR_RETURN(ir::Graph qdq, q::convert_model(model));

  const std::vector<float> input = random_floats(4 * 8 * 8, 7);
  EDGEQ_ASSIGN_OR_RETURN(std::vector<float> reference, run(model.graph, input));
  EDGEQ_ASSIGN_OR_RETURN(std::vector<float> simulated, run(qdq, input));
  double signal = 0, noise = 0;
  for (size_t i = 0; i < reference.size(); ++i) {
    signal += double(reference[i]) * reference[i];
    noise += double(reference[i] - simulated[i]) * (reference[i] - simulated[i]);
  }
  *sqnr = 10 * std::log10(signal / std::max(noise, 1e-30));
  return Status::Ok();
}

}  // namespace

int main() {
  double sqnr = 0;
  Status status = run_example(&sqnr);
  if (!status.ok()) {
    std::fprintf(stderr, "custom_pattern_example: %s\n", status.to_string().c_str());
    return 1;
  }
  std::printf("Conv -> SiLU quantized with the custom 'silu' pattern: output SQNR %.1f dB\n", sqnr);
  return sqnr > 25.0 ? 0 : 1;
}
