// Dense int8 convolution as a GEMM over an indirection table: weight packing, the run-time input
// copy / indirection table, the tiling over output pixels x channel blocks and the thread split.
// The layout is described in qconv_gemm_layout.h.
#include <pthreadpool.h>

#include <algorithm>
#include <cstring>

#include "delegate/xnnpack/kernels/qconv_gemm_layout.h"
#include "delegate/xnnpack/kernels/qconv_internal.h"

namespace edgeq::xnnpack {

using qconv_gemm::GemmLayout;
using qconv_gemm::GemmPath;
using qconv_gemm::GemmTile;
using qconv_gemm::kBlockHeaderBytes;
using qconv_gemm::kGemmNr;
using qconv_gemm::kGroupBytes;

namespace {

constexpr const char* kOp = "int8 convolution (GEMM) kernel";
constexpr int32_t kU8Offset = 128;  // x_u8 = x + 128

int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }
int64_t round_up(int64_t a, int64_t b) { return ceil_div(a, b) * b; }

GemmLayout layout_of(const QConvGeometry& g, const QConvRequantization& r) {
  GemmLayout layout;
  layout.taps = g.kernel_h * g.kernel_w;
  layout.in_c = g.in_c;
  layout.k_groups = ceil_div(g.in_c, 4);
  layout.block_bytes = kBlockHeaderBytes + layout.taps * layout.k_groups * kGroupBytes;
  layout.blocks = ceil_div(g.out_c, kGemmNr);
  layout.output_zero_point = r.output_zero_point;
  layout.qmin = r.qmin;
  layout.qmax = r.qmax;
  return layout;
}

// Packs output channels [16 * block, +16) (zero past out_c).
void pack_block(const int8_t* filter, const int32_t* bias, const QConvGeometry& g,
                const QConvRequantization& r, const GemmLayout& layout, int64_t block,
                uint8_t* out) {
  int32_t* packed_bias = reinterpret_cast<int32_t*>(out);
  float* packed_scale = reinterpret_cast<float*>(out + kGemmNr * 4);
  int8_t* weights = reinterpret_cast<int8_t*>(out + kBlockHeaderBytes);
  const int64_t k = layout.taps * g.in_c;
  for (int64_t j = 0; j < kGemmNr; ++j) {
    const int64_t c = block * kGemmNr + j;
    if (c >= g.out_c) continue;  // the buffer is zeroed
    const int8_t* w = filter + c * k;
    int64_t sum = 0;
    for (int64_t t = 0; t < layout.taps; ++t) {
      for (int64_t i = 0; i < g.in_c; ++i) {
        const int8_t value = w[t * g.in_c + i];
        sum += value;
        weights[(t * layout.k_groups + i / 4) * kGroupBytes + 4 * j + i % 4] = value;
      }
    }
    // bias - (128 + zx) * sum, wrapped to int32 like the accumulator.
    const uint32_t fold =
        static_cast<uint32_t>(sum) * static_cast<uint32_t>(kU8Offset + r.input_zero_point);
    const uint32_t wrapped = static_cast<uint32_t>(bias != nullptr ? bias[c] : 0) - fold;
    std::memcpy(&packed_bias[j], &wrapped, sizeof(wrapped));
    packed_scale[j] = r.scales[static_cast<size_t>(c)];
  }
}

// Bytes per x_u8 row: in_c padded to whole 4-byte groups, so a kernel reads every group whole.
int64_t row_stride(const QConvGeometry& g) { return round_up(g.in_c, 4); }

// The scratch: [indirection table][x_u8 copy][padding row], aligned inside the span.
struct ScratchLayout {
  size_t table_count = 0;
  size_t input_bytes = 0;
  size_t pad_bytes = 0;
  size_t total = 0;  // including the alignment slack
};

constexpr size_t kScratchAlign = 64;

ScratchLayout scratch_layout(const QConvGeometry& g, int64_t batch) {
  ScratchLayout s;
  s.table_count = static_cast<size_t>(batch * g.out_h * g.out_w * g.kernel_h * g.kernel_w);
  s.input_bytes = static_cast<size_t>(round_up(batch * g.in_h * g.in_w * row_stride(g), 64));
  s.pad_bytes = static_cast<size_t>(round_up(g.in_c, 64));
  s.total = kScratchAlign + s.table_count * sizeof(void*) + s.input_bytes + s.pad_bytes;
  return s;
}

GemmPath gemm_path(LinearIsa isa) {
  switch (isa) {
#if EDGEQ_LINEAR_X86
    case LinearIsa::kAvx512Vnni:
      return qconv_gemm::gemm_path_avx512vnni();
    case LinearIsa::kAvx2:
      return qconv_gemm::gemm_path_avx2();
#endif
    default:
      return qconv_gemm::gemm_path_portable();
  }
}

// x_u8 rows of `stride` bytes from `rows` int8 rows of `in_c` (the padding bytes meet zero
// weights; zeroed so the copy is deterministic).
void copy_input_u8(const int8_t* x, int64_t rows, int64_t in_c, int64_t stride, uint8_t* x_u8) {
  for (int64_t row = 0; row < rows; ++row, x += in_c, x_u8 += stride) {
    for (int64_t i = 0; i < in_c; ++i) {
      x_u8[i] = static_cast<uint8_t>(static_cast<uint8_t>(x[i]) ^ 0x80u);
    }
    for (int64_t i = in_c; i < stride; ++i) x_u8[i] = 0;
  }
}

// Fills table[(pixel over the batch) * taps + tap] with the x_u8 row each tap reads.
void build_indirection(const QConvGeometry& g, int64_t batch, const uint8_t* x_u8,
                       const uint8_t* pad_row, const uint8_t** table) {
  for (int64_t b = 0; b < batch; ++b) {
    const uint8_t* image = x_u8 + b * g.in_h * g.in_w * row_stride(g);
    for (int64_t oy = 0; oy < g.out_h; ++oy) {
      for (int64_t ox = 0; ox < g.out_w; ++ox) {
        for (int64_t ky = 0; ky < g.kernel_h; ++ky) {
          const int64_t iy = oy * g.stride_h - g.pad_top + ky * g.dilation_h;
          for (int64_t kx = 0; kx < g.kernel_w; ++kx) {
            const int64_t ix = ox * g.stride_w - g.pad_left + kx * g.dilation_w;
            const bool inside = iy >= 0 && iy < g.in_h && ix >= 0 && ix < g.in_w;
            *table++ = inside ? image + (iy * g.in_w + ix) * row_stride(g) : pad_row;
          }
        }
      }
    }
  }
}

struct RunContext {
  GemmLayout layout;
  GemmPath path;
  const uint8_t* packed = nullptr;
  const uint8_t* const* table = nullptr;
  int64_t pixels = 0;  // over the batch
  int64_t out_c = 0;
  int8_t* y = nullptr;
};

// Output pixels [p0, p0 + count) x channel-block group `group` (path.max_blocks blocks).
void run_tiles(const RunContext& context, int64_t group, int64_t p0, int64_t count) {
  const GemmLayout& layout = context.layout;
  const int64_t block0 = group * context.path.max_blocks;
  GemmTile tile;
  tile.weights = context.packed + block0 * layout.block_bytes;
  tile.blocks = std::min(context.path.max_blocks, layout.blocks - block0);
  tile.channels = std::min(tile.blocks * kGemmNr, context.out_c - block0 * kGemmNr);
  tile.ldy = context.out_c;
  for (int64_t p = p0; p < p0 + count; p += context.path.max_pixels) {
    tile.pixels = std::min(context.path.max_pixels, p0 + count - p);
    tile.rows = context.table + p * layout.taps;
    tile.y = context.y + p * context.out_c + block0 * kGemmNr;
    context.path.kernel(layout, tile);
  }
}

}  // namespace

Result<PackedQConv> pack_qconv(const int8_t* filter, const int32_t* bias,
                               const QConvGeometry& geometry, QConvRequantization requantization) {
  EDGEQ_RETURN_IF_ERROR(check_qconv_params(kOp, geometry, requantization));
  if (filter == nullptr) return invalid_argument(kOp, ": filter is null");
  const GemmLayout layout = layout_of(geometry, requantization);
  AlignedBuffer data(static_cast<size_t>(layout.blocks * layout.block_bytes));
  std::memset(data.data(), 0, data.size());
  for (int64_t block = 0; block < layout.blocks; ++block) {
    pack_block(filter, bias, geometry, requantization, layout, block,
               data.data() + block * layout.block_bytes);
  }
  return PackedQConv(QConvKind::kGemm, geometry, std::move(requantization), std::move(data));
}

namespace qconv_internal {

size_t gemm_scratch_bytes(const PackedQConv& packed, int64_t batch) {
  return scratch_layout(packed.geometry(), batch).total;
}

Status run_gemm(const PackedQConv& packed, const int8_t* x, int64_t batch, int8_t* y,
                Span<uint8_t> scratch, LinearIsa isa, pthreadpool* pool) {
  if (packed.kind() != QConvKind::kGemm || packed.packed_bytes() == 0) {
    return invalid_argument(kOp, ": the weights are not packed for a dense convolution");
  }
  const QConvGeometry& g = packed.geometry();
  const QConvRequantization& r = packed.requantization();
  const ScratchLayout s = scratch_layout(g, batch);
  if (scratch.data() == nullptr || scratch.size() < s.total) {
    return invalid_argument(kOp, ": scratch has ", scratch.size(), " bytes, needs ", s.total);
  }
  const uintptr_t address = reinterpret_cast<uintptr_t>(scratch.data());
  uint8_t* base = scratch.data() + (kScratchAlign - address % kScratchAlign) % kScratchAlign;
  const uint8_t** table = reinterpret_cast<const uint8_t**>(base);
  uint8_t* x_u8 = base + s.table_count * sizeof(void*);
  uint8_t* pad_row = x_u8 + s.input_bytes;
  copy_input_u8(x, batch * g.in_h * g.in_w, g.in_c, row_stride(g), x_u8);
  std::memset(pad_row, static_cast<uint8_t>(r.input_zero_point + kU8Offset), s.pad_bytes);
  build_indirection(g, batch, x_u8, pad_row, table);

  RunContext context;
  context.layout = layout_of(g, r);
  context.path = gemm_path(isa);
  context.packed = packed.data();
  context.table = table;
  context.pixels = batch * g.out_h * g.out_w;
  context.out_c = g.out_c;
  context.y = y;
  const int64_t groups = ceil_div(context.layout.blocks, context.path.max_blocks);
  if (pool == nullptr || pthreadpool_get_threads_count(pool) <= 1) {
    for (int64_t group = 0; group < groups; ++group) run_tiles(context, group, 0, context.pixels);
    return Status::Ok();
  }
  pthreadpool_parallelize_2d_tile_1d(
      pool,
      [](void* argument, size_t group, size_t p0, size_t count) {
        run_tiles(*static_cast<const RunContext*>(argument), static_cast<int64_t>(group),
                  static_cast<int64_t>(p0), static_cast<int64_t>(count));
      },
      &context, static_cast<size_t>(groups), static_cast<size_t>(context.pixels),
      static_cast<size_t>(context.path.max_pixels), 0);
  return Status::Ok();
}

}  // namespace qconv_internal
}  // namespace edgeq::xnnpack
