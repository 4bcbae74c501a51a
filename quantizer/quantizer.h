// Quantizer: the backend-specific half of the pipeline. A quantizer looks at a float ir::Graph
// (BatchNorm already folded) and says which edges its backend wants quantized and how
// (quantization_spec.h). Calibration and convert are backend-neutral and only read Annotations.
#pragma once

#include <string>

#include "ir/graph.h"
#include "quantizer/quantization_spec.h"
#include "runtime/core/status.h"

namespace edgeq::quantizer {

class Quantizer {
 public:
  virtual ~Quantizer() = default;

  // Annotates `graph` (which it does not modify). Nodes the quantizer leaves unclaimed stay float.
  // Errors name the node or option that is wrong (e.g. a weight that is not constant where the
  // scheme needs it, an invalid group size).
  virtual Result<Annotations> annotate(const ir::Graph& graph) const = 0;

  // A short description for logs: "xnnpack w8a8 (per-channel weights)".
  virtual std::string description() const = 0;
};

}  // namespace edgeq::quantizer
