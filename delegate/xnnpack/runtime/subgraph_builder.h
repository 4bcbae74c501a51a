// Building an XNNPACK runtime from a verified payload: every value and node is defined in a fresh
// subgraph, which becomes a runtime (weights packed there) and is then deleted.
#pragma once

#include <pthreadpool.h>
#include <xnnpack.h>

#include <memory>
#include <vector>

#include "delegate/xnnpack/schema/xnnpack_payload_generated.h"
#include "runtime/core/status.h"

namespace edgeq::xnnpack {

struct RuntimeDeleter {
  void operator()(xnn_runtime_t runtime) const { xnn_delete_runtime(runtime); }
};
using RuntimePtr = std::unique_ptr<xnn_runtime, RuntimeDeleter>;

// The dims of every payload value, with dim 0 of the batch-scaled ones set to `batch`.
std::vector<std::vector<size_t>> value_dims_for_batch(const schema::Payload& payload, size_t batch);
// The batch the payload was compiled for (dim 0 of its first batch-scaled value; 1 when none).
size_t compiled_batch(const schema::Payload& payload);

// The payload nodes [begin, end) one runtime holds, and the XNN_VALUE_FLAG_EXTERNAL_* flags each
// payload value is defined with (runtime/partition_stages.h decides them: what the runtime
// exchanges with the delegate call or with other stages is external).
struct RuntimeNodes {
  size_t begin = 0;
  size_t end = 0;
  std::vector<uint32_t> value_flags;
};

// Creates the runtime. `constant_data[i]` holds the bytes of payload constant i (suitably aligned;
// they must outlive the runtime). `value_dims` comes from value_dims_for_batch. `pool` may be null.
Result<RuntimePtr> create_runtime(const schema::Payload& payload,
                                  const std::vector<const void*>& constant_data,
                                  const std::vector<std::vector<size_t>>& value_dims,
                                  pthreadpool_t pool, const RuntimeNodes& nodes);

}  // namespace edgeq::xnnpack
