// The XNNPACK backend: runs the delegate calls whose payloads delegate/xnnpack/aot produced.
// Hosts register it explicitly: EDGEQ_RETURN_IF_ERROR(edgeq::xnnpack::register_xnnpack_backend());
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>

#include "runtime/backend/backend.h"

typedef struct pthreadpool* pthreadpool_t;

namespace edgeq::xnnpack {

// The name the backend is registered under and that delegate calls name.
inline constexpr char kXnnpackBackendName[] = "xnnpack";

class XnnpackBackend : public runtime::BackendInterface {
 public:
  XnnpackBackend();
  ~XnnpackBackend() override;

  // False when XNNPACK cannot run on this CPU (xnn_initialize failed).
  bool is_available() const override;
  Result<runtime::DelegateHandle*> init(const runtime::BackendInitArgs& args) override;
  Status execute(runtime::DelegateHandle* handle, Span<const TensorView> inputs,
                 Span<const TensorView> outputs) override;
  Result<std::vector<Shape>> output_shapes(runtime::DelegateHandle* handle,
                                           Span<const TensorView> inputs,
                                           Span<const TensorView> declared_inputs,
                                           Span<const TensorView> declared_outputs) override;

 private:
  struct PoolDeleter {
    void operator()(pthreadpool_t pool) const;
  };
  // The pool shared by every call run with `num_threads` threads (null for one thread: XNNPACK
  // then runs on the caller's thread). Pools live as long as the backend.
  pthreadpool_t pool_for(int num_threads);

  std::mutex mutex_;
  std::map<int, std::unique_ptr<pthreadpool, PoolDeleter>> pools_;
};

// Registers one process-wide XnnpackBackend under "xnnpack"; Ok when it already is. Unavailable
// when XNNPACK cannot run on this CPU.
Status register_xnnpack_backend();

// Wall time in nanoseconds spent computing delegate calls (XNNPACK's xnn_invoke_runtime and the
// delegate's own linear kernels, runtime/partition_stages.h) by every delegate call of this
// process (all threads, all Methods) since it started. Never reset: a benchmark takes the
// difference around its runs to separate XNNPACK's time from the delegate's overhead (layout
// conversion, copies, setup). Costs two clock reads per delegate call.
uint64_t invoke_nanoseconds();

}  // namespace edgeq::xnnpack
