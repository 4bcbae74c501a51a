// Decodes and verifies the bytes of a program file into a Program (internal to the loader).
#pragma once

#include "runtime/core/span.h"
#include "runtime/core/status.h"
#include "runtime/program/program.h"

namespace edgeq::runtime {

class ProgramDecoder {
 public:
  // Checks the header, runs the flatbuffers Verifier, decodes every table into `program` (checking
  // what decoding needs: known op names, valid dtypes and ranks, constant and payload ranges), then
  // runs the semantic checks of verify_program. Errors are prefixed with program->source().
  static Status decode(Span<const uint8_t> file, Program* program);
};

// The largest value a program may declare (bytes); larger ones are treated as corruption.
constexpr uint64_t kMaxValueBytes = uint64_t{1} << 32;

}  // namespace edgeq::runtime
