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

Status NodeDefiner::expect(size_t inputs, size_t outputs, size_t int_params,
                           size_t float_params) const {
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
