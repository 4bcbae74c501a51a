// Run-time entry points of the convolution kernels (qconv_kernels.h): the ISA choice and the
// dispatch on the packed kind to the dense (qconv_gemm.cc) or depthwise (qconv_depthwise.cc) code.
#include "delegate/xnnpack/kernels/qconv_kernels.h"

#include "delegate/xnnpack/kernels/qconv_internal.h"

namespace edgeq::xnnpack {

size_t qconv_scratch_bytes(const PackedQConv& packed, int64_t batch) {
  return packed.kind() == QConvKind::kGemm ? qconv_internal::gemm_scratch_bytes(packed, batch)
                                           : qconv_internal::depthwise_scratch_bytes(packed, batch);
}

Status run_qconv(const PackedQConv& packed, const int8_t* x, int64_t batch, int8_t* y,
                 Span<uint8_t> scratch, LinearIsa isa, pthreadpool* pool) {
  const LinearIsa resolved = isa == LinearIsa::kAuto ? best_linear_isa() : isa;
  if (!linear_isa_supported(resolved)) {
    return unavailable("int8 convolution kernel: path ", linear_isa_name(resolved),
                       " is not available on this CPU or build");
  }
  if (packed.kind() == QConvKind::kGemm) {
    return qconv_internal::run_gemm(packed, x, batch, y, scratch, resolved, pool);
  }
  return qconv_internal::run_depthwise(packed, x, batch, y, scratch, resolved, pool);
}

}  // namespace edgeq::xnnpack
