#include "quantizer/sqnr_chart_svg.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace edgeq::quantizer {
namespace {

constexpr double kWidth = 960;
constexpr double kRowHeight = 20;
constexpr double kBarHeight = 14;
constexpr double kTop = 44;         // title and target legend
constexpr double kBottom = 36;      // axis ticks and caption
constexpr double kValueWidth = 64;  // value text right of the longest bar
constexpr double kCharWidth = 6.6;  // of the 11px label font, roughly
constexpr size_t kMaxLabelChars = 48;

std::string escape_xml(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string number(double value, const char* format = "%.1f") {
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char text[32];
  std::snprintf(text, sizeof(text), format, value);
  return text;
}

// Long names keep their end (the most specific part) behind an ellipsis.
std::string shortened(const std::string& label) {
  if (label.size() <= kMaxLabelChars) return label;
  return "..." + label.substr(label.size() - (kMaxLabelChars - 3));
}

// The largest finite SQNR or the target, whichever is higher (at least 0).
double largest_value(const std::vector<SqnrBar>& bars, const SqnrChartOptions& options) {
  double top = std::max(0.0, options.target_db.value_or(0));
  for (const SqnrBar& bar : bars) {
    if (std::isfinite(bar.sqnr_db)) top = std::max(top, bar.sqnr_db);
  }
  return top;
}

// Bars under the target are warnings; without a target, the worst bar is.
std::vector<bool> highlighted(const std::vector<SqnrBar>& bars, const SqnrChartOptions& options) {
  std::vector<bool> warn(bars.size(), false);
  if (options.target_db) {
    for (size_t i = 0; i < bars.size(); ++i) warn[i] = bars[i].sqnr_db < *options.target_db;
  } else if (!bars.empty()) {
    const auto worst = std::min_element(bars.begin(), bars.end(), [](const auto& a, const auto& b) {
      return a.sqnr_db < b.sqnr_db;
    });
    warn[worst - bars.begin()] = true;
  }
  return warn;
}

}  // namespace

std::string sqnr_chart_svg(const std::vector<SqnrBar>& bars, const SqnrChartOptions& options) {
  size_t longest = 8;
  for (const SqnrBar& bar : bars) longest = std::max(longest, shortened(bar.label).size());
  const double label_width = 12 + kCharWidth * static_cast<double>(longest);
  const double plot_left = label_width + 8;
  const double plot_width = kWidth - plot_left - kValueWidth;
  const double plot_height = kRowHeight * static_cast<double>(bars.size());
  const double height = kTop + plot_height + kBottom;
  // The axis ends above every value at a multiple of the tick step.
  const double top = largest_value(bars, options);
  const double step = top > 120 ? 20 : top > 40 ? 10 : 5;
  const double max_db = std::max(step, std::ceil(top * 1.05 / step) * step);
  auto x_of = [&](double db) {
    const double clamped = std::isinf(db) ? (db > 0 ? max_db : 0) : std::clamp(db, 0.0, max_db);
    return plot_left + plot_width * clamped / max_db;
  };
  const std::vector<bool> warn = highlighted(bars, options);

  std::ostringstream svg;
  svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << kWidth << "\" height=\"" << height
      << "\" viewBox=\"0 0 " << kWidth << " " << height << "\" font-family=\"sans-serif\""
      << " font-size=\"11\">\n";
  svg << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  svg << "<text x=\"" << kWidth / 2 << "\" y=\"18\" text-anchor=\"middle\" font-size=\"14\">"
      << escape_xml(options.title) << "</text>\n";
  // Vertical grid lines and tick labels.
  for (double db = 0; db <= max_db + 1e-9; db += step) {
    const double x = x_of(db);
    svg << "<line class=\"grid\" x1=\"" << x << "\" y1=\"" << kTop << "\" x2=\"" << x << "\" y2=\""
        << kTop + plot_height << "\" stroke=\"#ddd\"/>\n";
    svg << "<text x=\"" << x << "\" y=\"" << kTop + plot_height + 14 << "\" text-anchor=\"middle\">"
        << number(db, "%.0f") << "</text>\n";
  }
  svg << "<text x=\"" << plot_left + plot_width / 2 << "\" y=\"" << height - 6
      << "\" text-anchor=\"middle\">SQNR (dB), higher is better</text>\n";
  for (size_t i = 0; i < bars.size(); ++i) {
    const double y = kTop + kRowHeight * static_cast<double>(i);
    const double bar_y = y + (kRowHeight - kBarHeight) / 2;
    const double bar_end = x_of(bars[i].sqnr_db);
    svg << "<g><title>" << escape_xml(bars[i].label) << ": " << number(bars[i].sqnr_db, "%.2f")
        << " dB</title>\n";
    svg << "<text x=\"" << label_width << "\" y=\"" << y + 14 << "\" text-anchor=\"end\">"
        << escape_xml(shortened(bars[i].label)) << "</text>\n";
    svg << "<rect class=\"bar\" x=\"" << plot_left << "\" y=\"" << bar_y << "\" width=\""
        << bar_end - plot_left << "\" height=\"" << kBarHeight << "\" fill=\""
        << (warn[i] ? "#e4572e" : "#4682b4") << "\"/>\n";
    svg << "<text x=\"" << bar_end + 4 << "\" y=\"" << y + 14 << "\">" << number(bars[i].sqnr_db)
        << "</text></g>\n";
  }
  if (options.target_db) {
    const double x = x_of(*options.target_db);
    svg << "<line class=\"target\" x1=\"" << x << "\" y1=\"" << kTop - 6 << "\" x2=\"" << x
        << "\" y2=\"" << kTop + plot_height << "\" stroke=\"#c00\" stroke-width=\"1.5\""
        << " stroke-dasharray=\"6 3\"/>\n";
    svg << "<text x=\"" << x << "\" y=\"" << kTop - 10 << "\" text-anchor=\"middle\" fill=\"#c00\">"
        << "target " << number(*options.target_db) << " dB</text>\n";
  }
  svg << "</svg>\n";
  return svg.str();
}

}  // namespace edgeq::quantizer
