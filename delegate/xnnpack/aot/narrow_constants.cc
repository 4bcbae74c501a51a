#include "delegate/xnnpack/aot/narrow_constants.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "delegate/xnnpack/aot/ops/op_util.h"

namespace edgeq::xnnpack {
namespace {

// The elements of a constant integer (int8/uint8) zero point, or {0} when absent.
std::vector<int32_t> zero_points(const ir::Value* zero_point) {
  if (zero_point == nullptr) return {0};
  const uint8_t* bytes = zero_point->constant()->data();
  std::vector<int32_t> out;
  for (int64_t i = 0; i < zero_point->shape().numel(); ++i) {
    out.push_back(zero_point->dtype() == DType::kI8 ? static_cast<int8_t>(bytes[i]) : bytes[i]);
  }
  return out;
}

std::optional<NarrowRecipe> recipe_of(const ir::Node& node) {
  NarrowRecipe recipe;
  recipe.count = node.output(0)->shape().numel();
  if (node.op() == OpType::kCast) {
    recipe.encoding.datatype = schema::DataType::Fp16;
    return recipe;
  }
  const ir::Value* stored = node.input(0);
  const std::vector<float> scales = constant_floats(*node.input(1));
  const std::vector<int32_t> points = zero_points(node.input(2));
  // One zero point for all channels: what the payload's quantization can say.
  if (std::adjacent_find(points.begin(), points.end(), std::not_equal_to<>()) != points.end()) {
    return std::nullopt;
  }
  recipe.encoding.zero_point = points[0];
  if (scales.size() == 1) {
    recipe.encoding.datatype =
        stored->dtype() == DType::kI8 ? schema::DataType::QInt8 : schema::DataType::QUInt8;
    recipe.encoding.scale = scales[0];
    return recipe;
  }
  if (stored->dtype() != DType::kI8) return std::nullopt;  // per channel: int8 only (QCInt8)
  recipe.encoding.datatype = schema::DataType::QCInt8;
  recipe.encoding.channel_scales = scales;
  return recipe;
}

// The codes of `data` under `encoding` (rounded to nearest, clamped to the dtype).
std::vector<uint8_t> encode(const NarrowEncoding& encoding, const std::vector<uint32_t>& dims,
                            const std::vector<float>& data) {
  if (encoding.datatype == schema::DataType::Fp16) {
    std::vector<uint8_t> bytes(data.size() * sizeof(uint16_t));
    for (size_t i = 0; i < data.size(); ++i) {
      const uint16_t half = float_to_half(data[i]);
      std::memcpy(bytes.data() + i * sizeof(half), &half, sizeof(half));
    }
    return bytes;
  }
  const bool int8 = narrow_dtype(encoding.datatype) == DType::kI8;
  const float lo = int8 ? -128.f : 0.f, hi = int8 ? 127.f : 255.f;
  size_t inner = 1;
  if (encoding.datatype == schema::DataType::QCInt8) {
    for (size_t d = encoding.channel_dim + 1; d < dims.size(); ++d) inner *= dims[d];
  }
  std::vector<uint8_t> bytes(data.size());
  for (size_t i = 0; i < data.size(); ++i) {
    const float scale = encoding.datatype == schema::DataType::QCInt8
                            ? encoding.channel_scales[(i / inner) % encoding.channel_scales.size()]
                            : encoding.scale;
    const float code = std::clamp(std::nearbyint(data[i] / scale) + encoding.zero_point, lo, hi);
    bytes[i] = static_cast<uint8_t>(static_cast<int32_t>(code) & 0xFF);
  }
  return bytes;
}

// True when `bytes` widen back to exactly `data`.
bool reproduces(const NarrowEncoding& encoding, const std::vector<uint32_t>& dims,
                const std::vector<uint8_t>& bytes, const std::vector<float>& data) {
  std::vector<float> widened(data.size());
  if (!widen_narrow(encoding, dims, bytes.data(), widened.data()).ok()) return false;
  return std::memcmp(widened.data(), data.data(), data.size() * sizeof(float)) == 0;
}

}  // namespace

std::vector<NarrowRecipe> narrow_recipes(const partitioner::Partition& partition) {
  std::vector<NarrowRecipe> recipes;
  for (const ir::Node* node : partition.nodes) {
    if (!is_weight_widening(*node)) continue;
    if (std::optional<NarrowRecipe> recipe = recipe_of(*node)) recipes.push_back(*recipe);
  }
  return recipes;
}

std::optional<NarrowConstant> narrow_constant(const std::vector<NarrowRecipe>& recipes,
                                              const std::vector<uint32_t>& dims,
                                              const std::vector<float>& data) {
  for (const NarrowRecipe& recipe : recipes) {
    if (recipe.count != static_cast<int64_t>(data.size()) || data.empty()) continue;
    std::vector<int> channel_dims = {0};
    if (recipe.encoding.datatype == schema::DataType::QCInt8) {
      channel_dims.clear();
      for (size_t d = 0; d < dims.size(); ++d) {
        if (dims[d] == recipe.encoding.channel_scales.size()) channel_dims.push_back(d);
      }
    }
    for (int channel_dim : channel_dims) {
      NarrowConstant narrow{recipe.encoding, {}};
      narrow.encoding.channel_dim = channel_dim;
      narrow.bytes = encode(narrow.encoding, dims, data);
      if (reproduces(narrow.encoding, dims, narrow.bytes, data)) return narrow;
    }
  }
  return std::nullopt;
}

}  // namespace edgeq::xnnpack
