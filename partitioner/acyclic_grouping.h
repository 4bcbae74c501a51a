// AcyclicGrouping: the grouping step of the partitioner, on plain indices. Nodes 0..n-1 are given
// in a topological order with their successor lists and a label each (a delegate index, or -1 for
// nodes that stay alone). Groups start as single nodes and merge along edges between nodes of the
// same label whenever the contracted graph (every group one node) stays acyclic, i.e. when no path
// leaves one of the two groups and enters the other through a third group.
#pragma once

#include <vector>

namespace edgeq::partitioner {

class AcyclicGrouping {
 public:
  // `successors[i]`: the nodes reading a value of node i (each index > i). `labels[i]` >= 0: the
  // label node i may be grouped under; -1: never grouped.
  AcyclicGrouping(std::vector<std::vector<int>> successors, std::vector<int> labels);

  // Merges the groups at the two ends of every edge between same-labelled nodes wherever that keeps
  // the contracted graph acyclic, until no such merge is left (maximal along edges).
  void merge_along_edges();

  // The groups of labelled nodes, each sorted ascending, ordered by their first node.
  std::vector<std::vector<int>> groups() const;

 private:
  int find(int node);
  int find_const(int node) const;
  // Whether merging the groups rooted at `from` and `to` (an edge from -> to exists) would close a
  // cycle: some other successor group of `from` reaches `to`.
  bool merge_closes_cycle(int from, int to);
  void merge(int a, int b);

  std::vector<std::vector<int>> successors_;
  std::vector<std::vector<int>> predecessors_;
  std::vector<int> labels_;
  std::vector<int> parent_;                // union-find
  std::vector<std::vector<int>> members_;  // per root
  std::vector<int> first_, last_;          // smallest and largest member per root
  std::vector<int> visit_stamp_;           // per root, for the reachability search
  int stamp_ = 0;
};

}  // namespace edgeq::partitioner
