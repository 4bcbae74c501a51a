#include "quantizer/observers/observer.h"

#include "quantizer/observers/histogram_observer.h"
#include "quantizer/observers/min_max_observer.h"
#include "quantizer/observers/observed_data.h"
#include "quantizer/observers/per_channel_observer.h"

namespace edgeq::quantizer {
namespace {

constexpr ObserverKind kAllKinds[] = {
    ObserverKind::kMinMax,
    ObserverKind::kMovingAverageMinMax,
    ObserverKind::kPerChannelMinMax,
    ObserverKind::kPerGroupMinMax,
    ObserverKind::kHistogramPercentile,
    ObserverKind::kHistogramMse,
    ObserverKind::kHistogramEntropy,
};

}  // namespace

const char* observer_kind_name(ObserverKind kind) {
  switch (kind) {
    case ObserverKind::kMinMax:
      return "minmax";
    case ObserverKind::kMovingAverageMinMax:
      return "moving_average_minmax";
    case ObserverKind::kPerChannelMinMax:
      return "per_channel_minmax";
    case ObserverKind::kPerGroupMinMax:
      return "per_group_minmax";
    case ObserverKind::kHistogramPercentile:
      return "percentile";
    case ObserverKind::kHistogramMse:
      return "mse";
    case ObserverKind::kHistogramEntropy:
      return "entropy";
  }
  return "unknown";
}

Result<ObserverKind> observer_kind_from_name(std::string_view name) {
  std::string valid;
  for (ObserverKind kind : kAllKinds) {
    if (name == observer_kind_name(kind)) return kind;
    valid += valid.empty() ? "" : ", ";
    valid += observer_kind_name(kind);
  }
  return invalid_argument("unknown observer '", name, "' (valid: ", valid, ")");
}

Result<std::unique_ptr<Observer>> make_observer(ObserverKind kind, const ObserverOptions& options) {
  const std::string what = observed_name(options.name);
  switch (kind) {
    case ObserverKind::kMinMax:
      return std::unique_ptr<Observer>(std::make_unique<MinMaxObserver>(options.name, 0.0f));
    case ObserverKind::kMovingAverageMinMax:
      if (!(options.averaging_constant > 0.0f && options.averaging_constant <= 1.0f)) {
        return invalid_argument(what, ": averaging constant ", options.averaging_constant,
                                " must be in (0, 1]");
      }
      return std::unique_ptr<Observer>(
          std::make_unique<MinMaxObserver>(options.name, options.averaging_constant));
    case ObserverKind::kPerChannelMinMax:
      return std::unique_ptr<Observer>(
          std::make_unique<PerChannelObserver>(options.name, options.axis, 0));
    case ObserverKind::kPerGroupMinMax:
      if (options.group_size <= 0) {
        return invalid_argument(what, ": a per-group observer needs a group size > 0 (got ",
                                options.group_size, ")");
      }
      return std::unique_ptr<Observer>(
          std::make_unique<PerChannelObserver>(options.name, options.axis, options.group_size));
    case ObserverKind::kHistogramPercentile:
    case ObserverKind::kHistogramMse:
    case ObserverKind::kHistogramEntropy:
      if (options.num_bins < 16) {
        return invalid_argument(what, ": a histogram needs at least 16 bins (got ",
                                options.num_bins, ")");
      }
      if (kind == ObserverKind::kHistogramPercentile &&
          !(options.percentile > 50.0 && options.percentile <= 100.0)) {
        return invalid_argument(what, ": percentile ", options.percentile, " must be in (50, 100]");
      }
      return std::unique_ptr<Observer>(std::make_unique<HistogramObserver>(kind, options));
  }
  return invalid_argument(what, ": unknown observer kind ", static_cast<int>(kind));
}

}  // namespace edgeq::quantizer
