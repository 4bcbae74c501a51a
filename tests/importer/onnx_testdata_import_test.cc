// Imports every model.onnx of ONNX's backend test data (Debian's libonnx-testdata): each import
// either succeeds with a verified graph or fails with a clear, expected kind of error.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "importer/onnx/onnx_importer.h"

namespace edgeq::importer {
namespace {

constexpr const char* kTestDataDir = "/usr/share/libonnx-testdata/data";

TEST(OnnxTestDataImportTest, EveryModelImportsOrFailsCleanly) {
  if (!std::filesystem::exists(kTestDataDir)) {
    GTEST_SKIP() << "libonnx-testdata is not installed (" << kTestDataDir << ")";
  }
  int imported = 0, models = 0;
  std::map<StatusCode, int> failures;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(kTestDataDir)) {
    if (entry.path().filename() != "model.onnx") continue;
    // The real/ folder holds large downloaded networks, often stored only as stubs.
    if (entry.path().string().find("/real/") != std::string::npos) continue;
    ++models;
    auto graph = import_onnx_file(entry.path().string());
    if (graph.ok()) {
      ++imported;
      EXPECT_TRUE(graph->verify().ok()) << entry.path();
      continue;
    }
    const StatusCode code = graph.status().code();
    ++failures[code];
    EXPECT_TRUE(code == StatusCode::kUnimplemented || code == StatusCode::kInvalidArgument)
        << graph.status().to_string();
  }
  std::cout << "imported " << imported << " of " << models << " models";
  for (const auto& [code, count] : failures) {
    std::cout << "; " << status_code_name(code) << ": " << count;
  }
  std::cout << "\n";
  EXPECT_GT(models, 1000);
  // Most of the rest use opsets before 11 or ops outside the op list.
  EXPECT_GT(imported, 250);
}

}  // namespace
}  // namespace edgeq::importer
