// QuantSim metrics: how far a quantized simulation's tensors are from the float model's, and how
// often their class decisions agree. Every metric accumulates over batches in a few running sums,
// so a data set of any size is compared without keeping it.
//
// Definitions (r = reference/float values, t = test/quantized values, over all elements seen):
//   SQNR    10·log10(Σr² / Σ(r−t)²) dB; +inf when t equals r exactly (including all-zero r and t),
//           −inf when r is all zero but t is not (no signal, only noise).
//   cosine  Σr·t / sqrt(Σr²·Σt²); 1 when both are all zero, 0 when exactly one of them is.
//   max / mean absolute error  max|r−t| and Σ|r−t| / n.
// Inputs must be f32 and finite: a NaN or Inf is an InvalidArgument naming the element index.
#pragma once

#include <cstdint>
#include <vector>

#include "runtime/core/span.h"
#include "runtime/core/status.h"
#include "runtime/core/tensor.h"

namespace edgeq::quantizer {

struct TensorErrorStats {
  int64_t count = 0;  // elements compared
  double sqnr_db = 0;
  double cosine = 0;
  double max_abs_error = 0;
  double mean_abs_error = 0;
};

// Accumulates the error of one tensor (e.g. one layer's output) over many batches.
class TensorErrorAccumulator {
 public:
  // Adds a batch. Both views must be f32 with equal element counts (shapes may differ, e.g.
  // [N, C] vs [N, C, 1, 1]); errors name both shapes or the offending element.
  Status add(const TensorView& reference, const TensorView& test);
  Status add(Span<const float> reference, Span<const float> test);
  // The metrics over everything added so far (all zero with count 0 when nothing was added).
  TensorErrorStats stats() const;
  int64_t count() const { return count_; }

 private:
  int64_t count_ = 0;
  double reference_energy_ = 0;  // Σr²
  double test_energy_ = 0;       // Σt²
  double noise_energy_ = 0;      // Σ(r−t)²
  double dot_ = 0;               // Σr·t
  double abs_error_sum_ = 0;
  double max_abs_error_ = 0;
};

// The metrics of one pair of tensors.
Result<TensorErrorStats> compare_tensors(const TensorView& reference, const TensorView& test);

// SQNR in dB from the two energies, with the cases above (+inf for zero noise, −inf for zero
// signal and nonzero noise).
double sqnr_db(double signal_energy, double noise_energy);

// True when `shape` can hold class scores of a batch: [C] or [N, C, 1, ..., 1] with C ≥ 2.
bool looks_like_class_scores(const Shape& shape);

// The index of the largest score of each sample (first one on ties) of an f32 tensor that
// looks_like_class_scores. InvalidArgument otherwise, naming the shape or dtype.
Result<std::vector<int64_t>> argmax_per_sample(const TensorView& scores);

// Share of samples whose top-1 class is the same in the reference and test scores.
class Top1Agreement {
 public:
  // Both f32 class scores of the same shape.
  Status add(const TensorView& reference_scores, const TensorView& test_scores);
  int64_t agreed() const { return agreed_; }
  int64_t total() const { return total_; }
  double rate() const;  // agreed / total, 0 when nothing was added

 private:
  int64_t agreed_ = 0;
  int64_t total_ = 0;
};

// Share of samples whose top-1 class equals the label.
class AccuracyCounter {
 public:
  // `labels` has one class index per sample of `scores` (in [0, C)); errors name the sample.
  Status add(const TensorView& scores, Span<const int64_t> labels);
  int64_t correct() const { return correct_; }
  int64_t total() const { return total_; }
  double accuracy() const;  // correct / total, 0 when nothing was added

 private:
  int64_t correct_ = 0;
  int64_t total_ = 0;
};

}  // namespace edgeq::quantizer
