#include "runtime/kernels/broadcast.h"

#include <algorithm>
#include <cassert>
#include <string>

namespace edgeq::runtime {
namespace {

std::string shapes_to_string(Span<const Shape> shapes) {
  std::string out;
  for (size_t i = 0; i < shapes.size(); ++i) {
    if (i > 0) out += " and ";
    out += shapes[i].to_string();
  }
  return out;
}

}  // namespace

Result<Shape> broadcast_shapes(Span<const Shape> shapes) {
  int rank = 0;
  for (const Shape& s : shapes) rank = std::max(rank, s.rank());
  Shape out;
  out.resize(rank, 1);
  for (const Shape& s : shapes) {
    const int lead = rank - s.rank();
    for (int i = 0; i < s.rank(); ++i) {
      const int64_t d = s[i];
      int64_t& o = out[lead + i];
      if (d == o || d == 1) continue;
      if (o != 1) {
        return invalid_argument("shapes ", shapes_to_string(shapes), " do not broadcast");
      }
      o = d;  // also the case d == 0: a 0 dim broadcasts only with 1 or 0
    }
  }
  return out;
}

Result<Shape> broadcast_shapes(const Shape& a, const Shape& b) {
  const Shape shapes[] = {a, b};
  return broadcast_shapes(Span<const Shape>(shapes));
}

bool broadcasts_to(const Shape& from, const Shape& to) {
  if (from.rank() > to.rank()) return false;
  const int lead = to.rank() - from.rank();
  for (int i = 0; i < from.rank(); ++i) {
    if (from[i] != 1 && from[i] != to[lead + i]) return false;
  }
  return true;
}

BroadcastPlan make_broadcast_plan(const Shape& output, Span<const Shape> inputs, bool collapse) {
  assert(inputs.size() <= static_cast<size_t>(kMaxBroadcastInputs));
  BroadcastPlan plan;
  plan.num_inputs = static_cast<int>(inputs.size());
  plan.numel = output.numel();

  // Each input's strides over the output's dims (0 where the input has size 1 or no dim).
  const int rank = output.rank();
  int64_t strides[kMaxBroadcastInputs][kMaxRank] = {};
  for (int k = 0; k < plan.num_inputs; ++k) {
    const Shape& s = inputs[k];
    const int lead = rank - s.rank();
    int64_t stride = 1;
    for (int i = s.rank() - 1; i >= 0; --i) {
      strides[k][lead + i] = s[i] == 1 ? 0 : stride;
      stride *= s[i];
    }
  }

  int out_rank = 0;
  for (int d = 0; d < rank; ++d) {
    if (collapse && output[d] == 1) continue;
    bool merge = collapse && out_rank > 0;
    for (int k = 0; merge && k < plan.num_inputs; ++k) {
      merge = plan.strides[k][out_rank - 1] == strides[k][d] * output[d];
    }
    if (merge) {
      plan.dims[out_rank - 1] *= output[d];
      for (int k = 0; k < plan.num_inputs; ++k) plan.strides[k][out_rank - 1] = strides[k][d];
      continue;
    }
    plan.dims[out_rank] = output[d];
    for (int k = 0; k < plan.num_inputs; ++k) plan.strides[k][out_rank] = strides[k][d];
    ++out_rank;
  }
  if (out_rank == 0) {  // rank 0 or all-ones output: one element
    plan.dims[0] = 1;
    for (int k = 0; k < plan.num_inputs; ++k) plan.strides[k][0] = 0;
    out_rank = 1;
  }
  plan.rank = out_rank;
  return plan;
}

}  // namespace edgeq::runtime
