// Entry points of the own int8 convolution kernels (qconv_kernels.h): resolves the instruction
// set, checks the arguments every kind shares, and dispatches on the packed kind to the dense
// (qconv_gemm*.cc) or depthwise (qconv_depthwise*.cc) kernels.
#include <algorithm>

#include "delegate/xnnpack/kernels/qconv_internal.h"

namespace edgeq::xnnpack {

size_t qconv_scratch_bytes(const PackedQConv& packed, int64_t batch) {
  batch = std::max<int64_t>(batch, 0);
  return packed.kind() == QConvKind::kGemm ? qconv_internal::gemm_scratch_bytes(packed, batch)
                                           : qconv_internal::depthwise_scratch_bytes(packed, batch);
}

Status run_qconv(const PackedQConv& packed, const int8_t* x, int64_t batch, int8_t* y,
                 Span<uint8_t> scratch, LinearIsa isa, pthreadpool* pool) {
  constexpr const char* kOp = "int8 convolution kernel";
  if (packed.packed_bytes() == 0) return invalid_argument(kOp, ": the weights are not packed");
  if (batch < 1) return invalid_argument(kOp, ": batch must be >= 1, got ", batch);
  if (x == nullptr || y == nullptr) return invalid_argument(kOp, ": input or output is null");
  const size_t needed = qconv_scratch_bytes(packed, batch);
  if (scratch.size() < needed || (needed > 0 && scratch.data() == nullptr)) {
    return invalid_argument(kOp, ": scratch has ", scratch.size(), " bytes, needs ", needed,
                            " for batch ", batch);
  }
  if (isa == LinearIsa::kAuto) isa = best_linear_isa();
  if (!linear_isa_supported(isa)) {
    return unimplemented(kOp, ": instruction set ", linear_isa_name(isa),
                         " is not available on this CPU or build");
  }
  return packed.kind() == QConvKind::kGemm
             ? qconv_internal::run_gemm(packed, x, batch, y, scratch, isa, pool)
             : qconv_internal::run_depthwise(packed, x, batch, y, scratch, isa, pool);
}

}  // namespace edgeq::xnnpack
