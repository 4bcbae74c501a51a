// Resize in linear mode over H and W of a 4-D input as XNNPACK's static bilinear resize. XNNPACK
// maps output index o to an input coordinate with the ratio in / out:
//   no flag:                   (o + 0.5) * in / out - 0.5, clamped to [0, in - 1]  = half_pixel
//   XNN_FLAG_ALIGN_CORNERS:    o * (in - 1) / (out - 1) (0 when out is 1)          = align_corners
//   XNN_FLAG_TENSORFLOW_LEGACY_MODE: o * in / out                                  = asymmetric
// pytorch_half_pixel equals half_pixel unless an output size is 1. ONNX uses the given scale
// instead of out / in, so given scales must give whole output sizes. Other modes stay portable, and
// so do int8/uint8 inputs (no portable integer Resize to be bit-exact with).
#include <cmath>

#include "delegate/xnnpack/aot/ops/op_util.h"

namespace edgeq::xnnpack {
namespace {

// xnnpack.h's flag values (the aot side does not include XNNPACK).
constexpr uint32_t kFlagTensorflowLegacyMode = 0x4;  // XNN_FLAG_TENSORFLOW_LEGACY_MODE
constexpr uint32_t kFlagAlignCorners = 0x8;          // XNN_FLAG_ALIGN_CORNERS

// The XNNPACK flags of a delegated Resize, or the reason it is not delegated.
struct ResizeSpec {
  uint32_t flags = 0;
  std::string error;
};

ResizeSpec fail(ResizeSpec spec, std::string error) {
  spec.error = std::move(error);
  return spec;
}

// The flags for a coordinate_transformation_mode (opset 10 Resize, with inputs (X, scales), has
// no such attribute: its behaviour is asymmetric).
ResizeSpec coordinate_flags(const ir::Node& node) {
  ResizeSpec spec;
  const bool opset10 = node.num_inputs() == 2;
  auto mode = node.attrs().get_string("coordinate_transformation_mode",
                                      opset10 ? "asymmetric" : "half_pixel");
  if (!mode.ok()) return fail(spec, mode.status().message());
  if (*mode == "half_pixel") return spec;
  if (*mode == "pytorch_half_pixel") {
    const Shape& out = node.output(0)->shape();
    const Shape& in = node.input(0)->shape();
    for (int d = 2; d < 4; ++d) {
      if (out[d] == 1 && in[d] > 1) {
        return fail(spec, str_cat("pytorch_half_pixel to an output size of 1 (dim ", d,
                                  ") reads input 0, XNNPACK's half pixel the centre"));
      }
    }
    return spec;
  }
  if (*mode == "align_corners") {
    spec.flags = kFlagAlignCorners;
    return spec;
  }
  if (*mode == "asymmetric") {
    spec.flags = kFlagTensorflowLegacyMode;
    return spec;
  }
  return fail(spec, str_cat("coordinate_transformation_mode ", *mode,
                            " (XNNPACK: half_pixel, pytorch_half_pixel, align_corners, "
                            "asymmetric)"));
}

// Checks the output size and the coordinate scale agree with XNNPACK's in / out on every dim.
std::string check_scales(const ir::Node& node) {
  const bool opset10 = node.num_inputs() == 2;
  const ir::Value* scales = node.input(opset10 ? 1 : 2);
  const ir::Value* sizes = opset10 ? nullptr : node.input(3);
  if (scales != nullptr && scales->shape().numel() == 0) scales = nullptr;
  if (sizes != nullptr && sizes->shape().numel() == 0) sizes = nullptr;
  const ir::Value* given = scales != nullptr ? scales : sizes;
  if (given == nullptr || !given->is_constant()) return "scales or sizes must be constant";
  if (node.attrs().has("axes")) return "the axes attribute is not supported";
  auto policy = node.attrs().get_string("keep_aspect_ratio_policy", "stretch");
  if (!policy.ok() || *policy != "stretch") return "keep_aspect_ratio_policy other than stretch";
  const Shape& in = node.input(0)->shape();
  const Shape& out = node.output(0)->shape();
  if (out[0] != in[0] || out[1] != in[1]) return "resizes N or C (XNNPACK: H and W only)";
  if (sizes != nullptr) return "";  // the coordinate scale is out / in
  if (scales->dtype() != DType::kF32 || scales->shape().numel() != 4) {
    return "scales must be 4 f32 values";
  }
  const std::vector<float> values = constant_floats(*scales);
  if (values[0] != 1.f || values[1] != 1.f) return "scales N or C (XNNPACK: H and W only)";
  for (int d = 2; d < 4; ++d) {
    const double exact = static_cast<double>(in[d]) * values[d];
    if (exact != std::floor(exact)) {
      return str_cat("scale ", values[d], " of dim ", d, " gives ", exact,
                     " output rows, not whole (XNNPACK interpolates with in / out)");
    }
  }
  return "";
}

ResizeSpec resize_spec(const ir::Node& node) {
  ResizeSpec spec;
  auto mode = node.attrs().get_string("mode", "nearest");
  if (!mode.ok()) return fail(spec, mode.status().message());
  if (*mode != "linear") return fail(spec, str_cat("mode ", *mode, " (XNNPACK: linear only)"));
  auto antialias = node.attrs().get_int("antialias", 0);
  if (!antialias.ok() || *antialias != 0) return fail(spec, "antialias");
  if (node.input(0)->shape().rank() != 4 || node.output(0)->shape().rank() != 4) {
    return fail(spec, str_cat("input rank ", node.input(0)->shape().rank(), " (XNNPACK: 4-D)"));
  }
  const std::string scale_error = check_scales(node);
  if (!scale_error.empty()) return fail(spec, scale_error);
  return coordinate_flags(node);
}

SupportDecision supports_resize(const ir::Graph&, const ir::Node& node) {
  if (node.input(0)->dtype() == DType::kI8 || node.input(0)->dtype() == DType::kU8) {
    return unsupported(node,
                       "int8/uint8 input: the portable Resize kernel is f32 only, so there is no "
                       "integer reference for XNNPACK's quantized resize to match");
  }
  SupportDecision f32 = require_f32(node, {0});
  if (!f32.supported) return f32;
  if (node.input(0)->is_constant()) {
    return unsupported(node, "constant input (left to constant folding)");
  }
  const ResizeSpec spec = resize_spec(node);
  if (!spec.error.empty()) return unsupported(node, spec.error);
  return SupportDecision::yes();
}

Status lower_resize(LoweringContext& context, const ir::Node& node) {
  const ResizeSpec spec = resize_spec(node);
  if (!spec.error.empty()) return invalid_argument(spec.error);
  const Shape& out = node.output(0)->shape();
  PayloadNode payload_node;
  payload_node.kind = schema::NodeKind::StaticResizeBilinear2d;
  EDGEQ_ASSIGN_OR_RETURN(uint32_t input, context.value_id(node.input(0)));
  payload_node.inputs = {input};
  payload_node.outputs = {context.define_output(node.output(0))};
  payload_node.int_params = {out[2], out[3]};
  payload_node.flags = spec.flags;
  context.add_node(node, std::move(payload_node), /*has_output_range=*/false);
  return Status::Ok();
}

}  // namespace

std::vector<OpLowering> resize_ops() { return {{OpType::kResize, supports_resize, lower_resize}}; }

}  // namespace edgeq::xnnpack
