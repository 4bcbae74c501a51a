// The smallest deployable runner: the edgeq runtime and the XNNPACK backend, nothing else.
//
//   edgeq_mobile_runner model.eqp [--threads N] [--iters N] [--input x.f32 ...]
//                       [--output y.f32 ...]
//
// Inputs and outputs are raw little-endian float32 files in C order (what numpy's tofile()
// writes), one per program input/output in order; without --input the inputs are uniform random
// in [-1, 1) with a fixed seed. Prints the load, Method creation and execute times and a summary
// of every output.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "delegate/xnnpack/runtime/xnnpack_backend.h"
#include "runtime/core/aligned_buffer.h"
#include "runtime/executor/method.h"
#include "runtime/program/program.h"

namespace {

using edgeq::Status;

struct Options {
  std::string model;
  int threads = 1;
  int iterations = 1;
  std::vector<std::string> inputs;
  std::vector<std::string> outputs;
};

double elapsed_ms(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

// Reads exactly `bytes` bytes of `path` into `data`.
Status read_raw(const std::string& path, uint8_t* data, size_t bytes) {
  std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(path.c_str(), "rb"), std::fclose);
  if (file == nullptr) return edgeq::not_found(path, ": cannot open");
  const size_t got = bytes == 0 ? 0 : std::fread(data, 1, bytes, file.get());
  if (got != bytes || std::fgetc(file.get()) != EOF) {
    return edgeq::invalid_argument(path, ": expected exactly ", bytes, " bytes of float32 data");
  }
  return Status::Ok();
}

Status write_raw(const std::string& path, const edgeq::TensorView& tensor) {
  std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(path.c_str(), "wb"), std::fclose);
  if (file == nullptr) return edgeq::not_found(path, ": cannot create");
  if (tensor.nbytes() > 0 &&
      std::fwrite(tensor.data, 1, tensor.nbytes(), file.get()) != tensor.nbytes()) {
    return edgeq::data_loss(path, ": write failed");
  }
  return Status::Ok();
}

Status set_inputs(edgeq::runtime::Method& method, const std::vector<std::string>& files) {
  if (!files.empty() && files.size() != method.num_inputs()) {
    return edgeq::invalid_argument("the program has ", method.num_inputs(),
                                   " input(s), --input gave ", files.size());
  }
  std::mt19937 rng(1);
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  for (size_t i = 0; i < method.num_inputs(); ++i) {
    const edgeq::runtime::ProgramValue& info = method.input_info(i);
    if (info.dtype != edgeq::DType::kF32) {
      return edgeq::invalid_argument("input '", info.name, "' is ", edgeq::dtype_name(info.dtype),
                                     "; this runner feeds f32 inputs only");
    }
    edgeq::AlignedBuffer data(info.view().nbytes());
    if (files.empty()) {
      float* values = reinterpret_cast<float*>(data.data());
      for (int64_t k = 0; k < info.shape.numel(); ++k) values[k] = uniform(rng);
    } else {
      EDGEQ_RETURN_IF_ERROR(read_raw(files[i], data.data(), data.size()));
    }
    EDGEQ_RETURN_IF_ERROR(
        method.set_input(i, edgeq::TensorView(info.dtype, info.shape, data.data())));
  }
  return Status::Ok();
}

void print_output(const std::string& name, const edgeq::TensorView& output) {
  std::printf("output %s %s", name.c_str(), output.to_string().c_str());
  if (output.dtype != edgeq::DType::kF32 || output.numel() == 0) {
    std::printf("\n");
    return;
  }
  const float* values = output.data_as<const float>();
  const auto [low, high] = std::minmax_element(values, values + output.numel());
  std::printf("  min %.6g  max %.6g  first:", *low, *high);
  for (int64_t i = 0; i < std::min<int64_t>(output.numel(), 8); ++i)
    std::printf(" %.6g", values[i]);
  std::printf("\n");
}

Status run(const Options& options) {
  EDGEQ_RETURN_IF_ERROR(edgeq::xnnpack::register_xnnpack_backend());
  auto start = std::chrono::steady_clock::now();
  EDGEQ_ASSIGN_OR_RETURN(auto program, edgeq::runtime::Program::load_file(options.model));
  const double load_ms = elapsed_ms(start);
  edgeq::runtime::MethodOptions method_options;
  method_options.num_threads = options.threads;
  start = std::chrono::steady_clock::now();
  EDGEQ_ASSIGN_OR_RETURN(auto method, edgeq::runtime::Method::create(program, method_options));
  const double init_ms = elapsed_ms(start);
  EDGEQ_RETURN_IF_ERROR(set_inputs(*method, options.inputs));
  if (options.outputs.size() > method->num_outputs()) {
    return edgeq::invalid_argument("the program has ", method->num_outputs(),
                                   " output(s), --output gave ", options.outputs.size());
  }

  std::vector<double> times;
  for (int i = 0; i < options.iterations; ++i) {
    start = std::chrono::steady_clock::now();
    EDGEQ_RETURN_IF_ERROR(method->execute());
    times.push_back(elapsed_ms(start));
  }
  std::sort(times.begin(), times.end());
  std::printf(
      "load %.3f ms, init %.3f ms, execute median %.3f ms, min %.3f ms (%d run(s), %d "
      "thread(s))\n",
      load_ms, init_ms, times[times.size() / 2], times.front(), options.iterations,
      options.threads);
  for (size_t i = 0; i < method->num_outputs(); ++i) {
    print_output(method->output_name(i), method->output(i));
  }
  for (size_t i = 0; i < options.outputs.size(); ++i) {
    EDGEQ_RETURN_IF_ERROR(write_raw(options.outputs[i], method->output(i)));
  }
  return Status::Ok();
}

// Parses the command line into `options`; false (after printing why) on bad usage.
bool parse(int argc, char** argv, Options* options) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if ((arg == "--threads" || arg == "--iters") && has_value) {
      const int value = std::atoi(argv[++i]);
      if (value < 1) {
        std::fprintf(stderr, "%s: expected a positive integer, got '%s'\n", arg.c_str(), argv[i]);
        return false;
      }
      (arg == "--threads" ? options->threads : options->iterations) = value;
    } else if (arg == "--input" && has_value) {
      options->inputs.push_back(argv[++i]);
    } else if (arg == "--output" && has_value) {
      options->outputs.push_back(argv[++i]);
    } else if (options->model.empty() && arg.rfind("--", 0) != 0) {
      options->model = arg;
    } else {
      std::fprintf(stderr, "unexpected argument '%s'\n", arg.c_str());
      return false;
    }
  }
  if (options->model.empty()) std::fprintf(stderr, "no model.eqp given\n");
  return !options->model.empty();
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  if (!parse(argc, argv, &options)) {
    std::fprintf(stderr,
                 "usage: %s model.eqp [--threads N] [--iters N] [--input x.f32 ...] "
                 "[--output y.f32 ...]\n",
                 argv[0]);
    return 2;
  }
  const Status status = run(options);
  if (!status.ok()) {
    std::fprintf(stderr, "error: %s\n", status.to_string().c_str());
    return 1;
  }
  return 0;
}
