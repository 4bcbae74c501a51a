// ONNX multidirectional (numpy) broadcasting, shared by every binary, ternary and variadic kernel.
//
// A BroadcastPlan describes how to walk an output and the inputs broadcast to it. Output dims of
// size 1 are dropped and neighbouring dims are merged wherever every input is contiguous across
// them, so the innermost loop is as long as possible and each input's inner stride is 0 (the input
// is broadcast along it) or 1. That collapse is what makes the fast paths: equal shapes become one
// flat loop, a scalar becomes one loop with stride 0, a bias over the last dim becomes rows with
// stride 1 on both sides, a per-channel NCHW operand becomes rows with a constant operand.
#pragma once

#include <cstdint>

#include "runtime/core/shape.h"
#include "runtime/core/span.h"
#include "runtime/core/status.h"

namespace edgeq::runtime {

constexpr int kMaxBroadcastInputs = 3;

// The shape all of `shapes` broadcast to; InvalidArgument naming the shapes when they do not.
Result<Shape> broadcast_shapes(Span<const Shape> shapes);
Result<Shape> broadcast_shapes(const Shape& a, const Shape& b);

// True when `from` broadcasts to exactly `to` (unidirectional broadcasting).
bool broadcasts_to(const Shape& from, const Shape& to);

struct BroadcastPlan {
  int rank = 1;  // at least 1; the last dim is the inner loop
  int num_inputs = 0;
  int64_t dims[kMaxRank] = {1};
  int64_t strides[kMaxBroadcastInputs][kMaxRank] = {};  // in elements, 0 where broadcast
  int64_t numel = 1;

  int64_t inner() const { return dims[rank - 1]; }
  bool inner_contiguous(int input) const { return strides[input][rank - 1] != 0; }
};

// Plans the walk of `output` with `inputs` (at most kMaxBroadcastInputs), each of which must
// broadcast to `output` (checked by the caller, e.g. with broadcasts_to). collapse = false keeps
// every output dim: the general, uncollapsed walk that tests compare the fast paths with.
BroadcastPlan make_broadcast_plan(const Shape& output, Span<const Shape> inputs,
                                  bool collapse = true);

// Calls row(out_offset, input_offsets) for every inner row of the plan, in row-major order;
// input_offsets[k] is where input k's elements for that row start. Nothing for an empty output.
template <typename Row>
void for_each_broadcast_row(const BroadcastPlan& plan, Row&& row) {
  if (plan.numel == 0) return;
  const int outer_rank = plan.rank - 1;
  const int64_t inner = plan.inner();
  const int64_t rows = plan.numel / inner;
  int64_t index[kMaxRank] = {};
  int64_t offsets[kMaxBroadcastInputs] = {};
  for (int64_t r = 0; r < rows; ++r) {
    row(r * inner, static_cast<const int64_t*>(offsets));
    for (int d = outer_rank - 1; d >= 0; --d) {
      for (int k = 0; k < plan.num_inputs; ++k) offsets[k] += plan.strides[k][d];
      if (++index[d] < plan.dims[d]) break;
      for (int k = 0; k < plan.num_inputs; ++k) offsets[k] -= plan.strides[k][d] * plan.dims[d];
      index[d] = 0;
    }
  }
}

// out = f(in) for a one-input plan (a broadcasting copy or map). `out` may not alias `in`.
template <typename In, typename Out, typename F>
void broadcast_unary(const BroadcastPlan& plan, const In* in, Out* out, F f) {
  const int64_t n = plan.inner();
  const bool full = plan.inner_contiguous(0);
  for_each_broadcast_row(plan, [&](int64_t o, const int64_t* off) {
    const In* p = in + off[0];
    Out* po = out + o;
    if (full) {
      for (int64_t i = 0; i < n; ++i) po[i] = f(p[i]);
    } else {
      const Out v = f(*p);
      for (int64_t i = 0; i < n; ++i) po[i] = v;
    }
  });
}

// out = f(a, b) for a two-input plan. `out` may alias `a` or `b` when that input has the output's
// shape (variadic ops accumulate in place).
template <typename A, typename B, typename Out, typename F>
void broadcast_binary(const BroadcastPlan& plan, const A* a, const B* b, Out* out, F f) {
  const int64_t n = plan.inner();
  const bool a_full = plan.inner_contiguous(0);
  const bool b_full = plan.inner_contiguous(1);
  for_each_broadcast_row(plan, [&](int64_t o, const int64_t* off) {
    const A* pa = a + off[0];
    const B* pb = b + off[1];
    Out* po = out + o;
    if (a_full && b_full) {
      for (int64_t i = 0; i < n; ++i) po[i] = f(pa[i], pb[i]);
    } else if (a_full) {
      const B vb = *pb;
      for (int64_t i = 0; i < n; ++i) po[i] = f(pa[i], vb);
    } else if (b_full) {
      const A va = *pa;
      for (int64_t i = 0; i < n; ++i) po[i] = f(va, pb[i]);
    } else {
      const Out v = f(*pa, *pb);
      for (int64_t i = 0; i < n; ++i) po[i] = v;
    }
  });
}

// out = f(a, b, c) for a three-input plan (Where).
template <typename A, typename B, typename C, typename Out, typename F>
void broadcast_ternary(const BroadcastPlan& plan, const A* a, const B* b, const C* c, Out* out,
                       F f) {
  const int64_t n = plan.inner();
  const int64_t sa = plan.strides[0][plan.rank - 1];
  const int64_t sb = plan.strides[1][plan.rank - 1];
  const int64_t sc = plan.strides[2][plan.rank - 1];
  for_each_broadcast_row(plan, [&](int64_t o, const int64_t* off) {
    const A* pa = a + off[0];
    const B* pb = b + off[1];
    const C* pc = c + off[2];
    Out* po = out + o;
    if (sa != 0 && sb != 0 && sc != 0) {
      for (int64_t i = 0; i < n; ++i) po[i] = f(pa[i], pb[i], pc[i]);
    } else {
      for (int64_t i = 0; i < n; ++i) po[i] = f(pa[i * sa], pb[i * sb], pc[i * sc]);
    }
  });
}

}  // namespace edgeq::runtime
