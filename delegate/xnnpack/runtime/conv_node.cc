#include "delegate/xnnpack/runtime/conv_node.h"

#include <atomic>

#include "delegate/xnnpack/runtime/linear_node.h"
#include "delegate/xnnpack/runtime/output_code.h"
#include "delegate/xnnpack/runtime/payload_reader.h"
#include "runtime/kernels/requantization.h"

namespace edgeq::xnnpack {
namespace {

std::atomic<ConvEngine> requested_engine{ConvEngine::kAuto};

// Int params of the two node kinds (define_convolution.cc documents them).
enum Param {
  kPadTop,
  kPadRight,
  kPadBottom,
  kPadLeft,
  kKernelH,
  kKernelW,
  kStrideH,
  kStrideW,
  kDilationH,
  kDilationW,
  kGroupsOrMultiplier,  // Convolution2d: groups; DepthwiseConvolution2d: depth multiplier
};
constexpr size_t kConvIntParams = 13;
constexpr size_t kDepthwiseIntParams = 12;

const schema::Node& node_at(const schema::Payload& payload, size_t index) {
  return *payload.nodes()->Get(static_cast<uint32_t>(index));
}

const schema::Value* value_at(const schema::Payload& payload, uint32_t id) {
  return id < payload.values()->size() ? payload.values()->Get(id) : nullptr;
}

bool is_depthwise(const schema::Node& node) {
  return node.kind() == schema::NodeKind::DepthwiseConvolution2d;
}

std::string describe(const schema::Node& node, size_t index) {
  return str_cat("xnnpack node ", index, " (", is_depthwise(node) ? "depthwise " : "",
                 "convolution '", node.name() == nullptr ? "" : node.name()->str(), "')");
}

// The int8 code XNNPACK's subgraph makes of the float output bound `bound`.
int32_t quantized_bound(float bound, const schema::Quantization& out) {
  return xnnpack_output_code(bound, out.scale(), out.zero_point(), -128, 127);
}

}  // namespace

void set_delegate_conv_engine(ConvEngine engine) { requested_engine.store(engine); }
ConvEngine delegate_conv_engine() { return requested_engine.load(); }

const char* conv_engine_name(ConvEngine engine) {
  switch (engine) {
    case ConvEngine::kXnnpack:
      return "xnnpack";
    case ConvEngine::kOwn:
      return "own";
    default:
      return "auto";
  }
}

std::string own_conv_refusal(const schema::Payload& payload, size_t index) {
  const schema::Node& node = node_at(payload, index);
  const bool depthwise = is_depthwise(node);
  if (node.kind() != schema::NodeKind::Convolution2d && !depthwise) return "not a convolution";
  const auto* ints = node.int_params();
  const auto* floats = node.float_params();
  if (node.inputs()->size() != 3 || node.outputs()->size() != 1 || ints == nullptr ||
      ints->size() != (depthwise ? kDepthwiseIntParams : kConvIntParams) || floats == nullptr ||
      floats->size() != 2) {
    return "unexpected operands or params";
  }
  if (node.flags() != 0) return "XNNPACK flags set";
  const schema::Value* x = value_at(payload, node.inputs()->Get(0));
  const schema::Value* w = value_at(payload, node.inputs()->Get(1));
  const schema::Value* y = value_at(payload, node.outputs()->Get(0));
  if (x == nullptr || w == nullptr || y == nullptr) return "missing value";
  if (x->datatype() != schema::DataType::QInt8 || y->datatype() != schema::DataType::QInt8) {
    return "activations are not int8";
  }
  if (x->dims() == nullptr || x->dims()->size() != 4 || y->dims() == nullptr ||
      y->dims()->size() != 4) {
    return "activations are not 4-D";
  }
  const bool int8_filter = w->datatype() == schema::DataType::QCInt8 ||
                           (w->datatype() == schema::DataType::QInt8 &&
                            w->quantization()->zero_point() == 0);
  if (!int8_filter || w->constant() < 0) return "filter is not a constant int8 with zero point 0";
  const uint32_t bias_id = node.inputs()->Get(2);
  if (bias_id != kAbsentValue) {
    const schema::Value* bias = value_at(payload, bias_id);
    if (bias == nullptr || bias->constant() < 0 ||
        (bias->datatype() != schema::DataType::QInt32 &&
         bias->datatype() != schema::DataType::QCInt32)) {
      return "bias is not a constant int32";
    }
  }
  if (ints->Get(kGroupsOrMultiplier) != 1) {
    return depthwise ? "depth multiplier is not 1" : "grouped convolution";
  }
  const int64_t kh = ints->Get(kKernelH), kw = ints->Get(kKernelW);
  if (depthwise && (kh != kw || (kh != 3 && kh != 5))) return "depthwise kernel is not 3x3 or 5x5";
  if (kh * kw > kMaxQConvTaps) return str_cat("kernel has more than ", kMaxQConvTaps, " taps");
  return "";
}

ConvEngine conv_engine_for(const schema::Payload& payload, size_t index, ConvEngine engine,
                           LinearIsa isa) {
  if (engine == ConvEngine::kXnnpack || !own_conv_refusal(payload, index).empty()) {
    return ConvEngine::kXnnpack;
  }
  if (engine == ConvEngine::kOwn) return ConvEngine::kOwn;
  return isa == LinearIsa::kAvx512Vnni ? ConvEngine::kOwn : ConvEngine::kXnnpack;
}

std::vector<ConvChoice> conv_choices(const schema::Payload& payload) {
  const LinearIsa isa = resolved_delegate_linear_isa();
  std::vector<ConvChoice> choices;
  for (size_t i = 0; i < payload.nodes()->size(); ++i) {
    const schema::Node& node = node_at(payload, i);
    if (node.kind() != schema::NodeKind::Convolution2d && !is_depthwise(node)) continue;
    ConvChoice choice;
    choice.node = node.name() == nullptr ? "" : node.name()->str();
    choice.depthwise = is_depthwise(node);
    choice.refusal = own_conv_refusal(payload, i);
    choice.engine = conv_engine_for(payload, i, delegate_conv_engine(), isa);
    choices.push_back(std::move(choice));
  }
  return choices;
}

namespace {

// The geometry of eligible node `node` from its values' dims and its params.
Result<QConvGeometry> geometry_of(const schema::Payload& payload, const schema::Node& node) {
  const auto* ints = node.int_params();
  const schema::Value& x = *value_at(payload, node.inputs()->Get(0));
  const schema::Value& w = *value_at(payload, node.inputs()->Get(1));
  const schema::Value& y = *value_at(payload, node.outputs()->Get(0));
  QConvGeometry g;
  g.in_h = x.dims()->Get(1);
  g.in_w = x.dims()->Get(2);
  g.in_c = x.dims()->Get(3);
  g.out_h = y.dims()->Get(1);
  g.out_w = y.dims()->Get(2);
  g.out_c = y.dims()->Get(3);
  g.kernel_h = ints->Get(kKernelH);
  g.kernel_w = ints->Get(kKernelW);
  g.stride_h = ints->Get(kStrideH);
  g.stride_w = ints->Get(kStrideW);
  g.dilation_h = ints->Get(kDilationH);
  g.dilation_w = ints->Get(kDilationW);
  g.pad_top = ints->Get(kPadTop);
  g.pad_left = ints->Get(kPadLeft);
  // The outputs the params give must be the output value's (the kernels imply the far padding).
  const auto expected_out = [](int64_t in, int64_t pad, int64_t kernel, int64_t dilation,
                               int64_t stride) {
    const int64_t span = in + pad - (kernel - 1) * dilation - 1;
    return span < 0 || stride < 1 ? -1 : span / stride + 1;
  };
  if (expected_out(g.in_h, g.pad_top + ints->Get(kPadBottom), g.kernel_h, g.dilation_h,
                   g.stride_h) != g.out_h ||
      expected_out(g.in_w, g.pad_left + ints->Get(kPadRight), g.kernel_w, g.dilation_w,
                   g.stride_w) != g.out_w) {
    return data_loss("output dims do not follow from the params");
  }
  int64_t filter_count = 1;
  for (uint32_t d : *w.dims()) filter_count *= d;
  const int64_t expected_count = g.kernel_h * g.kernel_w * g.out_c *
                                 (is_depthwise(node) ? 1 : g.in_c);
  if (filter_count != expected_count || (is_depthwise(node) && g.in_c != g.out_c)) {
    return data_loss("filter dims do not fit the convolution");
  }
  return g;
}

// The zero points, per-channel multipliers and clamp of eligible node `node`.
Result<QConvRequantization> requantization_of(const schema::Payload& payload,
                                              const schema::Node& node, int64_t out_c) {
  const schema::Quantization& xq = *value_at(payload, node.inputs()->Get(0))->quantization();
  const schema::Value& w = *value_at(payload, node.inputs()->Get(1));
  const schema::Quantization& yq = *value_at(payload, node.outputs()->Get(0))->quantization();
  QConvRequantization r;
  r.input_zero_point = xq.zero_point();
  r.output_zero_point = yq.zero_point();
  r.qmin = quantized_bound(node.float_params()->Get(0), yq);
  r.qmax = quantized_bound(node.float_params()->Get(1), yq);
  const auto* channel_scales = w.quantization()->channel_scales();
  const bool per_channel = w.datatype() == schema::DataType::QCInt8;
  if (per_channel &&
      (channel_scales == nullptr || static_cast<int64_t>(channel_scales->size()) != out_c)) {
    return data_loss("filter needs ", out_c, " channel scales");
  }
  r.scales.resize(static_cast<size_t>(out_c));
  for (int64_t c = 0; c < out_c; ++c) {
    const float weight_scale = per_channel ? channel_scales->Get(static_cast<uint32_t>(c))
                                           : w.quantization()->scale();
    r.scales[static_cast<size_t>(c)] =
        runtime::conv_requantization_scale(xq.scale(), weight_scale, yq.scale());
  }
  return r;
}

// Packs eligible node `node` from the payload's constants.
Result<PackedQConv> pack_node(const schema::Payload& payload, const schema::Node& node,
                              const std::vector<const void*>& constant_data) {
  EDGEQ_ASSIGN_OR_RETURN(QConvGeometry g, geometry_of(payload, node));
  EDGEQ_ASSIGN_OR_RETURN(QConvRequantization r, requantization_of(payload, node, g.out_c));
  const schema::Value& w = *value_at(payload, node.inputs()->Get(1));
  const auto* filter = static_cast<const int8_t*>(constant_data[static_cast<size_t>(w.constant())]);
  const int32_t* bias = nullptr;
  const uint32_t bias_id = node.inputs()->Get(2);
  if (bias_id != kAbsentValue) {
    const schema::Value& b = *value_at(payload, bias_id);
    if (b.dims() == nullptr || b.dims()->size() != 1 ||
        static_cast<int64_t>(b.dims()->Get(0)) != g.out_c) {
      return data_loss("bias must have ", g.out_c, " elements");
    }
    bias = static_cast<const int32_t*>(constant_data[static_cast<size_t>(b.constant())]);
  }
  return is_depthwise(node) ? pack_qconv_depthwise(filter, bias, g, std::move(r))
                            : pack_qconv(filter, bias, g, std::move(r));
}

}  // namespace

Result<ConvNode> ConvNode::create(const schema::Payload& payload, size_t index,
                                  const std::vector<const void*>& constant_data) {
  const schema::Node& node = node_at(payload, index);
  const std::string refusal = own_conv_refusal(payload, index);
  if (!refusal.empty()) return data_loss(describe(node, index), ": ", refusal);
  Result<PackedQConv> packed = pack_node(payload, node, constant_data);
  if (!packed.ok()) return packed.status().with_context(describe(node, index));
  ConvNode conv;
  conv.index_ = index;
  conv.input_ = node.inputs()->Get(0);
  conv.output_ = node.outputs()->Get(0);
  conv.packed_ = std::move(packed).value();
  return conv;
}

Result<int64_t> ConvNode::batch(const std::vector<size_t>& x_dims,
                                const std::vector<size_t>& y_dims) const {
  const QConvGeometry& g = packed_.geometry();
  const auto fits = [](const std::vector<size_t>& dims, int64_t h, int64_t w, int64_t c) {
    return dims.size() == 4 && static_cast<int64_t>(dims[1]) == h &&
           static_cast<int64_t>(dims[2]) == w && static_cast<int64_t>(dims[3]) == c;
  };
  if (!fits(x_dims, g.in_h, g.in_w, g.in_c) || !fits(y_dims, g.out_h, g.out_w, g.out_c) ||
      x_dims[0] != y_dims[0] || x_dims[0] == 0) {
    return data_loss("xnnpack node ", index_, " (convolution): input and output dims do not fit ",
                     "the packed convolution");
  }
  return static_cast<int64_t>(x_dims[0]);
}

Status ConvNode::run(const int8_t* x, int64_t batch, int8_t* y, Span<uint8_t> scratch,
                     LinearIsa isa, pthreadpool_t pool) const {
  return run_qconv(packed_, x, batch, y, scratch, isa, pool);
}

}  // namespace edgeq::xnnpack
