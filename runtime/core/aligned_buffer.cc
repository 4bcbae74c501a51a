#include "runtime/core/aligned_buffer.h"

#include <cstdlib>
#include <cstring>
#include <new>

namespace edgeq {

void AlignedBuffer::Free::operator()(uint8_t* p) const { std::free(p); }

AlignedBuffer::AlignedBuffer(size_t size) { reserve(size); }

void AlignedBuffer::reserve(size_t size) {
  if (size <= size_ && data_) return;
  const size_t rounded = (size + kBufferAlignment - 1) / kBufferAlignment * kBufferAlignment;
  void* p = std::aligned_alloc(kBufferAlignment, rounded == 0 ? kBufferAlignment : rounded);
  if (p == nullptr) throw std::bad_alloc();
  std::memset(p, 0, rounded == 0 ? kBufferAlignment : rounded);
  data_.reset(static_cast<uint8_t*>(p));
  size_ = size;
}

}  // namespace edgeq
