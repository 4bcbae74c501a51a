// STUB: replace with the portable Tile kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Tile_kernel() { return nullptr; }

}  // namespace edgeq::runtime
