// A backend for tests: its payload is the text "add" and it adds its two f32 inputs elementwise
// (same shapes). It proves the delegate seam without XNNPACK.
#pragma once

#include <atomic>
#include <string>

#include "runtime/backend/backend.h"

namespace edgeq::testing {

class TestAddBackend : public runtime::BackendInterface {
 public:
  static constexpr const char* kName = "test_add";

  bool is_available() const override { return available; }
  Result<runtime::DelegateHandle*> init(const runtime::BackendInitArgs& args) override;
  Status execute(runtime::DelegateHandle* handle, Span<const TensorView> inputs,
                 Span<const TensorView> outputs) override;
  void destroy(runtime::DelegateHandle* handle) override;

  bool available = true;
  std::atomic<int> live_handles{0};
  std::atomic<int> executions{0};
  std::string last_spec_value;  // value of the "mode" compile spec seen by the last init
};

// Registers the backend under kName for the lifetime of the object (a test fixture member).
class ScopedBackendRegistration {
 public:
  ScopedBackendRegistration(const std::string& name, runtime::BackendInterface* backend);
  ~ScopedBackendRegistration();

 private:
  std::string name_;
};

}  // namespace edgeq::testing
