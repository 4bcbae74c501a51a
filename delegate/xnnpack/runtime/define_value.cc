#include "delegate/xnnpack/runtime/define_value.h"

namespace edgeq::xnnpack {

xnn_status define_payload_value(xnn_subgraph_t subgraph, const schema::Value& value,
                                size_t num_dims, const size_t* dims, const void* data,
                                uint32_t external_id, uint32_t flags, uint32_t* id_out) {
  const auto datatype = static_cast<xnn_datatype>(value.datatype());
  const schema::Quantization* q = value.quantization();
  switch (value.datatype()) {
    case schema::DataType::QInt8:
    case schema::DataType::QUInt8:
    case schema::DataType::QInt32:
      return xnn_define_quantized_tensor_value(subgraph, datatype, q->zero_point(), q->scale(),
                                               num_dims, dims, data, external_id, flags, id_out);
    case schema::DataType::QCInt8:
    case schema::DataType::QCInt32:
      return xnn_define_channelwise_quantized_tensor_value(
          subgraph, datatype, q->channel_scales()->data(), num_dims,
          static_cast<size_t>(q->channel_dim()), dims, data, external_id, flags, id_out);
    default:
      return xnn_define_tensor_value(subgraph, datatype, num_dims, dims, data, external_id, flags,
                                     id_out);
  }
}

}  // namespace edgeq::xnnpack
