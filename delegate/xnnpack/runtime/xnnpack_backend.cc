#include "delegate/xnnpack/runtime/xnnpack_backend.h"

#include <pthreadpool.h>
#include <xnnpack.h>

#include "delegate/xnnpack/runtime/xnnpack_delegate.h"

namespace edgeq::xnnpack {
namespace {

// xnn_initialize once per process (thread-safe through the static's initialisation).
bool xnnpack_initialized() {
  static const bool initialized = xnn_initialize(/*allocator=*/nullptr) == xnn_status_success;
  return initialized;
}

}  // namespace

void XnnpackBackend::PoolDeleter::operator()(pthreadpool_t pool) const {
  pthreadpool_destroy(pool);
}

XnnpackBackend::XnnpackBackend() = default;
XnnpackBackend::~XnnpackBackend() = default;

bool XnnpackBackend::is_available() const { return xnnpack_initialized(); }

pthreadpool_t XnnpackBackend::pool_for(int num_threads) {
  if (num_threads <= 1) return nullptr;
  std::lock_guard<std::mutex> lock(mutex_);
  auto& pool = pools_[num_threads];
  if (pool == nullptr) pool.reset(pthreadpool_create(static_cast<size_t>(num_threads)));
  return pool.get();
}

Result<runtime::DelegateHandle*> XnnpackBackend::init(const runtime::BackendInitArgs& args) {
  if (!xnnpack_initialized()) {
    return unavailable("xnnpack backend: xnn_initialize failed (CPU not supported by XNNPACK)");
  }
  auto delegate = XnnpackDelegate::create(args, pool_for(args.num_threads));
  if (!delegate.ok()) return delegate.status().with_context(args.name);
  return static_cast<runtime::DelegateHandle*>(delegate.value().release());
}

Status XnnpackBackend::execute(runtime::DelegateHandle* handle, Span<const TensorView> inputs,
                               Span<const TensorView> outputs) {
  return static_cast<XnnpackDelegate*>(handle)->execute(inputs, outputs);
}

Result<std::vector<Shape>> XnnpackBackend::output_shapes(runtime::DelegateHandle* handle,
                                                         Span<const TensorView> inputs,
                                                         Span<const TensorView> declared_inputs,
                                                         Span<const TensorView> declared_outputs) {
  return static_cast<XnnpackDelegate*>(handle)->output_shapes(inputs);
}

Status register_xnnpack_backend() {
  static XnnpackBackend backend;
  if (runtime::get_backend(kXnnpackBackendName) == &backend) return Status::Ok();
  if (!backend.is_available()) {
    return unavailable("xnnpack backend: XNNPACK does not run on this CPU");
  }
  return runtime::register_backend(kXnnpackBackendName, &backend);
}

}  // namespace edgeq::xnnpack
