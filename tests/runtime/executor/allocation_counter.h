// Counts calls of the global operator new in this test executable, so a test can assert that a
// code path does not allocate.
#pragma once

namespace edgeq::testing {

long allocation_count();

}  // namespace edgeq::testing
