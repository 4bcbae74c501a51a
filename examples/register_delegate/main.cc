// A host program that registers the XNNPACK backend and runs a program file with it:
//
//   edgeq_register_delegate model.eqp [threads]
//
// Every float input is filled with a fixed pattern (element k is ((k % 17) - 8) / 8), so two runs
// and two machines see the same inputs; the outputs' values are printed.
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "delegate/xnnpack/runtime/xnnpack_backend.h"
#include "runtime/backend/backend.h"
#include "runtime/core/aligned_buffer.h"
#include "runtime/executor/method.h"
#include "runtime/program/program.h"

namespace {

using edgeq::Status;

constexpr int64_t kPrintedValues = 16;

void print_output(const std::string& name, const edgeq::TensorView& output) {
  std::printf("output %s %s:", name.c_str(), output.to_string().c_str());
  if (output.dtype != edgeq::DType::kF32) {
    std::printf(" (not f32; values not printed)\n");
    return;
  }
  const float* values = output.data_as<const float>();
  const int64_t shown = output.numel() < kPrintedValues ? output.numel() : kPrintedValues;
  for (int64_t i = 0; i < shown; ++i) std::printf(" %.9g", values[i]);
  std::printf("%s\n", shown < output.numel() ? " ..." : "");
}

Status run(const std::string& path, int num_threads) {
  // 1. Register the backend before creating any Method whose program has XNNPACK delegate calls.
  //    Registration is explicit: linking the backend library alone registers nothing.
  EDGEQ_RETURN_IF_ERROR(edgeq::xnnpack::register_xnnpack_backend());
  std::printf("registered backends:");
  for (const std::string& name : edgeq::runtime::registered_backends()) {
    std::printf(" %s", name.c_str());
  }
  std::printf("\n");

  // 2. Load the program and list what runs where.
  EDGEQ_ASSIGN_OR_RETURN(auto program, edgeq::runtime::Program::load_file(path));
  size_t kernel_calls = 0;
  for (const auto& instruction : program->instructions()) {
    if (instruction.kind == edgeq::runtime::InstructionKind::kDelegateCall) {
      std::printf("delegate call '%s' on %s\n", instruction.name.c_str(),
                  instruction.backend.c_str());
    } else {
      ++kernel_calls;
    }
  }
  std::printf("%zu portable kernel call(s)\n", kernel_calls);

  // 3. Create a Method: the thread count reaches every backend's init (XNNPACK's thread pool).
  edgeq::runtime::MethodOptions options;
  options.num_threads = num_threads;
  EDGEQ_ASSIGN_OR_RETURN(auto method, edgeq::runtime::Method::create(program, options));

  // 4. Feed the inputs, execute, read the outputs.
  for (size_t i = 0; i < method->num_inputs(); ++i) {
    const edgeq::runtime::ProgramValue& info = method->input_info(i);
    if (info.dtype != edgeq::DType::kF32) {
      return edgeq::invalid_argument("input '", info.name, "' is ", edgeq::dtype_name(info.dtype),
                                     "; this example feeds f32 inputs only");
    }
    edgeq::AlignedBuffer data(info.view().nbytes());
    float* values = reinterpret_cast<float*>(data.data());
    for (int64_t k = 0; k < info.shape.numel(); ++k) values[k] = ((k % 17) - 8) / 8.0f;
    // set_input copies the data: the buffer may go away afterwards.
    EDGEQ_RETURN_IF_ERROR(
        method->set_input(i, edgeq::TensorView(info.dtype, info.shape, data.data())));
  }
  EDGEQ_RETURN_IF_ERROR(method->execute());
  for (size_t i = 0; i < method->num_outputs(); ++i) {
    print_output(method->output_name(i), method->output(i));
  }
  return Status::Ok();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::fprintf(stderr, "usage: %s model.eqp [threads]\n", argv[0]);
    return 2;
  }
  const int num_threads = argc == 3 ? std::atoi(argv[2]) : 1;
  if (num_threads < 1) {
    std::fprintf(stderr, "threads must be a positive integer, got '%s'\n", argv[2]);
    return 2;
  }
  const Status status = run(argv[1], num_threads);
  if (!status.ok()) {
    std::fprintf(stderr, "error: %s\n", status.to_string().c_str());
    return 1;
  }
  return 0;
}
