#include "runtime/core/dtype.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>

namespace edgeq {
namespace {

TEST(DTypeTest, SizesAndNames) {
  EXPECT_EQ(dtype_size(DType::kF32), 4u);
  EXPECT_EQ(dtype_storage_bytes(DType::kI4, 5), 3u);
  EXPECT_EQ(dtype_storage_bytes(DType::kI64, 3), 24u);
  DType d;
  ASSERT_TRUE(dtype_from_name("i16", &d));
  EXPECT_EQ(d, DType::kI16);
  EXPECT_FALSE(dtype_from_name("f64", &d));
}

TEST(DTypeTest, Int4PackRoundTrip) {
  uint8_t packed[4] = {};
  for (int i = 0; i < 8; ++i) int4_set(packed, i, static_cast<int8_t>(i - 8 + (i % 2) * 7));
  for (int i = 0; i < 8; ++i) EXPECT_EQ(int4_get(packed, i), i - 8 + (i % 2) * 7) << i;
  int4_set(packed, 0, 7);
  EXPECT_EQ(packed[0] & 0x0F, 7);  // even index in the low nibble
}

TEST(DTypeTest, HalfRoundTripIsExactForHalfValues) {
  // Every finite half value converts to float and back unchanged.
  for (uint32_t bits = 0; bits < 0x10000; ++bits) {
    if ((bits & 0x7C00) == 0x7C00) continue;  // Inf/NaN checked below
    float f = half_to_float(static_cast<uint16_t>(bits));
    ASSERT_EQ(float_to_half(f), bits) << std::hex << bits;
  }
  EXPECT_TRUE(std::isinf(half_to_float(float_to_half(1e6f))));
  EXPECT_TRUE(std::isnan(half_to_float(float_to_half(std::numeric_limits<float>::quiet_NaN()))));
}

TEST(DTypeTest, HalfRoundsToNearestEven) {
  EXPECT_EQ(half_to_float(float_to_half(1.0f + 1.0f / 2048)), 1.0f);  // tie -> even (1.0)
  EXPECT_EQ(half_to_float(float_to_half(1.0f + 3.0f / 2048)), 1.0f + 4.0f / 2048);
  EXPECT_EQ(half_to_float(float_to_half(0.1f)), 0.0999755859375f);
  // Subnormal: 2^-24 is the smallest half; half of it rounds to zero (tie, even).
  EXPECT_EQ(half_to_float(float_to_half(std::ldexp(1.0f, -24))), std::ldexp(1.0f, -24));
  EXPECT_EQ(float_to_half(std::ldexp(1.0f, -25)), 0u);
  EXPECT_EQ(half_to_float(float_to_half(std::ldexp(3.0f, -25))), std::ldexp(1.0f, -23));
}

}  // namespace
}  // namespace edgeq
