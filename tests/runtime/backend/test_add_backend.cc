#include "tests/runtime/backend/test_add_backend.h"

#include <gtest/gtest.h>

#include <string_view>

namespace edgeq::testing {
namespace {

struct AddHandle : runtime::DelegateHandle {};

}  // namespace

Result<runtime::DelegateHandle*> TestAddBackend::init(const runtime::BackendInitArgs& args) {
  const std::string_view payload(reinterpret_cast<const char*>(args.payload.data()),
                                 args.payload.size());
  if (payload != "add") return invalid_argument("test_add: unknown payload '", payload, "'");
  if (args.inputs.size() != 2 || args.outputs.size() != 1) {
    return invalid_argument("test_add: needs 2 inputs and 1 output");
  }
  for (const auto& spec : args.compile_specs) {
    if (spec.key == "mode") last_spec_value = spec.value;
  }
  ++live_handles;
  return static_cast<runtime::DelegateHandle*>(new AddHandle());
}

Status TestAddBackend::execute(runtime::DelegateHandle* handle, Span<const TensorView> inputs,
                               Span<const TensorView> outputs) {
  if (inputs[0].shape != inputs[1].shape || inputs[0].shape != outputs[0].shape) {
    return invalid_argument("test_add: shapes differ: ", inputs[0].to_string(), " + ",
                            inputs[1].to_string(), " -> ", outputs[0].to_string());
  }
  const float* a = inputs[0].data_as<float>();
  const float* b = inputs[1].data_as<float>();
  float* out = outputs[0].data_as<float>();
  for (int64_t i = 0; i < outputs[0].numel(); ++i) out[i] = a[i] + b[i];
  ++executions;
  return Status::Ok();
}

void TestAddBackend::destroy(runtime::DelegateHandle* handle) {
  --live_handles;
  delete handle;
}

ScopedBackendRegistration::ScopedBackendRegistration(const std::string& name,
                                                     runtime::BackendInterface* backend)
    : name_(name) {
  const Status status = runtime::register_backend(name, backend);
  EXPECT_TRUE(status.ok()) << status.to_string();
}

ScopedBackendRegistration::~ScopedBackendRegistration() {
  const Status status = runtime::unregister_backend(name_);
  EXPECT_TRUE(status.ok()) << status.to_string();
}

}  // namespace edgeq::testing
