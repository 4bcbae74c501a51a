// The default pattern set: every built-in family (XnnpackQuantizer's patterns).
#include "quantizer/patterns/patterns.h"

namespace edgeq::quantizer {

Status register_default_patterns(PatternRegistry& registry) {
  EDGEQ_RETURN_IF_ERROR(register_conv_patterns(registry));
  EDGEQ_RETURN_IF_ERROR(register_linear_patterns(registry));
  EDGEQ_RETURN_IF_ERROR(register_binary_patterns(registry));
  EDGEQ_RETURN_IF_ERROR(register_concat_patterns(registry));
  EDGEQ_RETURN_IF_ERROR(register_pool_patterns(registry));
  EDGEQ_RETURN_IF_ERROR(register_pass_through_patterns(registry));
  return register_activation_patterns(registry);
}

}  // namespace edgeq::quantizer
