// Depthwise int8 convolution (qconv_kernels.h): packing into the layout of
// qconv_depthwise_layout.h, and the run-time side: per output row, the indirection of each
// pixel's taps (input pixels, or the input-zero-point row for padding), the ISA choice and the
// split of the rows over the thread pool.
#include <pthreadpool.h>

#include <algorithm>
#include <cstring>

#include "delegate/xnnpack/kernels/qconv_depthwise_layout.h"
#include "delegate/xnnpack/kernels/qconv_internal.h"
#include "delegate/xnnpack/kernels/thread_split.h"

namespace edgeq::xnnpack {

using depthwise_internal::block_bytes;
using depthwise_internal::DwJob;
using depthwise_internal::DwKernel;
using depthwise_internal::kDwBlock;
using depthwise_internal::kDwMaxKernel;
using depthwise_internal::kDwMaxPaddedTaps;
using depthwise_internal::lane_of_channel;
using depthwise_internal::padded_taps;

namespace {

constexpr const char* kOp = "depthwise convolution kernel";

// Output pixels whose tap pointers are gathered at once (on the stack).
constexpr int64_t kPixelChunk = 16;

int64_t channel_blocks(int64_t channels) { return (channels + kDwBlock - 1) / kDwBlock; }

// Wrapping int32 arithmetic (the accumulators' semantics) without signed overflow.
int32_t wrap_add(int32_t a, int64_t b) {
  return static_cast<int32_t>(static_cast<uint32_t>(a) + static_cast<uint32_t>(b));
}

void pack_block(const int8_t* filter, const int32_t* bias, const QConvGeometry& g,
                const QConvRequantization& r, int64_t c0, uint8_t* block) {
  const int64_t taps = g.kernel_h * g.kernel_w;
  int32_t* packed_bias = reinterpret_cast<int32_t*>(block);
  float* packed_scale = reinterpret_cast<float*>(block + kDwBlock * 4);
  int16_t* pairs = reinterpret_cast<int16_t*>(block + kDwBlock * 8);
  for (int64_t j = 0; j < kDwBlock; ++j) {
    const int64_t c = c0 + j;
    const int64_t lane = lane_of_channel(j);
    if (c >= g.out_c) {
      packed_bias[lane] = 0;
      packed_scale[lane] = 1.0f;
      for (int64_t t = 0; t < padded_taps(taps); ++t)
        pairs[(t / 2) * kDwBlock * 2 + lane * 2 + t % 2] = 0;
      continue;
    }
    int64_t weight_sum = 0;
    for (int64_t t = 0; t < padded_taps(taps); ++t) {
      const int16_t w = t < taps ? filter[t * g.out_c + c] : 0;
      pairs[(t / 2) * kDwBlock * 2 + lane * 2 + t % 2] = w;
      weight_sum += w;
    }
    packed_bias[lane] =
        wrap_add(bias == nullptr ? 0 : bias[c], -int64_t{r.input_zero_point} * weight_sum);
    packed_scale[lane] = r.scales[static_cast<size_t>(c)];
  }
}

DwKernel pixel_kernel(LinearIsa isa) {
  switch (isa) {
#if EDGEQ_LINEAR_X86
    case LinearIsa::kAvx512Vnni:
      return depthwise_internal::depthwise_pixels_avx512vnni;
    case LinearIsa::kAvx2:
      return depthwise_internal::depthwise_pixels_avx2;
#endif
    default:
      return depthwise_internal::depthwise_pixels_portable;
  }
}

struct RowContext {
  const QConvGeometry* g;
  const int8_t* x;
  int8_t* y;
  const int8_t* zero_row;  // `channels` bytes of the input zero point
  DwKernel kernel;
  DwJob job;  // packed, taps, channels and output set; the rest per chunk
};

// Output row `index` (over batch * out_h): gathers the taps of kPixelChunk pixels at a time.
void run_row(const RowContext& context, int64_t index) {
  const QConvGeometry& g = *context.g;
  const int64_t b = index / g.out_h;
  const int64_t oy = index % g.out_h;
  const int64_t channels = g.out_c;
  // Kernel row ky reads input row rows[ky] with columns `column_bytes[ky]` apart; a padding row
  // is the zero-point row for every column (step 0).
  const int8_t* rows[kDwMaxKernel];
  int64_t column_bytes[kDwMaxKernel];
  for (int64_t ky = 0; ky < g.kernel_h; ++ky) {
    const int64_t iy = oy * g.stride_h + ky * g.dilation_h - g.pad_top;
    const bool inside = iy >= 0 && iy < g.in_h;
    rows[ky] = inside ? context.x + (b * g.in_h + iy) * g.in_w * channels : context.zero_row;
    column_bytes[ky] = inside ? channels : 0;
  }
  const int64_t taps = g.kernel_h * g.kernel_w;
  const int64_t stride = padded_taps(taps);
  const int64_t last_column = (g.kernel_w - 1) * g.dilation_w;
  const int8_t* tap_rows[kPixelChunk * kDwMaxPaddedTaps];
  DwJob job = context.job;
  job.tap_rows = tap_rows;
  for (int64_t ox0 = 0; ox0 < g.out_w; ox0 += kPixelChunk) {
    job.pixels = std::min(kPixelChunk, g.out_w - ox0);
    for (int64_t i = 0; i < job.pixels; ++i) {
      const int8_t** pixel = tap_rows + i * stride;
      const int64_t ix0 = (ox0 + i) * g.stride_w - g.pad_left;
      const bool columns_inside = ix0 >= 0 && ix0 + last_column < g.in_w;
      for (int64_t ky = 0; ky < g.kernel_h; ++ky) {
        for (int64_t kx = 0; kx < g.kernel_w; ++kx) {
          const int64_t ix = ix0 + kx * g.dilation_w;
          *pixel++ = columns_inside || (ix >= 0 && ix < g.in_w) ? rows[ky] + ix * column_bytes[ky]
                                                                : context.zero_row;
        }
      }
      if (stride > taps) *pixel = context.zero_row;
    }
    job.y = context.y + ((index * g.out_w) + ox0) * channels;
    context.kernel(job);
  }
}

}  // namespace

Result<PackedQConv> pack_qconv_depthwise(const int8_t* filter, const int32_t* bias,
                                         const QConvGeometry& geometry,
                                         QConvRequantization requantization) {
  EDGEQ_RETURN_IF_ERROR(check_qconv_params(kOp, geometry, requantization));
  if (geometry.in_c != geometry.out_c) {
    return invalid_argument(kOp, ": input channels ", geometry.in_c,
                            " differ from output channels ", geometry.out_c,
                            " (only depth multiplier 1 is supported)");
  }
  if (geometry.kernel_h != geometry.kernel_w ||
      (geometry.kernel_h != 3 && geometry.kernel_h != 5)) {
    return invalid_argument(kOp, ": kernel ", geometry.kernel_h, "x", geometry.kernel_w,
                            " is not supported (3x3 or 5x5 only)");
  }
  if (filter == nullptr) return invalid_argument(kOp, ": filter is null");
  const int64_t taps = geometry.kernel_h * geometry.kernel_w;
  const int64_t bytes = block_bytes(taps);
  AlignedBuffer data(static_cast<size_t>(channel_blocks(geometry.out_c) * bytes));
  for (int64_t block = 0; block < channel_blocks(geometry.out_c); ++block) {
    pack_block(filter, bias, geometry, requantization, block * kDwBlock,
               data.data() + block * bytes);
  }
  return PackedQConv(QConvKind::kDepthwise, geometry, std::move(requantization), std::move(data));
}

namespace qconv_internal {

size_t depthwise_scratch_bytes(const PackedQConv& packed, int64_t /*batch*/) {
  return static_cast<size_t>(packed.geometry().in_c);
}

Status run_depthwise(const PackedQConv& packed, const int8_t* x, int64_t batch, int8_t* y,
                     Span<uint8_t> scratch, LinearIsa isa, pthreadpool* pool) {
  if (packed.kind() != QConvKind::kDepthwise || packed.packed_bytes() == 0) {
    return invalid_argument(kOp, ": the weights are not packed for a depthwise convolution");
  }
  if (batch < 0) return invalid_argument(kOp, ": batch must be >= 0, got ", batch);
  if (batch == 0) return Status::Ok();
  if (x == nullptr || y == nullptr) return invalid_argument(kOp, ": input or output is null");
  const size_t needed = depthwise_scratch_bytes(packed, batch);
  if (scratch.data() == nullptr || scratch.size() < needed) {
    return invalid_argument(kOp, ": scratch has ", scratch.size(), " bytes, needs ", needed);
  }
  const QConvGeometry& g = packed.geometry();
  const QConvRequantization& r = packed.requantization();
  std::memset(scratch.data(), r.input_zero_point, needed);

  RowContext context;
  context.g = &g;
  context.x = x;
  context.y = y;
  context.zero_row = reinterpret_cast<const int8_t*>(scratch.data());
  context.kernel = pixel_kernel(isa);
  context.job.packed = packed.data();
  context.job.taps = g.kernel_h * g.kernel_w;
  context.job.channels = g.out_c;
  context.job.output = runtime::QuantRange{r.output_zero_point, r.qmin, r.qmax};

  const int64_t rows = batch * g.out_h;
  if (pool == nullptr || pthreadpool_get_threads_count(pool) <= 1 || rows < 2) {
    for (int64_t index = 0; index < rows; ++index) run_row(context, index);
    return Status::Ok();
  }
  parallel_for_1d(pool, static_cast<size_t>(rows),
                  [&context](size_t index) { run_row(context, static_cast<int64_t>(index)); });
  return Status::Ok();
}

}  // namespace qconv_internal
}  // namespace edgeq::xnnpack
