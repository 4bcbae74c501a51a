// Helpers shared by the graph passes.
#pragma once

#include "ir/graph.h"

namespace edgeq::ir {

// Removes `node`, whose output 0 equals its input 0, so that its consumers read the input. Other
// outputs of the node must be unused. The surviving value keeps the name a graph output needs:
// when output 0 is a graph output, the input's producer is made to compute it instead (only if
// the input has no other use). Returns false, changing nothing, when neither way is possible.
bool bypass_node(Graph& graph, Node* node);

}  // namespace edgeq::ir
