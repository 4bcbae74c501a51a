// Splitting a kernel's work over the delegate's pthreadpool: parallel_for_1d / parallel_for_2d call
// `task(i)` / `task(i, j)` for every index, on the pool's threads (or on the caller's thread when
// `pool` is null), and return when all have run.
//
// Debian's pthreadpool is not built with ThreadSanitizer, so TSan cannot see that the pool's
// hand-over orders the caller's writes before the tasks and the tasks' writes before the return.
// Under TSan these wrappers state those two edges with __tsan_release / __tsan_acquire on two
// separate objects (start: caller -> every task; done: every task -> caller), so that the
// sanitizer still checks the tasks against each other and does not report the pool's hand-over.
#pragma once

#include <pthreadpool.h>

#include <cstddef>

#if defined(__SANITIZE_THREAD__)
#include <sanitizer/tsan_interface.h>
#endif

namespace edgeq::xnnpack {
namespace thread_split_internal {

inline void release(void* sync) {
#if defined(__SANITIZE_THREAD__)
  __tsan_release(sync);
#else
  (void)sync;
#endif
}

inline void acquire(void* sync) {
#if defined(__SANITIZE_THREAD__)
  __tsan_acquire(sync);
#else
  (void)sync;
#endif
}

// What a pool task sees: the caller's task and the two synchronisation objects.
template <typename Task>
struct PoolCall {
  const Task* task;
  char start;
  char done;
};

}  // namespace thread_split_internal

template <typename Task>
void parallel_for_1d(pthreadpool_t pool, size_t range, const Task& task) {
  using namespace thread_split_internal;
  PoolCall<Task> call{&task, 0, 0};
  release(&call.start);
  pthreadpool_parallelize_1d(
      pool,
      [](void* argument, size_t i) {
        auto* c = static_cast<PoolCall<Task>*>(argument);
        acquire(&c->start);
        (*c->task)(i);
        release(&c->done);
      },
      &call, range, 0);
  acquire(&call.done);
}

template <typename Task>
void parallel_for_2d(pthreadpool_t pool, size_t range_i, size_t range_j, const Task& task) {
  using namespace thread_split_internal;
  PoolCall<Task> call{&task, 0, 0};
  release(&call.start);
  pthreadpool_parallelize_2d(
      pool,
      [](void* argument, size_t i, size_t j) {
        auto* c = static_cast<PoolCall<Task>*>(argument);
        acquire(&c->start);
        (*c->task)(i, j);
        release(&c->done);
      },
      &call, range_i, range_j, 0);
  acquire(&call.done);
}

}  // namespace edgeq::xnnpack
