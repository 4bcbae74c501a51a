// The runtime side of quantized payload values: a payload whose quantization is damaged (scale
// zero, negative, NaN or infinite; zero point outside the datatype; channel dim outside the value;
// fewer channel scales than channels), whose boundary datatype differs from the call's tensor, or
// whose qint8 filter has a zero point (XNNPACK 2022 would ignore it) is an init error naming the
// value or node, never a crash. The undamaged payload runs.
#include <cmath>
#include <limits>

#include "delegate/xnnpack/aot/payload_builder.h"
#include "tests/delegate/quantized_case.h"

namespace edgeq::testing {
namespace {

namespace schema = xnnpack::schema;

xnnpack::PayloadValue quantized_value(schema::DataType datatype, std::vector<uint32_t> dims,
                                      float scale, int32_t zero_point) {
  xnnpack::PayloadValue value;
  value.datatype = datatype;
  value.dims = std::move(dims);
  value.quantization.scale = scale;
  value.quantization.zero_point = zero_point;
  return value;
}

// int8 [2, 4] -> Convert -> f32 [2, 4], plus an unused constant `extra` when given.
std::vector<uint8_t> convert_payload(xnnpack::PayloadValue input,
                                     const xnnpack::PayloadValue* extra = nullptr) {
  xnnpack::PayloadBuilder builder;
  const uint32_t in = builder.add_value(std::move(input));
  xnnpack::PayloadValue output;
  output.dims = {2, 4};
  const uint32_t out = builder.add_value(output);
  if (extra != nullptr) builder.add_value(*extra);
  xnnpack::PayloadNode convert;
  convert.kind = schema::NodeKind::Convert;
  convert.inputs = {in};
  convert.outputs = {out};
  convert.name = "dq";
  builder.add_node(convert);
  builder.add_input(in, schema::BoundaryLayout::Same);
  builder.add_output(out, schema::BoundaryLayout::Same);
  return builder.finish();
}

// Initialises (and for a good payload runs) the call int8 [2, 4] -> f32 [2, 4].
Status run_convert(const std::vector<uint8_t>& payload, DType input_dtype = DType::kI8) {
  const TensorView declared_in(input_dtype, {2, 4}), declared_out(DType::kF32, {2, 4});
  runtime::BackendInitArgs args;
  args.payload = Span<const uint8_t>(payload);
  args.inputs = Span<const TensorView>(&declared_in, 1);
  args.outputs = Span<const TensorView>(&declared_out, 1);
  args.num_threads = 1;
  args.name = "call";
  xnnpack::XnnpackBackend backend;
  EDGEQ_ASSIGN_OR_RETURN(runtime::DelegateHandle * handle, backend.init(args));
  const std::vector<int8_t> codes = {-128, -3, 0, 1, 2, 3, 100, 127};
  std::vector<float> result(8);
  const TensorView in(DType::kI8, {2, 4}, codes.data());
  const TensorView out(DType::kF32, {2, 4}, static_cast<void*>(result.data()));
  Status status =
      backend.execute(handle, Span<const TensorView>(&in, 1), Span<const TensorView>(&out, 1));
  backend.destroy(handle);
  EDGEQ_RETURN_IF_ERROR(status);
  for (size_t i = 0; i < codes.size(); ++i) {
    EXPECT_EQ(result[i], static_cast<float>(codes[i] - 3) * 0.1f) << i;
  }
  return Status::Ok();
}

void expect_init_error(const Status& status, const std::string& needle) {
  EXPECT_FALSE(status.ok());
  EXPECT_NE(status.message().find(needle), std::string::npos) << status.to_string();
}

TEST(QuantizedPayloadTest, GoodPayloadRuns) {
  const Status status =
      run_convert(convert_payload(quantized_value(schema::DataType::QInt8, {2, 4}, 0.1f, 3)));
  EXPECT_TRUE(status.ok()) << status.to_string();
}

TEST(QuantizedPayloadTest, DamagedPerTensorParametersAreErrors) {
  for (float scale : {0.f, -0.5f, std::numeric_limits<float>::quiet_NaN(),
                      std::numeric_limits<float>::infinity(), 1e-40f}) {
    expect_init_error(
        run_convert(convert_payload(quantized_value(schema::DataType::QInt8, {2, 4}, scale, 3))),
        "value 0 has scale");
  }
  expect_init_error(
      run_convert(convert_payload(quantized_value(schema::DataType::QInt8, {2, 4}, 0.1f, 200))),
      "value 0 has zero point 200 outside [-128, 127]");
  expect_init_error(
      run_convert(convert_payload(quantized_value(schema::DataType::QUInt8, {2, 4}, 0.1f, -1)),
                  DType::kU8),
      "value 0 has zero point -1 outside [0, 255]");
  // A uint8 value fed from an int8 tensor.
  expect_init_error(
      run_convert(convert_payload(quantized_value(schema::DataType::QUInt8, {2, 4}, 0.1f, 3))),
      "input 0 is i8[2, 4] but its value's datatype differs");
}

TEST(QuantizedPayloadTest, DamagedPerChannelParametersAreErrors) {
  const auto per_channel = [](std::vector<float> scales, int channel_dim) {
    xnnpack::PayloadValue value = quantized_value(schema::DataType::QCInt32, {3, 2}, 0.f, 0);
    value.quantization.channel_scales = std::move(scales);
    value.quantization.channel_dim = channel_dim;
    return value;
  };
  const xnnpack::PayloadValue good_input =
      quantized_value(schema::DataType::QInt8, {2, 4}, 0.1f, 3);
  const xnnpack::PayloadValue good = per_channel({0.1f, 0.2f, 0.3f}, 0);
  EXPECT_TRUE(run_convert(convert_payload(good_input, &good)).ok());
  const xnnpack::PayloadValue short_scales = per_channel({0.1f, 0.2f}, 0);
  expect_init_error(run_convert(convert_payload(good_input, &short_scales)),
                    "value 2 needs 3 channel scales, has 2");
  const xnnpack::PayloadValue bad_dim = per_channel({0.1f, 0.2f}, 2);
  expect_init_error(run_convert(convert_payload(good_input, &bad_dim)),
                    "value 2 has channel dim 2 outside its 2 dims");
  const xnnpack::PayloadValue negative = per_channel({0.1f, -0.2f, 0.3f}, 0);
  expect_init_error(run_convert(convert_payload(good_input, &negative)),
                    "value 2 has channel scale -0.2");
  const xnnpack::PayloadValue missing = per_channel({}, 0);
  expect_init_error(run_convert(convert_payload(good_input, &missing)),
                    "value 2 needs 3 channel scales, has 0");
}

TEST(QuantizedPayloadTest, Qint8FilterWithAZeroPointIsAnError) {
  xnnpack::PayloadBuilder builder;
  const uint32_t in =
      builder.add_value(quantized_value(schema::DataType::QInt8, {1, 3, 3, 2}, 0.1f, 0));
  xnnpack::PayloadValue filter = quantized_value(schema::DataType::QInt8, {2, 1, 1, 2}, 0.1f, 5);
  filter.constant = builder.add_constant({1, 2, 3, 4});
  const uint32_t w = builder.add_value(filter);
  const uint32_t out =
      builder.add_value(quantized_value(schema::DataType::QInt8, {1, 3, 3, 2}, 0.5f, 0));
  xnnpack::PayloadNode conv;
  conv.kind = schema::NodeKind::Convolution2d;
  conv.inputs = {in, w, 0xFFFFFFFFu};
  conv.outputs = {out};
  conv.int_params = {0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 2, 2};
  conv.float_params = {-INFINITY, INFINITY};
  conv.name = "conv";
  builder.add_node(conv);
  builder.add_input(in, schema::BoundaryLayout::Same);
  builder.add_output(out, schema::BoundaryLayout::Same);
  const std::vector<uint8_t> payload = builder.finish();
  const TensorView declared(DType::kI8, {1, 3, 3, 2});
  runtime::BackendInitArgs args;
  args.payload = Span<const uint8_t>(payload);
  args.inputs = Span<const TensorView>(&declared, 1);
  args.outputs = Span<const TensorView>(&declared, 1);
  args.num_threads = 1;
  args.name = "call";
  xnnpack::XnnpackBackend backend;
  auto handle = backend.init(args);
  expect_init_error(handle.status(), "Convolution2d 'conv'): a qint8 filter needs zero point 0");
  if (handle.ok()) backend.destroy(*handle);
}

}  // namespace
}  // namespace edgeq::testing
