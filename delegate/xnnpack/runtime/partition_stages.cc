#include "delegate/xnnpack/runtime/partition_stages.h"

#include <algorithm>

#include "delegate/xnnpack/runtime/payload_reader.h"

namespace edgeq::xnnpack {
namespace {

// Calls fn(value id, is_output) for every value node `index` reads or writes.
template <typename Fn>
void for_each_operand(const schema::Payload& payload, size_t index, Fn&& fn) {
  const schema::Node* node = payload.nodes()->Get(static_cast<uint32_t>(index));
  for (uint32_t id : *node->inputs()) {
    if (id != kAbsentValue) fn(id, false);
  }
  for (uint32_t id : *node->outputs()) fn(id, true);
}

}  // namespace

Result<std::unique_ptr<PartitionStages>> PartitionStages::create(
    const schema::Payload& payload, const std::vector<const void*>& constant_data,
    pthreadpool_t pool) {
  std::unique_ptr<PartitionStages> stages(new PartitionStages(payload, constant_data, pool));
  stages->isa_ = resolved_delegate_linear_isa();
  stages->conv_engine_ = delegate_conv_engine();
  if (!linear_isa_supported(stages->isa_)) {
    return unavailable("xnnpack delegate: linear kernel path ", linear_isa_name(stages->isa_),
                       " is not available on this CPU or build");
  }
  EDGEQ_RETURN_IF_ERROR(stages->split());
  stages->plan_values();
  return stages;
}

Status PartitionStages::split() {
  const size_t count = payload_.nodes()->size();
  for (size_t i = 0; i < count; ++i) {
    const schema::Node& node = *payload_.nodes()->Get(static_cast<uint32_t>(i));
    Stage stage;
    stage.nodes = {i, i + 1, {}};
    if (node.kind() == schema::NodeKind::DynamicQuantizedLinear) {
      EDGEQ_ASSIGN_OR_RETURN(LinearNode linear, LinearNode::create(payload_, i, constant_data_));
      stage.linear = static_cast<int>(linears_.size());
      linears_.push_back(std::move(linear));
    } else if (conv_engine_for(payload_, i, conv_engine_, isa_) == ConvEngine::kOwn) {
      EDGEQ_ASSIGN_OR_RETURN(ConvNode conv, ConvNode::create(payload_, i, constant_data_));
      stage.conv = static_cast<int>(convs_.size());
      convs_.push_back(std::move(conv));
    } else {
      add_xnnpack_node(i);
      continue;
    }
    stages_.push_back(std::move(stage));
  }
  return Status::Ok();
}

void PartitionStages::add_xnnpack_node(size_t index) {
  if (!stages_.empty() && !stages_.back().own()) {
    stages_.back().nodes.end = index + 1;
    return;
  }
  Stage stage;
  stage.nodes = {index, index + 1, {}};
  stages_.push_back(std::move(stage));
}

void PartitionStages::plan_values() {
  const size_t num_values = payload_.values()->size();
  std::vector<std::vector<size_t>> stages_of(num_values);  // stages reading or writing a value
  std::vector<size_t> producer(num_values, stages_.size());
  for (size_t s = 0; s < stages_.size(); ++s) {
    for (size_t i = stages_[s].nodes.begin; i < stages_[s].nodes.end; ++i) {
      for_each_operand(payload_, i, [&](uint32_t id, bool is_output) {
        if (stages_of[id].empty() || stages_of[id].back() != s) stages_of[id].push_back(s);
        if (is_output) producer[id] = s;
      });
    }
  }
  owns_buffer_.assign(num_values, false);
  for (size_t id = 0; id < num_values; ++id) {
    const schema::Value* value = payload_.values()->Get(static_cast<uint32_t>(id));
    if (value->constant() >= 0 || value->input() >= 0 || value->output() >= 0) continue;
    const bool own_kernel = std::any_of(stages_of[id].begin(), stages_of[id].end(),
                                        [&](size_t s) { return stages_[s].own(); });
    owns_buffer_[id] = own_kernel || stages_of[id].size() > 1;
  }
  for (size_t s = 0; s < stages_.size(); ++s) {
    Stage& stage = stages_[s];
    if (stage.own()) continue;
    stage.nodes.value_flags.assign(num_values, 0);
    for (size_t id = 0; id < num_values; ++id) {
      const schema::Value* value = payload_.values()->Get(static_cast<uint32_t>(id));
      if (value->constant() >= 0) continue;
      uint32_t& flags = stage.nodes.value_flags[id];
      const bool touched =
          std::find(stages_of[id].begin(), stages_of[id].end(), s) != stages_of[id].end();
      if (!touched) {
        flags = XNN_VALUE_FLAG_EXTERNAL_INPUT;  // another stage's value: no memory here
        continue;
      }
      if (value->input() >= 0) flags |= XNN_VALUE_FLAG_EXTERNAL_INPUT;
      if (value->output() >= 0) flags |= XNN_VALUE_FLAG_EXTERNAL_OUTPUT;
      if (stages_of[id].size() > 1) {
        flags |= producer[id] == s ? XNN_VALUE_FLAG_EXTERNAL_OUTPUT : XNN_VALUE_FLAG_EXTERNAL_INPUT;
      }
      if (flags != 0) stage.external.push_back({static_cast<uint32_t>(id), nullptr});
    }
  }
  value_buffers_.resize(num_values);
  value_data_.assign(num_values, nullptr);
}

Status PartitionStages::build(const std::vector<std::vector<size_t>>& value_dims) {
  for (size_t id = 0; id < value_dims.size(); ++id) {
    if (!owns_buffer_[id]) continue;
    size_t numel = 1;
    for (size_t d : value_dims[id]) numel *= d;
    const schema::Value* value = payload_.values()->Get(static_cast<uint32_t>(id));
    value_buffers_[id].reserve(numel * datatype_bytes(value->datatype()) + XNN_EXTRA_BYTES);
    value_data_[id] = value_buffers_[id].data();
  }
  size_t scratch_bytes = 0;
  for (Stage& stage : stages_) {
    stage.set_up = false;
    if (stage.linear >= 0) {
      const LinearNode& linear = linears_[stage.linear];
      EDGEQ_ASSIGN_OR_RETURN(stage.count,
                             linear.rows(value_dims[linear.input()], value_dims[linear.output()]));
      scratch_bytes = std::max(scratch_bytes, linear.scratch_bytes(stage.count));
      continue;
    }
    if (stage.conv >= 0) {
      const ConvNode& conv = convs_[stage.conv];
      EDGEQ_ASSIGN_OR_RETURN(stage.count,
                             conv.batch(value_dims[conv.input()], value_dims[conv.output()]));
      scratch_bytes = std::max(scratch_bytes, conv.scratch_bytes(stage.count));
      continue;
    }
    stage.runtime.reset();
    EDGEQ_ASSIGN_OR_RETURN(
        stage.runtime, create_runtime(payload_, constant_data_, value_dims, pool_, stage.nodes));
  }
  kernel_scratch_.reserve(scratch_bytes);
  return Status::Ok();
}

Status PartitionStages::run_xnnpack(Stage& stage) {
  bool pointers_changed = !stage.set_up;
  for (xnn_external_value& external : stage.external) {
    void* data = value_data_[external.id];
    pointers_changed |= external.data != data;
    external.data = data;
  }
  if (pointers_changed) {
    const xnn_status status =
        xnn_setup_runtime(stage.runtime.get(), stage.external.size(), stage.external.data());
    if (status != xnn_status_success) {
      return internal_error("xnn_setup_runtime failed (status ", static_cast<int>(status), ")");
    }
    stage.set_up = true;
  }
  const xnn_status status = xnn_invoke_runtime(stage.runtime.get());
  if (status != xnn_status_success) {
    return internal_error("xnn_invoke_runtime failed (status ", static_cast<int>(status), ")");
  }
  return Status::Ok();
}

Status PartitionStages::run_own(const Stage& stage) {
  const Span<uint8_t> scratch(kernel_scratch_.data(), kernel_scratch_.size());
  if (stage.conv >= 0) {
    const ConvNode& conv = convs_[stage.conv];
    return conv.run(static_cast<const int8_t*>(value_data_[conv.input()]), stage.count,
                    static_cast<int8_t*>(value_data_[conv.output()]), scratch, isa_, pool_);
  }
  const LinearNode& linear = linears_[stage.linear];
  return linear.run(static_cast<const float*>(value_data_[linear.input()]), stage.count,
                    static_cast<float*>(value_data_[linear.output()]), scratch, isa_, pool_);
}

Status PartitionStages::run() {
  for (Stage& stage : stages_) {
    EDGEQ_RETURN_IF_ERROR(stage.own() ? run_own(stage) : run_xnnpack(stage));
  }
  return Status::Ok();
}

}  // namespace edgeq::xnnpack
