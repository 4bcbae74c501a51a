// Semantic checks of a decoded program (the loader runs them before any use).
#pragma once

#include "runtime/core/status.h"
#include "runtime/program/program.h"

namespace edgeq::runtime {

// Checks that every value index is in range; kernel calls have their op's arity; every value that
// is neither a constant nor a program input is produced exactly once, before it is read
// (instruction order is a topological order); program inputs and outputs are valid and not
// constants; and the memory plan places every planned value inside the arena with no two values
// that are live at the same time overlapping. Errors name the instruction or value; the caller adds
// the program's source.
Status verify_program(const Program& program);

}  // namespace edgeq::runtime
