// edgeq's own linear (fully connected) kernels for what XNNPACK 2022-02 lacks: dynamically
// quantized int8 activations with int8 or int4 weights. y[M, N] = x[M, K] * W[N, K]^T + bias.
//
// Schemes:
//  - Dynamic int8 ("dynamic_int8"): weights int8, per-output-channel symmetric (scale s_w[n],
//    zero point 0). Activations are quantized per token (row) at run time to asymmetric int8 with
//    exactly the arithmetic of the runtime's DynamicQuantize kernel (granularity per_token, i8):
//      lo = min(0, min x), hi = max(0, max x); s = max((hi - lo) / 255, FLT_EPSILON), or 1 when
//      hi == lo; zp = clamp(round_half_even(-128 - lo / s)); q = clamp(round_half_even(x / s) +
//      zp).
//    acc[m, n] = sum_k (q[m, k] - zp[m]) * w[n, k]                                    (int32)
//    y[m, n]   = float(acc[m, n]) * (s[m] * s_w[n]) + bias[n]                           (fp32)
//  - 8da4w ("int8 dynamic activations, int4 weights"): weights int4 in [-8, 7], symmetric,
//    group-wise along K with one fp32 scale s_w[n, g] per group of `group` consecutive k (the last
//    group of a row may be shorter when K is not a multiple of the group). Same activations.
//    acc[m, n, g] = sum_{k in group g} (q[m, k] - zp[m]) * w[n, k]                     (int32)
//    f = 0; for g in order: f = f + float(acc[m, n, g]) * s_w[n, g]
//    y[m, n] = f * s[m] + bias[n]                                                      (fp32)
//
// Usage from a delegate node: pack once at init (pack_dynamic_int8_linear / pack_8da4w_linear),
// ask linear_scratch_bytes(packed, max_rows) and keep that much scratch, then per execution call
// run_linear (or quantize_linear_input once and compute_linear_columns over column ranges, for a
// caller-managed thread split). The kernels never allocate.
//
// Instruction set: chosen at run time through cpuinfo (AVX-512 VNNI, AVX2, portable C++); every
// path gives the same int32 accumulators, so outputs agree to float rounding of the epilogue.
#pragma once

#include <cstddef>
#include <cstdint>

#include "runtime/core/aligned_buffer.h"
#include "runtime/core/span.h"
#include "runtime/core/status.h"

struct pthreadpool;  // pthreadpool_t is `struct pthreadpool*`

namespace edgeq::xnnpack {

// The code path of a kernel. kAuto picks the best one the CPU supports.
enum class LinearIsa { kAuto, kPortable, kAvx2, kAvx512Vnni };

// "auto", "portable", "avx2", "avx512vnni".
const char* linear_isa_name(LinearIsa isa);
// True when this build has the path and the CPU runs it (kAuto and kPortable: always).
bool linear_isa_supported(LinearIsa isa);
// The path kAuto resolves to on this CPU.
LinearIsa best_linear_isa();

enum class LinearScheme { kDynamicInt8, kInt8DynActInt4Weight };

// Largest K accepted (keeps every int32 accumulator, with its +128 offset, from overflowing).
constexpr int64_t kMaxLinearK = 65536;

// Weights packed once into the layout the kernels stream (opaque; 64-byte aligned). Movable.
class PackedLinear {
 public:
  PackedLinear() = default;
  LinearScheme scheme() const { return scheme_; }
  int64_t n() const { return n_; }
  int64_t k() const { return k_; }
  int64_t group() const { return group_; }  // 8da4w group size; K for dynamic int8
  // Bytes of the packed buffer (what one GEMV streams).
  size_t packed_bytes() const { return data_.size(); }
  const uint8_t* data() const { return data_.data(); }

 private:
  friend class LinearPacker;
  LinearScheme scheme_ = LinearScheme::kDynamicInt8;
  int64_t n_ = 0;
  int64_t k_ = 0;
  int64_t group_ = 0;
  AlignedBuffer data_;
};

// Packs int8 weights `weights` [n, k] (row-major), per-channel scales `scales` [n] (finite, > 0)
// and an optional `bias` [n] (nullptr: zero). 1 <= k <= kMaxLinearK, n >= 1.
Result<PackedLinear> pack_dynamic_int8_linear(const int8_t* weights, const float* scales,
                                              const float* bias, int64_t n, int64_t k);

// Packs int4 weights `weights_int4` [n, k] packed two per byte as runtime/core/dtype.h does
// (element n * k + kk at nibble int4_get index n * k + kk; (n * k + 1) / 2 bytes), group scales
// `scales` [n, ceil(k / group)] (finite, > 0) and an optional `bias` [n]. `group` is a multiple
// of 8 in [32, 256]; k need not be a multiple of it (the last group is shorter).
Result<PackedLinear> pack_8da4w_linear(const uint8_t* weights_int4, const float* scales,
                                       const float* bias, int64_t n, int64_t k, int64_t group);

// Scratch bytes run_linear / quantize_linear_input need for `rows` rows of input.
size_t linear_scratch_bytes(const PackedLinear& packed, int64_t rows);

// Quantizes x [rows, k] (row-major, contiguous) per token into `scratch` (at least
// linear_scratch_bytes(packed, rows)). A non-finite input is an InvalidArgument naming it. Every
// `isa` gives the same bits (it only picks the vector code).
Status quantize_linear_input(const PackedLinear& packed, const float* x, int64_t rows,
                             Span<uint8_t> scratch, LinearIsa isa = LinearIsa::kAuto);

// Computes output columns [n_begin, n_end) of y [rows, n] (row-major, contiguous) from the
// activations quantize_linear_input left in `scratch`. Columns are processed in tiles of
// kLinearTileColumns; a thread split should cut at multiples of it (any cut is correct).
constexpr int64_t kLinearTileColumns = 16;
Status compute_linear_columns(const PackedLinear& packed, Span<const uint8_t> scratch, int64_t rows,
                              int64_t n_begin, int64_t n_end, float* y,
                              LinearIsa isa = LinearIsa::kAuto);

// quantize_linear_input + compute_linear_columns over all of N; with a `pool`, the column tiles
// are split over its threads (pthreadpool_parallelize_1d).
Status run_linear(const PackedLinear& packed, const float* x, int64_t rows, float* y,
                  Span<uint8_t> scratch, LinearIsa isa = LinearIsa::kAuto,
                  pthreadpool* pool = nullptr);

}  // namespace edgeq::xnnpack
