// ConvNode: a quantized Convolution2d / DepthwiseConvolution2d payload node that runs on edgeq's own
// int8 convolution kernels (delegate/xnnpack/kernels/qconv_kernels.h) instead of XNNPACK inside a
// delegate call. Same bytes as XNNPACK and the runtime's QLinearConv (the kernels share their
// requantization), but with VNNI code that Debian's XNNPACK 2022 lacks.
//
// The choice is made per node when the delegate is initialised (conv_engine_for): the node must be
// eligible (own_conv_refusal: int8 activations, int8 weights with zero point 0, constant weights and
// bias, a dense convolution with one group or a 3×3 / 5×5 depthwise one with depth multiplier 1),
// and the engine setting decides: kAuto takes the own kernel when the CPU has AVX-512 VNNI (where
// it is faster than XNNPACK's qs8 code) and XNNPACK otherwise; kOwn forces the own kernel for every
// eligible node (tests compare each instruction set); kXnnpack never uses it.
#pragma once

#include <pthreadpool.h>

#include <string>
#include <vector>

#include "delegate/xnnpack/kernels/qconv_kernels.h"
#include "delegate/xnnpack/schema/xnnpack_payload_generated.h"
#include "runtime/core/span.h"
#include "runtime/core/status.h"

namespace edgeq::xnnpack {

enum class ConvEngine { kAuto, kXnnpack, kOwn };

// The engine delegates initialised from now on use for eligible convolutions (default kAuto). For
// tests and benchmarks that compare the engines.
void set_delegate_conv_engine(ConvEngine engine);
ConvEngine delegate_conv_engine();
// "auto", "xnnpack", "own".
const char* conv_engine_name(ConvEngine engine);

// Why payload node `index` cannot run on the own kernels, or "" when it can.
std::string own_conv_refusal(const schema::Payload& payload, size_t index);

// kOwn or kXnnpack: what node `index` runs on under `engine` with instruction set `isa` (resolved,
// not kAuto).
ConvEngine conv_engine_for(const schema::Payload& payload, size_t index, ConvEngine engine,
                           LinearIsa isa);

// The engine each convolution of `payload` gets on this CPU under the current settings (what
// `edgeq inspect --why` shows): node name, depthwise or dense, engine, and why not the own kernel.
struct ConvChoice {
  std::string node;
  bool depthwise = false;
  ConvEngine engine = ConvEngine::kXnnpack;
  std::string refusal;  // non-empty when the node is not eligible for the own kernels
};
std::vector<ConvChoice> conv_choices(const schema::Payload& payload);

class ConvNode {
 public:
  // Reads eligible payload node `index` and packs its weights from `constant_data`.
  static Result<ConvNode> create(const schema::Payload& payload, size_t index,
                                 const std::vector<const void*>& constant_data);

  uint32_t input() const { return input_; }
  uint32_t output() const { return output_; }
  // The batch of NHWC value dims `x_dims` / `y_dims`; an error when they do not fit the node.
  Result<int64_t> batch(const std::vector<size_t>& x_dims, const std::vector<size_t>& y_dims) const;
  size_t scratch_bytes(int64_t batch) const { return qconv_scratch_bytes(packed_, batch); }
  // y = conv(x) for `batch` NHWC images; `scratch` holds at least scratch_bytes(batch).
  Status run(const int8_t* x, int64_t batch, int8_t* y, Span<uint8_t> scratch, LinearIsa isa,
             pthreadpool_t pool) const;

 private:
  size_t index_ = 0;
  uint32_t input_ = 0;
  uint32_t output_ = 0;
  PackedQConv packed_;
};

}  // namespace edgeq::xnnpack
