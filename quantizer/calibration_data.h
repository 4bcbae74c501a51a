// Calibration data: where the batches that calibration runs the float graph on come from.
//   - one .npy file with a batch dimension ([N, ...sample dims]), split into batches of the
//     model's batch size;
//   - a folder of .npy files (sorted by name), each one sample ([...sample dims]) or a batch;
//   - a folder of PNG/JPEG images (sorted by name), decoded, resized (bilinear) to the model
//     input's H x W, scaled to [0, 1], normalised with a per-channel mean/std, laid out NCHW;
//   - "random" or "random:N" (N batches, default 8): seeded uniform [0, 1) data, for smoke tests.
// Batches have exactly the model's batch size: samples that do not fill a last batch are left out
// (the description says how many). .npy data is read and checked when the source is opened, so
// a wrong shape, a wrong dtype or a NaN is reported before calibration starts; images are decoded
// when their batch is asked for. Every error names the file (and the element, for a NaN).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ir/graph.h"
#include "quantizer/batch_source.h"
#include "runtime/core/status.h"

namespace edgeq::quantizer {

// What one model input of a batch must look like; shape[0] is the batch size.
struct InputSpec {
  std::string name;
  DType dtype = DType::kF32;
  Shape shape;
};

// The specs of the graph's inputs. InvalidArgument for an input of rank 0 or without a type.
Result<std::vector<InputSpec>> graph_input_specs(const ir::Graph& graph);

struct CalibrationDataOptions {
  // At most this many samples are used (0: all). Applied before batching.
  size_t limit = 0;
  // Images only: per-channel (or one for all channels) mean and std applied after scaling to
  // [0, 1]; empty means mean 0, std 1.
  std::vector<float> mean;
  std::vector<float> std;
  // "random": the generator seed.
  uint32_t seed = 1;
};

struct CalibrationData {
  std::unique_ptr<BatchSource> source;  // batches of named tensors, one per model input
  // For people: "calib.npy: 512 samples in 16 batches of 32 (3 left over, unused)".
  std::string description;
};

// The source for `data` (a path or "random[:N]") feeding `inputs`. .npy files and image folders
// feed a model with one input; random feeds any number of inputs. At least one batch, or an error.
Result<CalibrationData> open_calibration_data(
    const std::string& data, const std::vector<InputSpec>& inputs,
    const CalibrationDataOptions& options = CalibrationDataOptions());

}  // namespace edgeq::quantizer
