// Dense int8 convolution (qconv_kernels.h) as a GEMM over per-tap row pointers: packing into the
// layout of qconv_gemm_layout.h, and the run-time side: per tile of output pixels, the pointer of
// each pixel's taps (an input row, or the padding row), the ISA choice and the split of
// (panel, group of pixels) pairs over the thread pool.
#include <pthreadpool.h>

#include <algorithm>
#include <cstring>

#include "delegate/xnnpack/kernels/qconv_gemm_layout.h"
#include "delegate/xnnpack/kernels/qconv_internal.h"
#include "delegate/xnnpack/kernels/thread_split.h"

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

// Output pixels per thread-pool task (a multiple of kGemmRows).
constexpr int64_t kTaskPixels = 16 * kGemmRows;

// How the GEMM reads the input. Normally one tap per kernel position, `depth` = in_c bytes each.
// When in_c is small (a network's first layer: 3 channels), the kernel_w taps of one kernel row
// are merged into one tap of kernel_w * in_c contiguous bytes, read from a copy of the input with
// its padding written out (in the scratch), so a 7x7 kernel over 3 channels is 7 taps of 21 bytes
// instead of 49 taps of 3 bytes.
struct GemmShape {
  bool merged = false;
  bool direct = false;  // 1x1, stride 1, no padding: output pixel p reads input pixel p
  int64_t taps = 0;
  int64_t depth = 0;
  int64_t padded_h = 0, padded_w = 0;  // merged: the padded input copy
};

GemmShape shape_of(const QConvGeometry& g) {
  GemmShape shape;
  shape.merged = g.kernel_w > 1 && g.dilation_w == 1 && g.in_c * g.kernel_w <= kGemmPanel;
  shape.direct = g.kernel_h == 1 && g.kernel_w == 1 && g.stride_h == 1 && g.stride_w == 1 &&
                 g.pad_top == 0 && g.pad_left == 0 && g.out_h == g.in_h && g.out_w == g.in_w;
  shape.taps = shape.merged ? g.kernel_h : g.kernel_h * g.kernel_w;
  shape.depth = shape.merged ? g.kernel_w * g.in_c : g.in_c;
  shape.padded_h = (g.out_h - 1) * g.stride_h + (g.kernel_h - 1) * g.dilation_h + 1;
  shape.padded_w = (g.out_w - 1) * g.stride_w + g.kernel_w;
  return shape;
}

int64_t panels_of(const QConvGeometry& g) { return (g.out_c + kGemmPanel - 1) / kGemmPanel; }

int64_t blocks_of_panel(const QConvGeometry& g, int64_t panel) {
  const int64_t channels = std::min(kGemmPanel, g.out_c - panel * kGemmPanel);
  return (channels + kGemmBlock - 1) / kGemmBlock;
}

int64_t full_panel_bytes(const QConvGeometry& g) {
  const GemmShape shape = shape_of(g);
  return panel_bytes(kGemmPanel / kGemmBlock, shape.taps, shape.depth);
}

// The padding row (in_c bytes of the input zero point) follows the panels.
int64_t padding_row_offset(const QConvGeometry& g) {
  const GemmShape shape = shape_of(g);
  const int64_t last = panels_of(g) - 1;
  return last * full_panel_bytes(g) +
         panel_bytes(blocks_of_panel(g, last), shape.taps, shape.depth);
}

// The filter OHWI [out_c][kernel_h][kernel_w][in_c] is, per output channel, `taps` runs of
// `depth` bytes in both tap forms.
void pack_panel(const int8_t* filter, const int32_t* bias, const QConvGeometry& g,
                const QConvRequantization& r, int64_t panel, uint8_t* out) {
  const GemmShape shape = shape_of(g);
  const int64_t groups = round_up4(shape.depth) / 4;
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
    const int8_t* channel = filter + c * shape.taps * shape.depth;
    int64_t weight_sum = 0;
    for (int64_t t = 0; t < shape.taps; ++t) {
      for (int64_t k = 0; k < shape.depth; ++k) {
        const int8_t w = channel[t * shape.depth + k];
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

// What every task of one run reads. The input is `x` as `in_h` x `in_w` pixels of `pixel_bytes`
// (the padded copy when merged, whose padding is then 0); tap t of the window at (iy, ix) starts
// tap_offset[t] bytes after the window's top-left pixel.
struct RunContext {
  const PackedQConv* packed = nullptr;
  GemmShape shape;
  const int8_t* x = nullptr;
  int64_t in_h = 0, in_w = 0, pad_top = 0, pad_left = 0, pixel_bytes = 0;
  int64_t tap_offset[kGemmMaxTaps] = {};
  int8_t* y = nullptr;
  const int8_t* padding_row = nullptr;
  int64_t pixels = 0;  // batch * out_h * out_w
  GemmKernel kernel = nullptr;
};

// Points rows[0..taps) at the taps of output pixel (image, oy, ox).
void point_taps(const RunContext& c, int64_t image, int64_t oy, int64_t ox, const int8_t** rows) {
  const QConvGeometry& g = c.packed->geometry();
  const int64_t iy0 = oy * g.stride_h - c.pad_top;
  const int64_t ix0 = ox * g.stride_w - c.pad_left;
  const int8_t* image_x = c.x + image * c.in_h * c.in_w * c.pixel_bytes;
  const int64_t kernel_w = c.shape.merged ? 1 : g.kernel_w;
  const bool inside = iy0 >= 0 && ix0 >= 0 && iy0 + (g.kernel_h - 1) * g.dilation_h < c.in_h &&
                      ix0 + (kernel_w - 1) * g.dilation_w < c.in_w;
  const int8_t* window = image_x + (iy0 * c.in_w + ix0) * c.pixel_bytes;
  if (inside) {
    for (int64_t t = 0; t < c.shape.taps; ++t) rows[t] = window + c.tap_offset[t];
    return;
  }
  for (int64_t ky = 0; ky < g.kernel_h; ++ky) {
    const int64_t iy = iy0 + ky * g.dilation_h;
    for (int64_t kx = 0; kx < kernel_w; ++kx) {
      const int64_t ix = ix0 + kx * g.dilation_w;
      const bool tap_inside = iy >= 0 && iy < c.in_h && ix >= 0 && ix < c.in_w;
      rows[ky * kernel_w + kx] = tap_inside ? window + c.tap_offset[ky * kernel_w + kx]
                                            : c.padding_row;
    }
  }
}

// Pixels [task * kTaskPixels, +kTaskPixels) of panel `panel`, tile by tile.
void run_task(const RunContext& c, int64_t panel, int64_t task) {
  const QConvGeometry& g = c.packed->geometry();
  const QConvRequantization& r = c.packed->requantization();
  const int64_t taps = c.shape.taps;
  const int64_t first = task * kTaskPixels;
  const int64_t end = std::min(first + kTaskPixels, c.pixels);
  int64_t image = first / (g.out_h * g.out_w);
  int64_t oy = first / g.out_w % g.out_h;
  int64_t ox = first % g.out_w;
  const int8_t* rows[kGemmRows * kGemmMaxTaps];
  GemmTile job;
  job.rows = rows;
  job.taps = taps;
  job.in_c = c.shape.depth;
  job.panel = c.packed->data() + panel * full_panel_bytes(g);
  job.blocks = blocks_of_panel(g, panel);
  job.channels = std::min(kGemmPanel, g.out_c - panel * kGemmPanel);
  job.output = runtime::QuantRange{r.output_zero_point, r.qmin, r.qmax};
  for (int64_t pixel = first; pixel < end; pixel += kGemmRows) {
    if (c.shape.direct) {
      for (int64_t m = 0; m < kGemmRows; ++m) {
        const bool valid = pixel + m < end;
        rows[m] = c.x + std::min(pixel + m, end - 1) * g.in_c;
        job.out[m] = valid ? c.y + (pixel + m) * g.out_c + panel * kGemmPanel : nullptr;
      }
      c.kernel(job);
      continue;
    }
    for (int64_t m = 0; m < kGemmRows; ++m) {
      if (pixel + m >= end) {  // a short last tile repeats its last pixel, without storing it
        std::copy(rows + (m - 1) * taps, rows + m * taps, rows + m * taps);
        job.out[m] = nullptr;
        continue;
      }
      point_taps(c, image, oy, ox, rows + m * taps);
      job.out[m] = c.y + (pixel + m) * g.out_c + panel * kGemmPanel;
      if (++ox == g.out_w) {
        ox = 0;
        if (++oy == g.out_h) {
          oy = 0;
          ++image;
        }
      }
    }
    c.kernel(job);
  }
}

// Writes the merged form's padded copy of x (the input zero point around each image).
void pad_input(const QConvGeometry& g, const GemmShape& shape, int32_t zero_point,
               const int8_t* x, int64_t batch, int8_t* padded) {
  const int64_t row_bytes = shape.padded_w * g.in_c;
  std::memset(padded, zero_point, static_cast<size_t>(batch * shape.padded_h * row_bytes));
  for (int64_t image = 0; image < batch; ++image) {
    for (int64_t iy = 0; iy < g.in_h; ++iy) {
      const int64_t py = iy + g.pad_top;
      if (py >= shape.padded_h) break;
      const int64_t columns = std::min(g.in_w, shape.padded_w - g.pad_left);
      std::memcpy(padded + (image * shape.padded_h + py) * row_bytes + g.pad_left * g.in_c,
                  x + ((image * g.in_h + iy) * g.in_w) * g.in_c,
                  static_cast<size_t>(columns * g.in_c));
    }
  }
}

}  // namespace

Result<PackedQConv> pack_qconv(const int8_t* filter, const int32_t* bias,
                               const QConvGeometry& geometry, QConvRequantization requantization) {
  if (filter == nullptr) return invalid_argument(kOp, ": the filter must not be null");
  EDGEQ_RETURN_IF_ERROR(check_qconv_params(kOp, geometry, requantization));
  if (geometry.kernel_h * geometry.kernel_w > kGemmMaxTaps) {
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

size_t gemm_scratch_bytes(const PackedQConv& packed, int64_t batch) {
  const QConvGeometry& g = packed.geometry();
  const GemmShape shape = shape_of(g);
  if (!shape.merged) return 0;
  return static_cast<size_t>(batch * shape.padded_h * shape.padded_w * g.in_c);
}

Status run_gemm(const PackedQConv& packed, const int8_t* x, int64_t batch, int8_t* y,
                Span<uint8_t> scratch, LinearIsa isa, pthreadpool* pool) {
  if (packed.kind() != QConvKind::kGemm || packed.packed_bytes() == 0) {
    return invalid_argument(kOp, ": the weights are not packed for a dense convolution");
  }
  if (batch < 0) return invalid_argument(kOp, ": batch must be >= 0, got ", batch);
  if (batch == 0) return Status::Ok();
  if (x == nullptr || y == nullptr) return invalid_argument(kOp, ": input or output is null");
  const size_t needed = gemm_scratch_bytes(packed, batch);
  if (scratch.size() < needed) {
    return invalid_argument(kOp, ": scratch has ", scratch.size(), " bytes, needs ", needed);
  }
  const QConvGeometry& g = packed.geometry();
  RunContext context;
  context.packed = &packed;
  context.shape = shape_of(g);
  context.x = x;
  context.in_h = g.in_h;
  context.in_w = g.in_w;
  context.pad_top = g.pad_top;
  context.pad_left = g.pad_left;
  context.pixel_bytes = g.in_c;
  if (context.shape.merged) {
    auto* padded = reinterpret_cast<int8_t*>(scratch.data());
    pad_input(g, context.shape, packed.requantization().input_zero_point, x, batch, padded);
    context.x = padded;
    context.in_h = context.shape.padded_h;
    context.in_w = context.shape.padded_w;
    context.pad_top = context.pad_left = 0;
  }
  const int64_t kernel_w = context.shape.merged ? 1 : g.kernel_w;
  for (int64_t ky = 0; ky < g.kernel_h; ++ky) {
    for (int64_t kx = 0; kx < kernel_w; ++kx) {
      context.tap_offset[ky * kernel_w + kx] =
          (ky * g.dilation_h * context.in_w + kx * g.dilation_w) * g.in_c;
    }
  }
  context.y = y;
  context.padding_row = reinterpret_cast<const int8_t*>(packed.data() + padding_row_offset(g));
  context.pixels = batch * g.out_h * g.out_w;
  context.kernel = tile_kernel(isa);
  const int64_t tasks = (context.pixels + kTaskPixels - 1) / kTaskPixels;
  // Pixel-major: each thread takes a contiguous range of pixels with all their channels, so two
  // threads never write parts of one output row (a 64-channel panel is not a whole cache line of
  // rows: splitting by panel made 1x1 layers with two panels slower on two threads than on one).
  // A task's weights (all panels) stay in the L2 cache from one task to the next.
  parallel_for_2d(pool, static_cast<size_t>(tasks), static_cast<size_t>(panels_of(g)),
                  [&context](size_t task, size_t panel) {
                    run_task(context, static_cast<int64_t>(panel), static_cast<int64_t>(task));
                  });
  return Status::Ok();
}

}  // namespace qconv_internal
}  // namespace edgeq::xnnpack
