// What a conformance test's model uses, read straight from its ModelProto: the op types edgeq's op
// list lacks, and graph inputs/outputs that are not tensors. The runner uses it to name why a test
// is skipped; whether a model imports is always decided by the importer itself.
#pragma once

#include <set>
#include <string>

#include "runtime/core/status.h"

namespace edgeq::e2e {

struct OnnxModelScan {
  // Op types of the main graph (and its subgraphs) outside edgeq's op list, "domain:Op" for ops of
  // other domains. Constant is not listed: the importer turns it into a constant value.
  std::set<std::string> ops_outside_op_list;
  // Names of graph inputs/outputs whose type is a sequence, optional or map, not a tensor.
  std::set<std::string> non_tensor_values;
};

// DataLoss when the file cannot be read or parsed as a ModelProto.
Result<OnnxModelScan> scan_onnx_model(const std::string& path);

// Why a test using `op` (an op outside the op list) does not belong in an inference engine's
// conformance run: "training-only op", "random op", "sequence op", "optional op"; empty for ops
// that simply are not implemented.
std::string inference_exclusion(const std::string& op);

}  // namespace edgeq::e2e
