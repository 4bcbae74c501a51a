// BatchSource: where calibration (and QuantSim comparison) data comes from, one batch at a time.
// Implementations (quantizer/calibration_data.h): one .npy with a batch dimension, a folder of
// .npy files, a folder of images, random data.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "runtime/core/aligned_buffer.h"
#include "runtime/core/status.h"
#include "runtime/core/tensor.h"

namespace edgeq::quantizer {

// One input tensor of a batch; owns its (64-byte aligned) bytes.
struct BatchTensor {
  // The graph input it feeds. Empty: positional (the i-th tensor of a batch feeds the i-th graph
  // input). A batch is either all named or all positional.
  std::string name;
  DType dtype = DType::kUndefined;
  Shape shape;
  AlignedBuffer data;  // dtype_storage_bytes(dtype, shape.numel()) bytes

  // Zero-filled storage for `dtype` and `shape`.
  static BatchTensor allocate(std::string name, DType dtype, const Shape& shape);
  // A copy of `tensor`'s bytes (tensor.data must be set).
  static BatchTensor copy_of(std::string name, const TensorView& tensor);

  TensorView view() const {
    return TensorView(dtype, shape, static_cast<const void*>(data.data()));
  }
};

using Batch = std::vector<BatchTensor>;

class BatchSource {
 public:
  virtual ~BatchSource() = default;
  virtual size_t num_batches() const = 0;
  // Batch `index` (< num_batches()). The same index gives the same data every time (random
  // sources seed by index), so several passes over a source see the same batches. Errors name the
  // file or item the batch comes from.
  virtual Result<Batch> batch(size_t index) const = 0;
};

// A BatchSource over batches already in memory (tests, and callers holding their data).
class InMemoryBatchSource : public BatchSource {
 public:
  InMemoryBatchSource() = default;
  void add(Batch batch) { batches_.push_back(std::move(batch)); }
  size_t num_batches() const override { return batches_.size(); }
  Result<Batch> batch(size_t index) const override;

 private:
  std::vector<Batch> batches_;
};

}  // namespace edgeq::quantizer
