#include "runtime/backend/backend.h"

#include <map>
#include <mutex>

namespace edgeq::runtime {
namespace {

struct Registry {
  std::mutex mutex;
  std::map<std::string, BackendInterface*> backends;
};

Registry& registry() {
  static Registry* instance = new Registry();  // never destroyed: usable during static teardown
  return *instance;
}

}  // namespace

Result<std::vector<Shape>> BackendInterface::output_shapes(
    DelegateHandle* handle, Span<const TensorView> inputs, Span<const TensorView> declared_inputs,
    Span<const TensorView> declared_outputs) {
  int64_t batch = -1;
  for (size_t i = 0; i < inputs.size() && i < declared_inputs.size(); ++i) {
    if (inputs[i].shape.rank() > 0 && declared_inputs[i].shape.rank() > 0 &&
        inputs[i].shape[0] != declared_inputs[i].shape[0]) {
      batch = inputs[i].shape[0];
      break;
    }
  }
  std::vector<Shape> shapes;
  shapes.reserve(declared_outputs.size());
  for (const TensorView& declared : declared_outputs) {
    Shape shape = declared.shape;
    if (batch >= 0 && shape.rank() > 0) shape[0] = batch;
    shapes.push_back(shape);
  }
  return shapes;
}

Status register_backend(const std::string& name, BackendInterface* backend) {
  if (name.empty()) return invalid_argument("register_backend: empty backend name");
  if (backend == nullptr) return invalid_argument("register_backend: backend '", name, "' is null");
  Registry& r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  if (!r.backends.emplace(name, backend).second) {
    return invalid_argument("register_backend: a backend named '", name, "' is already registered");
  }
  return Status::Ok();
}

Status unregister_backend(const std::string& name) {
  Registry& r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  if (r.backends.erase(name) == 0) return not_found("no backend named '", name, "' is registered");
  return Status::Ok();
}

BackendInterface* get_backend(const std::string& name) {
  Registry& r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  auto it = r.backends.find(name);
  return it == r.backends.end() ? nullptr : it->second;
}

std::vector<std::string> registered_backends() {
  Registry& r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  std::vector<std::string> names;
  for (const auto& entry : r.backends) names.push_back(entry.first);
  return names;
}

}  // namespace edgeq::runtime
