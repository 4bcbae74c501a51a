#include "quantizer/batch_source.h"

#include <cstring>

namespace edgeq::quantizer {

BatchTensor BatchTensor::allocate(std::string name, DType dtype, const Shape& shape) {
  BatchTensor tensor;
  tensor.name = std::move(name);
  tensor.dtype = dtype;
  tensor.shape = shape;
  tensor.data = AlignedBuffer(dtype_storage_bytes(dtype, static_cast<size_t>(shape.numel())));
  return tensor;
}

BatchTensor BatchTensor::copy_of(std::string name, const TensorView& tensor) {
  BatchTensor copy = allocate(std::move(name), tensor.dtype, tensor.shape);
  if (tensor.nbytes() > 0) std::memcpy(copy.data.data(), tensor.data, tensor.nbytes());
  return copy;
}

Result<Batch> InMemoryBatchSource::batch(size_t index) const {
  if (index >= batches_.size()) {
    return out_of_range("batch ", index, " of an in-memory source holding ", batches_.size());
  }
  Batch copy;
  copy.reserve(batches_[index].size());
  for (const BatchTensor& tensor : batches_[index]) {
    copy.push_back(BatchTensor::copy_of(tensor.name, tensor.view()));
  }
  return copy;
}

}  // namespace edgeq::quantizer
