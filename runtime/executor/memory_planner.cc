#include "runtime/executor/memory_planner.h"

#include <algorithm>
#include <numeric>

#include "runtime/program/file_format.h"

namespace edgeq::runtime {
namespace {

bool lifetimes_overlap(const BufferRequest& a, const BufferRequest& b) {
  return a.first_step <= b.last_step && b.first_step <= a.last_step;
}

}  // namespace

ArenaPlan plan_arena(Span<const BufferRequest> requests, size_t alignment) {
  ArenaPlan plan;
  plan.offsets.assign(requests.size(), 0);
  // Largest first; ties by earlier first use, then by index, so the plan is deterministic.
  std::vector<size_t> order(requests.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (requests[a].bytes != requests[b].bytes) return requests[a].bytes > requests[b].bytes;
    if (requests[a].first_step != requests[b].first_step) {
      return requests[a].first_step < requests[b].first_step;
    }
    return a < b;
  });

  std::vector<size_t> placed;  // indices already placed, kept sorted by offset
  for (size_t index : order) {
    const BufferRequest& request = requests[index];
    if (request.bytes == 0) continue;
    // The lowest aligned offset that fits between the placed buffers live at the same time.
    size_t candidate = 0;
    for (size_t other : placed) {
      if (!lifetimes_overlap(request, requests[other])) continue;
      const size_t other_begin = plan.offsets[other];
      const size_t other_end = other_begin + requests[other].bytes;
      if (candidate + request.bytes <= other_begin) break;  // fits in the gap before `other`
      candidate = std::max(candidate, align_up(other_end, alignment));
    }
    plan.offsets[index] = candidate;
    plan.arena_bytes = std::max(plan.arena_bytes, candidate + request.bytes);
    auto position = std::upper_bound(placed.begin(), placed.end(), index, [&](size_t a, size_t b) {
      return plan.offsets[a] < plan.offsets[b];
    });
    placed.insert(position, index);
  }
  plan.arena_bytes = align_up(plan.arena_bytes, alignment);
  return plan;
}

std::vector<BufferRequest> without_reuse(std::vector<BufferRequest> requests) {
  int last_step = 0;
  for (const BufferRequest& request : requests) last_step = std::max(last_step, request.last_step);
  for (BufferRequest& request : requests) {
    request.first_step = 0;
    request.last_step = last_step;
  }
  return requests;
}

Status check_arena_plan(Span<const BufferRequest> requests, Span<const size_t> offsets,
                        size_t arena_bytes) {
  if (offsets.size() != requests.size()) {
    return invalid_argument("memory plan has ", offsets.size(), " offsets for ", requests.size(),
                            " buffers");
  }
  std::vector<size_t> order;
  for (size_t i = 0; i < requests.size(); ++i) {
    if (requests[i].bytes == 0) continue;
    if (offsets[i] > arena_bytes || requests[i].bytes > arena_bytes - offsets[i]) {
      return out_of_range("buffer ", i, " (", requests[i].bytes, " bytes at offset ", offsets[i],
                          ") ends outside the ", arena_bytes, "-byte arena");
    }
    order.push_back(i);
  }
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return offsets[a] != offsets[b] ? offsets[a] < offsets[b] : a < b;
  });
  // Sweep by offset: each buffer is compared with the later-starting ones that begin before it
  // ends.
  for (size_t i = 0; i < order.size(); ++i) {
    const size_t a = order[i];
    const size_t a_end = offsets[a] + requests[a].bytes;
    for (size_t j = i + 1; j < order.size() && offsets[order[j]] < a_end; ++j) {
      const size_t b = order[j];
      if (lifetimes_overlap(requests[a], requests[b])) {
        return invalid_argument("buffers ", a, " and ", b,
                                " are live at the same time but overlap in memory");
      }
    }
  }
  return Status::Ok();
}

std::vector<BufferRequest> value_lifetimes(size_t num_values,
                                           Span<const InstructionValues> instructions,
                                           Span<const int32_t> program_outputs) {
  std::vector<BufferRequest> lifetimes(num_values, BufferRequest{0, -1, -1});
  auto touch = [&](int32_t value, int step) {
    if (value < 0 || static_cast<size_t>(value) >= num_values) return;
    BufferRequest& r = lifetimes[value];
    r.first_step = r.first_step < 0 ? step : std::min(r.first_step, step);
    r.last_step = std::max(r.last_step, step);
  };
  for (size_t step = 0; step < instructions.size(); ++step) {
    for (int32_t value : instructions[step].inputs) touch(value, static_cast<int>(step));
    for (int32_t value : instructions[step].outputs) touch(value, static_cast<int>(step));
  }
  for (int32_t value : program_outputs) touch(value, static_cast<int>(instructions.size()));
  return lifetimes;
}

}  // namespace edgeq::runtime
