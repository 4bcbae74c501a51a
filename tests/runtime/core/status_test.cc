#include "runtime/core/status.h"

#include <gtest/gtest.h>

namespace edgeq {
namespace {

Result<int> parse_positive(int v) {
  if (v <= 0) return invalid_argument("value ", v, " is not positive");
  return v;
}

Status twice(int v, int* out) {
  EDGEQ_ASSIGN_OR_RETURN(int x, parse_positive(v));
  *out = 2 * x;
  return Status::Ok();
}

TEST(StatusTest, ErrorCarriesCodeAndMessage) {
  Status s = invalid_argument("node ", "conv1", ": rank ", 3);
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.to_string(), "InvalidArgument: node conv1: rank 3");
  EXPECT_EQ(s.with_context("model.onnx").message(), "model.onnx: node conv1: rank 3");
}

TEST(StatusTest, AssignOrReturnPropagates) {
  int out = 0;
  EXPECT_TRUE(twice(4, &out).ok());
  EXPECT_EQ(out, 8);
  Status s = twice(-1, &out);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("-1"), std::string::npos);
}

}  // namespace
}  // namespace edgeq
