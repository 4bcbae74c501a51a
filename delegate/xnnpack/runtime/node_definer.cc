#include "delegate/xnnpack/runtime/node_definer.h"

#include <limits>

namespace edgeq::xnnpack {
namespace {

template <typename T>
size_t list_size(const flatbuffers::Vector<T>* list) {
  return list == nullptr ? 0 : list->size();
}

const char* xnn_status_name(xnn_status status) {
  switch (status) {
    case xnn_status_success:
      return "success";
    case xnn_status_uninitialized:
      return "uninitialized";
    case xnn_status_invalid_parameter:
      return "invalid parameter";
    case xnn_status_invalid_state:
      return "invalid state";
    case xnn_status_unsupported_parameter:
      return "unsupported parameter";
    case xnn_status_unsupported_hardware:
      return "unsupported hardware";
    case xnn_status_out_of_memory:
      return "out of memory";
  }
  return "unknown status";
}

}  // namespace

Status NodeDefiner::expect(size_t inputs, size_t outputs, size_t int_params, size_t float_params,
                           uint32_t allowed_flags) const {
  if ((node_.flags() & ~allowed_flags) != 0) {
    return error(str_cat("unsupported flags ", node_.flags()));
  }
  if (list_size(node_.inputs()) != inputs || list_size(node_.outputs()) != outputs ||
      list_size(node_.int_params()) != int_params ||
      list_size(node_.float_params()) != float_params) {
    return error(str_cat("expected ", inputs, " inputs, ", outputs, " outputs, ", int_params,
                         " int params and ", float_params, " float params; has ",
                         list_size(node_.inputs()), ", ", list_size(node_.outputs()), ", ",
                         list_size(node_.int_params()), " and ", list_size(node_.float_params())));
  }
  for (size_t i = 0; i < int_params; ++i) {
    const int64_t param = node_.int_params()->Get(i);
    if (param < 0 || param > std::numeric_limits<uint32_t>::max()) {
      return error(str_cat("int param ", i, " = ", param, " is out of range"));
    }
  }
  return Status::Ok();
}

Status NodeDefiner::expect_dims(uint32_t id, const std::vector<size_t>& expected,
                                const char* role) const {
  if (id >= value_dims_.size() || value_dims_[id] != expected) {
    return error(str_cat(role, " (value ", id, ") does not have the dims its params imply"));
  }
  return Status::Ok();
}

Status NodeDefiner::expect_constant(uint32_t id, const char* role) const {
  if (id >= payload_.values()->size() || payload_.values()->Get(id)->constant() < 0) {
    return error(str_cat(role, " (value ", id, ") is not a constant"));
  }
  return Status::Ok();
}

Status NodeDefiner::expect_rank(uint32_t id, size_t rank, const char* role) const {
  if (id >= value_dims_.size() || value_dims_[id].size() != rank) {
    return error(str_cat(role, " (value ", id, ") is not ", rank, "-D"));
  }
  return Status::Ok();
}

Status NodeDefiner::expect_broadcast_output(size_t num_inputs) const {
  std::vector<size_t> out;
  for (size_t i = 0; i < num_inputs; ++i) {
    if (input(i) >= value_dims_.size()) return error(str_cat("input ", i, " is absent"));
    const std::vector<size_t>& in = dims(input(i));
    if (in.size() > out.size()) out.insert(out.begin(), in.size() - out.size(), 1);
    const size_t offset = out.size() - in.size();
    for (size_t d = 0; d < in.size(); ++d) {
      size_t& o = out[offset + d];
      if (o == 1) {
        o = in[d];
      } else if (in[d] != 1 && in[d] != o) {
        return error("inputs do not broadcast");
      }
    }
  }
  return expect_dims(output(0), out, "output");
}

Result<std::vector<size_t>> NodeDefiner::window_output_dims(uint32_t input, bool has_dilation,
                                                            size_t channels) const {
  EDGEQ_RETURN_IF_ERROR(expect_rank(input, 4, "input"));
  const std::vector<size_t>& in = dims(input);
  std::vector<size_t> out = {in[0], 0, 0, channels};
  for (int axis = 0; axis < 2; ++axis) {
    const size_t pad_begin = uint_param(axis == 0 ? 0 : 3);
    const size_t pad_end = uint_param(axis == 0 ? 2 : 1);
    const size_t kernel = uint_param(4 + axis), stride = uint_param(6 + axis);
    const size_t dilation = has_dilation ? uint_param(8 + axis) : 1;
    if (kernel == 0 || stride == 0 || dilation == 0) {
      return error("kernel, stride and dilation must be positive");
    }
    const size_t padded = in[1 + axis] + pad_begin + pad_end;
    const size_t extent = (kernel - 1) * dilation + 1;
    if (padded < extent) return error("the window is larger than the padded input");
    out[1 + axis] = (padded - extent) / stride + 1;
  }
  return out;
}

Status NodeDefiner::check(xnn_status status, const char* call) const {
  if (status == xnn_status_success) return Status::Ok();
  return error(str_cat(call, " failed: ", xnn_status_name(status)));
}

Status NodeDefiner::error(const std::string& message) const {
  const char* name = node_.name() == nullptr ? "" : node_.name()->c_str();
  return invalid_argument("xnnpack node ", index_, " (", schema::EnumNameNodeKind(node_.kind()),
                          " '", name, "'): ", message);
}

}  // namespace edgeq::xnnpack
