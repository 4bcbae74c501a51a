#include "tools/random_tensor.h"

namespace edgeq::tools {
namespace {

template <typename T, typename Distribution>
void fill(const TensorView& tensor, Distribution distribution, std::mt19937& rng) {
  T* data = tensor.data_as<T>();
  for (int64_t i = 0; i < tensor.numel(); ++i) data[i] = static_cast<T>(distribution(rng));
}

}  // namespace

Status fill_random(const TensorView& tensor, std::mt19937& rng) {
  std::uniform_real_distribution<float> real(-1.0f, 1.0f);
  std::uniform_int_distribution<int> small(0, 9);
  std::uniform_int_distribution<int> bit(0, 1);
  switch (tensor.dtype) {
    case DType::kF32:
      fill<float>(tensor, real, rng);
      break;
    case DType::kF16: {
      uint16_t* data = tensor.data_as<uint16_t>();
      for (int64_t i = 0; i < tensor.numel(); ++i) data[i] = float_to_half(real(rng));
      break;
    }
    case DType::kI8:
      fill<int8_t>(tensor, small, rng);
      break;
    case DType::kU8:
      fill<uint8_t>(tensor, small, rng);
      break;
    case DType::kI16:
      fill<int16_t>(tensor, small, rng);
      break;
    case DType::kI32:
      fill<int32_t>(tensor, small, rng);
      break;
    case DType::kI64:
      fill<int64_t>(tensor, small, rng);
      break;
    case DType::kBool:
      fill<uint8_t>(tensor, bit, rng);
      break;
    default:
      return unimplemented("no random inputs of dtype ", dtype_name(tensor.dtype));
  }
  return Status::Ok();
}

}  // namespace edgeq::tools
