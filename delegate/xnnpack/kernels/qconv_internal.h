// Internal to the convolution kernels: what run_qconv / qconv_scratch_bytes (qconv_kernels.cc)
// dispatch to for each PackedQConv kind. The dense (GEMM) kernels live in qconv_gemm*.cc, the
// depthwise ones in qconv_depthwise*.cc; `isa` is already resolved (never kAuto) and supported.
#pragma once

#include "delegate/xnnpack/kernels/qconv_kernels.h"

namespace edgeq::xnnpack::qconv_internal {

size_t gemm_scratch_bytes(const PackedQConv& packed, int64_t batch);
Status run_gemm(const PackedQConv& packed, const int8_t* x, int64_t batch, int8_t* y,
                Span<uint8_t> scratch, LinearIsa isa, pthreadpool* pool);

size_t depthwise_scratch_bytes(const PackedQConv& packed, int64_t batch);
Status run_depthwise(const PackedQConv& packed, const int8_t* x, int64_t batch, int8_t* y,
                     Span<uint8_t> scratch, LinearIsa isa, pthreadpool* pool);

}  // namespace edgeq::xnnpack::qconv_internal
