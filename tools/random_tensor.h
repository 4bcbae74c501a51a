// Deterministic random inputs for `edgeq run` when the user gives none.
#pragma once

#include <cstdint>
#include <random>

#include "runtime/core/status.h"
#include "runtime/core/tensor.h"

namespace edgeq::tools {

// Fills `tensor` (data must hold tensor.nbytes()): floats uniform in [-1, 1), integers uniform in
// [0, 10) (small enough to be valid indices for most gathers), bools 0 or 1.
Status fill_random(const TensorView& tensor, std::mt19937& rng);

}  // namespace edgeq::tools
