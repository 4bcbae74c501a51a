#include "tests/conformance/conformance_runner.h"

#include <vector>

#include "importer/onnx/tensor_file.h"
#include "tests/conformance/compiled_model.h"
#include "tests/conformance/frozen_inputs.h"
#include "tests/conformance/onnx_model_scan.h"

namespace edgeq::e2e {
namespace {

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

// Errors while running a compiled model: Unimplemented (a dtype or variant found at run time) is
// a skip, anything else (mismatches included) a failure.
CaseResult classify_run_error(const Status& status) {
  if (status.code() == StatusCode::kUnimplemented) return CaseResult::skip(status.message());
  return CaseResult::failure(status.to_string());
}

// A model that does not compile is skipped when it uses ops outside the op list or non-tensor
// graph values (whatever error the importer gives for them), or when the error is Unimplemented;
// otherwise it failed.
CaseResult classify_compile_error(const Status& status, const OnnxModelScan& scan) {
  if (!scan.ops_outside_op_list.empty()) {
    CaseResult result = CaseResult::skip(describe_unsupported_ops(scan.ops_outside_op_list));
    result.unsupported_ops = scan.ops_outside_op_list;
    return result;
  }
  if (!scan.non_tensor_values.empty()) {
    return CaseResult::skip("sequence/optional/map-typed graph values (not tensors): " +
                            join(scan.non_tensor_values));
  }
  return classify_run_error(status);
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

// Feeds the data set's inputs at `fed_inputs` (positions into data_set.inputs), runs, and compares
// every output. Errors name the data set and, for mismatches, the output.
Status run_data_set(CompiledModel& model, const TestDataSet& data_set,
                    const std::vector<size_t>& fed_inputs, Tolerance tolerance) {
  std::vector<std::filesystem::path> input_files;
  for (size_t position : fed_inputs) input_files.push_back(data_set.inputs[position]);
  const std::string set_name = data_set.dir.filename().string();
  EDGEQ_ASSIGN_OR_RETURN(std::vector<HostTensor> inputs, read_tensors(input_files));
  EDGEQ_ASSIGN_OR_RETURN(std::vector<HostTensor> expected, read_tensors(data_set.outputs));
  if (inputs.size() != model.num_inputs()) {
    return invalid_argument(set_name, ": the program has ", model.num_inputs(),
                            " inputs, the test data ", inputs.size());
  }
  auto actual = model.run(inputs);
  if (!actual.ok()) return actual.status().with_context(set_name);
  if (actual->size() != expected.size()) {
    return invalid_argument(set_name, ": the program has ", actual->size(),
                            " outputs, the test data ", expected.size());
  }
  const runtime::Program& program = model.program();
  for (size_t i = 0; i < actual->size(); ++i) {
    Status status = compare_tensors((*actual)[i], expected[i], tolerance);
    if (!status.ok()) {
      const std::string& name = program.values()[program.outputs()[i]].name;
      return status.with_context(str_cat(set_name, ": output ", i, " ('", name, "')"));
    }
  }
  return Status::Ok();
}

std::vector<size_t> all_positions(size_t count) {
  std::vector<size_t> positions(count);
  for (size_t i = 0; i < count; ++i) positions[i] = i;
  return positions;
}

// The retry with parameter inputs frozen: compiled once per data set (the frozen values differ).
// Returns `original` unchanged when the model has nothing to freeze.
CaseResult run_with_frozen_inputs(const ConformanceCase& test_case, Tolerance tolerance,
                                  Backend backend, const CaseResult& original) {
  bool delegated = false;
  for (const TestDataSet& data_set : test_case.data_sets) {
    auto frozen = freeze_parameter_inputs(test_case.model, data_set.inputs);
    if (!frozen.ok()) {
      return frozen.status().code() == StatusCode::kNotFound
                 ? original
                 : CaseResult::failure(frozen.status().to_string());
    }
    auto model = CompiledModel::compile_bytes(
        frozen->model_bytes, test_case.model.parent_path().string(),
        test_case.model.string() + " (parameter inputs frozen)", backend);
    if (!model.ok()) return classify_run_error(model.status());
    delegated = delegated || model->num_delegate_calls() > 0;
    Status status = run_data_set(*model, data_set, frozen->fed_inputs, tolerance);
    if (!status.ok()) return classify_run_error(status.with_context("parameter inputs frozen"));
  }
  CaseResult result = CaseResult::pass();
  result.inputs_frozen = true;
  result.delegated = delegated;
  return result;
}

}  // namespace

CaseResult run_conformance_case(const ConformanceCase& test_case, Tolerance tolerance,
                                Backend backend) {
  auto scan = scan_onnx_model(test_case.model.string());
  if (!scan.ok()) return CaseResult::failure(scan.status().to_string());
  if (test_case.data_sets.empty()) return CaseResult::failure("no test_data_set_* folder");
  auto model = CompiledModel::compile(test_case.model.string(), backend);
  if (!model.ok()) {
    CaseResult result = classify_compile_error(model.status(), *scan);
    const bool retry = model.status().code() == StatusCode::kUnimplemented &&
                       scan->ops_outside_op_list.empty() && scan->non_tensor_values.empty();
    return retry ? run_with_frozen_inputs(test_case, tolerance, backend, result) : result;
  }
  for (const TestDataSet& data_set : test_case.data_sets) {
    Status status =
        run_data_set(*model, data_set, all_positions(data_set.inputs.size()), tolerance);
    if (!status.ok()) return classify_run_error(status);
  }
  CaseResult result = CaseResult::pass();
  result.delegated = model->num_delegate_calls() > 0;
  return result;
}

}  // namespace edgeq::e2e
