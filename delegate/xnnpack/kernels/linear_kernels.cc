// Run-time side of the linear kernels: ISA choice, per-token activation quantization, the column
// loop over packed tiles and the thread split.
#include "delegate/xnnpack/kernels/linear_kernels.h"

#include <cpuinfo.h>
#include <pthreadpool.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "delegate/xnnpack/kernels/linear_layout.h"
#include "delegate/xnnpack/kernels/thread_split.h"

namespace edgeq::xnnpack {

namespace linear_internal {

LinearGeometry dynamic_int8_geometry(int64_t k) {
  LinearGeometry geometry;
  geometry.k = k;
  geometry.group = k;
  geometry.groups = 1;
  geometry.tile_bytes = 3 * kHeaderBytes + round_up(k, 4) / 4 * 64;
  geometry.act_stride = round_up(k, 64);
  return geometry;
}

LinearGeometry int4_geometry(int64_t k, int64_t group) {
  LinearGeometry geometry;
  geometry.k = k;
  geometry.group = group;
  geometry.groups = (k + group - 1) / group;
  const int64_t last = geometry.groups - 1;
  geometry.tile_bytes = kHeaderBytes + last * geometry.full_group_bytes() + 2 * kHeaderBytes +
                        geometry.group_units(last) * 64;
  geometry.act_stride = round_up(k, 64);
  return geometry;
}

}  // namespace linear_internal

using linear_internal::kNr;
using linear_internal::LinearGeometry;
using linear_internal::TileJob;
using linear_internal::TileKernel;

namespace {

bool cpu_ready() {
  static const bool ready = cpuinfo_initialize();
  return ready;
}

LinearGeometry geometry_of(const PackedLinear& packed) {
  return packed.scheme() == LinearScheme::kDynamicInt8
             ? linear_internal::dynamic_int8_geometry(packed.k())
             : linear_internal::int4_geometry(packed.k(), packed.group());
}

TileKernel tile_kernel(LinearScheme scheme, LinearIsa isa) {
  const bool int8 = scheme == LinearScheme::kDynamicInt8;
  switch (isa) {
#if EDGEQ_LINEAR_X86
    case LinearIsa::kAvx512Vnni:
      return int8 ? linear_internal::dynamic_int8_tile_avx512vnni
                  : linear_internal::int4_tile_avx512vnni;
    case LinearIsa::kAvx2:
      return int8 ? linear_internal::dynamic_int8_tile_avx2 : linear_internal::int4_tile_avx2;
#endif
    default:
      return int8 ? linear_internal::dynamic_int8_tile_portable
                  : linear_internal::int4_tile_portable;
  }
}

linear_internal::QuantizeValues quantize_values(LinearIsa isa) {
  switch (isa) {
#if EDGEQ_LINEAR_X86
    case LinearIsa::kAvx512Vnni:
      return linear_internal::quantize_values_avx512;
    case LinearIsa::kAvx2:
      return linear_internal::quantize_values_avx2;
#endif
    default:
      return linear_internal::quantize_values_portable;
  }
}

// Per-token asymmetric int8, the arithmetic of the runtime's DynamicQuantize (per_token, i8).
Status quantize_row(const float* x, int64_t count, int64_t offset,
                    linear_internal::QuantizeValues quantize, int8_t* q, float* scale,
                    int32_t* zero_point) {
  float lo = 0.0f;
  float hi = 0.0f;
  for (int64_t i = 0; i < count; ++i) {
    if (!std::isfinite(x[i])) {
      return invalid_argument("linear kernel: non-finite input ", x[i], " at element ", offset + i);
    }
    lo = std::min(lo, x[i]);
    hi = std::max(hi, x[i]);
  }
  constexpr float kQmin = -128.0f;
  constexpr float kQmax = 127.0f;
  float s = 1.0f;
  if (hi > lo) s = std::max((hi - lo) / (kQmax - kQmin), std::numeric_limits<float>::epsilon());
  const float zp = std::clamp(std::nearbyint(kQmin - lo / s), kQmin, kQmax);
  *scale = s;
  *zero_point = static_cast<int32_t>(zp);
  quantize(x, count, s, zp, q);
  return Status::Ok();
}

struct ScratchLayout {
  size_t q_bytes = 0;
  size_t total = 0;
};

ScratchLayout scratch_layout(const LinearGeometry& geometry, int64_t rows) {
  ScratchLayout layout;
  layout.q_bytes = static_cast<size_t>(rows * geometry.act_stride);
  layout.total = layout.q_bytes + static_cast<size_t>(rows) * (sizeof(float) + sizeof(int32_t));
  return layout;
}

}  // namespace

const char* linear_isa_name(LinearIsa isa) {
  switch (isa) {
    case LinearIsa::kAuto:
      return "auto";
    case LinearIsa::kPortable:
      return "portable";
    case LinearIsa::kAvx2:
      return "avx2";
    case LinearIsa::kAvx512Vnni:
      return "avx512vnni";
  }
  return "unknown";
}

bool linear_isa_supported(LinearIsa isa) {
  switch (isa) {
    case LinearIsa::kAuto:
    case LinearIsa::kPortable:
      return true;
#if EDGEQ_LINEAR_X86
    case LinearIsa::kAvx2:
      return cpu_ready() && cpuinfo_has_x86_avx2();
    case LinearIsa::kAvx512Vnni:
      return cpu_ready() && cpuinfo_has_x86_avx512f() && cpuinfo_has_x86_avx512bw() &&
             cpuinfo_has_x86_avx512vl() && cpuinfo_has_x86_avx512vnni();
#endif
    default:
      return false;
  }
}

LinearIsa best_linear_isa() {
  static const LinearIsa best = [] {
    for (LinearIsa isa : {LinearIsa::kAvx512Vnni, LinearIsa::kAvx2}) {
      if (linear_isa_supported(isa)) return isa;
    }
    return LinearIsa::kPortable;
  }();
  return best;
}

namespace {

Status check_isa(LinearIsa isa) {
  if (linear_isa_supported(isa)) return Status::Ok();
  return unimplemented("linear kernel: instruction set ", linear_isa_name(isa),
                       " is not available on this CPU or build");
}

}  // namespace

size_t linear_scratch_bytes(const PackedLinear& packed, int64_t rows) {
  return scratch_layout(geometry_of(packed), std::max<int64_t>(rows, 0)).total;
}

Status quantize_linear_input(const PackedLinear& packed, const float* x, int64_t rows,
                             Span<uint8_t> scratch, LinearIsa isa) {
  if (packed.n() == 0) return invalid_argument("linear kernel: the weights are not packed");
  if (rows < 0) return invalid_argument("linear kernel: rows must be >= 0, got ", rows);
  if (x == nullptr && rows > 0) return invalid_argument("linear kernel: input is null");
  const LinearGeometry geometry = geometry_of(packed);
  const ScratchLayout layout = scratch_layout(geometry, rows);
  if (scratch.size() < layout.total || (scratch.data() == nullptr && rows > 0)) {
    return invalid_argument("linear kernel: scratch has ", scratch.size(), " bytes, needs ",
                            layout.total);
  }
  EDGEQ_RETURN_IF_ERROR(check_isa(isa));
  const linear_internal::QuantizeValues quantize =
      quantize_values(isa == LinearIsa::kAuto ? best_linear_isa() : isa);
  int8_t* q = reinterpret_cast<int8_t*>(scratch.data());
  float* scales = reinterpret_cast<float*>(scratch.data() + layout.q_bytes);
  int32_t* zero_points = reinterpret_cast<int32_t*>(scales + rows);
  const int64_t k = packed.k();
  for (int64_t m = 0; m < rows; ++m) {
    int8_t* row = q + m * geometry.act_stride;
    EDGEQ_RETURN_IF_ERROR(
        quantize_row(x + m * k, k, m * k, quantize, row, scales + m, zero_points + m));
    std::fill(row + k, row + geometry.act_stride, int8_t{0});
  }
  return Status::Ok();
}

Status compute_linear_columns(const PackedLinear& packed, Span<const uint8_t> scratch, int64_t rows,
                              int64_t n_begin, int64_t n_end, float* y, LinearIsa isa) {
  if (packed.n() == 0) return invalid_argument("linear kernel: the weights are not packed");
  if (n_begin < 0 || n_end > packed.n() || n_begin > n_end) {
    return invalid_argument("linear kernel: column range [", n_begin, ", ", n_end,
                            ") is not within [0, ", packed.n(), ")");
  }
  if (rows < 0) return invalid_argument("linear kernel: rows must be >= 0, got ", rows);
  const LinearGeometry geometry = geometry_of(packed);
  const ScratchLayout layout = scratch_layout(geometry, rows);
  if (scratch.size() < layout.total) {
    return invalid_argument("linear kernel: scratch has ", scratch.size(), " bytes, needs ",
                            layout.total);
  }
  if (y == nullptr && rows > 0 && n_end > n_begin) {
    return invalid_argument("linear kernel: output is null");
  }
  EDGEQ_RETURN_IF_ERROR(check_isa(isa));
  if (isa == LinearIsa::kAuto) isa = best_linear_isa();
  if (rows == 0) return Status::Ok();
  const TileKernel kernel = tile_kernel(packed.scheme(), isa);
  TileJob job;
  job.act = reinterpret_cast<const int8_t*>(scratch.data());
  job.act_scale = reinterpret_cast<const float*>(scratch.data() + layout.q_bytes);
  job.act_zero_point = reinterpret_cast<const int32_t*>(job.act_scale + rows);
  job.rows = rows;
  job.ldy = packed.n();
  for (int64_t n0 = n_begin; n0 < n_end;) {
    const int64_t tile = n0 / kNr;
    const int64_t tile_end = std::min((tile + 1) * kNr, n_end);
    job.tile = packed.data() + tile * geometry.tile_bytes;
    job.y = y + tile * kNr;
    job.cols = std::min(kNr, packed.n() - tile * kNr);
    if (n0 == tile * kNr && tile_end - n0 == job.cols) {
      kernel(geometry, job);
    } else {
      // A range that cuts a tile: compute the tile into a stack copy and keep the range's part.
      float part[64 * kNr];
      TileJob sub = job;
      sub.y = part;
      sub.ldy = kNr;
      for (int64_t m0 = 0; m0 < rows; m0 += 64) {
        sub.rows = std::min<int64_t>(64, rows - m0);
        sub.act = job.act + m0 * geometry.act_stride;
        sub.act_scale = job.act_scale + m0;
        sub.act_zero_point = job.act_zero_point + m0;
        kernel(geometry, sub);
        for (int64_t m = 0; m < sub.rows; ++m) {
          std::copy(part + m * kNr + (n0 - tile * kNr), part + m * kNr + (tile_end - tile * kNr),
                    y + (m0 + m) * packed.n() + n0);
        }
      }
    }
    n0 = tile_end;
  }
  return Status::Ok();
}

Status run_linear(const PackedLinear& packed, const float* x, int64_t rows, float* y,
                  Span<uint8_t> scratch, LinearIsa isa, pthreadpool* pool) {
  EDGEQ_RETURN_IF_ERROR(quantize_linear_input(packed, x, rows, scratch, isa));
  const Span<const uint8_t> quantized(scratch.data(), scratch.size());
  const int64_t tiles = (packed.n() + kNr - 1) / kNr;
  if (pool == nullptr || pthreadpool_get_threads_count(pool) <= 1 || tiles < 2) {
    return compute_linear_columns(packed, quantized, rows, 0, packed.n(), y, isa);
  }
  // Every tile gets the same (already checked) arguments, so a failure is the same for all:
  // check one tile first, then split the rest.
  EDGEQ_RETURN_IF_ERROR(
      compute_linear_columns(packed, quantized, rows, 0, std::min(kNr, packed.n()), y, isa));
  parallel_for_1d(pool, static_cast<size_t>(tiles - 1), [&](size_t index) {
    const int64_t n0 = static_cast<int64_t>(index + 1) * kNr;
    // Arguments were validated by the first tile; the status is always OK here.
    (void)compute_linear_columns(packed, quantized, rows, n0, std::min(n0 + kNr, packed.n()), y,
                                 isa);
  });
  return Status::Ok();
}

}  // namespace edgeq::xnnpack
