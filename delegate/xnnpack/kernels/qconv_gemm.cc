// Dense int8 convolution (qconv_kernels.h) as a GEMM over per-tap row pointers: packing into the
// layout of qconv_gemm_layout.h, and the run-time side: per tile of output pixels, the pointer of
// each pixel's taps (an input row, or the padding row), the ISA choice and the split of
// (panel, tile) pairs over the thread pool.
#include <pthreadpool.h>

#include <algorithm>
#include <cstring>

#include "delegate/xnnpack/kernels/qconv_gemm_layout.h"
#include "delegate/xnnpack/kernels/qconv_internal.h"

namespace edgeq::xnnpack {

using gemm_internal::GemmKernel;
using gemm_internal::GemmTile;
using gemm_internal::kGemmBlock;
using gemm_internal::kGemmMaxTaps;
using gemm_internal::kGemmPanel;
using gemm_internal::kGemmRows;
using gemm_internal::panel_bytes;
using gemm_internal::round_up4;

namespace {

constexpr const char* kOp = "int8 convolution kernel";

int64_t panels_of(const QConvGeometry& g) { return (g.out_c + kGemmPanel - 1) / kGemmPanel; }

int64_t blocks_of_panel(const QConvGeometry& g, int64_t panel) {
  const int64_t channels = std::min(kGemmPanel, g.out_c - panel * kGemmPanel);
  return (channels + kGemmBlock - 1) / kGemmBlock;
}

int64_t taps_of(const QConvGeometry& g) { return g.kernel_h * g.kernel_w; }

int64_t full_panel_bytes(const QConvGeometry& g) {
  return panel_bytes(kGemmPanel / kGemmBlock, taps_of(g), g.in_c);
}

// The padding row (in_c bytes of the input zero point) follows the panels.
int64_t padding_row_offset(const QConvGeometry& g) {
  const int64_t last = panels_of(g) - 1;
  return last * full_panel_bytes(g) + panel_bytes(blocks_of_panel(g, last), taps_of(g), g.in_c);
}

void pack_panel(const int8_t* filter, const int32_t* bias, const QConvGeometry& g,
                const QConvRequantization& r, int64_t panel, uint8_t* out) {
  const int64_t taps = taps_of(g);
  const int64_t groups = round_up4(g.in_c) / 4;
  const int64_t blocks = blocks_of_panel(g, panel);
  const int64_t c0 = panel * kGemmPanel;
  int32_t* packed_bias = reinterpret_cast<int32_t*>(out);
  float* packed_scale = reinterpret_cast<float*>(out + kGemmPanel * 4);
  int8_t* weights = reinterpret_cast<int8_t*>(out + kGemmPanel * 8);
  for (int64_t j = 0; j < blocks * kGemmBlock; ++j) {
    const int64_t c = c0 + j;
    if (c >= g.out_c) {
      packed_scale[j] = 1.0f;
      continue;  // zero weights and bias (the buffer starts zeroed)
    }
    const int8_t* channel = filter + c * taps * g.in_c;
    int64_t weight_sum = 0;
    for (int64_t t = 0; t < taps; ++t) {
      for (int64_t k = 0; k < g.in_c; ++k) {
        const int8_t w = channel[t * g.in_c + k];
        weight_sum += w;
        const int64_t step = t * groups + k / 4;
        weights[(step * blocks + j / kGemmBlock) * kGemmBlock * 4 + (j % kGemmBlock) * 4 + k % 4] =
            w;
      }
    }
    const int64_t folded =
        (bias == nullptr ? 0 : int64_t{bias[c]}) - (128 + int64_t{r.input_zero_point}) * weight_sum;
    packed_bias[j] = static_cast<int32_t>(static_cast<uint32_t>(folded));
    packed_scale[j] = r.scales[static_cast<size_t>(c)];
  }
}

GemmKernel tile_kernel(LinearIsa isa) {
  switch (isa) {
#if EDGEQ_LINEAR_X86
    case LinearIsa::kAvx512Vnni:
      return gemm_internal::gemm_tile_avx512vnni;
    case LinearIsa::kAvx2:
      return gemm_internal::gemm_tile_avx2;
#endif
    default:
      return gemm_internal::gemm_tile_portable;
  }
}

struct RunContext {
  const PackedQConv* packed = nullptr;
  const int8_t* x = nullptr;
  int8_t* y = nullptr;
  const int8_t* padding_row = nullptr;
  int64_t pixels = 0;  // batch * out_h * out_w
  GemmKernel kernel = nullptr;
};

// Tile `tile` (kGemmRows output pixels) of panel `panel`.
void run_tile(const RunContext& context, int64_t panel, int64_t tile) {
  const QConvGeometry& g = context.packed->geometry();
  const QConvRequantization& r = context.packed->requantization();
  const int64_t taps = taps_of(g);
  const int8_t* rows[kGemmRows * kGemmMaxTaps];
  GemmTile job;
  for (int64_t m = 0; m < kGemmRows; ++m) {
    const int64_t wanted = tile * kGemmRows + m;
    const int64_t pixel = std::min(wanted, context.pixels - 1);
    const int64_t image = pixel / (g.out_h * g.out_w);
    const int64_t oy = pixel / g.out_w % g.out_h;
    const int64_t ox = pixel % g.out_w;
    const int8_t* image_x = context.x + image * g.in_h * g.in_w * g.in_c;
    for (int64_t ky = 0; ky < g.kernel_h; ++ky) {
      const int64_t iy = oy * g.stride_h + ky * g.dilation_h - g.pad_top;
      for (int64_t kx = 0; kx < g.kernel_w; ++kx) {
        const int64_t ix = ox * g.stride_w + kx * g.dilation_w - g.pad_left;
        const bool inside = iy >= 0 && iy < g.in_h && ix >= 0 && ix < g.in_w;
        rows[m * taps + ky * g.kernel_w + kx] =
            inside ? image_x + (iy * g.in_w + ix) * g.in_c : context.padding_row;
      }
    }
    job.out[m] = wanted < context.pixels ? context.y + pixel * g.out_c + panel * kGemmPanel
                                         : nullptr;
  }
  job.rows = rows;
  job.taps = taps;
  job.in_c = g.in_c;
  job.panel = context.packed->data() + panel * full_panel_bytes(g);
  job.blocks = blocks_of_panel(g, panel);
  job.channels = std::min(kGemmPanel, g.out_c - panel * kGemmPanel);
  job.output = runtime::QuantRange{r.output_zero_point, r.qmin, r.qmax};
  context.kernel(job);
}

}  // namespace

Result<PackedQConv> pack_qconv(const int8_t* filter, const int32_t* bias,
                               const QConvGeometry& geometry, QConvRequantization requantization) {
  if (filter == nullptr) return invalid_argument(kOp, ": the filter must not be null");
  EDGEQ_RETURN_IF_ERROR(check_qconv_params(kOp, geometry, requantization));
  if (taps_of(geometry) > kGemmMaxTaps) {
    return invalid_argument(kOp, ": kernel ", geometry.kernel_h, "x", geometry.kernel_w,
                            " has more than ", kGemmMaxTaps, " taps");
  }
  AlignedBuffer data(
      static_cast<size_t>(padding_row_offset(geometry) + round_up4(geometry.in_c)));
  for (int64_t panel = 0; panel < panels_of(geometry); ++panel) {
    pack_panel(filter, bias, geometry, requantization, panel,
               data.data() + panel * full_panel_bytes(geometry));
  }
  std::memset(data.data() + padding_row_offset(geometry), requantization.input_zero_point,
              static_cast<size_t>(geometry.in_c));
  return PackedQConv(QConvKind::kGemm, geometry, std::move(requantization), std::move(data));
}

namespace qconv_internal {

size_t gemm_scratch_bytes(const PackedQConv& /*packed*/, int64_t /*batch*/) { return 0; }

Status run_gemm(const PackedQConv& packed, const int8_t* x, int64_t batch, int8_t* y,
                Span<uint8_t> /*scratch*/, LinearIsa isa, pthreadpool* pool) {
  if (packed.kind() != QConvKind::kGemm || packed.packed_bytes() == 0) {
    return invalid_argument(kOp, ": the weights are not packed for a dense convolution");
  }
  if (batch < 0) return invalid_argument(kOp, ": batch must be >= 0, got ", batch);
  if (batch == 0) return Status::Ok();
  if (x == nullptr || y == nullptr) return invalid_argument(kOp, ": input or output is null");
  const QConvGeometry& g = packed.geometry();
  RunContext context;
  context.packed = &packed;
  context.x = x;
  context.y = y;
  context.padding_row = reinterpret_cast<const int8_t*>(packed.data() + padding_row_offset(g));
  context.pixels = batch * g.out_h * g.out_w;
  context.kernel = tile_kernel(isa);
  const int64_t tiles = (context.pixels + kGemmRows - 1) / kGemmRows;
  // Panel-major: a thread's consecutive tiles share one panel's weights (kept in cache).
  pthreadpool_parallelize_2d(
      pool,
      [](void* argument, size_t panel, size_t tile) {
        run_tile(*static_cast<const RunContext*>(argument), static_cast<int64_t>(panel),
                 static_cast<int64_t>(tile));
      },
      &context, static_cast<size_t>(panels_of(g)), static_cast<size_t>(tiles), 0);
  return Status::Ok();
}

}  // namespace qconv_internal
}  // namespace edgeq::xnnpack
