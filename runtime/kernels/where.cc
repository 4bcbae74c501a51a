// Where: condition ? X : Y, the three inputs broadcast together (ONNX multidirectional
// broadcasting). The condition is bool; X and Y share any dtype but packed int4, and are copied
// bit for bit by element size.
#include <cstdint>

#include "runtime/kernels/broadcast.h"
#include "runtime/kernels/elementwise_common.h"
#include "runtime/kernels/kernel.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

class WhereKernel final : public Kernel {
 public:
  Status prepare(const Attributes& attrs, Span<const TensorView> inputs,
                 Span<TensorView> outputs) override {
    EDGEQ_RETURN_IF_ERROR(check_counts(OpType::kWhere, inputs, outputs));
    const TensorView& cond = inputs[0];
    const TensorView& x = inputs[1];
    const TensorView& y = inputs[2];
    EDGEQ_RETURN_IF_ERROR(check_dtype(OpType::kWhere, cond.dtype, dtype_bit(DType::kBool)));
    EDGEQ_RETURN_IF_ERROR(check_dtype(OpType::kWhere, x.dtype, ~dtype_bit(DType::kI4)));
    if (x.dtype != y.dtype) {
      return invalid_argument("Where: X and Y dtypes differ (", dtype_name(x.dtype), " and ",
                              dtype_name(y.dtype), ")");
    }
    const Shape shapes[] = {cond.shape, x.shape, y.shape};
    auto out_shape = broadcast_shapes(Span<const Shape>(shapes));
    if (!out_shape.ok()) return out_shape.status().with_context("Where");
    plan_ = make_broadcast_plan(out_shape.value(), Span<const Shape>(shapes));
    outputs[0] = TensorView(x.dtype, out_shape.value());
    return Status::Ok();
  }

  Status execute(Span<const TensorView> inputs, Span<const TensorView> outputs,
                 Span<uint8_t> scratch) override {
    switch (dtype_size(inputs[1].dtype)) {
      case 1:
        return run<uint8_t>(inputs, outputs);
      case 2:
        return run<uint16_t>(inputs, outputs);
      case 4:
        return run<uint32_t>(inputs, outputs);
      default:
        return run<uint64_t>(inputs, outputs);
    }
  }

 private:
  template <typename Bits>
  Status run(Span<const TensorView> inputs, Span<const TensorView> outputs) {
    broadcast_ternary(plan_, inputs[0].data_as<const bool>(), inputs[1].data_as<const Bits>(),
                      inputs[2].data_as<const Bits>(), outputs[0].data_as<Bits>(),
                      [](bool c, Bits x, Bits y) { return c ? x : y; });
    return Status::Ok();
  }

  BroadcastPlan plan_;
};

}  // namespace

std::unique_ptr<Kernel> make_Where_kernel() { return std::make_unique<WhereKernel>(); }

}  // namespace edgeq::runtime
