// Histogram observers: a growing histogram (histogram.h) whose clipping range is chosen by
// percentile, minimum MSE or minimum KL divergence (histogram_range.h). See observer.h.
#pragma once

#include <memory>
#include <string>
#include <utility>

#include "quantizer/observers/histogram.h"
#include "quantizer/observers/observer.h"

namespace edgeq::quantizer {

class HistogramObserver : public Observer {
 public:
  // `kind` is one of the three histogram kinds; options are checked by make_observer.
  HistogramObserver(ObserverKind kind, const ObserverOptions& options);

  ObserverKind kind() const override { return kind_; }
  Status observe(const TensorView& tensor) override;
  Result<QuantParams> compute(const QuantRangeSpec& spec) const override;
  Result<std::pair<float, float>> range(const QuantRangeSpec& spec) const override;
  std::unique_ptr<Observer> clone() const override;
  size_t num_observed() const override { return num_observed_; }

  const Histogram& histogram() const { return histogram_; }

 private:
  ObserverKind kind_;
  std::string name_;
  double percentile_;
  Histogram histogram_;
  size_t num_observed_ = 0;
};

}  // namespace edgeq::quantizer
