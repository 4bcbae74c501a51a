#include "quantizer/observers/min_max_observer.h"

#include <algorithm>

#include "quantizer/observers/observed_data.h"

namespace edgeq::quantizer {

MinMaxObserver::MinMaxObserver(std::string name, float averaging_constant)
    : name_(std::move(name)), averaging_constant_(averaging_constant) {}

ObserverKind MinMaxObserver::kind() const {
  return averaging_constant_ > 0.0f ? ObserverKind::kMovingAverageMinMax : ObserverKind::kMinMax;
}

Status MinMaxObserver::observe(const TensorView& tensor) {
  EDGEQ_ASSIGN_OR_RETURN(Span<const float> data, finite_f32_data(tensor, name_));
  if (data.empty()) return Status::Ok();  // an empty tensor carries no range
  const auto [lo, hi] = std::minmax_element(data.begin(), data.end());
  if (num_observed_ == 0) {
    min_ = *lo;
    max_ = *hi;
  } else if (averaging_constant_ > 0.0f) {
    min_ += averaging_constant_ * (*lo - min_);
    max_ += averaging_constant_ * (*hi - max_);
  } else {
    min_ = std::min(min_, *lo);
    max_ = std::max(max_, *hi);
  }
  ++num_observed_;
  return Status::Ok();
}

Result<std::pair<float, float>> MinMaxObserver::range(const QuantRangeSpec& /*spec*/) const {
  return std::make_pair(min_, max_);
}

Result<QuantParams> MinMaxObserver::compute(const QuantRangeSpec& spec) const {
  return quant_params_from_range(min_, max_, spec, observed_name(name_));
}

std::unique_ptr<Observer> MinMaxObserver::clone() const {
  return std::make_unique<MinMaxObserver>(*this);
}

}  // namespace edgeq::quantizer
