// Observers: they see the float data of one tensor (an activation over calibration batches, or a
// weight once) and turn what they saw into quantization parameters for a QuantRangeSpec.
//
// Kinds (ObserverOptions holds their settings):
//   kMinMax                running min / max over all data.
//   kMovingAverageMinMax   min/max of each observe() call averaged with an exponential moving
//                          average: m = m + c * (batch_m - m), c = averaging_constant (default
//                          0.01, PyTorch's); the first call sets m directly.
//   kPerChannelMinMax      min / max per index along `axis` (weights: the output channel).
//   kPerGroupMinMax        min / max per group of `group_size` consecutive elements along `axis`
//                          (laid out like QuantParams' per-group parameters).
//   kHistogram{Percentile,Mse,Entropy}
//                          a histogram of `num_bins` (default 2048) equal bins. Its range starts
//                          at the first data's [min, max] and grows when later data falls outside:
//                          the bin width becomes an integer multiple of the old one and the edges
//                          stay aligned, so every old bin merges exactly into one new bin (no
//                          smearing). The range is then chosen by
//                           - Percentile: the `percentile` (default 99.99) and 100 - percentile
//                             points of the distribution (linear inside a bin);
//                           - Mse: the clipping range minimising the expected quantization error
//                             (clipping error of the bins outside + step^2 / 12 rounding noise
//                             for the values inside), searched over a grid of shrunk ranges;
//                           - Entropy: TensorRT's calibration: the window around zero whose
//                             distribution, re-quantized to the spec's number of levels (at most
//                             256), has the smallest KL divergence from the clipped original.
//                          The chosen range never reaches beyond the observed min / max.
//                          Histogram observers give per-tensor parameters.
// Every observer accepts f32 tensors only and rejects NaN and Inf with an InvalidArgument naming
// the tensor (ObserverOptions::name) and the element index. Empty tensors are ignored. compute()
// without any observed data gives the all-zero range's parameters (scale 1, zero point 0) for the
// per-tensor kinds, and FailedPrecondition for the per-channel / per-group kinds (their number
// of parameters comes from the data's shape).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "quantizer/quant_params.h"
#include "runtime/core/status.h"
#include "runtime/core/tensor.h"

namespace edgeq::quantizer {

enum class ObserverKind {
  kMinMax,
  kMovingAverageMinMax,
  kPerChannelMinMax,
  kPerGroupMinMax,
  kHistogramPercentile,
  kHistogramMse,
  kHistogramEntropy,
};

// "minmax", "moving_average_minmax", "per_channel_minmax", "per_group_minmax", "percentile",
// "mse", "entropy": the names the CLI's --observer flag takes.
const char* observer_kind_name(ObserverKind kind);
// Inverse of observer_kind_name; InvalidArgument listing the valid names otherwise.
Result<ObserverKind> observer_kind_from_name(std::string_view name);

struct ObserverOptions {
  std::string name;                  // the observed tensor, for error messages
  int axis = 0;                      // per-channel / per-group axis (negative counts from back)
  int group_size = 0;                // per-group: elements per group along the axis (> 0)
  float averaging_constant = 0.01f;  // moving average, in (0, 1]
  int num_bins = 2048;               // histogram bins (>= 16)
  double percentile = 99.99;         // histogram percentile, in (50, 100]
};

class Observer {
 public:
  virtual ~Observer() = default;

  virtual ObserverKind kind() const = 0;
  // Adds the data of `tensor` (f32). Per-channel / per-group observers need the same shape on
  // every call. Errors name the tensor and, for NaN/Inf, the first bad element.
  virtual Status observe(const TensorView& tensor) = 0;
  // Parameters for `spec` from everything observed so far (const: may be called many times,
  // e.g. once per convert).
  virtual Result<QuantParams> compute(const QuantRangeSpec& spec) const = 0;
  // The [min, max] range the observer would quantize (per-tensor kinds: after clipping by the
  // histogram method for `spec`; per-channel/per-group kinds: the overall min and max).
  virtual Result<std::pair<float, float>> range(const QuantRangeSpec& spec) const = 0;
  // A copy with the same state (CalibratedModel copies).
  virtual std::unique_ptr<Observer> clone() const = 0;
  // Number of observe() calls whose (non-empty) data was taken in.
  virtual size_t num_observed() const = 0;
};

// Creates an observer; InvalidArgument for options the kind cannot use (e.g. per-group without a
// group size, a percentile outside (50, 100]).
Result<std::unique_ptr<Observer>> make_observer(ObserverKind kind,
                                                const ObserverOptions& options = {});

}  // namespace edgeq::quantizer
