#include "quantizer/quantsim_metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace edgeq::quantizer {
namespace {

Status check_f32(const TensorView& view, const char* role) {
  if (view.dtype != DType::kF32) {
    return invalid_argument(role, " tensor is ", view.to_string(), ", expected f32");
  }
  if (view.data == nullptr && view.numel() > 0) {
    return invalid_argument(role, " tensor ", view.to_string(), " has no data");
  }
  return Status::Ok();
}

Span<const float> floats(const TensorView& view) {
  return Span<const float>(view.data_as<const float>(), static_cast<size_t>(view.numel()));
}

// The number of samples of a class-score tensor (shape checked by the caller).
int64_t num_samples(const Shape& shape) { return shape.rank() == 1 ? 1 : shape[0]; }

}  // namespace

double sqnr_db(double signal_energy, double noise_energy) {
  if (noise_energy == 0) return std::numeric_limits<double>::infinity();
  if (signal_energy == 0) return -std::numeric_limits<double>::infinity();
  return 10.0 * std::log10(signal_energy / noise_energy);
}

Status TensorErrorAccumulator::add(Span<const float> reference, Span<const float> test) {
  if (reference.size() != test.size()) {
    return invalid_argument("reference has ", reference.size(), " elements but test has ",
                            test.size());
  }
  for (size_t i = 0; i < reference.size(); ++i) {
    if (!std::isfinite(reference[i])) {
      return invalid_argument("reference element ", i, " is not finite (", reference[i], ")");
    }
    if (!std::isfinite(test[i])) {
      return invalid_argument("test element ", i, " is not finite (", test[i], ")");
    }
  }
  for (size_t i = 0; i < reference.size(); ++i) {
    const double r = reference[i];
    const double t = test[i];
    const double error = r - t;
    reference_energy_ += r * r;
    test_energy_ += t * t;
    noise_energy_ += error * error;
    dot_ += r * t;
    abs_error_sum_ += std::fabs(error);
    max_abs_error_ = std::max(max_abs_error_, std::fabs(error));
  }
  count_ += static_cast<int64_t>(reference.size());
  return Status::Ok();
}

Status TensorErrorAccumulator::add(const TensorView& reference, const TensorView& test) {
  EDGEQ_RETURN_IF_ERROR(check_f32(reference, "reference"));
  EDGEQ_RETURN_IF_ERROR(check_f32(test, "test"));
  if (reference.numel() != test.numel()) {
    return invalid_argument("reference ", reference.to_string(), " and test ", test.to_string(),
                            " differ in element count");
  }
  return add(floats(reference), floats(test));
}

TensorErrorStats TensorErrorAccumulator::stats() const {
  TensorErrorStats stats;
  stats.count = count_;
  if (count_ == 0) return stats;
  stats.sqnr_db = sqnr_db(reference_energy_, noise_energy_);
  if (reference_energy_ == 0 && test_energy_ == 0) {
    stats.cosine = 1;
  } else if (reference_energy_ == 0 || test_energy_ == 0) {
    stats.cosine = 0;
  } else {
    stats.cosine = dot_ / std::sqrt(reference_energy_ * test_energy_);
    stats.cosine = std::clamp(stats.cosine, -1.0, 1.0);  // rounding may step past ±1
  }
  stats.max_abs_error = max_abs_error_;
  stats.mean_abs_error = abs_error_sum_ / static_cast<double>(count_);
  return stats;
}

Result<TensorErrorStats> compare_tensors(const TensorView& reference, const TensorView& test) {
  TensorErrorAccumulator accumulator;
  EDGEQ_RETURN_IF_ERROR(accumulator.add(reference, test));
  return accumulator.stats();
}

bool looks_like_class_scores(const Shape& shape) {
  if (shape.rank() == 1) return shape[0] >= 2;
  if (shape.rank() < 2 || shape[1] < 2) return false;
  for (int d = 2; d < shape.rank(); ++d) {
    if (shape[d] != 1) return false;
  }
  return true;
}

Result<std::vector<int64_t>> argmax_per_sample(const TensorView& scores) {
  EDGEQ_RETURN_IF_ERROR(check_f32(scores, "class score"));
  if (!looks_like_class_scores(scores.shape)) {
    return invalid_argument("class scores must have shape [C] or [N, C, 1, ...] with C >= 2, got ",
                            scores.to_string());
  }
  const int64_t samples = num_samples(scores.shape);
  const int64_t classes = samples == 0 ? 0 : scores.numel() / samples;
  const float* data = scores.data_as<const float>();
  std::vector<int64_t> best(static_cast<size_t>(samples), 0);
  for (int64_t s = 0; s < samples; ++s) {
    const float* row = data + s * classes;
    best[s] = std::max_element(row, row + classes) - row;
  }
  return best;
}

Status Top1Agreement::add(const TensorView& reference_scores, const TensorView& test_scores) {
  if (reference_scores.shape != test_scores.shape) {
    return invalid_argument("reference scores ", reference_scores.to_string(), " and test scores ",
                            test_scores.to_string(), " differ in shape");
  }
  EDGEQ_ASSIGN_OR_RETURN(std::vector<int64_t> reference, argmax_per_sample(reference_scores));
  EDGEQ_ASSIGN_OR_RETURN(std::vector<int64_t> test, argmax_per_sample(test_scores));
  for (size_t s = 0; s < reference.size(); ++s) agreed_ += reference[s] == test[s] ? 1 : 0;
  total_ += static_cast<int64_t>(reference.size());
  return Status::Ok();
}

double Top1Agreement::rate() const {
  return total_ == 0 ? 0.0 : static_cast<double>(agreed_) / static_cast<double>(total_);
}

Status AccuracyCounter::add(const TensorView& scores, Span<const int64_t> labels) {
  EDGEQ_ASSIGN_OR_RETURN(std::vector<int64_t> predicted, argmax_per_sample(scores));
  if (labels.size() != predicted.size()) {
    return invalid_argument(labels.size(), " labels for ", predicted.size(), " samples of scores ",
                            scores.to_string());
  }
  const int64_t classes = predicted.empty() ? 0 : scores.numel() / num_samples(scores.shape);
  for (size_t s = 0; s < labels.size(); ++s) {
    if (labels[s] < 0 || labels[s] >= classes) {
      return invalid_argument("label of sample ", s, " is ", labels[s], ", outside [0, ", classes,
                              ")");
    }
  }
  for (size_t s = 0; s < labels.size(); ++s) correct_ += predicted[s] == labels[s] ? 1 : 0;
  total_ += static_cast<int64_t>(labels.size());
  return Status::Ok();
}

double AccuracyCounter::accuracy() const {
  return total_ == 0 ? 0.0 : static_cast<double>(correct_) / static_cast<double>(total_);
}

}  // namespace edgeq::quantizer
