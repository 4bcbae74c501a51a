#include "tests/conformance/conformance_cases.h"

#include <algorithm>
#include <map>
#include <system_error>

namespace edgeq::e2e {
namespace fs = std::filesystem;
namespace {

// Parses "<prefix><index><suffix>" (e.g. "input_12.pb"); false when `name` has another form.
bool parse_indexed_name(const std::string& name, const std::string& prefix,
                        const std::string& suffix, int* index) {
  if (name.size() <= prefix.size() + suffix.size() || name.compare(0, prefix.size(), prefix) != 0 ||
      name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0) {
    return false;
  }
  const std::string digits =
      name.substr(prefix.size(), name.size() - prefix.size() - suffix.size());
  if (digits.empty() || digits.size() > 6 ||
      !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return false;
  }
  *index = std::stoi(digits);
  return true;
}

// The entries of `dir` named <prefix><k><suffix>, in index order; an error names a gap.
Result<std::vector<fs::path>> indexed_entries(const fs::path& dir, const std::string& prefix,
                                              const std::string& suffix) {
  std::map<int, fs::path> by_index;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(dir, error)) {
    int index;
    if (parse_indexed_name(entry.path().filename().string(), prefix, suffix, &index)) {
      by_index[index] = entry.path();
    }
  }
  if (error) return invalid_argument(dir.string(), ": cannot list: ", error.message());
  std::vector<fs::path> ordered;
  for (const auto& [index, path] : by_index) {
    if (index != static_cast<int>(ordered.size())) {
      return invalid_argument(dir.string(), ": ", prefix, ordered.size(), suffix, " is missing");
    }
    ordered.push_back(path);
  }
  return ordered;
}

Result<ConformanceCase> read_case(const std::string& suite, const fs::path& dir) {
  ConformanceCase test_case{suite + "/" + dir.filename().string(), dir / "model.onnx", {}};
  EDGEQ_ASSIGN_OR_RETURN(std::vector<fs::path> set_dirs,
                         indexed_entries(dir, "test_data_set_", ""));
  for (const fs::path& set_dir : set_dirs) {
    TestDataSet data_set{set_dir, {}, {}};
    EDGEQ_ASSIGN_OR_RETURN(data_set.inputs, indexed_entries(set_dir, "input_", ".pb"));
    EDGEQ_ASSIGN_OR_RETURN(data_set.outputs, indexed_entries(set_dir, "output_", ".pb"));
    test_case.data_sets.push_back(std::move(data_set));
  }
  return test_case;
}

}  // namespace

Result<std::vector<ConformanceCase>> find_conformance_cases(
    const fs::path& root, const std::vector<std::string>& suites) {
  std::vector<ConformanceCase> cases;
  bool any_suite = false;
  for (const std::string& suite : suites) {
    const fs::path suite_dir = root / suite;
    std::error_code error;
    if (!fs::is_directory(suite_dir, error)) continue;
    any_suite = true;
    std::vector<fs::path> test_dirs;
    for (const auto& entry : fs::directory_iterator(suite_dir, error)) {
      if (fs::is_regular_file(entry.path() / "model.onnx", error))
        test_dirs.push_back(entry.path());
    }
    if (error) return invalid_argument(suite_dir.string(), ": cannot list: ", error.message());
    std::sort(test_dirs.begin(), test_dirs.end());
    for (const fs::path& dir : test_dirs) {
      EDGEQ_ASSIGN_OR_RETURN(ConformanceCase test_case, read_case(suite, dir));
      cases.push_back(std::move(test_case));
    }
  }
  if (!any_suite) {
    return not_found(root.string(), " holds none of the ONNX test-data folders (node, ",
                     "pytorch-converted, pytorch-operator, simple)");
  }
  return cases;
}

}  // namespace edgeq::e2e
