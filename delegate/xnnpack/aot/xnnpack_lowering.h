// XnnpackLowering: the XNNPACK delegate's ahead-of-time side, as the partitioner sees it.
#pragma once

#include "partitioner/delegate_lowering.h"

namespace edgeq::xnnpack {

class XnnpackLowering : public partitioner::DelegateLowering {
 public:
  const char* backend_name() const override;
  // Float (f32) nodes of the families in aot/ops/; the reason names the op and what is missing.
  partitioner::SupportDecision supports(const ir::Graph& graph,
                                        const ir::Node& node) const override;
  // One payload per partition: boundary inputs NCHW -> NHWC, the nodes in the partition's order.
  Result<partitioner::LoweredPartition> lower(
      const ir::Graph& graph, const partitioner::Partition& partition) const override;
};

}  // namespace edgeq::xnnpack
