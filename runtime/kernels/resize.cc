// Resize (ONNX opset 10-18), f32: modes nearest (every nearest_mode) and linear (n-linear over the
// dims that change), the coordinate_transformation_modes of resize_coords.h, from constant scales
// or sizes, with the opset-18 axes and keep_aspect_ratio_policy attributes. Inputs are
// (X, roi, scales, sizes), or (X, scales) in opset 10; roi is ignored (it only matters for
// tf_crop_and_resize, which is not supported, as are mode cubic and antialias).
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "runtime/kernels/kernel_factories.h"
#include "runtime/kernels/resize_coords.h"

namespace edgeq::runtime {
namespace {

const TensorView* optional_input(Span<const TensorView> inputs, size_t index) {
  if (index >= inputs.size() || !inputs[index].present() || inputs[index].numel() == 0) {
    return nullptr;
  }
  return &inputs[index];
}

class ResizeKernel final : public Kernel {
 public:
  Status prepare(const Attributes& attrs, Span<const TensorView> inputs,
                 Span<TensorView> outputs) override {
    const TensorView& x = inputs[0];
    if (x.dtype != DType::kF32) return unimplemented("Resize: dtype ", dtype_name(x.dtype));
    EDGEQ_ASSIGN_OR_RETURN(std::string mode, attrs.get_string("mode", "nearest"));
    if (mode != "nearest" && mode != "linear") {
      return mode == "cubic" ? unimplemented("Resize: mode cubic")
                             : invalid_argument("Resize: unknown mode '", mode, "'");
    }
    EDGEQ_ASSIGN_OR_RETURN(int64_t antialias, attrs.get_int("antialias", 0));
    if (antialias != 0) return unimplemented("Resize: antialias");
    // Opset 10 (inputs X, scales) had neither attribute: its behaviour is asymmetric + floor.
    const bool opset10 = inputs.size() == 2;
    EDGEQ_ASSIGN_OR_RETURN(
        std::string coord_name,
        attrs.get_string("coordinate_transformation_mode", opset10 ? "asymmetric" : "half_pixel"));
    EDGEQ_ASSIGN_OR_RETURN(CoordinateMode coords, parse_coordinate_mode(coord_name));
    EDGEQ_ASSIGN_OR_RETURN(
        std::string nearest_name,
        attrs.get_string("nearest_mode", opset10 ? "floor" : "round_prefer_floor"));
    EDGEQ_ASSIGN_OR_RETURN(NearestMode rounding, parse_nearest_mode(nearest_name));

    std::vector<double> scales, resized;
    std::vector<int64_t> sizes;
    EDGEQ_RETURN_IF_ERROR(output_sizes(attrs, inputs, &scales, &sizes));
    for (int d = 0; d < x.shape.rank(); ++d) {
      // Given scales: in * scale unrounded; given sizes: the size itself.
      const double length = static_cast<double>(x.shape[d]) * scales[d];
      resized.push_back(sizes_given_ ? static_cast<double>(sizes[d]) : length);
    }
    in_shape_ = x.shape;
    out_shape_ = Shape(sizes);
    axes_.clear();
    for (int d = 0; d < x.shape.rank(); ++d) {
      if (x.shape[d] == 0 && sizes[d] != 0) {
        return invalid_argument("Resize: cannot resize the empty dim ", d, " to ", sizes[d]);
      }
      axes_.push_back(
          mode == "linear"
              ? linear_axis(coords, scales[d], x.shape[d], sizes[d], resized[d])
              : nearest_axis(coords, rounding, scales[d], x.shape[d], sizes[d], resized[d]));
    }
    outputs[0] = TensorView(DType::kF32, out_shape_);
    return Status::Ok();
  }

  Status execute(Span<const TensorView> inputs, Span<const TensorView> outputs,
                 Span<uint8_t> scratch) override {
    const float* in = inputs[0].data_as<const float>();
    float* out = outputs[0].data_as<float>();
    const int rank = out_shape_.rank();
    if (rank == 0 || outputs[0].numel() == 0) return Status::Ok();
    int64_t in_strides[kMaxRank];
    in_strides[rank - 1] = 1;
    for (int d = rank - 2; d >= 0; --d) in_strides[d] = in_strides[d + 1] * in_shape_[d + 1];
    const ResizeAxis& last = axes_[rank - 1];
    const int64_t out_last = out_shape_[rank - 1];
    const int64_t rows = outputs[0].numel() / out_last;
    // Input rows an output row blends, with their weights: each interpolating outer dim doubles
    // them (at most 2^(kMaxRank - 1)).
    constexpr int kMaxCorners = 1 << (kMaxRank - 1);
    int64_t offsets[kMaxCorners];
    float weights[kMaxCorners];
    for (int64_t row = 0; row < rows; ++row, out += out_last) {
      int corners = 1;
      offsets[0] = 0;
      weights[0] = 1.f;
      int64_t rest = row;
      for (int d = rank - 2; d >= 0; --d) {
        const int64_t o = rest % out_shape_[d];
        rest /= out_shape_[d];
        const ResizeAxis& axis = axes_[d];
        const int64_t base = axis.first[o] * in_strides[d];
        const float frac = axis.frac[o];
        if (frac == 0.f) {
          for (int c = 0; c < corners; ++c) offsets[c] += base;
          continue;
        }
        const int64_t step = axis.step[o] * in_strides[d];
        for (int c = 0; c < corners; ++c) {
          offsets[corners + c] = offsets[c] + base + step;
          weights[corners + c] = weights[c] * frac;
          offsets[c] += base;
          weights[c] *= 1.f - frac;
        }
        corners *= 2;
      }
      for (int64_t o = 0; o < out_last; ++o) {
        const int64_t i0 = last.first[o], i1 = i0 + last.step[o];
        const float f = last.frac[o];
        float value = 0.f;
        for (int c = 0; c < corners; ++c) {
          const float* line = in + offsets[c];
          value += weights[c] * (f == 0.f ? line[i0] : line[i0] * (1.f - f) + line[i1] * f);
        }
        out[o] = value;
      }
    }
    return Status::Ok();
  }

 private:
  // Output size and coordinate scale of every dim, from scales or sizes (and axes).
  Status output_sizes(const Attributes& attrs, Span<const TensorView> inputs,
                      std::vector<double>* scales, std::vector<int64_t>* sizes) {
    const Shape& in = inputs[0].shape;
    const int rank = in.rank();
    const bool opset10 = inputs.size() == 2;
    const TensorView* scales_in = optional_input(inputs, opset10 ? 1 : 2);
    const TensorView* sizes_in = opset10 ? nullptr : optional_input(inputs, 3);
    if ((scales_in == nullptr) == (sizes_in == nullptr)) {
      return invalid_argument("Resize: exactly one of 'scales' and 'sizes' must be given");
    }
    sizes_given_ = sizes_in != nullptr;
    const TensorView& given = scales_in != nullptr ? *scales_in : *sizes_in;
    const char* name = scales_in != nullptr ? "scales" : "sizes";
    if (given.data == nullptr)
      return unimplemented("Resize: input '", name, "' must be a constant");
    const DType want = scales_in != nullptr ? DType::kF32 : DType::kI64;
    if (given.dtype != want) {
      return invalid_argument("Resize: '", name, "' has dtype ", dtype_name(given.dtype));
    }
    EDGEQ_ASSIGN_OR_RETURN(std::vector<int64_t> axes, attrs.get_ints("axes"));
    if (axes.empty()) {
      for (int d = 0; d < rank; ++d) axes.push_back(d);
    }
    if (given.numel() != static_cast<int64_t>(axes.size())) {
      return invalid_argument("Resize: '", name, "' has ", given.numel(), " values for ",
                              axes.size(), " axes of input ", in.to_string());
    }
    scales->assign(rank, 1.0);
    sizes->assign(in.begin(), in.end());
    std::vector<int64_t> dims;
    for (int64_t axis : axes) {
      const int64_t d = axis < 0 ? axis + rank : axis;
      if (d < 0 || d >= rank) return invalid_argument("Resize: axis ", axis, " out of range");
      dims.push_back(d);
    }
    if (scales_in != nullptr) {
      for (size_t i = 0; i < dims.size(); ++i) {
        const double s = scales_in->data_as<const float>()[i];
        if (!(s > 0.0)) return invalid_argument("Resize: scale ", s, " is not positive");
        (*scales)[dims[i]] = s;
        (*sizes)[dims[i]] = static_cast<int64_t>(std::floor(static_cast<double>(in[dims[i]]) * s));
      }
      return Status::Ok();
    }
    return sizes_from(attrs, in, dims, sizes_in->data_as<const int64_t>(), scales, sizes);
  }

  // Sizes given: with keep_aspect_ratio_policy not_larger / not_smaller one scale serves all axes.
  static Status sizes_from(const Attributes& attrs, const Shape& in,
                           const std::vector<int64_t>& dims, const int64_t* given,
                           std::vector<double>* scales, std::vector<int64_t>* sizes) {
    EDGEQ_ASSIGN_OR_RETURN(std::string policy,
                           attrs.get_string("keep_aspect_ratio_policy", "stretch"));
    if (policy != "stretch" && policy != "not_larger" && policy != "not_smaller") {
      return invalid_argument("Resize: unknown keep_aspect_ratio_policy '", policy, "'");
    }
    double common = policy == "not_larger" ? 1e300 : 0.0;
    for (size_t i = 0; i < dims.size(); ++i) {
      if (given[i] < 0) return invalid_argument("Resize: negative size ", given[i]);
      const double s = static_cast<double>(given[i]) / static_cast<double>(in[dims[i]]);
      common = policy == "not_larger" ? std::min(common, s) : std::max(common, s);
      (*scales)[dims[i]] = s;
      (*sizes)[dims[i]] = given[i];
    }
    if (policy == "stretch") return Status::Ok();
    for (int64_t d : dims) {
      (*scales)[d] = common;
      (*sizes)[d] = static_cast<int64_t>(std::round(common * static_cast<double>(in[d])));
    }
    return Status::Ok();
  }

  Shape in_shape_, out_shape_;
  bool sizes_given_ = false;
  std::vector<ResizeAxis> axes_;
};

}  // namespace

std::unique_ptr<Kernel> make_Resize_kernel() { return std::make_unique<ResizeKernel>(); }

}  // namespace edgeq::runtime
