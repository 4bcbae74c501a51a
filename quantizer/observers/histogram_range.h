// Choosing a clipping range from a histogram: percentile, minimum expected quantization error
// (MSE) and minimum KL divergence (entropy, TensorRT's calibration). See observer.h.
#pragma once

#include <utility>

#include "quantizer/observers/histogram.h"
#include "quantizer/quant_params.h"
#include "runtime/core/status.h"

namespace edgeq::quantizer {

using FloatRange = std::pair<float, float>;

// The (100 - percentile) and percentile points of the distribution, linear inside a bin.
FloatRange percentile_range(const Histogram& histogram, double percentile);

// The range [a, b] (a <= 0 <= b, each a fraction of the histogram's end) minimising the
// expected squared error of quantizing the histogram with `spec`'s parameters for [a, b]:
// values outside the representable range cost their clipping distance squared, values inside
// step^2 / 12. Symmetric specs search |a| == b only.
Result<FloatRange> mse_range(const Histogram& histogram, const QuantRangeSpec& spec);

// The window of bins around the zero bin whose distribution (outliers folded into its end bins)
// loses the least information (KL divergence) when merged into the spec's number of levels
// (at most num_bins / 8).
FloatRange entropy_range(const Histogram& histogram, const QuantRangeSpec& spec);

}  // namespace edgeq::quantizer
