// The boundary layout conversion vs a direct index loop, for sizes crossing the transpose tiles and
// every element size.
#include "delegate/xnnpack/runtime/layout_conversion.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <numeric>
#include <vector>

namespace edgeq::xnnpack {
namespace {

template <typename T>
void check_round_trip(size_t batch, size_t channels, size_t spatial) {
  std::vector<T> nchw(batch * channels * spatial);
  std::iota(nchw.begin(), nchw.end(), T{1});
  std::vector<T> nhwc(nchw.size()), back(nchw.size());
  channels_first_to_last(nchw.data(), nhwc.data(), batch, channels, spatial, sizeof(T));
  for (size_t n = 0; n < batch; ++n) {
    for (size_t c = 0; c < channels; ++c) {
      for (size_t s = 0; s < spatial; ++s) {
        ASSERT_EQ(nhwc[(n * spatial + s) * channels + c], nchw[(n * channels + c) * spatial + s])
            << "n " << n << " c " << c << " s " << s;
      }
    }
  }
  channels_last_to_first(nhwc.data(), back.data(), batch, channels, spatial, sizeof(T));
  EXPECT_EQ(back, nchw);
}

TEST(LayoutConversionTest, MatchesIndexLoopForAllElementSizes) {
  for (size_t batch : {1, 2}) {
    for (size_t channels : {1, 3, 16, 17, 40}) {
      for (size_t spatial : {1, 5, 16, 33, 49}) {
        check_round_trip<uint8_t>(batch, channels, spatial);
        check_round_trip<uint16_t>(batch, channels, spatial);
        check_round_trip<float>(batch, channels, spatial);
      }
    }
  }
}

}  // namespace
}  // namespace edgeq::xnnpack
