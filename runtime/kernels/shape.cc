// Shape: the input's dims as a 1-D i64 tensor, optionally only dims [start, end) (opset 15;
// negative values count from the back, both clamped to [0, rank]). Reads no input data, so it
// takes every dtype.
#include <algorithm>
#include <cstring>
#include <vector>

#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

class ShapeKernel : public Kernel {
 public:
  Status prepare(const Attributes& attrs, Span<const TensorView> inputs,
                 Span<TensorView> outputs) override {
    const TensorView& in = inputs[0];
    if (!in.present()) return invalid_argument("Shape: missing input");
    const int64_t rank = in.shape.rank();
    EDGEQ_ASSIGN_OR_RETURN(int64_t start, attrs.get_int("start", 0));
    EDGEQ_ASSIGN_OR_RETURN(int64_t end, attrs.get_int("end", rank));
    if (start < 0) start += rank;
    if (end < 0) end += rank;
    start = std::clamp<int64_t>(start, 0, rank);
    end = std::clamp<int64_t>(end, 0, rank);
    dims_.assign(in.shape.begin() + start, in.shape.begin() + std::max(start, end));
    outputs[0] = TensorView(DType::kI64, Shape{static_cast<int64_t>(dims_.size())});
    return Status::Ok();
  }

  Status execute(Span<const TensorView> /*inputs*/, Span<const TensorView> outputs,
                 Span<uint8_t> /*scratch*/) override {
    if (!dims_.empty()) std::memcpy(outputs[0].data, dims_.data(), dims_.size() * sizeof(int64_t));
    return Status::Ok();
  }

 private:
  std::vector<int64_t> dims_;
};

}  // namespace

std::unique_ptr<Kernel> make_Shape_kernel() { return std::make_unique<ShapeKernel>(); }

}  // namespace edgeq::runtime
