#include "quantizer/observers/histogram_observer.h"

#include "quantizer/observers/histogram_range.h"
#include "quantizer/observers/observed_data.h"

namespace edgeq::quantizer {

HistogramObserver::HistogramObserver(ObserverKind kind, const ObserverOptions& options)
    : kind_(kind),
      name_(options.name),
      percentile_(options.percentile),
      histogram_(options.num_bins) {}

Status HistogramObserver::observe(const TensorView& tensor) {
  EDGEQ_ASSIGN_OR_RETURN(Span<const float> data, finite_f32_data(tensor, name_));
  if (data.empty()) return Status::Ok();
  histogram_.add(data);
  ++num_observed_;
  return Status::Ok();
}

Result<std::pair<float, float>> HistogramObserver::range(const QuantRangeSpec& spec) const {
  EDGEQ_RETURN_IF_ERROR(validate_range_spec(spec, observed_name(name_)));
  switch (kind_) {
    case ObserverKind::kHistogramPercentile:
      return percentile_range(histogram_, percentile_);
    case ObserverKind::kHistogramMse: {
      Result<FloatRange> chosen = mse_range(histogram_, spec);
      if (!chosen.ok()) return chosen.status().with_context(observed_name(name_));
      return chosen;
    }
    case ObserverKind::kHistogramEntropy:
      return entropy_range(histogram_, spec);
    default:
      return internal_error(observed_name(name_), ": not a histogram observer kind");
  }
}

Result<QuantParams> HistogramObserver::compute(const QuantRangeSpec& spec) const {
  EDGEQ_ASSIGN_OR_RETURN(FloatRange chosen, range(spec));
  return quant_params_from_range(chosen.first, chosen.second, spec, observed_name(name_));
}

std::unique_ptr<Observer> HistogramObserver::clone() const {
  return std::make_unique<HistogramObserver>(*this);
}

}  // namespace edgeq::quantizer
