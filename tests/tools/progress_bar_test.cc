#include "tools/progress_bar.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>

namespace edgeq::tools {
namespace {

TEST(ProgressBar, FormatsCountRateAndEta) {
  // 40 of 100 in 4 s: 10 per second, 60 left -> 6 s.
  EXPECT_EQ(format_progress("calibrating", 40, 100, 4.0, "batch", 10),
            "calibrating [####      ]  40/100  10.0 batch/s  ETA 0:06");
}

TEST(ProgressBar, FullBarAtTheEnd) {
  EXPECT_EQ(format_progress("x", 3, 3, 1.5, "it", 4), "x [####] 3/3  2.0 it/s  ETA 0:00");
}

TEST(ProgressBar, NoRateOrEtaBeforeTheFirstItem) {
  EXPECT_EQ(format_progress("x", 0, 8, 0.0, "it", 4), "x [    ] 0/8  -- it/s  ETA --");
}

TEST(ProgressBar, UnknownTotalShowsCountAndRateOnly) {
  EXPECT_EQ(format_progress("x", 5, 0, 2.0, "img", 4), "x 5  2.5 img/s");
}

TEST(ProgressBar, DoneBeyondTotalIsClamped) {
  EXPECT_EQ(format_progress("x", 9, 4, 1.0, "it", 4), "x [####] 4/4  9.0 it/s  ETA 0:00");
}

TEST(ProgressBar, DurationsWithMinutesAndHours) {
  EXPECT_EQ(format_duration(0.4), "0:00");
  EXPECT_EQ(format_duration(65.0), "1:05");
  EXPECT_EQ(format_duration(3723.0), "1:02:03");
  EXPECT_EQ(format_duration(-3.0), "0:00");
}

TEST(ProgressBar, DisabledBarWritesNothing) {
  std::ostringstream out;
  ProgressBar bar(out, /*enabled=*/false, "x", "it");
  bar.update(1, 2);
  bar.update(2, 2);
  bar.finish();
  EXPECT_TRUE(out.str().empty());
}

TEST(ProgressBar, EnabledBarRedrawsInPlaceAndEndsTheLine) {
  std::ostringstream out;
  ProgressBar bar(out, /*enabled=*/true, "x", "it");
  bar.update(1, 2);
  bar.update(2, 2);  // the last item is always drawn
  bar.finish();
  const std::string text = out.str();
  EXPECT_EQ(text.front(), '\r');
  EXPECT_NE(text.find("2/2"), std::string::npos) << text;
  EXPECT_EQ(text.back(), '\n');
}

}  // namespace
}  // namespace edgeq::tools
