// Replaces the global operator new/delete for the whole test executable (kept in its own file so
// the compiler never sees new and free together).
#include "tests/runtime/executor/allocation_counter.h"

#include <atomic>
#include <cstdlib>
#include <new>

namespace {
std::atomic<long> g_allocations{0};
}  // namespace

void* operator new(std::size_t bytes) {
  ++g_allocations;
  if (void* p = std::malloc(bytes == 0 ? 1 : bytes)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace edgeq::testing {

long allocation_count() { return g_allocations.load(); }

}  // namespace edgeq::testing
