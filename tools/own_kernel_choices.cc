#include "tools/own_kernel_choices.h"

#include <flatbuffers/flatbuffers.h>

#include <algorithm>
#include <iostream>

#include "delegate/xnnpack/runtime/conv_node.h"
#include "delegate/xnnpack/runtime/linear_node.h"
#include "delegate/xnnpack/runtime/xnnpack_backend.h"

namespace edgeq::tools {

void print_own_kernel_choices(const runtime::Program& program) {
  bool heading = false;
  for (const runtime::ProgramInstruction& call : program.instructions()) {
    if (call.kind != runtime::InstructionKind::kDelegateCall ||
        call.backend != xnnpack::kXnnpackBackendName) {
      continue;
    }
    flatbuffers::Verifier verifier(call.payload.data(), call.payload.size());
    if (!xnnpack::schema::VerifyPayloadBuffer(verifier)) {
      std::cout << "  " << call.name << ": payload does not verify\n";
      continue;
    }
    const auto choices = xnnpack::conv_choices(*xnnpack::schema::GetPayload(call.payload.data()));
    size_t own = 0, own_depthwise = 0;
    for (const xnnpack::ConvChoice& choice : choices) {
      if (choice.engine != xnnpack::ConvEngine::kOwn) continue;
      ++own;
      own_depthwise += choice.depthwise;
    }
    if (own == 0 && std::none_of(choices.begin(), choices.end(), [](const auto& choice) {
          return choice.refusal.empty();
        })) {
      continue;  // no int8 convolutions
    }
    if (!heading) std::cout << "int8 convolutions (engine chosen on this CPU at init):\n";
    heading = true;
    std::cout << "  " << call.name << ": " << own << " of " << choices.size()
              << " convolutions on edgeq's own " << xnnpack::linear_isa_name(xnnpack::resolved_delegate_linear_isa()) << " kernels (" << own_depthwise
              << " depthwise), " << choices.size() - own << " on XNNPACK\n";
    for (const xnnpack::ConvChoice& choice : choices) {
      if (choice.engine == xnnpack::ConvEngine::kOwn) continue;
      std::cout << "    " << (choice.depthwise ? "depthwise " : "") << "convolution '"
                << choice.node << "': XNNPACK ("
                << (choice.refusal.empty() ? "XNNPACK is the faster engine on this CPU"
                                           : choice.refusal)
                << ")\n";
    }
  }
}

}  // namespace edgeq::tools
