// TensorView: a dtype, a shape and a pointer to contiguous row-major data it does not own.
#pragma once

#include <cstddef>
#include <string>

#include "runtime/core/dtype.h"
#include "runtime/core/shape.h"

namespace edgeq {

struct TensorView {
  DType dtype = DType::kUndefined;
  Shape shape;
  void* data = nullptr;  // may be null at prepare time (not yet known) or for absent inputs

  TensorView() = default;
  TensorView(DType dtype_, Shape shape_, void* data_ = nullptr)
      : dtype(dtype_), shape(shape_), data(data_) {}
  TensorView(DType dtype_, Shape shape_, const void* data_)
      : dtype(dtype_), shape(shape_), data(const_cast<void*>(data_)) {}

  // False for an absent optional input.
  bool present() const { return dtype != DType::kUndefined; }
  int64_t numel() const { return shape.numel(); }
  size_t nbytes() const { return dtype_storage_bytes(dtype, static_cast<size_t>(numel())); }

  template <typename T>
  T* data_as() const {
    return static_cast<T*>(data);
  }
  // "f32[1, 3, 224, 224]"
  std::string to_string() const;
};

}  // namespace edgeq
