#include "partitioner/acyclic_grouping.h"

#include <algorithm>
#include <utility>

namespace edgeq::partitioner {

AcyclicGrouping::AcyclicGrouping(std::vector<std::vector<int>> successors, std::vector<int> labels)
    : successors_(std::move(successors)), labels_(std::move(labels)) {
  const int n = static_cast<int>(successors_.size());
  predecessors_.resize(n);
  for (int node = 0; node < n; ++node) {
    for (int next : successors_[node]) predecessors_[next].push_back(node);
  }
  parent_.resize(n);
  members_.resize(n);
  first_.resize(n);
  last_.resize(n);
  visit_stamp_.assign(n, 0);
  for (int node = 0; node < n; ++node) {
    parent_[node] = node;
    members_[node] = {node};
    first_[node] = last_[node] = node;
  }
}

int AcyclicGrouping::find(int node) {
  while (parent_[node] != node) {
    parent_[node] = parent_[parent_[node]];
    node = parent_[node];
  }
  return node;
}

int AcyclicGrouping::find_const(int node) const {
  while (parent_[node] != node) node = parent_[node];
  return node;
}

bool AcyclicGrouping::merge_closes_cycle(int from, int to) {
  ++stamp_;
  std::vector<int> pending;
  auto push_successors = [&](int group) {
    for (int member : members_[group]) {
      for (int next : successors_[member]) {
        const int next_group = find(next);
        if (next_group == group || visit_stamp_[next_group] == stamp_) continue;
        if (group == from && next_group == to) continue;  // the merge edge itself
        visit_stamp_[next_group] = stamp_;
        pending.push_back(next_group);
      }
    }
  };
  push_successors(from);
  while (!pending.empty()) {
    const int group = pending.back();
    pending.pop_back();
    if (group == to) return true;
    // Edges go from smaller to larger indices: a group starting after `to` ends cannot reach it.
    if (first_[group] > last_[to]) continue;
    push_successors(group);
  }
  return false;
}

void AcyclicGrouping::merge(int a, int b) {
  if (members_[a].size() < members_[b].size()) std::swap(a, b);
  parent_[b] = a;
  members_[a].insert(members_[a].end(), members_[b].begin(), members_[b].end());
  members_[b].clear();
  members_[b].shrink_to_fit();
  first_[a] = std::min(first_[a], first_[b]);
  last_[a] = std::max(last_[a], last_[b]);
}

void AcyclicGrouping::merge_along_edges() {
  // A merge refused because of a path through a third group may become possible once that group
  // has joined one of the two, so passes repeat until one merges nothing.
  const int n = static_cast<int>(labels_.size());
  bool merged = true;
  while (merged) {
    merged = false;
    for (int node = 0; node < n; ++node) {
      if (labels_[node] < 0) continue;
      for (int previous : predecessors_[node]) {
        if (labels_[previous] != labels_[node]) continue;
        const int from = find(previous);
        const int to = find(node);
        if (from == to || merge_closes_cycle(from, to)) continue;
        merge(from, to);
        merged = true;
      }
    }
  }
}

std::vector<std::vector<int>> AcyclicGrouping::groups() const {
  std::vector<std::vector<int>> result;
  const int n = static_cast<int>(labels_.size());
  for (int node = 0; node < n; ++node) {
    if (labels_[node] < 0 || find_const(node) != node) continue;
    std::vector<int> group = members_[node];
    std::sort(group.begin(), group.end());
    result.push_back(std::move(group));
  }
  std::sort(result.begin(), result.end(),
            [](const std::vector<int>& a, const std::vector<int>& b) { return a[0] < b[0]; });
  return result;
}

}  // namespace edgeq::partitioner
