// Finds the test cases of ONNX's backend test data (as Debian's libonnx-testdata installs it):
//   <root>/<suite>/<test>/model.onnx
//   <root>/<suite>/<test>/test_data_set_<k>/input_<i>.pb, output_<i>.pb   (serialised TensorProtos)
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "runtime/core/status.h"

namespace edgeq::e2e {

// The suites the conformance run covers, in the order they are run.
inline const std::vector<std::string>& conformance_suites() {
  static const std::vector<std::string> suites = {"node", "pytorch-converted", "pytorch-operator",
                                                  "simple"};
  return suites;
}

struct TestDataSet {
  std::filesystem::path dir;
  std::vector<std::filesystem::path> inputs;   // input_0.pb, input_1.pb, ... in index order
  std::vector<std::filesystem::path> outputs;  // output_0.pb, ... in index order
};

struct ConformanceCase {
  std::string name;  // "<suite>/<test>", e.g. "node/test_abs"
  std::filesystem::path model;
  std::vector<TestDataSet> data_sets;  // in index order
};

// Every case under <root>/<suite> for each of `suites` that exists, sorted by name within a suite.
// NotFound when none of the suite folders exists; a test folder whose data files are misnamed
// (e.g. input_x.pb, or a gap in the indices) is an InvalidArgument naming the folder.
Result<std::vector<ConformanceCase>> find_conformance_cases(const std::filesystem::path& root,
                                                            const std::vector<std::string>& suites);

}  // namespace edgeq::e2e
