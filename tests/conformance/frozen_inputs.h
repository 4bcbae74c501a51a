// Freezing a test's parameter inputs into its model. edgeq compiles ahead of time, so inputs that
// decide shapes or modes (a Reshape's shape, a Slice's starts, a Resize's scales, a Dropout's
// training_mode, ...) must be constants in the model; ONNX's node tests often feed them as graph
// inputs instead. The conformance runner then retries with those inputs turned into initializers
// holding the data set's values. Frozen: every input after the first whose data is an integer or
// bool tensor, or a float tensor of rank 0 or 1; the first input (the data) always stays fed.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "runtime/core/status.h"

namespace edgeq::e2e {

struct FrozenModel {
  std::string model_bytes;         // the serialised ModelProto with the parameter inputs frozen
  std::vector<size_t> fed_inputs;  // positions (into the data set's input files) still fed
};

// `input_files` are one data set's input_<i>.pb files, input i feeding the i-th graph input that
// is not an initializer. NotFound when the model has no input to freeze.
Result<FrozenModel> freeze_parameter_inputs(const std::filesystem::path& model_path,
                                            const std::vector<std::filesystem::path>& input_files);

}  // namespace edgeq::e2e
