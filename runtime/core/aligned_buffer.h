// AlignedBuffer: an owned, 64-byte aligned, zero-initialised byte buffer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

namespace edgeq {

constexpr size_t kBufferAlignment = 64;

class AlignedBuffer {
 public:
  AlignedBuffer() = default;
  explicit AlignedBuffer(size_t size);

  uint8_t* data() { return data_.get(); }
  const uint8_t* data() const { return data_.get(); }
  size_t size() const { return size_; }
  // Makes the buffer at least `size` bytes (contents are not kept when it grows).
  void reserve(size_t size);

 private:
  struct Free {
    void operator()(uint8_t* p) const;
  };
  std::unique_ptr<uint8_t, Free> data_;
  size_t size_ = 0;
};

}  // namespace edgeq
