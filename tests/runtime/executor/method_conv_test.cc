// A Conv -> Relu program loaded from a memory-mapped file: weights are used in place, the result
// matches a naive convolution, and a symbolic batch of 3 gives the batch-1 result per sample.
#include <gtest/gtest.h>

#include <cstdio>

#include "runtime/executor/method.h"
#include "tests/runtime/program/program_test_util.h"

namespace edgeq::testing {
namespace {

using runtime::Method;
using runtime::Program;
using runtime::ProgramBuilder;

constexpr int64_t kInC = 2, kOutC = 3, kSize = 5, kKernel = 3;

struct ConvWeights {
  std::vector<float> w = random_samples(kOutC * kInC * kKernel * kKernel, 11);
  std::vector<float> b = random_samples(kOutC, 12);
};

// y = Relu(Conv(x, w, b)) with 3x3 kernels, padding 1, stride 1: [N, 2, 5, 5] -> [N, 3, 5, 5].
std::vector<uint8_t> build_conv_program(const ConvWeights& weights) {
  ProgramBuilder builder;
  const int32_t x = builder.add_value("x", DType::kF32, Shape{1, kInC, kSize, kSize}, true);
  const int32_t w = builder.add_value("w", DType::kF32, Shape{kOutC, kInC, kKernel, kKernel});
  const int32_t b = builder.add_value("b", DType::kF32, Shape{kOutC});
  const int32_t conv = builder.add_value("conv", DType::kF32, Shape{1, kOutC, kSize, kSize});
  const int32_t y = builder.add_value("y", DType::kF32, Shape{1, kOutC, kSize, kSize});
  EXPECT_TRUE(builder.add_constant(w, float_bytes(weights.w)).ok());
  EXPECT_TRUE(builder.add_constant(b, float_bytes(weights.b)).ok());
  Attributes attributes;
  attributes.set("kernel_shape", std::vector<int64_t>{kKernel, kKernel});
  attributes.set("pads", std::vector<int64_t>{1, 1, 1, 1});
  EXPECT_TRUE(builder.add_kernel_call(OpType::kConv, attributes, {x, w, b}, {conv}, "conv").ok());
  EXPECT_TRUE(builder.add_kernel_call(OpType::kRelu, {}, {conv}, {y}, "relu").ok());
  builder.set_inputs({x});
  builder.set_outputs({y});
  auto bytes = builder.finish();
  EXPECT_TRUE(bytes.ok()) << bytes.status().to_string();
  return bytes.ok() ? std::move(bytes).value() : std::vector<uint8_t>();
}

// Naive direct convolution + ReLU for one sample.
std::vector<float> reference(const ConvWeights& weights, const float* x) {
  std::vector<float> y(kOutC * kSize * kSize);
  for (int64_t m = 0; m < kOutC; ++m) {
    for (int64_t oy = 0; oy < kSize; ++oy) {
      for (int64_t ox = 0; ox < kSize; ++ox) {
        double sum = weights.b[m];
        for (int64_t c = 0; c < kInC; ++c) {
          for (int64_t ky = 0; ky < kKernel; ++ky) {
            for (int64_t kx = 0; kx < kKernel; ++kx) {
              const int64_t iy = oy + ky - 1, ix = ox + kx - 1;
              if (iy < 0 || iy >= kSize || ix < 0 || ix >= kSize) continue;
              sum += weights.w[((m * kInC + c) * kKernel + ky) * kKernel + kx] *
                     x[(c * kSize + iy) * kSize + ix];
            }
          }
        }
        y[(m * kSize + oy) * kSize + ox] = std::max(0.f, static_cast<float>(sum));
      }
    }
  }
  return y;
}

std::vector<float> run(Method& method, const std::vector<float>& x, int64_t batch) {
  EXPECT_TRUE(
      method.set_input(0, TensorView(DType::kF32, Shape{batch, kInC, kSize, kSize}, x.data()))
          .ok());
  const Status status = method.execute();
  EXPECT_TRUE(status.ok()) << status.to_string();
  EXPECT_EQ(method.output(0).shape, (Shape{batch, kOutC, kSize, kSize}));
  return view_floats(method.output(0));
}

TEST(MethodConv, MappedFileBatchOneAndThreeAgreePerSample) {
  const ConvWeights weights;
  const std::vector<uint8_t> bytes = build_conv_program(weights);
  const std::string path = ::testing::TempDir() + "edgeq_method_conv.eqp";
  EDGEQ_ASSERT_OK(runtime::write_program_file(path, Span<const uint8_t>(bytes)));
  auto program = Program::load_file(path);
  ASSERT_TRUE(program.ok()) << program.status().to_string();
  auto method = Method::create(program.value());
  ASSERT_TRUE(method.ok()) << method.status().to_string();

  const int64_t sample_size = kInC * kSize * kSize;
  const std::vector<float> batch3 = random_samples(3 * sample_size, 13);
  std::vector<float> per_sample;
  for (int64_t s = 0; s < 3; ++s) {
    const std::vector<float> x(batch3.begin() + s * sample_size,
                               batch3.begin() + (s + 1) * sample_size);
    const std::vector<float> y = run(**method, x, 1);
    const std::vector<float> expected = reference(weights, x.data());
    ASSERT_EQ(y.size(), expected.size());
    for (size_t i = 0; i < y.size(); ++i) EXPECT_NEAR(y[i], expected[i], 1e-5f) << i;
    per_sample.insert(per_sample.end(), y.begin(), y.end());
  }
  EXPECT_EQ(run(**method, batch3, 3), per_sample);
  std::remove(path.c_str());
}

}  // namespace
}  // namespace edgeq::testing
