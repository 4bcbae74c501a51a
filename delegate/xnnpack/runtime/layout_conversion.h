// Layout conversion at the delegate boundary: a tensor of `batch` x `channels` x `spatial` elements
// (N C S, S the product of the trailing dims) to N S C (channels last), and back.
#pragma once

#include <cstddef>

namespace edgeq::xnnpack {

// `element_bytes` is 1, 2 or 4. `src` and `dst` must not overlap.
void channels_first_to_last(const void* src, void* dst, size_t batch, size_t channels,
                            size_t spatial, size_t element_bytes);
void channels_last_to_first(const void* src, void* dst, size_t batch, size_t channels,
                            size_t spatial, size_t element_bytes);

}  // namespace edgeq::xnnpack
