#include "tests/conformance/conformance_runner.h"

#include <map>
#include <vector>

#include "importer/onnx/tensor_file.h"
#include "tests/conformance/compiled_model.h"
#include "tests/conformance/onnx_model_scan.h"

namespace edgeq::e2e {
namespace {

CaseResult passed() { return CaseResult{Outcome::kPassed, "", {}}; }
CaseResult failed(std::string reason) { return CaseResult{Outcome::kFailed, std::move(reason), {}}; }

template <typename Container>
std::string join(const Container& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

// "ops outside edgeq's op list: Bernoulli (random op), Cos".
std::string describe_unsupported_ops(const std::set<std::string>& ops) {
  std::vector<std::string> described;
  for (const std::string& op : ops) {
    const std::string exclusion = inference_exclusion(op);
    described.push_back(exclusion.empty() ? op : str_cat(op, " (", exclusion, ")"));
  }
  return "ops outside edgeq's op list: " + join(described);
}

// Unimplemented: a skip whose reason says what is missing (preferring what the model scan found,
// which names every op); any other error: a failure.
CaseResult classify_error(const Status& status, const OnnxModelScan& scan) {
  if (status.code() != StatusCode::kUnimplemented) return failed(status.to_string());
  CaseResult result{Outcome::kSkipped, "", scan.ops_outside_op_list};
  if (!scan.ops_outside_op_list.empty()) {
    result.reason = describe_unsupported_ops(scan.ops_outside_op_list);
  } else if (!scan.non_tensor_values.empty()) {
    result.reason = "sequence/optional/map-typed graph values (not tensors): " +
                    join(scan.non_tensor_values);
  } else {
    result.reason = status.message();
  }
  return result;
}

Result<std::vector<HostTensor>> read_tensors(const std::vector<std::filesystem::path>& files) {
  std::vector<HostTensor> tensors;
  for (const auto& file : files) {
    auto loaded = importer::read_tensor_proto_file(file.string());
    if (!loaded.ok()) return loaded.status().with_context(file.filename().string());
    tensors.push_back(HostTensor{loaded->dtype, loaded->shape, std::move(loaded->bytes)});
  }
  return tensors;
}

// Compares every output of one data set; the error names the data set and output.
Status compare_outputs(const std::vector<HostTensor>& actual,
                       const std::vector<HostTensor>& expected, const CompiledModel& model,
                       Tolerance tolerance) {
  if (actual.size() != expected.size()) {
    return invalid_argument("the program has ", actual.size(), " outputs, the test data ",
                            expected.size());
  }
  for (size_t i = 0; i < actual.size(); ++i) {
    Status status = compare_tensors(actual[i], expected[i], tolerance);
    if (!status.ok()) {
      const auto& program = model.program();
      const std::string& name = program.values()[program.outputs()[i]].name;
      return status.with_context(str_cat("output ", i, " ('", name, "')"));
    }
  }
  return Status::Ok();
}

}  // namespace

CaseResult run_conformance_case(const ConformanceCase& test_case, Tolerance tolerance) {
  auto scan = scan_onnx_model(test_case.model.string());
  if (!scan.ok()) return failed(scan.status().to_string());
  auto model = CompiledModel::compile(test_case.model.string());
  if (!model.ok()) return classify_error(model.status(), *scan);
  if (test_case.data_sets.empty()) return failed("no test_data_set_* folder");

  for (const TestDataSet& data_set : test_case.data_sets) {
    const std::string set_name = data_set.dir.filename().string();
    auto inputs = read_tensors(data_set.inputs);
    if (!inputs.ok()) return classify_error(inputs.status().with_context(set_name), *scan);
    auto expected = read_tensors(data_set.outputs);
    if (!expected.ok()) return classify_error(expected.status().with_context(set_name), *scan);
    if (inputs->size() != model->num_inputs()) {
      return failed(str_cat(set_name, ": the program has ", model->num_inputs(),
                            " inputs, the test data ", inputs->size()));
    }
    auto actual = model->run(*inputs);
    if (!actual.ok()) return classify_error(actual.status().with_context(set_name), *scan);
    Status compared = compare_outputs(*actual, *expected, *model, tolerance);
    if (!compared.ok()) return failed(compared.with_context(set_name).to_string());
  }
  return passed();
}

}  // namespace edgeq::e2e
