#include "quantizer/observers/histogram_range.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace edgeq::quantizer {
namespace {

// Steps of the MSE grid search: per side for asymmetric specs, for the threshold when symmetric.
constexpr int kAsymmetricSteps = 128;
constexpr int kSymmetricSteps = 512;
// Smoothing of empty bins before the KL divergence (ONNX Runtime's and TensorRT's habit).
constexpr double kKlSmoothing = 1e-4;

// The value below which `target` of the histogram's mass lies.
double value_at_mass(const Histogram& histogram, double target) {
  const std::vector<double>& counts = histogram.counts();
  double below = 0.0;
  for (int b = 0; b < histogram.num_bins(); ++b) {
    const double count = counts[b];
    if (count > 0.0 && below + count >= target) {
      const double fraction = std::clamp((target - below) / count, 0.0, 1.0);
      return histogram.edge(b) + fraction * histogram.bin_width();
    }
    below += count;
  }
  return histogram.upper();
}

// Prefix sums of count, count * center and count * center^2 for O(1) clipping errors.
struct PrefixSums {
  std::vector<double> count, first, second;

  explicit PrefixSums(const Histogram& histogram)
      : count(histogram.num_bins() + 1, 0.0), first(count.size(), 0.0), second(count.size(), 0.0) {
    for (int b = 0; b < histogram.num_bins(); ++b) {
      const double c = histogram.counts()[b];
      const double center = histogram.edge(b) + 0.5 * histogram.bin_width();
      count[b + 1] = count[b] + c;
      first[b + 1] = first[b] + c * center;
      second[b + 1] = second[b] + c * center * center;
    }
  }
  // Sum over bins [begin, end) of count * (center - at)^2.
  double squared_distance(int begin, int end, double at) const {
    const double n = count[end] - count[begin];
    const double s1 = first[end] - first[begin];
    const double s2 = second[end] - second[begin];
    return std::max(0.0, s2 - 2.0 * at * s1 + at * at * n);
  }
};

// Expected squared error of quantizing the histogram with parameters for [min, max].
Result<double> quantization_error(const Histogram& histogram, const PrefixSums& sums, double min,
                                  double max, const QuantRangeSpec& spec) {
  EDGEQ_ASSIGN_OR_RETURN(ScaleZeroPoint params,
                         choose_scale_zero_point(static_cast<float>(min), static_cast<float>(max),
                                                 spec, "MSE range search"));
  const double scale = params.scale;
  const double low = scale * (spec.quant_min - params.zero_point);
  const double high = scale * (spec.quant_max - params.zero_point);
  const int n = histogram.num_bins();
  const double width = histogram.bin_width();
  // Bins whose center lies below `low` / above `high` are clipped.
  const auto clamp_bin = [n](double position) {
    return static_cast<int>(std::clamp(position, 0.0, static_cast<double>(n)));
  };
  const int first_inside = clamp_bin(std::ceil((low - histogram.lower()) / width - 0.5));
  const int first_above =
      std::max(first_inside, clamp_bin(std::floor((high - histogram.lower()) / width - 0.5) + 1));
  const double inside = sums.count[first_above] - sums.count[first_inside];
  return sums.squared_distance(0, first_inside, low) + sums.squared_distance(first_above, n, high) +
         inside * scale * scale / 12.0;
}

// Normalises `distribution` to sum 1 and moves a little mass into its empty bins; false when it
// has no mass or too few non-empty bins to give.
bool normalize_and_smooth(std::vector<double>& distribution) {
  double total = 0.0;
  size_t zeros = 0;
  for (double d : distribution) {
    total += d;
    zeros += d == 0.0 ? 1 : 0;
  }
  const size_t nonzeros = distribution.size() - zeros;
  if (total <= 0.0 || nonzeros == 0) return false;
  const double taken = kKlSmoothing * static_cast<double>(zeros) / static_cast<double>(nonzeros);
  for (double& d : distribution) {
    d = d == 0.0 ? kKlSmoothing : d / total - taken;
    if (d <= 0.0) return false;
  }
  return true;
}

// KL(P || Q) for the bins [begin, end) merged into `levels` levels.
double window_divergence(const std::vector<double>& counts, int begin, int end, int levels) {
  const int bins = end - begin;
  std::vector<double> reference(counts.begin() + begin, counts.begin() + end);
  for (int b = 0; b < begin; ++b) reference.front() += counts[b];
  for (size_t b = static_cast<size_t>(end); b < counts.size(); ++b) reference.back() += counts[b];
  std::vector<double> merged(static_cast<size_t>(bins), 0.0);
  for (int level = 0; level < levels; ++level) {
    const int first = begin + static_cast<int>(static_cast<int64_t>(level) * bins / levels);
    const int last = begin + static_cast<int>(static_cast<int64_t>(level + 1) * bins / levels);
    double mass = 0.0;
    int nonempty = 0;
    for (int b = first; b < last; ++b) {
      mass += counts[b];
      nonempty += counts[b] > 0.0 ? 1 : 0;
    }
    if (nonempty == 0) continue;
    for (int b = first; b < last; ++b) {
      if (counts[b] > 0.0) merged[b - begin] = mass / nonempty;
    }
  }
  if (!normalize_and_smooth(reference) || !normalize_and_smooth(merged)) {
    return std::numeric_limits<double>::infinity();
  }
  double divergence = 0.0;
  for (int b = 0; b < bins; ++b) divergence += reference[b] * std::log(reference[b] / merged[b]);
  return divergence;
}

// `range` limited to the observed values (bin edges may lie beyond them).
FloatRange within_data(const Histogram& histogram, double min, double max) {
  return {static_cast<float>(std::max(min, static_cast<double>(histogram.min_value()))),
          static_cast<float>(std::min(max, static_cast<double>(histogram.max_value())))};
}

}  // namespace

FloatRange percentile_range(const Histogram& histogram, double percentile) {
  if (histogram.total() <= 0.0 || histogram.bin_width() == 0.0) return {0.0f, 0.0f};
  const double tail = histogram.total() * (100.0 - percentile) / 100.0;
  return within_data(histogram, value_at_mass(histogram, tail),
                     value_at_mass(histogram, histogram.total() - tail));
}

Result<FloatRange> mse_range(const Histogram& histogram, const QuantRangeSpec& spec) {
  EDGEQ_RETURN_IF_ERROR(validate_range_spec(spec, "MSE range search"));
  if (histogram.total() <= 0.0 || histogram.bin_width() == 0.0) return FloatRange{0.0f, 0.0f};
  const PrefixSums sums(histogram);
  const double lower = std::min(0.0f, histogram.min_value());
  const double upper = std::max(0.0f, histogram.max_value());
  double best_error = std::numeric_limits<double>::infinity();
  FloatRange best{static_cast<float>(lower), static_cast<float>(upper)};
  const auto consider = [&](double min, double max) -> Status {
    EDGEQ_ASSIGN_OR_RETURN(double error, quantization_error(histogram, sums, min, max, spec));
    if (error < best_error) {
      best_error = error;
      best = {static_cast<float>(min), static_cast<float>(max)};
    }
    return Status::Ok();
  };
  if (spec.symmetric) {
    const double threshold = std::max(-lower, upper);
    for (int j = kSymmetricSteps; j >= 1; --j) {
      const double t = threshold * j / kSymmetricSteps;
      EDGEQ_RETURN_IF_ERROR(consider(-t, t));
    }
    return best;
  }
  const int low_steps = lower < 0.0 ? kAsymmetricSteps : 1;
  const int high_steps = upper > 0.0 ? kAsymmetricSteps : 1;
  for (int i = low_steps; i >= 1; --i) {
    for (int j = high_steps; j >= 1; --j) {
      EDGEQ_RETURN_IF_ERROR(consider(lower * i / low_steps, upper * j / high_steps));
    }
  }
  return best;
}

FloatRange entropy_range(const Histogram& histogram, const QuantRangeSpec& spec) {
  if (histogram.total() <= 0.0 || histogram.bin_width() == 0.0) return {0.0f, 0.0f};
  const int n = histogram.num_bins();
  const int zero = histogram.zero_bin();
  const int64_t spec_levels = static_cast<int64_t>(spec.quant_max) - spec.quant_min + 1;
  const int levels = static_cast<int>(std::max<int64_t>(2, std::min<int64_t>(spec_levels, n / 8)));
  double best_divergence = std::numeric_limits<double>::infinity();
  int best_begin = 0;
  int best_end = n;
  const int widest = std::max(zero + 1, n - zero);
  for (int half = std::max(1, levels / 2); half <= widest; ++half) {
    const int begin = std::max(0, zero - half + 1);
    const int end = std::min(n, zero + half);
    // A symmetric spec spends levels on both signs: a one-sided window sees only its share.
    double share = 1.0;
    if (spec.symmetric) {
      const double a = -histogram.edge(begin), b = histogram.edge(end);
      share = (std::max(0.0, a) + std::max(0.0, b)) / (2.0 * std::max(a, b));
    }
    const int window_levels = std::max(
        1, std::min(end - begin, std::max(2, static_cast<int>(std::lround(levels * share)))));
    const double divergence = window_divergence(histogram.counts(), begin, end, window_levels);
    if (divergence < best_divergence) {
      best_divergence = divergence;
      best_begin = begin;
      best_end = end;
    }
    if (begin == 0 && end == n) break;
  }
  const FloatRange chosen =
      within_data(histogram, histogram.edge(best_begin), histogram.edge(best_end));
  return {std::min(0.0f, chosen.first), std::max(0.0f, chosen.second)};
}

}  // namespace edgeq::quantizer
