#include "tools/method_inputs.h"

#include <random>

#include "tools/npy.h"
#include "tools/random_tensor.h"
#include "tools/tensor_summary.h"

namespace edgeq::tools {

Result<std::vector<std::string>> set_method_inputs(runtime::Method& method,
                                                   const std::vector<std::string>& npy_files,
                                                   uint32_t seed) {
  if (!npy_files.empty() && npy_files.size() != method.num_inputs()) {
    return invalid_argument("the program has ", method.num_inputs(), " input(s), --input gave ",
                            npy_files.size());
  }
  std::mt19937 rng(seed);
  std::vector<std::string> descriptions;
  for (size_t i = 0; i < method.num_inputs(); ++i) {
    NpyArray array;
    std::string source;
    if (npy_files.empty()) {
      const runtime::ProgramValue& info = method.input_info(i);
      array.dtype = info.dtype;
      array.shape = info.shape;
      array.data = AlignedBuffer(info.view().nbytes());
      EDGEQ_RETURN_IF_ERROR(fill_random(array.view(), rng));
      source = "random";
    } else {
      EDGEQ_ASSIGN_OR_RETURN(array, read_npy(npy_files[i]));
      source = npy_files[i];
    }
    Status status = method.set_input(i, array.view());
    if (!status.ok()) return npy_files.empty() ? status : status.with_context(npy_files[i]);
    descriptions.push_back(summarize_tensor(method.input_name(i), array.view()) + "  (" + source +
                           ")");
  }
  return descriptions;
}

}  // namespace edgeq::tools
