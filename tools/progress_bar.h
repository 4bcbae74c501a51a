// A progress bar for long command-line steps (calibration, sensitivity analysis): one line redrawn
// in place with the count, the rate and the estimated time left, shown only when the stream is a
// terminal so that logs and pipes stay clean.
#pragma once

#include <chrono>
#include <cstddef>
#include <ostream>
#include <string>

namespace edgeq::tools {

// One line of the bar, without carriage return or newline:
//   "calibrating [########            ]  40/100  12.5 batch/s  ETA 0:05"
// `width` is the number of cells between the brackets. The rate and ETA read "--" until some time
// has passed and one item is done; `total` 0 shows only the count and rate.
std::string format_progress(const std::string& label, size_t done, size_t total,
                            double elapsed_seconds, const std::string& unit, int width = 24);

// "0:05", "12:34", "1:02:03".
std::string format_duration(double seconds);

class ProgressBar {
 public:
  // Draws on `out` only when `enabled` (for_stderr enables it when stderr is a terminal).
  ProgressBar(std::ostream& out, bool enabled, std::string label, std::string unit);
  static ProgressBar for_stderr(std::string label, std::string unit);

  // Records progress; redraws at most every 100 ms, and always for the last item.
  void update(size_t done, size_t total);
  // Ends the line (when something was drawn).
  void finish();
  bool enabled() const { return enabled_; }

 private:
  std::ostream& out_;
  bool enabled_;
  bool drawn_ = false;
  std::string label_;
  std::string unit_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace edgeq::tools
