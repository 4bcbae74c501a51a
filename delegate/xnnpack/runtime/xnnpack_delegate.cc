#include "delegate/xnnpack/runtime/xnnpack_delegate.h"

#include <atomic>
#include <chrono>
#include <cstring>

#include "delegate/xnnpack/runtime/layout_conversion.h"
#include "delegate/xnnpack/runtime/narrow_weights.h"
#include "delegate/xnnpack/runtime/payload_reader.h"
#include "delegate/xnnpack/runtime/xnnpack_backend.h"

namespace edgeq::xnnpack {
namespace {

constexpr size_t kConstantAlignment = 16;

std::atomic<uint64_t> total_invoke_nanoseconds{0};

// stages.run(), with its wall time added to total_invoke_nanoseconds.
Status timed_run(PartitionStages& stages) {
  const auto start = std::chrono::steady_clock::now();
  Status status = stages.run();
  const auto elapsed = std::chrono::steady_clock::now() - start;
  total_invoke_nanoseconds.fetch_add(
      static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(elapsed).count()),
      std::memory_order_relaxed);
  return status;
}

// N, C and the product of the trailing dims of a channels-first shape.
void split_channels(const Shape& shape, size_t* batch, size_t* channels, size_t* spatial) {
  *batch = static_cast<size_t>(shape[0]);
  *channels = static_cast<size_t>(shape[1]);
  *spatial = 1;
  for (int d = 2; d < shape.rank(); ++d) *spatial *= static_cast<size_t>(shape[d]);
}

Shape with_batch(Shape shape, bool batch_scaled, size_t batch) {
  if (batch_scaled && shape.rank() > 0) shape[0] = static_cast<int64_t>(batch);
  return shape;
}

}  // namespace

uint64_t invoke_nanoseconds() { return total_invoke_nanoseconds.load(std::memory_order_relaxed); }

Result<std::unique_ptr<XnnpackDelegate>> XnnpackDelegate::create(
    const runtime::BackendInitArgs& args, pthreadpool_t pool) {
  std::unique_ptr<XnnpackDelegate> delegate(new XnnpackDelegate(pool));
  // Flatbuffers only checks alignment relative to the buffer's start: a payload stored at a
  // misaligned address is read from an aligned copy (the program builder aligns payloads).
  Span<const uint8_t> bytes = args.payload;
  if (reinterpret_cast<uintptr_t>(bytes.data()) % kConstantAlignment != 0) {
    delegate->payload_copy_ = AlignedBuffer(bytes.size());
    std::memcpy(delegate->payload_copy_.data(), bytes.data(), bytes.size());
    bytes = Span<const uint8_t>(delegate->payload_copy_.data(), bytes.size());
  }
  EDGEQ_ASSIGN_OR_RETURN(delegate->payload_, read_payload(bytes, args.inputs, args.outputs));
  const schema::Payload* payload = delegate->payload_;
  EDGEQ_RETURN_IF_ERROR(delegate->load_constants());
  EDGEQ_RETURN_IF_ERROR(
      widen_narrow_constants(*payload, &delegate->constant_data_, &delegate->widened_constants_));
  EDGEQ_ASSIGN_OR_RETURN(delegate->stages_,
                         PartitionStages::create(*payload, delegate->constant_data_, pool));
  auto describe = [&](const schema::Boundary* boundary, const TensorView& tensor) {
    const schema::Value* value = payload->values()->Get(boundary->value());
    Boundary b;
    b.value = boundary->value();
    b.channels_last = boundary->layout() == schema::BoundaryLayout::ChannelsFirstToLast &&
                      tensor.shape.rank() >= 3;
    b.batch_scaled = value->batch_scaled();
    b.dtype = tensor.dtype;
    b.declared = tensor.shape;
    return b;
  };
  for (size_t i = 0; i < args.inputs.size(); ++i) {
    delegate->inputs_.push_back(describe(payload->inputs()->Get(i), args.inputs[i]));
  }
  for (size_t i = 0; i < args.outputs.size(); ++i) {
    delegate->outputs_.push_back(describe(payload->outputs()->Get(i), args.outputs[i]));
  }
  EDGEQ_RETURN_IF_ERROR(delegate->build(compiled_batch(*payload)));
  return delegate;
}

Status XnnpackDelegate::load_constants() {
  const auto* constants = payload_->constants();
  const size_t count = constants == nullptr ? 0 : constants->size();
  for (size_t i = 0; i < count; ++i) {
    const auto* data = constants->Get(i)->data();
    const uint8_t* bytes = data->data();
    if (reinterpret_cast<uintptr_t>(bytes) % kConstantAlignment != 0) {
      constant_copies_.emplace_back(data->size());
      if (data->size() > 0) std::memcpy(constant_copies_.back().data(), bytes, data->size());
      bytes = constant_copies_.back().data();
    }
    constant_data_.push_back(bytes);
  }
  return Status::Ok();
}

Status XnnpackDelegate::build(size_t batch) {
  EDGEQ_RETURN_IF_ERROR(stages_->build(value_dims_for_batch(*payload_, batch)));
  batch_ = batch;
  for (Boundary& input : inputs_) {
    input.shape = with_batch(input.declared, input.batch_scaled, batch);
    input.buffer.reserve(TensorView(input.dtype, input.shape).nbytes() + XNN_EXTRA_BYTES);
    stages_->bind(input.value, input.buffer.data());
  }
  for (Boundary& output : outputs_) {
    output.shape = with_batch(output.declared, output.batch_scaled, batch);
    if (output.channels_last)
      output.buffer.reserve(TensorView(output.dtype, output.shape).nbytes());
  }
  return Status::Ok();
}

Result<size_t> XnnpackDelegate::batch_of(Span<const TensorView> inputs) const {
  size_t batch = batch_;
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (inputs_[i].batch_scaled && inputs[i].shape.rank() > 0 &&
        inputs[i].shape != inputs_[i].shape) {
      batch = static_cast<size_t>(inputs[i].shape[0]);
      break;
    }
  }
  return batch;
}

Status XnnpackDelegate::check_tensors(Span<const TensorView> tensors,
                                      const std::vector<Boundary>& boundaries,
                                      const char* kind) const {
  if (tensors.size() != boundaries.size()) {
    return invalid_argument("xnnpack delegate: ", tensors.size(), " ", kind, "s given, ",
                            boundaries.size(), " expected");
  }
  for (size_t i = 0; i < tensors.size(); ++i) {
    if (tensors[i].dtype != boundaries[i].dtype || tensors[i].shape != boundaries[i].shape ||
        tensors[i].data == nullptr) {
      return invalid_argument("xnnpack delegate: ", kind, " ", i, " is ", tensors[i].to_string(),
                              ", expected ", dtype_name(boundaries[i].dtype),
                              boundaries[i].shape.to_string(), " with data");
    }
  }
  return Status::Ok();
}

Result<std::vector<Shape>> XnnpackDelegate::output_shapes(Span<const TensorView> inputs) const {
  EDGEQ_ASSIGN_OR_RETURN(size_t batch, batch_of(inputs));
  std::vector<Shape> shapes;
  for (const Boundary& output : outputs_) {
    shapes.push_back(with_batch(output.declared, output.batch_scaled, batch));
  }
  return shapes;
}

Status XnnpackDelegate::execute(Span<const TensorView> inputs, Span<const TensorView> outputs) {
  if (inputs.size() != inputs_.size()) return check_tensors(inputs, inputs_, "input");
  EDGEQ_ASSIGN_OR_RETURN(size_t batch, batch_of(inputs));
  if (batch != batch_) EDGEQ_RETURN_IF_ERROR(build(batch));
  EDGEQ_RETURN_IF_ERROR(check_tensors(inputs, inputs_, "input"));
  EDGEQ_RETURN_IF_ERROR(check_tensors(outputs, outputs_, "output"));

  for (size_t i = 0; i < inputs.size(); ++i) {
    Boundary& input = inputs_[i];
    if (input.channels_last) {
      size_t n, c, s;
      split_channels(input.shape, &n, &c, &s);
      channels_first_to_last(inputs[i].data, input.buffer.data(), n, c, s,
                             dtype_storage_bytes(input.dtype, 1));
    } else {
      std::memcpy(input.buffer.data(), inputs[i].data, inputs[i].nbytes());
    }
  }
  for (size_t i = 0; i < outputs.size(); ++i) {
    stages_->bind(outputs_[i].value,
                  outputs_[i].channels_last ? outputs_[i].buffer.data() : outputs[i].data);
  }
  EDGEQ_RETURN_IF_ERROR(timed_run(*stages_));
  for (size_t i = 0; i < outputs.size(); ++i) {
    Boundary& output = outputs_[i];
    if (!output.channels_last) continue;
    size_t n, c, s;
    split_channels(output.shape, &n, &c, &s);
    channels_last_to_first(output.buffer.data(), outputs[i].data, n, c, s,
                           dtype_storage_bytes(output.dtype, 1));
  }
  return Status::Ok();
}

}  // namespace edgeq::xnnpack
