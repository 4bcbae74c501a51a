#include "tools/bench_stats.h"

#include <sys/resource.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <numeric>
#include <string>

namespace edgeq::tools {
namespace {

// The value of a "Name:   1234 kB" line of /proc/self/status in bytes, or 0.
uint64_t proc_status_bytes(const std::string& field) {
  std::ifstream status("/proc/self/status");
  std::string line;
  const std::string prefix = field + ":";
  while (std::getline(status, line)) {
    if (line.compare(0, prefix.size(), prefix) != 0) continue;
    const uint64_t kib = std::strtoull(line.c_str() + prefix.size(), nullptr, 10);
    return kib * 1024;
  }
  return 0;
}

}  // namespace

double percentile(std::vector<double> samples, double p) {
  if (samples.empty()) return 0;
  std::sort(samples.begin(), samples.end());
  const double rank = std::clamp(p, 0.0, 100.0) / 100.0 * static_cast<double>(samples.size() - 1);
  const size_t below = static_cast<size_t>(rank);
  const size_t above = std::min(below + 1, samples.size() - 1);
  const double fraction = rank - static_cast<double>(below);
  return samples[below] + (samples[above] - samples[below]) * fraction;
}

TimingSummary summarize_times(const std::vector<double>& samples) {
  TimingSummary summary;
  if (samples.empty()) return summary;
  summary.count = samples.size();
  summary.min = *std::min_element(samples.begin(), samples.end());
  summary.max = *std::max_element(samples.begin(), samples.end());
  summary.median = percentile(samples, 50);
  summary.p90 = percentile(samples, 90);
  summary.mean =
      std::accumulate(samples.begin(), samples.end(), 0.0) / static_cast<double>(samples.size());
  return summary;
}

uint64_t peak_rss_bytes() {
  const uint64_t high_water_mark = proc_status_bytes("VmHWM");
  if (high_water_mark > 0) return high_water_mark;
  struct rusage usage {};
  if (getrusage(RUSAGE_SELF, &usage) != 0 || usage.ru_maxrss <= 0) return 0;
  return static_cast<uint64_t>(usage.ru_maxrss) * 1024;  // kilobytes on Linux
}

uint64_t current_rss_bytes() { return proc_status_bytes("VmRSS"); }

}  // namespace edgeq::tools
