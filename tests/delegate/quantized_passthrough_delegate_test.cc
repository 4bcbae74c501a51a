// The int8 pass-through ops through the XNNPACK delegate vs the portable kernels, byte for byte:
// MaxPool, Reshape, Flatten and Pad (pad code = the zero point, or another code) on int8 and uint8
// tensors whose quantization comes from the QLinear* nodes around them. DepthToSpace and Resize on
// int8 are refused with the reason, and so is a pass-through op whose two sides are given different
// quantizations.
#include "tests/delegate/quantized_case.h"

namespace edgeq::testing {
namespace {

// x -> QLinearSigmoid (states x's quantization, and y's: 1/256, -128 or 0) -> op -> output, so
// both sides of the pass-through op have known parameters.
ir::Value* quantized_source(QuantizedCase& q, Shape shape, DType dtype) {
  const int shift = dtype == DType::kI8 ? 0 : 128;
  return q.node(OpType::kQLinearSigmoid,
                {q.codes_input(shape, dtype), q.scale(0.05f), q.zero_point(3 + shift, dtype),
                 q.scale(1.f / 256), q.zero_point(dtype == DType::kI8 ? -128 : 0, dtype)},
                {}, /*output=*/false);
}

TEST(QuantizedPassThroughDelegateTest, MaxPool) {
  for (DType dtype : {DType::kI8, DType::kU8}) {
    QuantizedCase q;
    Attributes attrs;
    attrs.set("kernel_shape", std::vector<int64_t>{3, 3});
    attrs.set("strides", std::vector<int64_t>{2, 2});
    attrs.set("pads", std::vector<int64_t>{1, 1, 1, 1});
    q.node(OpType::kMaxPool, {quantized_source(q, {2, 5, 9, 8}, dtype)}, attrs);
    expect_delegate_bit_exact(q);
  }
}

TEST(QuantizedPassThroughDelegateTest, ReshapeAndFlatten) {
  QuantizedCase q;
  ir::Value* x = quantized_source(q, {3, 4, 1, 1}, DType::kI8);
  q.node(OpType::kFlatten, {x});
  q.node(OpType::kReshape, {x, q.constant_i64({3}, {3, 2, 2})});
  expect_delegate_bit_exact(q);
}

TEST(QuantizedPassThroughDelegateTest, PadWithTheZeroPointAndAnotherCode) {
  for (DType dtype : {DType::kI8, DType::kU8}) {
    for (int code : {dtype == DType::kI8 ? -128 : 0, 77}) {
      SCOPED_TRACE(::testing::Message() << dtype_name(dtype) << " code " << code);
      QuantizedCase q;
      ir::Value* x = quantized_source(q, {1, 3, 4, 5}, dtype);
      q.node(OpType::kPad,
             {x, q.constant_i64({8}, {0, 1, 2, 0, 0, 0, 1, 3}), q.zero_point(code, dtype)});
      expect_delegate_bit_exact(q);
      const std::vector<TestTensor> out = run_portable(q.graph, q.feeds);
      EXPECT_EQ(int{out[0].bytes[0]}, code & 0xFF);  // a padded corner holds the code
    }
  }
}

TEST(QuantizedPassThroughDelegateTest, RefusalsSayWhy) {
  QuantizedCase d2s;
  Attributes block;
  block.set("blocksize", int64_t{2});
  d2s.node(OpType::kDepthToSpace, {quantized_source(d2s, {1, 8, 2, 3}, DType::kI8)}, block);
  EXPECT_EQ(last_node_refusal(d2s), "DepthToSpace: XNNPACK 2022's depth to space node is f32 only");

  // The portable Resize runs f32 only (shape inference refuses int8), so the types are set by hand.
  QuantizedCase resize;
  Attributes linear;
  linear.set("mode", std::string("linear"));
  ir::Value* source = quantized_source(resize, {1, 2, 3, 4}, DType::kI8);
  source->set_type(DType::kI8, {1, 2, 3, 4});
  ir::Value* resized = resize.node(
      OpType::kResize, {source, nullptr, nullptr, resize.constant_i64({4}, {1, 2, 6, 8})}, linear);
  resized->set_type(DType::kI8, {1, 2, 6, 8});
  const std::string resize_refusal = refusal(resize.graph, *resized->producer());
  EXPECT_NE(resize_refusal.find("no integer reference"), std::string::npos) << resize_refusal;

  // MaxPool between a sigmoid (output 1/256) and a convolution reading it as 1/128: XNNPACK needs
  // one quantization on both sides.
  QuantizedCase mismatched;
  Attributes pool;
  pool.set("kernel_shape", std::vector<int64_t>{2, 2});
  ir::Value* pooled = mismatched.node(
      OpType::kMaxPool, {quantized_source(mismatched, {1, 2, 4, 4}, DType::kI8)}, pool, false);
  mismatched.node(OpType::kQLinearConv,
                  {pooled, mismatched.scale(1.f / 128), mismatched.zero_point(-128),
                   mismatched.codes_constant({2, 2, 1, 1}), mismatched.scale(0.01f),
                   mismatched.zero_point(0), mismatched.scale(0.1f), mismatched.zero_point(0)});
  mismatched.finish();
  const std::string why = refusal(mismatched.graph, *pooled->producer());
  EXPECT_NE(why.find("has two quantizations: scale 0.00390625, zero point -128"), std::string::npos)
      << why;
  EXPECT_NE(why.find("scale 0.0078125, zero point -128 (QLinearConv"), std::string::npos) << why;
}

}  // namespace
}  // namespace edgeq::testing
