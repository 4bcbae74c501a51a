// Reading an XNNPACK payload: the flatbuffers verifier plus every index and size check the define
// calls rely on, so a damaged payload is an error naming what is wrong, never a crash.
#pragma once

#include <cstdint>
#include <vector>

#include "delegate/xnnpack/schema/xnnpack_payload_generated.h"
#include "runtime/core/span.h"
#include "runtime/core/status.h"
#include "runtime/core/tensor.h"

namespace edgeq::xnnpack {

// The value id an absent optional node input carries (XNN_INVALID_VALUE_ID).
constexpr uint32_t kAbsentValue = 0xFFFFFFFFu;

// The element size in bytes of a payload datatype; 0 for a datatype the backend does not run.
size_t datatype_bytes(schema::DataType datatype);

// Verifies `bytes` as a payload for a delegate call with the given declared inputs and outputs
// (NCHW as the program sees them): structure, value/constant/boundary indices, constant sizes,
// and that each boundary value's dims match the call's tensor after the boundary's layout change.
Result<const schema::Payload*> read_payload(Span<const uint8_t> bytes,
                                            Span<const TensorView> inputs,
                                            Span<const TensorView> outputs);

// The dims a boundary tensor of `shape` has inside XNNPACK under `layout`.
std::vector<size_t> boundary_dims(const Shape& shape, schema::BoundaryLayout layout);

}  // namespace edgeq::xnnpack
