// Measurement helpers for benchmarks: order statistics of timing samples and the process's
// resident memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace edgeq::tools {

// The p-th percentile (p in [0, 100]) of `samples`, interpolated linearly between the two nearest
// ranks (numpy's default): p = 0 is the minimum, 50 the median, 100 the maximum. 0 when empty;
// p outside [0, 100] is clamped.
double percentile(std::vector<double> samples, double p);

struct TimingSummary {
  size_t count = 0;
  double min = 0;
  double median = 0;
  double p90 = 0;
  double mean = 0;
  double max = 0;
};

// count, min, median, p90, mean and max of `samples` (all zero when empty).
TimingSummary summarize_times(const std::vector<double>& samples);

// The process's peak resident set size in bytes: VmHWM from /proc/self/status, else getrusage's
// ru_maxrss. 0 when neither is available.
uint64_t peak_rss_bytes();
// The process's current resident set size in bytes (VmRSS from /proc/self/status); 0 when
// unavailable.
uint64_t current_rss_bytes();

}  // namespace edgeq::tools
