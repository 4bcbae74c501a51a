// Feeding a Method's inputs from the command line: .npy files or deterministic random data.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "runtime/core/status.h"
#include "runtime/executor/method.h"

namespace edgeq::tools {

// Sets every input of `method`: from `npy_files` (one per program input, in input order) or, when
// that list is empty, from random data at the compile-time shapes drawn with `seed` (see
// fill_random: the same seed gives the same inputs). Returns one line per input describing it
// (name, dtype, shape, statistics and where it came from). Errors name the file or input.
Result<std::vector<std::string>> set_method_inputs(runtime::Method& method,
                                                   const std::vector<std::string>& npy_files,
                                                   uint32_t seed);

}  // namespace edgeq::tools
