// QLinearMul (ONNX Runtime contrib; inputs and attributes in qlinear_binary.h) with XNNPACK's fp32
// multiply: C = requantize_fp32((A - A_zp) * (B - B_zp), A_scale * B_scale / C_scale), bit-exact
// with XNNPACK's qs8/qu8 multiply. For 8-bit inputs the scale ratio must lie in [2^-16, 2^8),
// XNNPACK's range; int16 inputs (no XNNPACK counterpart) take any ratio and an int64 product.
#include "runtime/kernels/kernel_factories.h"
#include "runtime/kernels/qlinear_binary.h"

namespace edgeq::runtime {
namespace {

class MulOp {
 public:
  Status configure(const QLinearBinaryParams& p) {
    p_ = p;
    scale_ = mul_requantization_scale(p.a_scale, p.b_scale, p.c_scale);
    if (p.input_dtype != DType::kI16 && !(scale_ >= 0x1.0p-16f && scale_ < 0x1.0p+8f)) {
      return invalid_argument("A_scale * B_scale / C_scale = ", scale_,
                              " outside [2^-16, 2^8) (XNNPACK's multiply range)");
    }
    return Status::Ok();
  }
  int32_t operator()(int32_t a, int32_t b) const {
    const int64_t product =
        static_cast<int64_t>(a - p_.a_zero_point) * static_cast<int64_t>(b - p_.b_zero_point);
    return requantize_fp32(product, scale_, p_.range);
  }

 private:
  QLinearBinaryParams p_;
  float scale_ = 1.f;
};

}  // namespace

std::unique_ptr<Kernel> make_QLinearMul_kernel() {
  return std::make_unique<QLinearBinaryKernel<MulOp>>("QLinearMul");
}

}  // namespace edgeq::runtime
