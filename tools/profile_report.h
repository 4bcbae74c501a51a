// The per-instruction profile of a Method as a table: `edgeq run --profile`.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "runtime/executor/method.h"
#include "runtime/program/program.h"

namespace edgeq::tools {

struct ProfileRow {
  size_t instruction = 0;  // index in the program's instruction list
  std::string name;        // the node or partition name ("(unnamed)" when the program has none)
  std::string kind;        // the kernel's op ("Conv") or "delegate:<backend>"
  uint64_t nanoseconds = 0;
};

// One row per instruction of `program`, in program order, with the time `profile` accumulated.
std::vector<ProfileRow> profile_rows(const runtime::Program& program,
                                     const runtime::MethodProfile& profile);

// The table: one line per row sorted by descending time (ties in program order) with the
// instruction index, name, kind, total and mean milliseconds over `runs` and the share of the
// total; then a total line.
std::string format_profile(std::vector<ProfileRow> rows, uint64_t runs);

}  // namespace edgeq::tools
