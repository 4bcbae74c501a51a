// Whole-file reads and writes for the command line; errors name the path and the system's reason.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "runtime/core/span.h"
#include "runtime/core/status.h"

namespace edgeq::tools {

Result<std::vector<uint8_t>> read_file_bytes(const std::string& path);
Status write_file_bytes(const std::string& path, Span<const uint8_t> bytes);

}  // namespace edgeq::tools
