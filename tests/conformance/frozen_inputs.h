// Freezing a test's integer inputs into its model. edgeq compiles ahead of time, so inputs that
// decide shapes (a Reshape's shape, a Slice's starts, a Resize's sizes, ...) must be constants in
// the model; ONNX's node tests often feed them as graph inputs instead. The conformance runner
// then retries with every integer (int32/int64) graph input turned into an initializer holding the
// data set's values, keeping the float inputs as real run-time inputs.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "runtime/core/status.h"

namespace edgeq::e2e {

struct FrozenModel {
  std::string model_bytes;         // the serialised ModelProto with the integer inputs frozen
  std::vector<size_t> fed_inputs;  // positions (into the data set's input files) still fed
};

// `input_files` are one data set's input_<i>.pb files, input i feeding the i-th graph input that
// is not an initializer. NotFound when the model has no integer graph input, or when freezing
// would leave no run-time input at all (the test would then check constant folding only).
Result<FrozenModel> freeze_integer_inputs(const std::filesystem::path& model_path,
                                          const std::vector<std::filesystem::path>& input_files);

}  // namespace edgeq::e2e
