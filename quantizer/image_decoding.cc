#include "quantizer/image_decoding.h"

// clang-format off: jpeglib.h needs <cstdio> first.
#include <jpeglib.h>

#include <cstdio>
// clang-format on
#include <png.h>

#include <algorithm>
#include <cmath>
#include <csetjmp>
#include <cstring>
#include <fstream>
#include <iterator>

namespace edgeq::quantizer {
namespace {

bool is_png(const std::vector<uint8_t>& bytes) {
  static const uint8_t kSignature[8] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
  return bytes.size() >= 8 && std::memcmp(bytes.data(), kSignature, 8) == 0;
}

bool is_jpeg(const std::vector<uint8_t>& bytes) {
  return bytes.size() >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF;
}

Status check_size(int64_t width, int64_t height, const std::string& name) {
  if (width <= 0 || height <= 0 || width * height > kMaxImagePixels) {
    return invalid_argument(name, ": image size ", width, "x", height, " is not supported");
  }
  return Status::Ok();
}

Result<DecodedImage> decode_png(const std::vector<uint8_t>& bytes, const std::string& name) {
  png_image image;
  std::memset(&image, 0, sizeof(image));
  image.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_memory(&image, bytes.data(), bytes.size())) {
    return invalid_argument(name, ": unreadable PNG (", image.message, ")");
  }
  DecodedImage out;
  out.width = image.width;
  out.height = image.height;
  Status size = check_size(out.width, out.height, name);
  if (!size.ok()) {
    png_image_free(&image);
    return size;
  }
  const bool color = (image.format & PNG_FORMAT_FLAG_COLOR) != 0;
  image.format = color ? PNG_FORMAT_RGB : PNG_FORMAT_GRAY;  // alpha composed onto black
  out.channels = color ? 3 : 1;
  out.pixels.resize(PNG_IMAGE_SIZE(image));
  if (!png_image_finish_read(&image, nullptr, out.pixels.data(), 0, nullptr)) {
    return invalid_argument(name, ": corrupt PNG (", image.message, ")");
  }
  return out;
}

// libjpeg reports fatal errors through error_exit, which must not return: jump back to decode.
struct JpegErrorManager {
  jpeg_error_mgr base;
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
};

void jpeg_error_exit(j_common_ptr info) {
  auto* errors = reinterpret_cast<JpegErrorManager*>(info->err);
  info->err->format_message(info, errors->message);
  std::longjmp(errors->jump, 1);
}

// Only plain C state lives in this frame across setjmp; `out` is owned by the caller.
bool decode_jpeg_into(const std::vector<uint8_t>& bytes, jpeg_decompress_struct* info,
                      JpegErrorManager* errors, DecodedImage* out, std::string* problem) {
  if (setjmp(errors->jump)) {
    jpeg_destroy_decompress(info);
    return false;
  }
  jpeg_create_decompress(info);
  jpeg_mem_src(info, bytes.data(), static_cast<unsigned long>(bytes.size()));
  jpeg_read_header(info, TRUE);
  if (info->jpeg_color_space == JCS_CMYK || info->jpeg_color_space == JCS_YCCK) {
    *problem = "CMYK JPEG images are not supported; convert to RGB";
    jpeg_destroy_decompress(info);
    return false;
  }
  info->out_color_space = info->num_components == 1 ? JCS_GRAYSCALE : JCS_RGB;
  jpeg_start_decompress(info);
  const int64_t width = info->output_width, height = info->output_height;
  if (width <= 0 || height <= 0 || width * height > kMaxImagePixels) {
    *problem = "image size is not supported";
    jpeg_destroy_decompress(info);
    return false;
  }
  out->width = width;
  out->height = height;
  out->channels = info->output_components;
  out->pixels.resize(static_cast<size_t>(width * height * out->channels));
  while (info->output_scanline < info->output_height) {
    JSAMPROW row = out->pixels.data() + static_cast<size_t>(info->output_scanline) *
                                            static_cast<size_t>(width * out->channels);
    jpeg_read_scanlines(info, &row, 1);
  }
  jpeg_finish_decompress(info);
  jpeg_destroy_decompress(info);
  return true;
}

Result<DecodedImage> decode_jpeg(const std::vector<uint8_t>& bytes, const std::string& name) {
  jpeg_decompress_struct info;
  JpegErrorManager errors;
  std::memset(errors.message, 0, sizeof(errors.message));
  info.err = jpeg_std_error(&errors.base);
  errors.base.error_exit = jpeg_error_exit;
  errors.base.output_message = [](j_common_ptr) {};  // warnings (e.g. premature end) stay quiet
  DecodedImage out;
  std::string problem;
  if (!decode_jpeg_into(bytes, &info, &errors, &out, &problem)) {
    return invalid_argument(name, ": unreadable JPEG (",
                            problem.empty() ? std::string(errors.message) : problem, ")");
  }
  if (out.channels != 1 && out.channels != 3) {
    return invalid_argument(name, ": JPEG with ", out.channels, " channels is not supported");
  }
  return out;
}

// Bilinear sample positions along one axis (half-pixel centres): the two source indices and the
// weight of the second.
struct Tap {
  int64_t lo, hi;
  float weight;
};

std::vector<Tap> taps(int64_t in_size, int64_t out_size) {
  std::vector<Tap> result(out_size);
  const double scale = static_cast<double>(in_size) / static_cast<double>(out_size);
  for (int64_t o = 0; o < out_size; ++o) {
    double src = (static_cast<double>(o) + 0.5) * scale - 0.5;
    src = std::clamp(src, 0.0, static_cast<double>(in_size - 1));
    const int64_t lo = static_cast<int64_t>(std::floor(src));
    const int64_t hi = std::min(lo + 1, in_size - 1);
    result[o] = {lo, hi, static_cast<float>(src - static_cast<double>(lo))};
  }
  return result;
}

// The value of channel `c` (of the requested channel count) at source pixel (y, x), in [0, 255].
float source_value(const DecodedImage& image, int wanted_channels, int64_t y, int64_t x, int c) {
  const uint8_t* p = image.pixels.data() + (y * image.width + x) * image.channels;
  if (image.channels == wanted_channels) return p[c];
  if (image.channels == 1) return p[0];                  // gray -> RGB: repeat
  return 0.299f * p[0] + 0.587f * p[1] + 0.114f * p[2];  // RGB -> gray (BT.601 luma)
}

float per_channel(const std::vector<float>& values, int c, float fallback) {
  if (values.empty()) return fallback;
  return values.size() == 1 ? values[0] : values[c];
}

}  // namespace

Result<DecodedImage> decode_image(const std::vector<uint8_t>& bytes, const std::string& name) {
  if (is_png(bytes)) return decode_png(bytes, name);
  if (is_jpeg(bytes)) return decode_jpeg(bytes, name);
  return invalid_argument(name, ": not a PNG or JPEG image");
}

Result<DecodedImage> decode_image_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return not_found(path, ": cannot open the image");
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(file)),
                             std::istreambuf_iterator<char>());
  if (file.bad()) return data_loss(path, ": cannot read the image");
  return decode_image(bytes, path);
}

Status validate_preprocessing(const ImagePreprocessing& options) {
  if (options.height <= 0 || options.width <= 0) {
    return invalid_argument("image size ", options.height, "x", options.width, " must be positive");
  }
  if (options.channels != 1 && options.channels != 3) {
    return invalid_argument("images become 1 (gray) or 3 (RGB) channels, not ", options.channels);
  }
  for (const auto* values : {&options.mean, &options.std}) {
    const char* what = values == &options.mean ? "mean" : "std";
    if (values->size() > 1 && values->size() != static_cast<size_t>(options.channels)) {
      return invalid_argument(what, " has ", values->size(), " values; the model input has ",
                              options.channels, " channel(s)");
    }
  }
  for (float s : options.std) {
    if (!(s > 0.0f)) return invalid_argument("std values must be > 0, not ", s);
  }
  return Status::Ok();
}

Status image_to_chw(const DecodedImage& image, const ImagePreprocessing& options, float* out) {
  EDGEQ_RETURN_IF_ERROR(validate_preprocessing(options));
  const std::vector<Tap> rows = taps(image.height, options.height);
  const std::vector<Tap> cols = taps(image.width, options.width);
  for (int c = 0; c < options.channels; ++c) {
    const float mean = per_channel(options.mean, c, 0.0f);
    const float inv_std = 1.0f / per_channel(options.std, c, 1.0f);
    for (int64_t y = 0; y < options.height; ++y) {
      const Tap& r = rows[y];
      for (int64_t x = 0; x < options.width; ++x) {
        const Tap& t = cols[x];
        const float top = source_value(image, options.channels, r.lo, t.lo, c) * (1 - t.weight) +
                          source_value(image, options.channels, r.lo, t.hi, c) * t.weight;
        const float bottom = source_value(image, options.channels, r.hi, t.lo, c) * (1 - t.weight) +
                             source_value(image, options.channels, r.hi, t.hi, c) * t.weight;
        const float value = (top * (1 - r.weight) + bottom * r.weight) / 255.0f;
        *out++ = (value - mean) * inv_std;
      }
    }
  }
  return Status::Ok();
}

}  // namespace edgeq::quantizer
