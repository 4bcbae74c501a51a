// Storing delegated weights narrow. A partition that absorbed weight-widening nodes (Cast of fp16
// constants, DequantizeLinear of int8/uint8 constants; ops/op_util.h) lowers their readers with
// the widened fp32 weights, relaid out for XNNPACK. Before such an fp32 constant goes into the
// payload, it is matched against the partition's widenings: an encoding (fp16, or the int8 codes
// with the widening's scales, per tensor or along the dim of the relaid weights that holds the
// channels) is kept only when widening it back (runtime/narrow_weights.h, the portable kernels)
// reproduces every float bit for bit. So the payload stays as small as the stored weights, and
// the delegate computes exactly what it would have with fp32 weights; a weight that no encoding
// reproduces (e.g. scaled by Gemm's alpha) is stored as fp32.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "delegate/xnnpack/runtime/narrow_weights.h"
#include "partitioner/delegate_lowering.h"

namespace edgeq::xnnpack {

// One absorbed widening: its encoding (channel_dim still open for per-channel scales) and the
// number of elements it widens.
struct NarrowRecipe {
  NarrowEncoding encoding;
  int64_t count = 0;
};

// The recipes of the weight-widening nodes in `partition`.
std::vector<NarrowRecipe> narrow_recipes(const partitioner::Partition& partition);

struct NarrowConstant {
  NarrowEncoding encoding;
  std::vector<uint8_t> bytes;
};

// A narrow form of the fp32 constant `data` with XNNPACK dims `dims` that widens back to exactly
// `data`, from the first recipe that does; nullopt when none does.
std::optional<NarrowConstant> narrow_constant(const std::vector<NarrowRecipe>& recipes,
                                              const std::vector<uint32_t>& dims,
                                              const std::vector<float>& data);

}  // namespace edgeq::xnnpack
