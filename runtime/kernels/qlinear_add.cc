// QLinearAdd (ONNX Runtime contrib; inputs and attributes in qlinear_binary.h) with XNNPACK's
// fixed-point add (requantization.h): bit-exact with XNNPACK's qs8/qu8 add. The ratios
// A_scale / C_scale and B_scale / C_scale must lie in [2^-10, 2^8), XNNPACK's range.
#include "runtime/kernels/kernel_factories.h"
#include "runtime/kernels/qlinear_binary.h"

namespace edgeq::runtime {
namespace {

class AddOp {
 public:
  Status configure(const QLinearBinaryParams& p) {
    range_ = p.range;
    EDGEQ_ASSIGN_OR_RETURN(params_, make_add_requantization(p.a_scale, p.a_zero_point, p.b_scale,
                                                            p.b_zero_point, p.c_scale));
    return Status::Ok();
  }
  int32_t operator()(int32_t a, int32_t b) const { return requantize_add(a, b, params_, range_); }

 private:
  AddRequantization params_;
  QuantRange range_;
};

}  // namespace

std::unique_ptr<Kernel> make_QLinearAdd_kernel() {
  return std::make_unique<QLinearBinaryKernel<AddOp>>("QLinearAdd");
}

}  // namespace edgeq::runtime
