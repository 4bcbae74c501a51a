#include "quantizer/observers/histogram.h"

#include <algorithm>
#include <cmath>

namespace edgeq::quantizer {

Histogram::Histogram(int num_bins) : counts_(static_cast<size_t>(std::max(num_bins, 1)), 0.0) {}

int Histogram::zero_bin() const {
  if (width_ == 0.0) return 0;
  return std::clamp(static_cast<int>(std::floor(-lower_ / width_)), 0, num_bins() - 1);
}

void Histogram::grow_to(double min, double max) {
  const double n = num_bins();
  if (width_ == 0.0) {  // empty or only zeros so far: they all sit at 0
    const double zeros = total_;
    std::fill(counts_.begin(), counts_.end(), 0.0);
    lower_ = min;
    width_ = (max - min) / n;
    counts_[zero_bin()] = zeros;
    return;
  }
  const double below = min < lower_ ? std::ceil((lower_ - min) / width_) : 0.0;
  const double above = max > upper() ? std::ceil((max - upper()) / width_) : 0.0;
  const double factor = std::ceil((below + n + above) / n);
  std::vector<double> merged(counts_.size(), 0.0);
  for (size_t i = 0; i < counts_.size(); ++i) {
    const double target = std::floor((static_cast<double>(i) + below) / factor);
    merged[static_cast<size_t>(std::min(target, n - 1))] += counts_[i];
  }
  counts_ = std::move(merged);
  lower_ -= below * width_;
  width_ *= factor;
}

void Histogram::add(Span<const float> values) {
  if (values.empty()) return;
  const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
  min_value_ = total_ == 0.0 ? *lo : std::min(min_value_, *lo);
  max_value_ = total_ == 0.0 ? *hi : std::max(max_value_, *hi);
  const double min = std::min(0.0, static_cast<double>(*lo));
  const double max = std::max(0.0, static_cast<double>(*hi));
  if (max > min && (width_ == 0.0 || min < lower_ || max > upper())) grow_to(min, max);
  if (width_ == 0.0) {
    counts_[0] += static_cast<double>(values.size());
  } else {
    // Every value lies in [lower, upper] now: truncation is the floor (up to rounding at 0).
    const double inverse_width = 1.0 / width_;
    const auto last = static_cast<size_t>(num_bins() - 1);
    for (float value : values) {
      const auto bin = static_cast<size_t>(std::max(0.0, (value - lower_) * inverse_width));
      counts_[std::min(bin, last)] += 1.0;
    }
  }
  total_ += static_cast<double>(values.size());
}

}  // namespace edgeq::quantizer
