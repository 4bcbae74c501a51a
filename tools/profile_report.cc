#include "tools/profile_report.h"

#include <algorithm>
#include <cstdio>

namespace edgeq::tools {
namespace {

std::string pad(const std::string& text, size_t width) {
  return text.size() >= width ? text : text + std::string(width - text.size(), ' ');
}

// "   12.345     1.234   45.2%"
std::string format_times(uint64_t nanoseconds, uint64_t runs, uint64_t total_nanoseconds) {
  const double total_ms = static_cast<double>(nanoseconds) / 1e6;
  const double mean_ms = runs == 0 ? 0.0 : total_ms / static_cast<double>(runs);
  const double share = total_nanoseconds == 0 ? 0.0
                                              : 100.0 * static_cast<double>(nanoseconds) /
                                                    static_cast<double>(total_nanoseconds);
  char text[64];
  std::snprintf(text, sizeof(text), "%12.3f %10.4f %6.1f%%", total_ms, mean_ms, share);
  return text;
}

}  // namespace

std::vector<ProfileRow> profile_rows(const runtime::Program& program,
                                     const runtime::MethodProfile& profile) {
  std::vector<ProfileRow> rows;
  const auto& instructions = program.instructions();
  for (size_t i = 0; i < instructions.size(); ++i) {
    const runtime::ProgramInstruction& instruction = instructions[i];
    ProfileRow row;
    row.instruction = i;
    row.name = instruction.name.empty() ? "(unnamed)" : instruction.name;
    row.kind = instruction.kind == runtime::InstructionKind::kDelegateCall
                   ? "delegate:" + instruction.backend
                   : op_name(instruction.op);
    row.nanoseconds = i < profile.nanoseconds.size() ? profile.nanoseconds[i] : 0;
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string format_profile(std::vector<ProfileRow> rows, uint64_t runs) {
  std::stable_sort(rows.begin(), rows.end(), [](const ProfileRow& a, const ProfileRow& b) {
    return a.nanoseconds > b.nanoseconds;
  });
  size_t name_width = 11;
  size_t kind_width = 4;
  uint64_t total = 0;
  for (const ProfileRow& row : rows) {
    name_width = std::max(name_width, row.name.size());
    kind_width = std::max(kind_width, row.kind.size());
    total += row.nanoseconds;
  }
  std::string table = "profile over " + std::to_string(runs) + " run(s), " +
                      std::to_string(rows.size()) + " instruction(s), slowest first\n";
  table += "     #  " + pad("instruction", name_width) + "  " + pad("kind", kind_width) +
           "     total ms    mean ms       %\n";
  for (const ProfileRow& row : rows) {
    char index[16];
    std::snprintf(index, sizeof(index), "%6zu", row.instruction);
    table += std::string(index) + "  " + pad(row.name, name_width) + "  " +
             pad(row.kind, kind_width) + " " + format_times(row.nanoseconds, runs, total) + "\n";
  }
  table += "        " + pad("total", name_width) + "  " + pad("", kind_width) + " " +
           format_times(total, runs, total) + "\n";
  return table;
}

}  // namespace edgeq::tools
