// Decoding PNG and JPEG files (Debian's libpng and libjpeg) and turning a decoded image into one
// model input sample: bilinear resize to the model's H x W, grayscale/RGB conversion, scaling to
// [0, 1], per-channel mean/std normalisation, planar (CHW) float layout. Used by the image-folder
// calibration source (calibration_data.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "runtime/core/status.h"

namespace edgeq::quantizer {

// 8-bit pixels, interleaved (HWC): channels is 1 (grayscale) or 3 (RGB). Alpha is dropped,
// palettes expanded, 16-bit samples reduced to 8 bits.
struct DecodedImage {
  int64_t width = 0;
  int64_t height = 0;
  int channels = 0;
  std::vector<uint8_t> pixels;  // height * width * channels
};

// Images larger than this many pixels are refused (a corrupt header must not allocate gigabytes).
constexpr int64_t kMaxImagePixels = int64_t{1} << 28;

// Decodes the PNG or JPEG at `path` (chosen by the file's signature, not its name). Errors name
// the file: unreadable, neither PNG nor JPEG, truncated or corrupt, unsupported colour space.
Result<DecodedImage> decode_image_file(const std::string& path);
// The same for bytes in memory; `name` prefixes every error.
Result<DecodedImage> decode_image(const std::vector<uint8_t>& bytes, const std::string& name);

struct ImagePreprocessing {
  int64_t height = 0;
  int64_t width = 0;
  int channels = 3;         // 1: RGB images become luminance (ITU-R BT.601); 3: gray is repeated
  std::vector<float> mean;  // per channel (or one value for all), applied after scaling to [0, 1]
  std::vector<float> std;   // per channel (or one value for all); empty means 1
};

// Checks the options: positive sizes, 1 or 3 channels, mean/std with 0, 1 or `channels` values,
// std values > 0.
Status validate_preprocessing(const ImagePreprocessing& options);

// Writes channels * height * width floats (CHW) for `image` into `out`:
// out[c][y][x] = (bilinear(image)[y][x][c] / 255 - mean[c]) / std[c]. Bilinear uses half-pixel
// centres (no corner alignment, no antialiasing), like OpenCV's INTER_LINEAR.
Status image_to_chw(const DecodedImage& image, const ImagePreprocessing& options, float* out);

}  // namespace edgeq::quantizer
