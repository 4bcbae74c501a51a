// Packing of the linear kernels' weights (layout in linear_layout.h) and argument checks.
#include <cmath>
#include <cstring>

#include "delegate/xnnpack/kernels/linear_kernels.h"
#include "delegate/xnnpack/kernels/linear_layout.h"
#include "runtime/core/dtype.h"

namespace edgeq::xnnpack {

using linear_internal::int4_geometry;
using linear_internal::kHeaderBytes;
using linear_internal::kNr;
using linear_internal::LinearGeometry;
using linear_internal::round_up;

namespace {

Status check_common(const char* op, const void* weights, const float* scales, const float* bias,
                    int64_t n, int64_t k, int64_t scale_count) {
  if (weights == nullptr || scales == nullptr) {
    return invalid_argument(op, ": weights and scales must not be null");
  }
  if (n < 1) return invalid_argument(op, ": N (output channels) must be >= 1, got ", n);
  if (k < 1 || k > kMaxLinearK) {
    return invalid_argument(op, ": K (input channels) must be in [1, ", kMaxLinearK, "], got ", k);
  }
  for (int64_t i = 0; i < scale_count; ++i) {
    if (!std::isfinite(scales[i]) || scales[i] <= 0.0f) {
      return invalid_argument(op, ": weight scale ", i, " is ", scales[i],
                              " (must be finite and > 0)");
    }
  }
  for (int64_t i = 0; bias != nullptr && i < n; ++i) {
    if (!std::isfinite(bias[i])) return invalid_argument(op, ": bias ", i, " is ", bias[i]);
  }
  return Status::Ok();
}

// Writes the 16 lanes of a tile header; lanes past N stay zero (the buffer starts zeroed).
template <typename T, typename Fn>
void write_header(uint8_t* at, int64_t n0, int64_t n, Fn&& value_of_row) {
  T* lanes = reinterpret_cast<T*>(at);
  for (int64_t j = 0; j < kNr && n0 + j < n; ++j) lanes[j] = value_of_row(n0 + j);
}

}  // namespace

// Builds PackedLinear objects (the one friend of its private state).
class LinearPacker {
 public:
  static PackedLinear make(LinearScheme scheme, int64_t n, int64_t k, int64_t group,
                           int64_t tile_bytes) {
    PackedLinear packed;
    packed.scheme_ = scheme;
    packed.n_ = n;
    packed.k_ = k;
    packed.group_ = group;
    packed.data_ = AlignedBuffer(static_cast<size_t>(round_up(n, kNr) / kNr * tile_bytes));
    return packed;
  }
  static uint8_t* data(PackedLinear& packed) { return packed.data_.data(); }
};

Result<PackedLinear> pack_dynamic_int8_linear(const int8_t* weights, const float* scales,
                                              const float* bias, int64_t n, int64_t k) {
  EDGEQ_RETURN_IF_ERROR(check_common("pack_dynamic_int8_linear", weights, scales, bias, n, k, n));
  const LinearGeometry geometry = linear_internal::dynamic_int8_geometry(k);
  PackedLinear packed =
      LinearPacker::make(LinearScheme::kDynamicInt8, n, k, k, geometry.tile_bytes);
  for (int64_t n0 = 0; n0 < n; n0 += kNr) {
    uint8_t* tile = LinearPacker::data(packed) + n0 / kNr * geometry.tile_bytes;
    write_header<float>(tile, n0, n, [&](int64_t r) { return bias ? bias[r] : 0.0f; });
    write_header<float>(tile + kHeaderBytes, n0, n, [&](int64_t r) { return scales[r]; });
    write_header<int32_t>(tile + 2 * kHeaderBytes, n0, n, [&](int64_t r) {
      int32_t sum = 0;
      for (int64_t kk = 0; kk < k; ++kk) sum += weights[r * k + kk];
      return sum;
    });
    int8_t* blocks = reinterpret_cast<int8_t*>(tile + 3 * kHeaderBytes);
    for (int64_t j = 0; j < kNr && n0 + j < n; ++j) {
      for (int64_t kk = 0; kk < k; ++kk) {
        blocks[kk / 4 * 64 + 4 * j + kk % 4] = weights[(n0 + j) * k + kk];
      }
    }
  }
  return packed;
}

Result<PackedLinear> pack_8da4w_linear(const uint8_t* weights_int4, const float* scales,
                                       const float* bias, int64_t n, int64_t k, int64_t group) {
  const char* op = "pack_8da4w_linear";
  if (group < 32 || group > 256 || group % 8 != 0) {
    return invalid_argument(op, ": group size must be a multiple of 8 in [32, 256], got ", group);
  }
  const int64_t groups = (k + group - 1) / group;
  EDGEQ_RETURN_IF_ERROR(check_common(op, weights_int4, scales, bias, n, k, n * groups));
  const LinearGeometry geometry = int4_geometry(k, group);
  PackedLinear packed =
      LinearPacker::make(LinearScheme::kInt8DynActInt4Weight, n, k, group, geometry.tile_bytes);
  for (int64_t n0 = 0; n0 < n; n0 += kNr) {
    uint8_t* at = LinearPacker::data(packed) + n0 / kNr * geometry.tile_bytes;
    write_header<float>(at, n0, n, [&](int64_t r) { return bias ? bias[r] : 0.0f; });
    at += kHeaderBytes;
    for (int64_t g = 0; g < groups; ++g) {
      const int64_t k0 = g * group;
      const int64_t len = geometry.group_len(g);
      auto weight = [&](int64_t r, int64_t kk) {
        return static_cast<int32_t>(int4_get(weights_int4, static_cast<size_t>(r * k + kk)));
      };
      write_header<float>(at, n0, n, [&](int64_t r) { return scales[r * groups + g]; });
      write_header<int32_t>(at + kHeaderBytes, n0, n, [&](int64_t r) {
        int32_t sum = 0;
        for (int64_t kk = k0; kk < k0 + len; ++kk) sum += weight(r, kk);
        return sum;
      });
      uint8_t* units = at + 2 * kHeaderBytes;
      const int64_t unit_count = geometry.group_units(g);
      // Padding (rows past N, k past the group) holds w = 0, i.e. the nibble 8.
      std::memset(units, 0x88, static_cast<size_t>(unit_count * 64));
      for (int64_t j = 0; j < kNr && n0 + j < n; ++j) {
        for (int64_t i = 0; i < len; ++i) {
          uint8_t& byte = units[i / 8 * 64 + 4 * j + i % 4];
          const uint8_t nibble = static_cast<uint8_t>(weight(n0 + j, k0 + i) + 8);
          byte = (i % 8 < 4) ? static_cast<uint8_t>((byte & 0xF0) | nibble)
                             : static_cast<uint8_t>((byte & 0x0F) | (nibble << 4));
        }
      }
      at += 2 * kHeaderBytes + unit_count * 64;
    }
  }
  return packed;
}

}  // namespace edgeq::xnnpack
