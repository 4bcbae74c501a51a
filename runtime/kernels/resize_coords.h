// Resize's coordinate mapping: for each output index along one dim, which input indices it reads
// and with what weight, under ONNX's coordinate_transformation_mode and nearest_mode rules.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "runtime/core/status.h"

namespace edgeq::runtime {

enum class CoordinateMode {
  kHalfPixel,
  kPytorchHalfPixel,
  kAlignCorners,
  kAsymmetric,
  kTfHalfPixelForNearest
};
enum class NearestMode { kRoundPreferFloor, kRoundPreferCeil, kFloor, kCeil };

Result<CoordinateMode> parse_coordinate_mode(const std::string& name);
Result<NearestMode> parse_nearest_mode(const std::string& name);

// The input coordinate (in input elements, possibly fractional or outside [0, in)) that output
// index `out_index` maps to. `scale` is the given scale, or out_size / in_size when sizes were
// given; `resized` is the unrounded output length, in_size * scale for given scales (what
// align_corners and pytorch_half_pixel use, as in ONNX's reference) or the given size.
double source_coordinate(CoordinateMode mode, int64_t out_index, double scale, int64_t in_size,
                         double resized);

// How one dim is resampled: output index o reads input first[o] with weight 1 - frac[o] and
// input first[o] + step[o] with weight frac[o] (step is 0 or 1; nearest mode always has frac 0).
struct ResizeAxis {
  std::vector<int64_t> first;
  std::vector<int64_t> step;
  std::vector<float> frac;
  bool interpolates = false;  // some frac[o] != 0
};

// Nearest: first[o] = the rounded source coordinate clamped to [0, in_size).
ResizeAxis nearest_axis(CoordinateMode coords, NearestMode rounding, double scale, int64_t in_size,
                        int64_t out_size, double resized);
// Linear: the two neighbours of the source coordinate clamped to [0, in_size - 1].
ResizeAxis linear_axis(CoordinateMode coords, double scale, int64_t in_size, int64_t out_size,
                       double resized);

}  // namespace edgeq::runtime
