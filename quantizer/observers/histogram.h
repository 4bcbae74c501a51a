// A histogram of equal-width bins over a range that always contains 0 and grows with the data.
// Growing keeps the old bin edges: the new width is an integer multiple k of the old one and the
// new lower edge lies a whole number of old bins below the old one, so each old bin falls
// entirely into one new bin and counts move without any smearing.
#pragma once

#include <vector>

#include "runtime/core/span.h"

namespace edgeq::quantizer {

class Histogram {
 public:
  explicit Histogram(int num_bins);

  // Adds finite values (the caller checks finiteness).
  void add(Span<const float> values);

  int num_bins() const { return static_cast<int>(counts_.size()); }
  // Lower edge of bin 0 and the bin width (0 while only zeros were seen).
  double lower() const { return lower_; }
  double bin_width() const { return width_; }
  double upper() const { return lower_ + width_ * num_bins(); }
  // The edge value of bin boundary `index` (0..num_bins).
  double edge(int index) const { return lower_ + width_ * index; }
  const std::vector<double>& counts() const { return counts_; }
  double total() const { return total_; }
  // The smallest and largest value added (0 and 0 before any).
  float min_value() const { return min_value_; }
  float max_value() const { return max_value_; }
  // The bin holding 0.
  int zero_bin() const;

 private:
  void grow_to(double min, double max);

  std::vector<double> counts_;
  double lower_ = 0.0;
  double width_ = 0.0;
  double total_ = 0.0;
  float min_value_ = 0.0f;
  float max_value_ = 0.0f;
};

}  // namespace edgeq::quantizer
