#include "runtime/kernels/resize_coords.h"

#include <algorithm>
#include <cmath>

namespace edgeq::runtime {

Result<CoordinateMode> parse_coordinate_mode(const std::string& name) {
  if (name == "half_pixel") return CoordinateMode::kHalfPixel;
  if (name == "pytorch_half_pixel") return CoordinateMode::kPytorchHalfPixel;
  if (name == "align_corners") return CoordinateMode::kAlignCorners;
  if (name == "asymmetric") return CoordinateMode::kAsymmetric;
  // ONNX's own test data spells it "tf_half_pixel_for_nn".
  if (name == "tf_half_pixel_for_nearest" || name == "tf_half_pixel_for_nn") {
    return CoordinateMode::kTfHalfPixelForNearest;
  }
  if (name == "tf_crop_and_resize" || name == "half_pixel_symmetric") {
    return unimplemented("Resize: coordinate_transformation_mode ", name);
  }
  return invalid_argument("Resize: unknown coordinate_transformation_mode '", name, "'");
}

Result<NearestMode> parse_nearest_mode(const std::string& name) {
  if (name == "round_prefer_floor") return NearestMode::kRoundPreferFloor;
  if (name == "round_prefer_ceil") return NearestMode::kRoundPreferCeil;
  if (name == "floor") return NearestMode::kFloor;
  if (name == "ceil") return NearestMode::kCeil;
  return invalid_argument("Resize: unknown nearest_mode '", name, "'");
}

double source_coordinate(CoordinateMode mode, int64_t out_index, double scale, int64_t in_size,
                         double resized) {
  const double x = static_cast<double>(out_index);
  switch (mode) {
    case CoordinateMode::kHalfPixel:
      return (x + 0.5) / scale - 0.5;
    case CoordinateMode::kPytorchHalfPixel:
      return resized > 1.0 ? (x + 0.5) / scale - 0.5 : 0.0;
    case CoordinateMode::kAlignCorners:
      return resized > 1.0 ? x * static_cast<double>(in_size - 1) / (resized - 1.0) : 0.0;
    case CoordinateMode::kAsymmetric:
      return x / scale;
    case CoordinateMode::kTfHalfPixelForNearest:
      return (x + 0.5) / scale;
  }
  return x;
}

namespace {

int64_t round_nearest(NearestMode mode, double x) {
  const double down = std::floor(x);
  switch (mode) {
    case NearestMode::kRoundPreferFloor:
      return static_cast<int64_t>(x - down == 0.5 ? down : std::round(x));
    case NearestMode::kRoundPreferCeil:
      return static_cast<int64_t>(x - down == 0.5 ? down + 1 : std::round(x));
    case NearestMode::kFloor:
      return static_cast<int64_t>(down);
    case NearestMode::kCeil:
      return static_cast<int64_t>(std::ceil(x));
  }
  return static_cast<int64_t>(down);
}

ResizeAxis empty_axis(int64_t out_size) {
  ResizeAxis axis;
  axis.first.assign(out_size, 0);
  axis.step.assign(out_size, 0);
  axis.frac.assign(out_size, 0.f);
  return axis;
}

}  // namespace

ResizeAxis nearest_axis(CoordinateMode coords, NearestMode rounding, double scale, int64_t in_size,
                        int64_t out_size, double resized) {
  ResizeAxis axis = empty_axis(out_size);
  for (int64_t o = 0; o < out_size; ++o) {
    const int64_t i =
        round_nearest(rounding, source_coordinate(coords, o, scale, in_size, resized));
    axis.first[o] = std::clamp<int64_t>(i, 0, in_size - 1);
  }
  return axis;
}

ResizeAxis linear_axis(CoordinateMode coords, double scale, int64_t in_size, int64_t out_size,
                       double resized) {
  ResizeAxis axis = empty_axis(out_size);
  for (int64_t o = 0; o < out_size; ++o) {
    const double x = std::clamp(source_coordinate(coords, o, scale, in_size, resized), 0.0,
                                static_cast<double>(in_size - 1));
    const int64_t i = static_cast<int64_t>(std::floor(x));
    axis.first[o] = i;
    axis.step[o] = i + 1 < in_size ? 1 : 0;
    axis.frac[o] = axis.step[o] == 0 ? 0.f : static_cast<float>(x - static_cast<double>(i));
    if (axis.frac[o] != 0.f) axis.interpolates = true;
  }
  return axis;
}

}  // namespace edgeq::runtime
