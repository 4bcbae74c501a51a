// Small formatting helpers for what the command line prints.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace edgeq::tools {

// "812 B", "31.9 KiB", "13.4 MiB".
std::string format_bytes(uint64_t bytes);
// Milliseconds with three significant decimals: "0.412 ms", "12.3 ms".
std::string format_ms(double milliseconds);
// The median of `samples` (which it sorts); 0 when empty.
double median(std::vector<double>& samples);

}  // namespace edgeq::tools
