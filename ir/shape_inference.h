// Shape inference: sets the dtype and shape of every node output by asking the op's portable kernel
// (Kernel::prepare) with the input dtypes and shapes, and the data of constant inputs. There is no
// second copy of the shape rules: what the runtime accepts is what the IR infers.
#pragma once

#include "ir/graph.h"
#include "runtime/core/status.h"

namespace edgeq::ir {

// Infers the outputs of `node` from its inputs (which must have types). Errors name the node.
Status infer_node_shapes(Node* node);

// Infers every node in topological order. Also propagates the symbolic-batch flag: a non-constant
// output of a node reading a value with a symbolic batch gets the flag too.
Status infer_shapes(Graph& graph);

}  // namespace edgeq::ir
