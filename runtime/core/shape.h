// Shape: the dimensions of a tensor, stored inline (no heap allocation) up to kMaxRank.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "runtime/core/span.h"

namespace edgeq {

constexpr int kMaxRank = 8;

class Shape {
 public:
  Shape() = default;
  Shape(std::initializer_list<int64_t> dims);
  // Callers check dims.size() <= kMaxRank first (see Shape::from); asserts otherwise.
  explicit Shape(Span<const int64_t> dims);
  explicit Shape(const std::vector<int64_t>& dims) : Shape(Span<const int64_t>(dims)) {}

  int rank() const { return rank_; }
  int64_t operator[](int i) const { return dims_[i]; }
  int64_t& operator[](int i) { return dims_[i]; }
  const int64_t* begin() const { return dims_; }
  const int64_t* end() const { return dims_ + rank_; }
  Span<const int64_t> dims() const { return Span<const int64_t>(dims_, rank_); }
  std::vector<int64_t> to_vector() const { return std::vector<int64_t>(begin(), end()); }

  // Product of all dimensions (1 for rank 0).
  int64_t numel() const;
  void push_back(int64_t dim);
  void resize(int rank, int64_t fill = 1);

  bool operator==(const Shape& other) const;
  bool operator!=(const Shape& other) const { return !(*this == other); }
  // "[1, 3, 224, 224]"
  std::string to_string() const;

 private:
  int64_t dims_[kMaxRank] = {};
  int rank_ = 0;
};

// Row-major strides in elements.
std::vector<int64_t> contiguous_strides(const Shape& shape);

}  // namespace edgeq
