#include "tools/json_writer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>

namespace edgeq::tools {
namespace {

TEST(JsonWriter, WritesMembersInOrderWithTheirTypes) {
  JsonObject json;
  json.add("name", "demo.eqp");
  json.add("ms", 1.5);
  json.add("bytes", uint64_t{18446744073709551615u});
  json.add("threads", 2);
  json.add("negative", int64_t{-3});
  json.add("ok", true);
  json.add_null("missing");
  EXPECT_EQ(json.to_string(),
            "{\n  \"name\": \"demo.eqp\",\n  \"ms\": 1.5,\n  \"bytes\": 18446744073709551615,\n"
            "  \"threads\": 2,\n  \"negative\": -3,\n  \"ok\": true,\n  \"missing\": null\n}");
}

TEST(JsonWriter, EmptyObject) { EXPECT_EQ(JsonObject().to_string(), "{\n}"); }

TEST(JsonWriter, NonFiniteNumbersBecomeNull) {
  JsonObject json;
  json.add("nan", std::nan(""));
  json.add("inf", HUGE_VAL);
  EXPECT_EQ(json.to_string(), "{\n  \"nan\": null,\n  \"inf\": null\n}");
}

TEST(JsonWriter, QuotesEscapeSpecialCharacters) {
  EXPECT_EQ(json_quote("a\"b\\c\nd\te\x01"), "\"a\\\"b\\\\c\\nd\\te\\u0001\"");
}

}  // namespace
}  // namespace edgeq::tools
