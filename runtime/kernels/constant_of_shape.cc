// ConstantOfShape: a tensor of the shape given by input 0 (1-D, constant at prepare, i32 or i64)
// filled with one value. The importer turns ONNX's tensor attribute `value` into the string
// attribute `dtype` (an edgeq dtype name, default "f32") and the numeric attribute `value` (an int
// or a float, default 0). Every dtype but i4.
#include <cstring>
#include <string>
#include <vector>

#include "runtime/kernels/axis_util.h"
#include "runtime/kernels/copy_util.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

// The fill value as the bytes of one element of `dtype`. Integer values stay exact (an int
// attribute is not routed through float).
Status encode_fill(const Attributes& attrs, DType dtype, uint8_t* element) {
  Result<int64_t> as_int = attrs.get_int("value", 0);
  EDGEQ_ASSIGN_OR_RETURN(float as_float, attrs.get_float("value", 0.f));
  const int64_t i = as_int.ok() ? as_int.value() : static_cast<int64_t>(as_float);
  auto put = [element](auto v) { std::memcpy(element, &v, sizeof(v)); };
  switch (dtype) {
    case DType::kF32:
      put(as_float);
      break;
    case DType::kF16:
      put(float_to_half(as_float));
      break;
    case DType::kI8:
      put(static_cast<int8_t>(i));
      break;
    case DType::kU8:
      put(static_cast<uint8_t>(i));
      break;
    case DType::kI16:
      put(static_cast<int16_t>(i));
      break;
    case DType::kI32:
      put(static_cast<int32_t>(i));
      break;
    case DType::kI64:
      put(i);
      break;
    case DType::kBool:
      put(static_cast<uint8_t>(as_float != 0));
      break;
    default:
      return unimplemented("ConstantOfShape: dtype ", dtype_name(dtype));
  }
  return Status::Ok();
}

class ConstantOfShapeKernel : public Kernel {
 public:
  Status prepare(const Attributes& attrs, Span<const TensorView> inputs,
                 Span<TensorView> outputs) override {
    EDGEQ_ASSIGN_OR_RETURN(std::string dtype_text, attrs.get_string("dtype", "f32"));
    DType dtype = DType::kUndefined;
    if (!dtype_from_name(dtype_text, &dtype)) {
      return invalid_argument("ConstantOfShape: unknown dtype '", dtype_text, "'");
    }
    EDGEQ_RETURN_IF_ERROR(check_movable_dtype("ConstantOfShape", dtype));
    EDGEQ_RETURN_IF_ERROR(encode_fill(attrs, dtype, element_));
    if (inputs[0].shape.rank() != 1) {
      return invalid_argument("ConstantOfShape: input must be 1-D, got ", inputs[0].to_string());
    }
    EDGEQ_ASSIGN_OR_RETURN(std::vector<int64_t> dims,
                           read_constant_ints("ConstantOfShape", "input", inputs[0]));
    EDGEQ_ASSIGN_OR_RETURN(Shape shape, make_shape("ConstantOfShape", dims));
    element_size_ = dtype_size(dtype);
    outputs[0] = TensorView(dtype, shape);
    return Status::Ok();
  }

  Status execute(Span<const TensorView> /*inputs*/, Span<const TensorView> outputs,
                 Span<uint8_t> /*scratch*/) override {
    auto* out = outputs[0].data_as<uint8_t>();
    const int64_t count = outputs[0].numel();
    for (int64_t i = 0; i < count; ++i)
      std::memcpy(out + i * element_size_, element_, element_size_);
    return Status::Ok();
  }

 private:
  uint8_t element_[8] = {};
  size_t element_size_ = 0;
};

}  // namespace

std::unique_ptr<Kernel> make_ConstantOfShape_kernel() {
  return std::make_unique<ConstantOfShapeKernel>();
}

}  // namespace edgeq::runtime
