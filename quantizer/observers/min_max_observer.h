// Per-tensor min-max observers: the running min/max (kMinMax) and its exponential moving average
// over observe() calls (kMovingAverageMinMax). See observer.h.
#pragma once

#include <memory>
#include <string>
#include <utility>

#include "quantizer/observers/observer.h"

namespace edgeq::quantizer {

class MinMaxObserver : public Observer {
 public:
  // `averaging_constant` > 0 makes it the moving-average kind.
  MinMaxObserver(std::string name, float averaging_constant);

  ObserverKind kind() const override;
  Status observe(const TensorView& tensor) override;
  Result<QuantParams> compute(const QuantRangeSpec& spec) const override;
  Result<std::pair<float, float>> range(const QuantRangeSpec& spec) const override;
  std::unique_ptr<Observer> clone() const override;
  size_t num_observed() const override { return num_observed_; }

 private:
  std::string name_;
  float averaging_constant_;
  float min_ = 0.0f;
  float max_ = 0.0f;
  size_t num_observed_ = 0;
};

}  // namespace edgeq::quantizer
