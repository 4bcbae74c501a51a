// The backend (delegate) seam: a BackendInterface turns an ahead-of-time payload into a handle at
// Method creation and runs it for every DelegateCall instruction. Backends are registered
// explicitly by the host program (no static initialisers): register_backend("xnnpack", &backend).
#pragma once

#include <string>
#include <vector>

#include "runtime/core/shape.h"
#include "runtime/core/span.h"
#include "runtime/core/status.h"
#include "runtime/core/tensor.h"

namespace edgeq::runtime {

// One key/value option: compile specs stored in the program, or run options given by the host.
struct CompileSpec {
  std::string key;
  std::string value;
  bool operator==(const CompileSpec& other) const {
    return key == other.key && value == other.value;
  }
};

// What a backend builds from a payload. Backends derive from it; destroy() deletes it by default.
class DelegateHandle {
 public:
  virtual ~DelegateHandle() = default;
};

struct BackendInitArgs {
  // The payload bytes. They point into the program's storage, which outlives every handle made from
  // it (a Method keeps its Program alive), so a backend may keep pointers into them.
  Span<const uint8_t> payload;
  Span<const CompileSpec> compile_specs;  // stored in the program by the ahead-of-time lowering
  Span<const CompileSpec> run_options;    // given by the host (MethodOptions::backend_options)
  int num_threads = 1;
  // The declared (compile-time) dtypes and shapes of the call's inputs and outputs; data is null.
  Span<const TensorView> inputs;
  Span<const TensorView> outputs;
  const char* name = "";  // the instruction's name, for error messages
};

class BackendInterface {
 public:
  virtual ~BackendInterface() = default;

  // False when the backend cannot run here (e.g. a CPU without the instructions it needs).
  virtual bool is_available() const = 0;
  // Parses and prepares a payload once; the handle is used for every execute.
  virtual Result<DelegateHandle*> init(const BackendInitArgs& args) = 0;
  // Runs the call. Input and output data pointers are valid; outputs never alias inputs. Shapes may
  // differ from the declared ones after a batch change (see output_shapes). Must not allocate while
  // shapes stay the same.
  virtual Status execute(DelegateHandle* handle, Span<const TensorView> inputs,
                         Span<const TensorView> outputs) = 0;
  virtual void destroy(DelegateHandle* handle) { delete handle; }

  // The output shapes for new input shapes (a changed symbolic batch), called when a Method
  // re-prepares. Default: the declared output shapes with dimension 0 replaced by the new batch,
  // which is dimension 0 of the first input whose dimension 0 differs from its declared one.
  virtual Result<std::vector<Shape>> output_shapes(DelegateHandle* handle,
                                                   Span<const TensorView> inputs,
                                                   Span<const TensorView> declared_inputs,
                                                   Span<const TensorView> declared_outputs);
};

// Registers `backend` (not owned; it must outlive every Method that uses it) under `name`.
// InvalidArgument when the name is empty, already taken, or backend is null. Thread-safe.
Status register_backend(const std::string& name, BackendInterface* backend);
// Removes a registration (for tests and plug-in unloading); NotFound when absent.
Status unregister_backend(const std::string& name);
// The backend registered under `name`, or nullptr.
BackendInterface* get_backend(const std::string& name);
// Names of the registered backends, sorted.
std::vector<std::string> registered_backends();

}  // namespace edgeq::runtime
