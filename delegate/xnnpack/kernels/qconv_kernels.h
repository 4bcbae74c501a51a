// edgeq's own int8 convolution kernels, for the quantized convolutions that dominate CNN time and
// that XNNPACK 2022-02 runs without VNNI: dense K×K convolution (1×1 included, any stride,
// dilation and padding) as an int8 GEMM that reads each tap through a pointer to its input row (no
// im2col copy), and depthwise 3×3 / 5×5 convolution (depth multiplier 1).
//
// Tensors are NHWC int8 (XNNPACK's qint8 inside a delegate partition): x [batch, in_h, in_w, in_c],
// y [batch, out_h, out_w, out_c]. Weights are int8 with zero point 0 (per output channel or per
// tensor), the bias int32. Each output is exactly what the runtime's QLinearConv reference kernel
// and XNNPACK produce:
//   acc[c] = bias[c] + sum over taps and input channels of (x - input_zero_point) * w    (int32,
//            wrapping)
//   y[c]   = requantize_fp32(acc[c], scales[c], {output_zero_point, qmin, qmax})
// with requantize_fp32 from runtime/kernels/requantization.h (fp32 multiply, clamp, round to
// nearest even, offset). Padded taps read the input zero point, so they add nothing.
//
// Usage from a delegate node: pack once at init (pack_qconv / pack_qconv_depthwise), keep
// qconv_scratch_bytes(packed, max_batch) bytes of scratch, then run_qconv per execution. The
// kernels never allocate. Every instruction-set path (LinearIsa, chosen through cpuinfo) gives the
// same bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "delegate/xnnpack/kernels/linear_kernels.h"
#include "runtime/core/aligned_buffer.h"
#include "runtime/core/span.h"
#include "runtime/core/status.h"

namespace edgeq::xnnpack {

// The spatial geometry of one convolution (a single group, or depthwise with in_c == out_c).
// pad_bottom / pad_right are implied by out_h / out_w.
struct QConvGeometry {
  int64_t in_h = 0, in_w = 0, in_c = 0;
  int64_t out_h = 0, out_w = 0, out_c = 0;
  int64_t kernel_h = 1, kernel_w = 1;
  int64_t stride_h = 1, stride_w = 1;
  int64_t dilation_h = 1, dilation_w = 1;
  int64_t pad_top = 0, pad_left = 0;
};

// The integer parameters of the output: the int8 input zero point, the per-output-channel fp32
// multipliers (conv_requantization_scale(input, weight[c], output), one per output channel), the
// output zero point and the fused clamp [qmin, qmax] (ReLU / ReLU6 folded into it).
struct QConvRequantization {
  int32_t input_zero_point = 0;
  std::vector<float> scales;
  int32_t output_zero_point = 0;
  int32_t qmin = -128;
  int32_t qmax = 127;
};

enum class QConvKind { kGemm, kDepthwise };

// The largest kernel_h * kernel_w pack_qconv accepts (7x7 = 49 fits).
constexpr int64_t kMaxQConvTaps = 64;

// Weights and parameters packed once into the layout the kernels stream (opaque, 64-byte aligned).
// Movable.
class PackedQConv {
 public:
  PackedQConv() = default;
  // Made by the pack functions below (`data` in the layout of `kind`'s kernels).
  PackedQConv(QConvKind kind, const QConvGeometry& geometry, QConvRequantization requantization,
              AlignedBuffer data)
      : kind_(kind),
        geometry_(geometry),
        requantization_(std::move(requantization)),
        data_(std::move(data)) {}
  QConvKind kind() const { return kind_; }
  const QConvGeometry& geometry() const { return geometry_; }
  const QConvRequantization& requantization() const { return requantization_; }
  const uint8_t* data() const { return data_.data(); }
  size_t packed_bytes() const { return data_.size(); }

 private:
  QConvKind kind_ = QConvKind::kGemm;
  QConvGeometry geometry_;
  QConvRequantization requantization_;
  AlignedBuffer data_;
};

// Checks what both pack functions need: positive sizes, out_h / out_w equal to what stride,
// dilation and padding give (the implied pad_bottom / pad_right in (-stride, dilated kernel)),
// pad_top / pad_left in [0, dilated kernel), one positive finite scale per output channel, zero points and clamp in
// the int8 range with qmin <= qmax. `op` prefixes the error.
Status check_qconv_params(const char* op, const QConvGeometry& geometry,
                          const QConvRequantization& requantization);

// Packs a dense convolution: `filter` OHWI [out_c, kernel_h, kernel_w, in_c] int8, `bias` [out_c]
// int32 or nullptr (zero). Checks its arguments with check_qconv_params.
Result<PackedQConv> pack_qconv(const int8_t* filter, const int32_t* bias,
                               const QConvGeometry& geometry, QConvRequantization requantization);

// Packs a depthwise convolution (in_c == out_c, kernel 3×3 or 5×5, any stride / padding /
// dilation): `filter` [kernel_h, kernel_w, channels] int8 (XNNPACK's 1HWO), `bias` [channels]
// int32 or nullptr.
Result<PackedQConv> pack_qconv_depthwise(const int8_t* filter, const int32_t* bias,
                                         const QConvGeometry& geometry,
                                         QConvRequantization requantization);

// Scratch bytes run_qconv needs for `batch` images (indirection table, padding row, ...).
size_t qconv_scratch_bytes(const PackedQConv& packed, int64_t batch);

// y = conv(x) for `batch` images. `scratch` holds at least qconv_scratch_bytes(packed, batch).
// With a `pool`, the output is split over its threads. Every `isa` gives the same bytes.
Status run_qconv(const PackedQConv& packed, const int8_t* x, int64_t batch, int8_t* y,
                 Span<uint8_t> scratch, LinearIsa isa = LinearIsa::kAuto,
                 pthreadpool* pool = nullptr);

}  // namespace edgeq::xnnpack
