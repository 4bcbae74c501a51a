// A standalone SVG bar chart of per-layer SQNR: one horizontal bar per layer in the given order
// (graph order reads top to bottom), the layer name left of its bar and the value right of it, a
// dashed target line when a target is given, bars below the target (or the worst bar when there
// is no target) drawn in a warning colour. Infinite SQNR (identical tensors) is drawn as a full
// bar labelled "inf"; negative or −inf SQNR as an empty bar with its value.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace edgeq::quantizer {

struct SqnrBar {
  std::string label;  // layer or tensor name (escaped for XML by the chart)
  double sqnr_db = 0;
};

struct SqnrChartOptions {
  std::string title = "Per-layer SQNR (dB)";
  std::optional<double> target_db;
};

// The SVG document (UTF-8 text). Every bar is a <rect class="bar">, the target line a
// <line class="target">.
std::string sqnr_chart_svg(const std::vector<SqnrBar>& bars, const SqnrChartOptions& options = {});

}  // namespace edgeq::quantizer
