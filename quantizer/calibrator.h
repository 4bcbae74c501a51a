// Calibration: runs the float graph over every batch of a BatchSource on the portable kernels
// (ir::GraphRunner) and shows each observed value to its observers.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "ir/graph.h"
#include "quantizer/batch_source.h"
#include "quantizer/observers/observer.h"
#include "runtime/core/status.h"

namespace edgeq::quantizer {

// Value name -> the observers that watch it (not owned; they must outlive the call).
using ObserverMap = std::map<std::string, std::vector<Observer*>>;

// Reports progress: `done` of `total` batches have been run.
using CalibrationProgress = std::function<void(size_t done, size_t total)>;

// Runs `graph` (with types, see ir::infer_shapes) over every batch of `batches` in index order.
// Each value named in `observers` is observed once per batch; a constant value is observed once,
// before the first batch. Batches feed the graph inputs by name, or by position when unnamed.
// `progress` (optional) is called with (0, total) first and after every batch.
// Errors: an observed name that is no value of the graph, an empty source, and any batch, run or
// observer error, prefixed with "calibration batch <i>" and naming the value.
Status calibrate(const ir::Graph& graph, const ObserverMap& observers, const BatchSource& batches,
                 const CalibrationProgress& progress = nullptr);

// The graph-runner feeds of one batch: by name, or positionally onto the graph inputs. Errors
// name the tensor or the count mismatch. (Shared with QuantSim comparison.)
Result<std::map<std::string, TensorView>> feeds_for_batch(const ir::Graph& graph,
                                                          const Batch& batch);

}  // namespace edgeq::quantizer
