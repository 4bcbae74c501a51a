// Defining one payload value in an XNNPACK subgraph: fp32 values with xnn_define_tensor_value,
// per-tensor quantized ones (QInt8, QUInt8, QInt32) with xnn_define_quantized_tensor_value and
// per-channel ones (QCInt8, QCInt32) with xnn_define_channelwise_quantized_tensor_value. The
// payload reader has verified the quantization (payload_reader.h); XNNPACK keeps a pointer to the
// channel scales, which live in the payload (it must outlive the runtime, as the constants do).
#pragma once

#include <xnnpack.h>

#include "delegate/xnnpack/schema/xnnpack_payload_generated.h"

namespace edgeq::xnnpack {

// The xnn_define_* call for `value` (same arguments as xnn_define_tensor_value, minus the
// datatype, which comes from `value`).
xnn_status define_payload_value(xnn_subgraph_t subgraph, const schema::Value& value,
                                size_t num_dims, const size_t* dims, const void* data,
                                uint32_t external_id, uint32_t flags, uint32_t* id_out);

}  // namespace edgeq::xnnpack
