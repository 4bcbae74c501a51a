#include "quantizer/observers/per_channel_observer.h"

#include <algorithm>
#include <limits>

#include "quantizer/observers/observed_data.h"

namespace edgeq::quantizer {

PerChannelObserver::PerChannelObserver(std::string name, int axis, int group_size)
    : name_(std::move(name)), requested_axis_(axis), group_size_(group_size) {}

ObserverKind PerChannelObserver::kind() const {
  return group_size_ > 0 ? ObserverKind::kPerGroupMinMax : ObserverKind::kPerChannelMinMax;
}

Status PerChannelObserver::observe(const TensorView& tensor) {
  EDGEQ_ASSIGN_OR_RETURN(Span<const float> data, finite_f32_data(tensor, name_));
  if (num_observed_ == 0) {
    const int rank = tensor.shape.rank();
    const int axis = requested_axis_ < 0 ? requested_axis_ + rank : requested_axis_;
    if (axis < 0 || axis >= rank) {
      return invalid_argument(observed_name(name_), ": axis ", requested_axis_,
                              " out of range for ", tensor.to_string());
    }
    axis_ = axis;
    shape_ = tensor.shape;
  } else if (tensor.shape != shape_) {
    return invalid_argument(observed_name(name_), ": shape ", tensor.shape.to_string(),
                            " differs from the first observed shape ", shape_.to_string(),
                            " (per-channel observers need one shape)");
  }
  EDGEQ_ASSIGN_OR_RETURN(runtime::QuantParamLayout layout,
                         quant_param_layout(shape_, axis_, group_size_, observed_name(name_)));
  EDGEQ_ASSIGN_OR_RETURN(Shape param_shape,
                         quant_param_shape(shape_, axis_, group_size_, observed_name(name_)));
  if (num_observed_ == 0) {
    const auto count = static_cast<size_t>(param_shape.numel());
    mins_.assign(count, std::numeric_limits<float>::infinity());
    maxs_.assign(count, -std::numeric_limits<float>::infinity());
  }
  runtime::for_each_quantized_element(layout, [&](int64_t element, int64_t param) {
    mins_[param] = std::min(mins_[param], data[element]);
    maxs_[param] = std::max(maxs_[param], data[element]);
  });
  ++num_observed_;
  return Status::Ok();
}

Result<std::pair<float, float>> PerChannelObserver::range(const QuantRangeSpec& /*spec*/) const {
  if (mins_.empty()) return std::make_pair(0.0f, 0.0f);
  return std::make_pair(*std::min_element(mins_.begin(), mins_.end()),
                        *std::max_element(maxs_.begin(), maxs_.end()));
}

Result<QuantParams> PerChannelObserver::compute(const QuantRangeSpec& spec) const {
  if (num_observed_ == 0) {
    return failed_precondition(observed_name(name_),
                               ": a per-channel observer needs data before compute()");
  }
  // A channel with no elements (a zero-sized dim elsewhere) keeps +-inf: treat it as all zero.
  std::vector<float> mins = mins_;
  std::vector<float> maxs = maxs_;
  for (size_t i = 0; i < mins.size(); ++i) {
    if (mins[i] > maxs[i]) mins[i] = maxs[i] = 0.0f;
  }
  return quant_params_from_ranges(mins, maxs, axis_, group_size_, spec, observed_name(name_));
}

std::unique_ptr<Observer> PerChannelObserver::clone() const {
  return std::make_unique<PerChannelObserver>(*this);
}

}  // namespace edgeq::quantizer
