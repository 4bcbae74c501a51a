// The SQNR chart is well-formed XML (every tag closed in order, attributes quoted, text escaped),
// has one bar per layer, a target line only when asked, and wider bars for higher SQNR.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "quantizer/sqnr_chart_svg.h"

namespace edgeq::quantizer {
namespace {

struct Element {
  std::string name;
  std::string attributes;  // raw text between the name and the closing bracket
};

// A small XML checker: nested tags balance, attribute values are quoted, '&' only starts an
// entity, no '<' in text. Collects every start tag. Returns an error text, or empty when fine.
std::string check_xml(const std::string& xml, std::vector<Element>* elements) {
  std::vector<std::string> open;
  size_t i = 0;
  while (i < xml.size()) {
    if (xml[i] == '&') {
      const size_t end = xml.find(';', i);
      const std::string entity = xml.substr(i, end == std::string::npos ? 8 : end - i + 1);
      if (entity != "&amp;" && entity != "&lt;" && entity != "&gt;" && entity != "&quot;" &&
          entity != "&apos;") {
        return "bad entity at " + std::to_string(i) + ": " + entity;
      }
      i = end + 1;
      continue;
    }
    if (xml[i] != '<') {
      ++i;
      continue;
    }
    const size_t end = xml.find('>', i);
    if (end == std::string::npos) return "unterminated tag at " + std::to_string(i);
    std::string tag = xml.substr(i + 1, end - i - 1);
    i = end + 1;
    if (!tag.empty() && tag[0] == '/') {
      if (open.empty() || open.back() != tag.substr(1))
        return "mismatched </" + tag.substr(1) + ">";
      open.pop_back();
      continue;
    }
    const bool self_closing = !tag.empty() && tag.back() == '/';
    if (self_closing) tag.pop_back();
    const size_t name_end = tag.find_first_of(" \n");
    Element element{tag.substr(0, name_end),
                    name_end == std::string::npos ? "" : tag.substr(name_end)};
    if (element.name.empty()) return "empty tag name";
    if (std::count(element.attributes.begin(), element.attributes.end(), '"') % 2 != 0) {
      return "unbalanced quotes in <" + element.name + ">";
    }
    if (element.attributes.find('<') != std::string::npos) return "'<' inside a tag";
    elements->push_back(element);
    if (!self_closing) open.push_back(element.name);
  }
  return open.empty() ? "" : "unclosed <" + open.back() + ">";
}

int count_with_class(const std::vector<Element>& elements, const std::string& name,
                     const std::string& css_class) {
  int count = 0;
  for (const Element& e : elements) {
    if (e.name == name && e.attributes.find("class=\"" + css_class + "\"") != std::string::npos) {
      ++count;
    }
  }
  return count;
}

double attribute(const Element& element, const std::string& name) {
  const std::string key = " " + name + "=\"";
  const size_t at = element.attributes.find(key);
  return at == std::string::npos ? NAN : std::stod(element.attributes.substr(at + key.size()));
}

std::vector<Element> bars_of(const std::vector<Element>& elements) {
  std::vector<Element> bars;
  for (const Element& e : elements) {
    if (e.name == "rect" && e.attributes.find("class=\"bar\"") != std::string::npos) {
      bars.push_back(e);
    }
  }
  return bars;
}

TEST(SqnrChart, WellFormedWithOneBarPerLayerAndATargetLine) {
  const std::vector<SqnrBar> layers = {{"conv1", 35.5},
                                       {"conv2 <relu> & \"fused\"", 12.0},
                                       {"fc", std::numeric_limits<double>::infinity()},
                                       {"softmax", -3.0}};
  SqnrChartOptions options;
  options.target_db = 20;
  const std::string svg = sqnr_chart_svg(layers, options);
  std::vector<Element> elements;
  ASSERT_EQ(check_xml(svg, &elements), "") << svg;
  ASSERT_FALSE(elements.empty());
  EXPECT_EQ(elements.front().name, "svg");
  EXPECT_NE(elements.front().attributes.find("xmlns=\"http://www.w3.org/2000/svg\""),
            std::string::npos);
  EXPECT_EQ(count_with_class(elements, "rect", "bar"), 4);
  EXPECT_EQ(count_with_class(elements, "line", "target"), 1);
  EXPECT_NE(svg.find("conv2 &lt;relu&gt; &amp; &quot;fused&quot;"), std::string::npos);
  EXPECT_NE(svg.find(">inf<"), std::string::npos);
  EXPECT_NE(svg.find("target 20.0 dB"), std::string::npos);

  const std::vector<Element> bars = bars_of(elements);
  ASSERT_EQ(bars.size(), 4u);
  EXPECT_GT(attribute(bars[0], "width"), attribute(bars[1], "width"));
  EXPECT_GT(attribute(bars[2], "width"), attribute(bars[0], "width")) << "inf is a full bar";
  EXPECT_EQ(attribute(bars[3], "width"), 0.0) << "negative SQNR is an empty bar";
  EXPECT_LT(attribute(bars[0], "y"), attribute(bars[1], "y")) << "graph order top to bottom";
  // Below the target: warning colour.
  EXPECT_NE(bars[1].attributes.find("#e4572e"), std::string::npos);
  EXPECT_EQ(bars[0].attributes.find("#e4572e"), std::string::npos);
}

TEST(SqnrChart, WithoutTargetTheWorstBarIsHighlighted) {
  const std::vector<SqnrBar> layers = {{"a", 30}, {"b", 25}, {"c", 40}};
  const std::string svg = sqnr_chart_svg(layers);
  std::vector<Element> elements;
  ASSERT_EQ(check_xml(svg, &elements), "");
  EXPECT_EQ(count_with_class(elements, "line", "target"), 0);
  const std::vector<Element> bars = bars_of(elements);
  ASSERT_EQ(bars.size(), 3u);
  EXPECT_EQ(bars[0].attributes.find("#e4572e"), std::string::npos);
  EXPECT_NE(bars[1].attributes.find("#e4572e"), std::string::npos);
}

TEST(SqnrChart, EmptyChartAndLongNamesStayWellFormed) {
  std::vector<Element> elements;
  ASSERT_EQ(check_xml(sqnr_chart_svg({}), &elements), "");
  EXPECT_EQ(bars_of(elements).size(), 0u);

  const std::string long_name(200, 'n');
  elements.clear();
  const std::string svg = sqnr_chart_svg({{long_name, 10}});
  ASSERT_EQ(check_xml(svg, &elements), "");
  EXPECT_NE(svg.find("<title>" + long_name + ": 10.00 dB</title>"), std::string::npos)
      << "the full name is kept as a tooltip";
  EXPECT_NE(svg.find(">..." + std::string(45, 'n') + "<"), std::string::npos);
  EXPECT_LT(attribute(bars_of(elements)[0], "x"), 400) << "the label column stays bounded";
}

TEST(SqnrChartChecker, RejectsMalformedXml) {
  std::vector<Element> elements;
  EXPECT_NE(check_xml("<svg><g></svg>", &elements), "");
  EXPECT_NE(check_xml("<svg>a & b</svg>", &elements), "");
  EXPECT_NE(check_xml("<svg><rect x=\"1/></svg>", &elements), "");
}

}  // namespace
}  // namespace edgeq::quantizer
