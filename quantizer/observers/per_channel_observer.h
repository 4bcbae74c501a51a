// Min-max per channel (one range per index along an axis) or per group (one range per run of
// group_size elements along the axis), for weights. See observer.h.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "quantizer/observers/observer.h"

namespace edgeq::quantizer {

class PerChannelObserver : public Observer {
 public:
  // group_size 0: per channel; > 0: per group. `axis` may be negative (from the back).
  PerChannelObserver(std::string name, int axis, int group_size);

  ObserverKind kind() const override;
  Status observe(const TensorView& tensor) override;
  Result<QuantParams> compute(const QuantRangeSpec& spec) const override;
  Result<std::pair<float, float>> range(const QuantRangeSpec& spec) const override;
  std::unique_ptr<Observer> clone() const override;
  size_t num_observed() const override { return num_observed_; }

 private:
  std::string name_;
  int requested_axis_;
  int group_size_;
  int axis_ = -1;  // normalised at the first observe()
  Shape shape_;    // of the first observed tensor
  std::vector<float> mins_;
  std::vector<float> maxs_;
  size_t num_observed_ = 0;
};

}  // namespace edgeq::quantizer
