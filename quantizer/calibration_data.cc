#include "quantizer/calibration_data.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <random>
#include <system_error>
#include <utility>

#include "quantizer/image_decoding.h"
#include "tools/npy.h"

namespace edgeq::quantizer {
namespace {

namespace fs = std::filesystem;

constexpr size_t kDefaultRandomBatches = 8;

Shape sample_shape(const InputSpec& spec) {
  Shape shape;
  for (int d = 1; d < spec.shape.rank(); ++d) shape.push_back(spec.shape[d]);
  return shape;
}

size_t sample_bytes(const InputSpec& spec) {
  return dtype_storage_bytes(spec.dtype, static_cast<size_t>(sample_shape(spec).numel()));
}

// "[N, 1, 28, 28]" for a batch of samples of `spec`.
std::string batch_pattern(const InputSpec& spec) {
  std::string text = "[N";
  const Shape sample = sample_shape(spec);
  for (int d = 0; d < sample.rank(); ++d) text += str_cat(", ", sample[d]);
  return text + "]";
}

// A source that produces samples one at a time; a batch is `batch size` consecutive samples.
class SampleBatchSource : public BatchSource {
 public:
  SampleBatchSource(std::vector<InputSpec> inputs, size_t samples, std::string what)
      : inputs_(std::move(inputs)), samples_(samples), what_(std::move(what)) {}

  size_t num_batches() const override { return samples_ / batch_size(); }

  std::string description() const {
    const size_t dropped = samples_ % batch_size();
    return str_cat(what_, ": ", num_batches() * batch_size(), " samples in ", num_batches(),
                   " batch", num_batches() == 1 ? "" : "es", " of ", batch_size(),
                   dropped ? str_cat(" (", dropped, " left over, unused)") : std::string());
  }

  Result<Batch> batch(size_t index) const override {
    if (index >= num_batches()) return out_of_range("batch ", index, " of ", num_batches());
    Batch out;
    for (size_t i = 0; i < inputs_.size(); ++i) {
      const InputSpec& spec = inputs_[i];
      BatchTensor tensor = BatchTensor::allocate(spec.name, spec.dtype, spec.shape);
      const size_t bytes = sample_bytes(spec);
      for (size_t b = 0; b < batch_size(); ++b) {
        EDGEQ_RETURN_IF_ERROR(
            write_sample(index * batch_size() + b, i, tensor.data.data() + b * bytes));
      }
      out.push_back(std::move(tensor));
    }
    return out;
  }

 protected:
  size_t batch_size() const { return static_cast<size_t>(inputs_.front().shape[0]); }
  const InputSpec& input(size_t i) const { return inputs_[i]; }
  // Writes sample `sample` of input `input` (sample_bytes of it) to `out`.
  virtual Status write_sample(size_t sample, size_t input, uint8_t* out) const = 0;

 private:
  std::vector<InputSpec> inputs_;
  size_t samples_;
  std::string what_;
};

// Samples held in memory: rows of .npy arrays (one model input).
class ArraySource : public SampleBatchSource {
 public:
  struct Row {
    size_t array;
    int64_t index;
  };
  ArraySource(const InputSpec& spec, std::vector<tools::NpyArray> arrays, std::vector<Row> rows,
              std::string what)
      : SampleBatchSource({spec}, rows.size(), std::move(what)),
        bytes_(sample_bytes(spec)),
        arrays_(std::move(arrays)),
        rows_(std::move(rows)) {}

 protected:
  Status write_sample(size_t sample, size_t, uint8_t* out) const override {
    const Row& row = rows_[sample];
    std::memcpy(out, arrays_[row.array].data.data() + static_cast<size_t>(row.index) * bytes_,
                bytes_);
    return Status::Ok();
  }

 private:
  size_t bytes_;
  std::vector<tools::NpyArray> arrays_;
  std::vector<Row> rows_;
};

// Images decoded when their batch is asked for (one model input, f32 NCHW).
class ImageFolderSource : public SampleBatchSource {
 public:
  ImageFolderSource(const InputSpec& spec, std::vector<std::string> paths,
                    ImagePreprocessing preprocessing, std::string what)
      : SampleBatchSource({spec}, paths.size(), std::move(what)),
        paths_(std::move(paths)),
        preprocessing_(std::move(preprocessing)) {}

 protected:
  Status write_sample(size_t sample, size_t, uint8_t* out) const override {
    EDGEQ_ASSIGN_OR_RETURN(DecodedImage image, decode_image_file(paths_[sample]));
    return image_to_chw(image, preprocessing_, reinterpret_cast<float*>(out));
  }

 private:
  std::vector<std::string> paths_;
  ImagePreprocessing preprocessing_;
};

// Uniform [0, 1) floats (integer inputs: zeros), the same for a given seed and batch.
class RandomSource : public SampleBatchSource {
 public:
  RandomSource(std::vector<InputSpec> inputs, size_t batches, uint32_t seed)
      : SampleBatchSource(inputs, batches * static_cast<size_t>(inputs.front().shape[0]),
                          str_cat("random data (seed ", seed, ")")),
        seed_(seed) {}

 protected:
  Status write_sample(size_t sample, size_t input_index, uint8_t* out) const override {
    const InputSpec& spec = input(input_index);
    const size_t count = static_cast<size_t>(sample_shape(spec).numel());
    std::mt19937 rng(seed_ ^ static_cast<uint32_t>(sample * 7919 + input_index * 104729));
    std::uniform_real_distribution<float> uniform(0.0f, 1.0f);
    if (spec.dtype == DType::kF32) {
      auto* values = reinterpret_cast<float*>(out);
      for (size_t i = 0; i < count; ++i) values[i] = uniform(rng);
    } else if (spec.dtype == DType::kF16) {
      for (size_t i = 0; i < count; ++i) {
        const uint16_t half = float_to_half(uniform(rng));
        std::memcpy(out + 2 * i, &half, 2);
      }
    } else {
      std::memset(out, 0, sample_bytes(spec));
    }
    return Status::Ok();
  }

 private:
  uint32_t seed_;
};

// The first NaN or Inf of a float array, as an error naming the file, the flat element index
// and its position.
Status check_finite(const tools::NpyArray& array, const std::string& path) {
  if (array.dtype != DType::kF32 && array.dtype != DType::kF16) return Status::Ok();
  const int64_t count = array.shape.numel();
  for (int64_t i = 0; i < count; ++i) {
    float v;
    if (array.dtype == DType::kF32) {
      std::memcpy(&v, array.data.data() + 4 * i, 4);
    } else {
      uint16_t bits;
      std::memcpy(&bits, array.data.data() + 2 * i, 2);
      v = half_to_float(bits);
    }
    if (std::isfinite(v)) continue;
    std::string position;
    int64_t rest = i;
    for (int d = array.shape.rank() - 1; d >= 0; --d) {
      position = str_cat(rest % array.shape[d], d + 1 < array.shape.rank() ? ", " : "", position);
      rest /= array.shape[d];
    }
    return invalid_argument(path, ": element ", i, " (index [", position, "]) is ",
                            std::isnan(v) ? "NaN" : "Inf", "; calibration data must be finite");
  }
  return Status::Ok();
}

// Reads one .npy file for `spec` and appends its rows (at most `room` of them).
// `single_sample_allowed`: the file may also hold one sample without a batch dimension.
Status add_npy_file(const std::string& path, const InputSpec& spec, bool single_sample_allowed,
                    size_t room, std::vector<tools::NpyArray>* arrays,
                    std::vector<ArraySource::Row>* rows) {
  EDGEQ_ASSIGN_OR_RETURN(tools::NpyArray array, tools::read_npy(path));
  if (array.dtype != spec.dtype) {
    return invalid_argument(path, ": dtype ", dtype_name(array.dtype), ", but model input '",
                            spec.name, "' takes ", dtype_name(spec.dtype),
                            spec.dtype == DType::kF32 ? " (save with .astype(np.float32))" : "");
  }
  const Shape sample = sample_shape(spec);
  int64_t count = -1;
  if (array.shape.rank() == sample.rank() + 1) {
    bool fits = true;
    for (int d = 0; d < sample.rank(); ++d) fits = fits && array.shape[d + 1] == sample[d];
    if (fits) count = array.shape[0];
  }
  if (count < 0 && single_sample_allowed && array.shape == sample) count = 1;
  if (count < 0) {
    return invalid_argument(
        path, ": shape ", array.shape.to_string(), " does not fit model input '", spec.name, "' ",
        spec.shape.to_string(), ": expected a batch ", batch_pattern(spec),
        single_sample_allowed ? str_cat(" or one sample ", sample.to_string()) : std::string());
  }
  EDGEQ_RETURN_IF_ERROR(check_finite(array, path));
  const size_t used = std::min(static_cast<size_t>(count), room);
  for (size_t r = 0; r < used; ++r) rows->push_back({arrays->size(), static_cast<int64_t>(r)});
  arrays->push_back(std::move(array));
  return Status::Ok();
}

std::string lowercase_extension(const fs::path& path) {
  std::string ext = path.extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

bool is_image_extension(const std::string& ext) {
  return ext == ".png" || ext == ".jpg" || ext == ".jpeg";
}

Status require_single_input(const std::vector<InputSpec>& inputs, const std::string& data) {
  if (inputs.size() == 1) return Status::Ok();
  return unimplemented("the model has ", inputs.size(), " inputs; '", data,
                       "' feeds a model with one input (use --calib random for a smoke test)");
}

Result<size_t> parse_random_batches(const std::string& data) {
  if (data == "random") return kDefaultRandomBatches;
  const std::string digits = data.substr(std::string("random:").size());
  bool numeric = !digits.empty() && digits.size() <= 6;
  for (char c : digits) numeric = numeric && std::isdigit(static_cast<unsigned char>(c));
  if (!numeric || std::stoul(digits) == 0) {
    return invalid_argument("'", data, "': random data takes a batch count 1..999999 (random:N)");
  }
  return static_cast<size_t>(std::stoul(digits));
}

size_t room_left(const CalibrationDataOptions& options, size_t taken) {
  if (options.limit == 0) return SIZE_MAX;
  return options.limit > taken ? options.limit - taken : 0;
}

Result<std::unique_ptr<SampleBatchSource>> open_npy_files(const std::vector<std::string>& paths,
                                                          const InputSpec& spec, bool folder,
                                                          const CalibrationDataOptions& options,
                                                          const std::string& what) {
  std::vector<tools::NpyArray> arrays;
  std::vector<ArraySource::Row> rows;
  for (const std::string& path : paths) {
    const size_t room = room_left(options, rows.size());
    if (room == 0) break;
    EDGEQ_RETURN_IF_ERROR(add_npy_file(path, spec, folder, room, &arrays, &rows));
  }
  return std::unique_ptr<SampleBatchSource>(
      new ArraySource(spec, std::move(arrays), std::move(rows), what));
}

Result<std::unique_ptr<SampleBatchSource>> open_image_folder(std::vector<std::string> paths,
                                                             const InputSpec& spec,
                                                             const CalibrationDataOptions& options,
                                                             const std::string& what) {
  const bool nchw_image = spec.dtype == DType::kF32 && spec.shape.rank() == 4 &&
                          (spec.shape[1] == 1 || spec.shape[1] == 3);
  if (!nchw_image) {
    return invalid_argument("images feed a float NCHW input with 1 or 3 channels; model input '",
                            spec.name, "' is ", dtype_name(spec.dtype), spec.shape.to_string());
  }
  ImagePreprocessing preprocessing;
  preprocessing.channels = static_cast<int>(spec.shape[1]);
  preprocessing.height = spec.shape[2];
  preprocessing.width = spec.shape[3];
  preprocessing.mean = options.mean;
  preprocessing.std = options.std;
  EDGEQ_RETURN_IF_ERROR(validate_preprocessing(preprocessing));
  if (options.limit != 0 && paths.size() > options.limit) paths.resize(options.limit);
  return std::unique_ptr<SampleBatchSource>(
      new ImageFolderSource(spec, std::move(paths), std::move(preprocessing), what));
}

Result<std::unique_ptr<SampleBatchSource>> open_folder(const std::string& folder,
                                                       const InputSpec& spec,
                                                       const CalibrationDataOptions& options) {
  std::vector<std::string> npy_files, image_files;
  std::error_code error;
  for (fs::directory_iterator it(folder, error), end; !error && it != end; it.increment(error)) {
    if (!it->is_regular_file(error)) continue;
    const std::string ext = lowercase_extension(it->path());
    if (ext == ".npy") npy_files.push_back(it->path().string());
    if (is_image_extension(ext)) image_files.push_back(it->path().string());
  }
  if (error) return not_found("cannot list folder '", folder, "': ", error.message());
  if (npy_files.empty() && image_files.empty()) {
    return invalid_argument("folder '", folder,
                            "' holds no calibration data (no .npy, .png, .jpg or .jpeg files)");
  }
  if (!npy_files.empty() && !image_files.empty()) {
    return invalid_argument("folder '", folder, "' mixes .npy files (", npy_files.size(),
                            ") and images (", image_files.size(), "); keep one kind");
  }
  std::sort(npy_files.begin(), npy_files.end());
  std::sort(image_files.begin(), image_files.end());
  if (!npy_files.empty()) {
    return open_npy_files(npy_files, spec, /*folder=*/true, options,
                          str_cat(npy_files.size(), " .npy files in ", folder));
  }
  return open_image_folder(std::move(image_files), spec, options,
                           str_cat(image_files.size(), " images in ", folder));
}

Result<std::unique_ptr<SampleBatchSource>> open_source(const std::string& data,
                                                       const std::vector<InputSpec>& inputs,
                                                       const CalibrationDataOptions& options) {
  if (data == "random" || data.rfind("random:", 0) == 0) {
    EDGEQ_ASSIGN_OR_RETURN(size_t batches, parse_random_batches(data));
    if (options.limit != 0) {
      const size_t batch = static_cast<size_t>(inputs.front().shape[0]);
      batches = std::min(batches, std::max<size_t>(1, options.limit / batch));
    }
    return std::unique_ptr<SampleBatchSource>(new RandomSource(inputs, batches, options.seed));
  }
  EDGEQ_RETURN_IF_ERROR(require_single_input(inputs, data));
  std::error_code error;
  if (fs::is_directory(data, error)) return open_folder(data, inputs.front(), options);
  if (!fs::exists(data, error)) {
    return not_found("calibration data '", data, "' does not exist (give a .npy file, a folder ",
                     "of .npy files or images, or random)");
  }
  if (lowercase_extension(data) != ".npy") {
    return invalid_argument("calibration data '", data,
                            "' is neither a .npy file nor a folder (or random)");
  }
  return open_npy_files({data}, inputs.front(), /*folder=*/false, options, data);
}

}  // namespace

Result<std::vector<InputSpec>> graph_input_specs(const ir::Graph& graph) {
  std::vector<InputSpec> specs;
  for (const ir::Value* input : graph.inputs()) {
    if (!input->has_type() || input->shape().rank() == 0) {
      return invalid_argument("model input '", input->name(),
                              "' needs a type and a batch dimension to be calibrated");
    }
    specs.push_back({input->name(), input->dtype(), input->shape()});
  }
  if (specs.empty()) return invalid_argument("the model has no inputs to calibrate with");
  return specs;
}

Result<CalibrationData> open_calibration_data(const std::string& data,
                                              const std::vector<InputSpec>& inputs,
                                              const CalibrationDataOptions& options) {
  if (inputs.empty()) return invalid_argument("the model has no inputs to calibrate with");
  for (const InputSpec& spec : inputs) {
    if (spec.shape.rank() == 0 || spec.shape[0] < 1) {
      return invalid_argument("model input '", spec.name, "' has no batch dimension");
    }
  }
  EDGEQ_ASSIGN_OR_RETURN(std::unique_ptr<SampleBatchSource> source,
                         open_source(data, inputs, options));
  if (source->num_batches() == 0) {
    return invalid_argument("calibration data '", data, "' has fewer samples than one batch (",
                            inputs.front().shape[0], "): ", source->description());
  }
  CalibrationData out;
  out.description = source->description();
  out.source = std::move(source);
  return out;
}

}  // namespace edgeq::quantizer
