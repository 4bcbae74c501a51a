#include "tools/progress_bar.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <utility>

namespace edgeq::tools {

std::string format_duration(double seconds) {
  long total = std::lround(std::max(0.0, seconds));
  long hours = total / 3600, minutes = (total / 60) % 60, secs = total % 60;
  char text[32];
  if (hours > 0) {
    std::snprintf(text, sizeof(text), "%ld:%02ld:%02ld", hours, minutes, secs);
  } else {
    std::snprintf(text, sizeof(text), "%ld:%02ld", minutes, secs);
  }
  return text;
}

std::string format_progress(const std::string& label, size_t done, size_t total,
                            double elapsed_seconds, const std::string& unit, int width) {
  std::string line = label;
  if (total > 0) {
    size_t shown = std::min(done, total);
    int filled = static_cast<int>(static_cast<double>(shown) * width / static_cast<double>(total));
    line += " [" + std::string(filled, '#') + std::string(width - filled, ' ') + "]";
    std::string total_text = std::to_string(total);
    std::string done_text = std::to_string(shown);
    line +=
        " " + std::string(total_text.size() - done_text.size(), ' ') + done_text + "/" + total_text;
  } else {
    line += " " + std::to_string(done);
  }
  const bool measurable = done > 0 && elapsed_seconds > 0.0;
  char rate[48];
  if (measurable) {
    std::snprintf(rate, sizeof(rate), "%.1f %s/s", static_cast<double>(done) / elapsed_seconds,
                  unit.c_str());
  } else {
    std::snprintf(rate, sizeof(rate), "-- %s/s", unit.c_str());
  }
  line += "  " + std::string(rate);
  if (total > 0) {
    std::string eta = "--";
    if (measurable) {
      double remaining = static_cast<double>(total - std::min(done, total));
      eta = format_duration(remaining * elapsed_seconds / static_cast<double>(done));
    }
    line += "  ETA " + eta;
  }
  return line;
}

ProgressBar::ProgressBar(std::ostream& out, bool enabled, std::string label, std::string unit)
    : out_(out),
      enabled_(enabled),
      label_(std::move(label)),
      unit_(std::move(unit)),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

ProgressBar ProgressBar::for_stderr(std::string label, std::string unit) {
  return ProgressBar(std::cerr, isatty(STDERR_FILENO) == 1, std::move(label), std::move(unit));
}

void ProgressBar::update(size_t done, size_t total) {
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  bool last = total > 0 && done >= total;
  if (drawn_ && !last && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  double elapsed = std::chrono::duration<double>(now - start_).count();
  // "\r" returns to the start of the line; "\033[K" clears what a longer previous line left.
  out_ << '\r' << format_progress(label_, done, total, elapsed, unit_) << "\033[K" << std::flush;
  drawn_ = true;
}

void ProgressBar::finish() {
  if (!drawn_) return;
  out_ << '\n' << std::flush;
  drawn_ = false;
}

}  // namespace edgeq::tools
