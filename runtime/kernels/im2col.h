// im2col and its adjoint col2im over the canonical 3-D window geometry (conv_params.h): the bridge
// that turns a convolution into one GEMM per group.
//
// The column matrix has one row per (channel, kernel offset) and one column per output position:
// col[(c * kernel_size + k) * output_size + o] is the input element that kernel offset k sees at
// output position o, or 0 where that falls in the padding.
#pragma once

#include <cstdint>

#include "runtime/kernels/conv_params.h"

namespace edgeq::runtime {

// Fills `col` (channels * g.kernel_size() rows of g.output_size()) from `image`
// (channels planes of g.input_size()).
void im2col(const float* image, int64_t channels, const WindowGeometry& g, float* col);

// The adjoint: sets `image` (channels planes of g.input_size()) to the sum, over every column
// entry, of that entry added at the input position it was read from (padding entries are dropped).
void col2im(const float* col, int64_t channels, const WindowGeometry& g, float* image);

}  // namespace edgeq::runtime
