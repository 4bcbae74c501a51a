#include "runtime/core/shape.h"

#include <cassert>
#include <sstream>

namespace edgeq {

Shape::Shape(std::initializer_list<int64_t> dims) {
  assert(dims.size() <= static_cast<size_t>(kMaxRank));
  for (int64_t d : dims) dims_[rank_++] = d;
}

Shape::Shape(Span<const int64_t> dims) {
  assert(dims.size() <= static_cast<size_t>(kMaxRank));
  for (int64_t d : dims) dims_[rank_++] = d;
}

int64_t Shape::numel() const {
  int64_t n = 1;
  for (int i = 0; i < rank_; ++i) n *= dims_[i];
  return n;
}

void Shape::push_back(int64_t dim) {
  assert(rank_ < kMaxRank);
  dims_[rank_++] = dim;
}

void Shape::resize(int rank, int64_t fill) {
  assert(rank >= 0 && rank <= kMaxRank);
  for (int i = rank_; i < rank; ++i) dims_[i] = fill;
  rank_ = rank;
}

bool Shape::operator==(const Shape& other) const {
  if (rank_ != other.rank_) return false;
  for (int i = 0; i < rank_; ++i) {
    if (dims_[i] != other.dims_[i]) return false;
  }
  return true;
}

std::string Shape::to_string() const {
  std::ostringstream out;
  out << '[';
  for (int i = 0; i < rank_; ++i) out << (i ? ", " : "") << dims_[i];
  out << ']';
  return out.str();
}

std::vector<int64_t> contiguous_strides(const Shape& shape) {
  std::vector<int64_t> strides(shape.rank());
  int64_t stride = 1;
  for (int i = shape.rank() - 1; i >= 0; --i) {
    strides[i] = stride;
    stride *= shape[i];
  }
  return strides;
}

}  // namespace edgeq
