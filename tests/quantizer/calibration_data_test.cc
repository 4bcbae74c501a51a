#include "quantizer/calibration_data.h"

#include <gtest/gtest.h>
#include <png.h>

// clang-format off: jpeglib.h needs <cstdio> first.
#include <jpeglib.h>

#include <cstdio>
// clang-format on

#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "quantizer/image_decoding.h"
#include "tools/npy.h"

namespace edgeq::quantizer {
namespace {

namespace fs = std::filesystem;

class TempFolder {
 public:
  TempFolder() {
    std::string pattern = (fs::temp_directory_path() / "edgeq_calib_XXXXXX").string();
    path_ = mkdtemp(pattern.data()) != nullptr ? pattern : std::string();
    EXPECT_FALSE(path_.empty());
  }
  ~TempFolder() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  std::string file(const std::string& name) const { return path_ + "/" + name; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::vector<float> iota_floats(size_t count, float start = 0.0f) {
  std::vector<float> values(count);
  for (size_t i = 0; i < count; ++i) values[i] = start + static_cast<float>(i);
  return values;
}

void write_floats_npy(const std::string& path, const Shape& shape, const std::vector<float>& v) {
  ASSERT_TRUE(tools::write_npy(path, TensorView(DType::kF32, shape, v.data())).ok()) << path;
}

// The f32 contents of input `input` of a batch.
std::vector<float> batch_floats(const Batch& batch, size_t input) {
  const TensorView view = batch[input].view();
  const float* p = view.data_as<const float>();
  return std::vector<float>(p, p + view.numel());
}

InputSpec image_input(int64_t batch, int64_t channels, int64_t h, int64_t w) {
  return InputSpec{"image", DType::kF32, Shape({batch, channels, h, w})};
}

void expect_error(const Result<CalibrationData>& result, const std::vector<std::string>& needles) {
  ASSERT_FALSE(result.ok()) << "expected an error";
  for (const std::string& needle : needles) {
    EXPECT_NE(result.status().message().find(needle), std::string::npos)
        << "'" << needle << "' not in: " << result.status().to_string();
  }
}

TEST(CalibrationDataTest, OneNpySplitsIntoBatchesOfTheModelBatchSize) {
  TempFolder dir;
  write_floats_npy(dir.file("calib.npy"), Shape({10, 1, 2, 2}), iota_floats(40));
  auto source = open_calibration_data(dir.file("calib.npy"), {image_input(4, 1, 2, 2)});
  ASSERT_TRUE(source.ok()) << source.status().to_string();
  EXPECT_EQ(source->source->num_batches(), 2u);
  EXPECT_NE(source->description.find("2 left over"), std::string::npos) << source->description;
  auto second = source->source->batch(1);
  ASSERT_TRUE(second.ok()) << second.status().to_string();
  EXPECT_EQ(batch_floats(*second, 0), iota_floats(16, 16.0f));  // rows 4..7
  EXPECT_FALSE(source->source->batch(2).ok());
}

TEST(CalibrationDataTest, LimitCountsSamples) {
  TempFolder dir;
  write_floats_npy(dir.file("calib.npy"), Shape({10, 3}), iota_floats(30));
  CalibrationDataOptions options;
  options.limit = 5;
  auto source = open_calibration_data(dir.file("calib.npy"),
                                      {InputSpec{"x", DType::kF32, Shape({2, 3})}}, options);
  ASSERT_TRUE(source.ok()) << source.status().to_string();
  EXPECT_EQ(source->source->num_batches(), 2u);  // 5 samples: two batches of 2, one left over
}

TEST(CalibrationDataTest, WrongShapeNamesFileExpectedAndActual) {
  TempFolder dir;
  write_floats_npy(dir.file("calib.npy"), Shape({8, 28, 28}), iota_floats(8 * 28 * 28));
  expect_error(open_calibration_data(dir.file("calib.npy"), {image_input(1, 1, 28, 28)}),
               {"calib.npy", "[8, 28, 28]", "[N, 1, 28, 28]", "'image'"});
}

TEST(CalibrationDataTest, WrongDtypeNamesFileAndBothDtypes) {
  TempFolder dir;
  std::vector<int64_t> labels(4, 3);
  ASSERT_TRUE(tools::write_npy(dir.file("labels.npy"),
                               TensorView(DType::kI64, Shape({4, 1}), labels.data()))
                  .ok());
  expect_error(
      open_calibration_data(dir.file("labels.npy"), {InputSpec{"x", DType::kF32, Shape({1, 1})}}),
      {"labels.npy", "i64", "f32"});
}

TEST(CalibrationDataTest, NaNNamesFileAndElement) {
  TempFolder dir;
  std::vector<float> values = iota_floats(24);
  values[17] = NAN;
  write_floats_npy(dir.file("bad.npy"), Shape({2, 3, 4}), values);
  expect_error(
      open_calibration_data(dir.file("bad.npy"), {InputSpec{"x", DType::kF32, Shape({1, 3, 4})}}),
      {"bad.npy", "element 17", "[1, 1, 1]", "NaN"});
}

TEST(CalibrationDataTest, NpyFolderIsReadInNameOrderWithSamplesAndBatches) {
  TempFolder dir;
  write_floats_npy(dir.file("b_one_sample.npy"), Shape({3}), iota_floats(3, 100.0f));
  write_floats_npy(dir.file("a_two_samples.npy"), Shape({2, 3}), iota_floats(6));
  auto source = open_calibration_data(dir.path(), {InputSpec{"x", DType::kF32, Shape({3, 3})}});
  ASSERT_TRUE(source.ok()) << source.status().to_string();
  ASSERT_EQ(source->source->num_batches(), 1u);
  auto batch = source->source->batch(0);
  ASSERT_TRUE(batch.ok()) << batch.status().to_string();
  EXPECT_EQ(batch_floats(*batch, 0), (std::vector<float>{0, 1, 2, 3, 4, 5, 100, 101, 102}));
}

TEST(CalibrationDataTest, EmptyFolderMissingPathAndTooFewSamplesAreErrors) {
  TempFolder dir;
  expect_error(open_calibration_data(dir.path(), {image_input(1, 1, 2, 2)}),
               {dir.path(), "no .npy"});
  expect_error(open_calibration_data(dir.file("missing.npy"), {image_input(1, 1, 2, 2)}),
               {"missing.npy", "does not exist"});
  write_floats_npy(dir.file("few.npy"), Shape({2, 1, 2, 2}), iota_floats(8));
  expect_error(open_calibration_data(dir.file("few.npy"), {image_input(4, 1, 2, 2)}),
               {"fewer samples than one batch (4)"});
}

TEST(CalibrationDataTest, NpyFeedsOnlySingleInputModels) {
  TempFolder dir;
  write_floats_npy(dir.file("x.npy"), Shape({1, 2}), iota_floats(2));
  expect_error(
      open_calibration_data(dir.file("x.npy"), {InputSpec{"a", DType::kF32, Shape({1, 2})},
                                                InputSpec{"b", DType::kF32, Shape({1, 2})}}),
      {"2 inputs", "random"});
}

TEST(CalibrationDataTest, RandomIsSeededAndInUnitRange) {
  std::vector<InputSpec> inputs = {InputSpec{"x", DType::kF32, Shape({2, 5})}};
  CalibrationDataOptions options;
  options.seed = 9;
  auto a = open_calibration_data("random:3", inputs, options);
  auto b = open_calibration_data("random:3", inputs, options);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->source->num_batches(), 3u);
  std::vector<float> first = batch_floats(a->source->batch(2).value(), 0);
  EXPECT_EQ(first, batch_floats(b->source->batch(2).value(), 0));
  EXPECT_NE(first, batch_floats(a->source->batch(1).value(), 0));
  for (float v : first) {
    EXPECT_GE(v, 0.0f);
    EXPECT_LT(v, 1.0f);
  }
  expect_error(open_calibration_data("random:zero", inputs), {"random:N"});
}

// PNG files written with libpng's simplified API.
void write_png(const std::string& path, int width, int height, bool color,
               const std::vector<uint8_t>& pixels) {
  png_image image;
  std::memset(&image, 0, sizeof(image));
  image.version = PNG_IMAGE_VERSION;
  image.width = width;
  image.height = height;
  image.format = color ? PNG_FORMAT_RGB : PNG_FORMAT_GRAY;
  ASSERT_TRUE(png_image_write_to_file(&image, path.c_str(), 0, pixels.data(), 0, nullptr))
      << image.message;
}

TEST(CalibrationDataTest, ImageFolderResizesScalesAndNormalises) {
  TempFolder dir;
  // A 2x1 gray gradient [0, 255] upscaled to width 4: half-pixel centres sample at source
  // x = -0.25 (clamped 0), 0.25, 0.75, 1.25 (clamped 1) -> 0, 0.25, 0.75, 1 of the range.
  write_png(dir.file("a.png"), 2, 1, false, {0, 255});
  // An RGB image of one colour becomes that colour in every pixel.
  write_png(dir.file("b.png"), 1, 1, true, {255, 0, 51});
  CalibrationDataOptions options;
  options.mean = {0.5f, 0.0f, 0.0f};
  options.std = {0.5f, 1.0f, 0.2f};
  auto source = open_calibration_data(dir.path(), {image_input(1, 3, 1, 4)}, options);
  ASSERT_TRUE(source.ok()) << source.status().to_string();
  ASSERT_EQ(source->source->num_batches(), 2u);
  std::vector<float> gray = batch_floats(source->source->batch(0).value(), 0);
  ASSERT_EQ(gray.size(), 12u);
  const float ramp[4] = {0.0f, 0.25f, 0.75f, 1.0f};
  for (int x = 0; x < 4; ++x) {
    EXPECT_NEAR(gray[x], (ramp[x] - 0.5f) / 0.5f, 1e-6f) << x;  // channel 0
    EXPECT_NEAR(gray[4 + x], ramp[x], 1e-6f) << x;              // gray repeated into G
    EXPECT_NEAR(gray[8 + x], ramp[x] / 0.2f, 1e-5f) << x;       // and B
  }
  std::vector<float> rgb = batch_floats(source->source->batch(1).value(), 0);
  EXPECT_NEAR(rgb[0], 1.0f, 1e-6f);
  EXPECT_NEAR(rgb[4], 0.0f, 1e-6f);
  EXPECT_NEAR(rgb[8], 1.0f, 1e-5f);  // (51 / 255) / 0.2
}

// JPEG files written with libjpeg (quality 100).
void write_jpeg(const std::string& path, int width, int height, int channels,
                const std::vector<uint8_t>& pixels) {
  FILE* file = std::fopen(path.c_str(), "wb");
  ASSERT_NE(file, nullptr) << path;
  jpeg_compress_struct info;
  jpeg_error_mgr errors;
  info.err = jpeg_std_error(&errors);
  jpeg_create_compress(&info);
  jpeg_stdio_dest(&info, file);
  info.image_width = width;
  info.image_height = height;
  info.input_components = channels;
  info.in_color_space = channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
  jpeg_set_defaults(&info);
  jpeg_set_quality(&info, 100, TRUE);
  jpeg_start_compress(&info, TRUE);
  while (info.next_scanline < info.image_height) {
    JSAMPROW row = const_cast<uint8_t*>(pixels.data()) +
                   static_cast<size_t>(info.next_scanline) * width * channels;
    jpeg_write_scanlines(&info, &row, 1);
  }
  jpeg_finish_compress(&info);
  jpeg_destroy_compress(&info);
  std::fclose(file);
}

TEST(CalibrationDataTest, JpegDecodesGrayAndRgb) {
  TempFolder dir;
  std::vector<uint8_t> rgb;
  for (int i = 0; i < 8 * 4; ++i) rgb.insert(rgb.end(), {200, 40, 90});
  write_jpeg(dir.file("rgb.jpg"), 8, 4, 3, rgb);
  write_jpeg(dir.file("gray.jpeg"), 8, 4, 1, std::vector<uint8_t>(32, 77));
  auto color = decode_image_file(dir.file("rgb.jpg"));
  ASSERT_TRUE(color.ok()) << color.status().to_string();
  EXPECT_EQ(color->width, 8);
  EXPECT_EQ(color->height, 4);
  ASSERT_EQ(color->channels, 3);
  for (size_t i = 0; i < color->pixels.size(); ++i) {
    EXPECT_NEAR(color->pixels[i], rgb[i], 3) << i;  // JPEG is lossy, even at quality 100
  }
  auto gray = decode_image_file(dir.file("gray.jpeg"));
  ASSERT_TRUE(gray.ok()) << gray.status().to_string();
  ASSERT_EQ(gray->channels, 1);
  for (uint8_t v : gray->pixels) EXPECT_NEAR(v, 77, 1);
}

TEST(CalibrationDataTest, RgbImageForAGrayModelIsLuma) {
  DecodedImage image{1, 1, 3, {200, 100, 50}};
  ImagePreprocessing options;
  options.height = 1;
  options.width = 1;
  options.channels = 1;
  float out = 0;
  ASSERT_TRUE(image_to_chw(image, options, &out).ok());
  EXPECT_NEAR(out, (0.299f * 200 + 0.587f * 100 + 0.114f * 50) / 255.0f, 1e-6f);
}

TEST(CalibrationDataTest, UnreadableImageNamesTheFile) {
  TempFolder dir;
  std::ofstream(dir.file("broken.jpg"), std::ios::binary) << "\xFF\xD8\xFF garbage";
  std::ofstream(dir.file("text.png"), std::ios::binary) << "not an image at all";
  auto source = open_calibration_data(dir.path(), {image_input(1, 1, 4, 4)});
  ASSERT_TRUE(source.ok()) << source.status().to_string();
  auto first = source->source->batch(0);
  ASSERT_FALSE(first.ok());
  EXPECT_NE(first.status().message().find("broken.jpg"), std::string::npos)
      << first.status().to_string();
  auto second = source->source->batch(1);
  ASSERT_FALSE(second.ok());
  EXPECT_NE(second.status().message().find("text.png: not a PNG or JPEG"), std::string::npos)
      << second.status().to_string();
}

TEST(CalibrationDataTest, ImagesNeedAnNchwFloatInputAndValidMeanStd) {
  TempFolder dir;
  write_png(dir.file("a.png"), 1, 1, false, {7});
  expect_error(open_calibration_data(dir.path(), {InputSpec{"x", DType::kF32, Shape({1, 5})}}),
               {"NCHW", "'x'"});
  CalibrationDataOptions options;
  options.std = {1.0f, 0.0f, 1.0f};
  expect_error(open_calibration_data(dir.path(), {image_input(1, 3, 2, 2)}, options),
               {"std values must be > 0"});
  write_floats_npy(dir.file("mixed.npy"), Shape({1, 3, 2, 2}), iota_floats(12));
  expect_error(open_calibration_data(dir.path(), {image_input(1, 3, 2, 2)}), {"mixes"});
}

}  // namespace
}  // namespace edgeq::quantizer
