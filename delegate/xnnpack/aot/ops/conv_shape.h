// The convolution geometry shared by Conv (weights at input 1) and QLinearConv (weights at input
// 3): groups, regular or depthwise (group == input channels, one input channel per group), the 2-D
// window, the filter re-layout (OIHW -> OHWI, depthwise -> 1HWO) and the payload node's kind and
// int params.
#pragma once

#include <string>
#include <vector>

#include "delegate/xnnpack/aot/ops/op_util.h"

namespace edgeq::xnnpack {

struct ConvShape {
  int64_t groups = 1;
  int64_t in_channels = 0;   // C of the input
  int64_t out_channels = 0;  // O of the weights
  int64_t kernel_h = 0, kernel_w = 0;
  bool depthwise = false;
  Window2d window;
  std::string error;  // non-empty when XNNPACK cannot run this convolution
};

// The geometry of `node` reading input 0 with constant 4-D weights at `weights_index`.
ConvShape conv_shape(const ir::Node& node, int weights_index);

// XNNPACK's filter dims ([O, kH, kW, C / groups], or [1, kH, kW, O] when depthwise) and the dim
// holding the output channels in them.
std::vector<uint32_t> filter_dims(const ConvShape& conv);
inline int filter_channel_dim(const ConvShape& conv) { return conv.depthwise ? 3 : 0; }

// OIHW weights in XNNPACK's filter layout.
template <typename T>
std::vector<T> relayout_filter(const T* oihw, const ConvShape& conv) {
  const int64_t O = conv.out_channels, I = conv.in_channels / conv.groups;
  const int64_t H = conv.kernel_h, W = conv.kernel_w;
  std::vector<T> out(static_cast<size_t>(O * I * H * W));
  for (int64_t o = 0; o < O; ++o) {
    for (int64_t i = 0; i < I; ++i) {
      for (int64_t h = 0; h < H; ++h) {
        for (int64_t w = 0; w < W; ++w) {
          const T v = oihw[((o * I + i) * H + h) * W + w];
          if (conv.depthwise) {
            out[(h * W + w) * O + o] = v;
          } else {
            out[((o * H + h) * W + w) * I + i] = v;
          }
        }
      }
    }
  }
  return out;
}

// Sets the node's kind (Convolution2d or DepthwiseConvolution2d) and int params.
void set_conv_params(const ConvShape& conv, PayloadNode* node);

}  // namespace edgeq::xnnpack
