#include "runtime/executor/method.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <new>

#include "runtime/executor/memory_planner.h"
#include "runtime/kernels/kernel.h"
#include "runtime/program/program_memory.h"

namespace edgeq::runtime {

// One instruction's runtime state: its kernel or backend handle and the tensor views it runs on.
struct Method::Step {
  const ProgramInstruction* instruction = nullptr;
  std::unique_ptr<Kernel> kernel;
  BackendInterface* backend = nullptr;
  DelegateHandle* handle = nullptr;
  std::vector<TensorView> declared_inputs;  // delegate calls: compile-time views, data null
  std::vector<TensorView> declared_outputs;
  std::vector<TensorView> inputs;  // bound views for execute
  std::vector<TensorView> outputs;

  ~Step() {
    if (handle != nullptr) backend->destroy(handle);
  }
};

namespace {

// AlignedBuffer reports allocation failure with std::bad_alloc; no exception leaves the runtime.
Status reserve(AlignedBuffer* buffer, size_t bytes, const char* what) {
  try {
    buffer->reserve(bytes);
  } catch (const std::bad_alloc&) {
    return unavailable("cannot allocate ", bytes, " bytes for the ", what);
  }
  return Status::Ok();
}

TensorView value_or_absent(const std::vector<TensorView>& values, int32_t index) {
  return index < 0 ? TensorView() : values[index];
}

std::vector<TensorView> declared_views(const Program& program,
                                       const std::vector<int32_t>& indices) {
  std::vector<TensorView> views;
  for (int32_t index : indices) {
    views.push_back(index < 0 ? TensorView() : program.values()[index].view());
  }
  return views;
}

}  // namespace

void MethodProfile::clear() {
  std::fill(nanoseconds.begin(), nanoseconds.end(), 0);
  std::fill(executions.begin(), executions.end(), 0);
  runs = 0;
}

Method::Method(std::shared_ptr<const Program> program) : program_(std::move(program)) {}
Method::~Method() = default;

Result<std::unique_ptr<Method>> Method::create(std::shared_ptr<const Program> program,
                                               const MethodOptions& options) {
  if (program == nullptr) return invalid_argument("Method::create: null program");
  std::unique_ptr<Method> method(new Method(std::move(program)));
  const Status status = method->init(options);
  if (!status.ok()) return status.with_context(method->program_->source());
  return method;
}

Status Method::init(const MethodOptions& options) {
  const Program& program = *program_;
  keep_intermediate_values_ = options.keep_intermediate_values;
  for (const ProgramValue& value : program.values()) values_.push_back(value.view());
  for (int32_t input : program.inputs()) input_shapes_.push_back(program.values()[input].shape);
  input_buffers_.resize(input_shapes_.size());  // allocated by plan_memory, after prepare
  init_ = init_evaluation(program);
  init_values_.resize(values_.size());
  const auto& instructions = program.instructions();
  for (size_t i = 0; i < instructions.size(); ++i) {
    const ProgramInstruction& instruction = instructions[i];
    auto step = std::make_unique<Step>();
    step->instruction = &instruction;
    if (instruction.kind == InstructionKind::kKernelCall) {
      auto kernel = create_portable_kernel(instruction.op);
      if (!kernel.ok()) return kernel.status().with_context(instruction.describe(i));
      step->kernel = std::move(kernel).value();
    } else {
      step->backend = get_backend(instruction.backend);
      if (step->backend == nullptr) {
        return unavailable(instruction.describe(i), ": program needs backend '",
                           instruction.backend, "', which is not registered in this runtime");
      }
      if (!step->backend->is_available()) {
        return unavailable(instruction.describe(i), ": backend '", instruction.backend,
                           "' is registered but not available on this machine");
      }
      step->declared_inputs = declared_views(program, instruction.inputs);
      step->declared_outputs = declared_views(program, instruction.outputs);
      BackendInitArgs args;
      args.payload = instruction.payload;
      args.compile_specs = Span<const CompileSpec>(instruction.compile_specs);
      args.run_options = Span<const CompileSpec>(options.backend_options);
      args.num_threads = options.num_threads;
      args.inputs = Span<const TensorView>(step->declared_inputs);
      args.outputs = Span<const TensorView>(step->declared_outputs);
      args.name = instruction.name.c_str();
      auto handle = step->backend->init(args);
      if (!handle.ok()) return handle.status().with_context(instruction.describe(i));
      step->handle = handle.value();
    }
    steps_.push_back(std::move(step));
  }
  EDGEQ_RETURN_IF_ERROR(prepare_all());
  init_evaluated_ = true;
  EDGEQ_RETURN_IF_ERROR(check_declared_shapes());
  return plan_memory(/*use_stored_plan=*/true);
}

Status Method::evaluate_at_init(size_t index, Span<const TensorView> inputs,
                                Span<const TensorView> outputs) {
  const ProgramInstruction& instruction = *steps_[index]->instruction;
  std::vector<TensorView> bound(outputs.begin(), outputs.end());
  for (size_t o = 0; o < bound.size(); ++o) {
    AlignedBuffer& buffer = init_values_[instruction.outputs[o]];
    EDGEQ_RETURN_IF_ERROR(reserve(&buffer, bound[o].nbytes(), "value computed at init"));
    bound[o].data = buffer.data();
    values_[instruction.outputs[o]].data = buffer.data();
  }
  AlignedBuffer scratch;
  EDGEQ_RETURN_IF_ERROR(reserve(&scratch, steps_[index]->kernel->scratch_bytes(), "init scratch"));
  const Status status = steps_[index]->kernel->execute(
      inputs, Span<const TensorView>(bound), Span<uint8_t>(scratch.data(), scratch.size()));
  return status.with_context(str_cat(instruction.describe(index), " (run once at init)"));
}

Status Method::prepare_all() {
  const Program& program = *program_;
  for (size_t k = 0; k < input_shapes_.size(); ++k) {
    values_[program.inputs()[k]].shape = input_shapes_[k];
  }
  scratch_bytes_ = 0;
  for (size_t i = 0; i < steps_.size(); ++i) {
    Step& step = *steps_[i];
    const ProgramInstruction& instruction = *step.instruction;
    // Prepare sees data only for constants and values computed at init.
    std::vector<TensorView> inputs;
    for (int32_t index : instruction.inputs) {
      TensorView view = value_or_absent(values_, index);
      if (index >= 0 && !program.values()[index].is_constant() && !init_.values[index]) {
        view.data = nullptr;
      }
      inputs.push_back(view);
    }
    std::vector<TensorView> outputs(instruction.outputs.size());
    if (step.kernel != nullptr) {
      const Status status = step.kernel->prepare(
          instruction.attributes, Span<const TensorView>(inputs), Span<TensorView>(outputs));
      if (!status.ok()) return status.with_context(instruction.describe(i));
      scratch_bytes_ = std::max(scratch_bytes_, step.kernel->scratch_bytes());
    } else {
      auto shapes = step.backend->output_shapes(step.handle, Span<const TensorView>(inputs),
                                                Span<const TensorView>(step.declared_inputs),
                                                Span<const TensorView>(step.declared_outputs));
      if (!shapes.ok()) return shapes.status().with_context(instruction.describe(i));
      if (shapes->size() != outputs.size()) {
        return internal_error(instruction.describe(i), ": backend gave ", shapes->size(),
                              " output shapes for ", outputs.size(), " outputs");
      }
      for (size_t o = 0; o < outputs.size(); ++o) {
        outputs[o] = TensorView(step.declared_outputs[o].dtype, (*shapes)[o]);
      }
    }
    for (size_t o = 0; o < outputs.size(); ++o) {
      const int32_t index = instruction.outputs[o];
      const ProgramValue& declared = program.values()[index];
      if (outputs[o].dtype != declared.dtype) {
        return invalid_argument(instruction.describe(i), ": output '", declared.name, "' is ",
                                outputs[o].to_string(), " after prepare but the program declares ",
                                dtype_name(declared.dtype));
      }
      values_[index].shape = outputs[o].shape;
    }
    if (init_.instructions[i] && !init_evaluated_) {
      EDGEQ_RETURN_IF_ERROR(
          evaluate_at_init(i, Span<const TensorView>(inputs), Span<const TensorView>(outputs)));
    }
  }
  return Status::Ok();
}

Status Method::check_declared_shapes() const {
  const Program& program = *program_;
  for (size_t i = 0; i < steps_.size(); ++i) {
    for (int32_t index : steps_[i]->instruction->outputs) {
      const ProgramValue& declared = program.values()[index];
      if (values_[index].shape != declared.shape) {
        return invalid_argument(steps_[i]->instruction->describe(i), ": output '", declared.name,
                                "' has shape ", values_[index].shape.to_string(),
                                " after prepare but the program declares ",
                                declared.shape.to_string());
      }
    }
  }
  return Status::Ok();
}

Status Method::plan_memory(bool use_stored_plan) {
  const Program& program = *program_;
  std::vector<size_t> offsets(values_.size(), 0);
  size_t arena_bytes = 0;
  if (use_stored_plan && !keep_intermediate_values_) {
    arena_bytes = program.memory_plan().arena_bytes;
    for (size_t i = 0; i < offsets.size(); ++i) {
      offsets[i] = static_cast<size_t>(std::max<int64_t>(program.memory_plan().offsets[i], 0));
    }
  } else {
    std::vector<BufferRequest> requests = arena_requests(program, Span<const TensorView>(values_));
    if (keep_intermediate_values_) requests = without_reuse(std::move(requests));
    ArenaPlan plan = plan_arena(Span<const BufferRequest>(requests));
    arena_bytes = plan.arena_bytes;
    offsets = std::move(plan.offsets);
  }
  EDGEQ_RETURN_IF_ERROR(reserve(&arena_, arena_bytes, "activation arena"));
  EDGEQ_RETURN_IF_ERROR(reserve(&scratch_, scratch_bytes_, "kernel scratch"));
  for (size_t i = 0; i < values_.size(); ++i) {
    const ProgramValue& value = program.values()[i];
    if (value.is_constant()) {
      values_[i].data = const_cast<uint8_t*>(value.constant_data.data());
    } else {
      values_[i].data = init_.values[i] ? init_values_[i].data() : arena_.data() + offsets[i];
    }
  }
  for (size_t k = 0; k < input_buffers_.size(); ++k) {
    TensorView& input = values_[program.inputs()[k]];
    EDGEQ_RETURN_IF_ERROR(reserve(&input_buffers_[k], input.nbytes(), "program input buffer"));
    input.data = input_buffers_[k].data();
  }
  bind_views();
  return Status::Ok();
}

void Method::bind_views() {
  for (auto& step : steps_) {
    step->inputs.clear();
    step->outputs.clear();
    for (int32_t index : step->instruction->inputs) {
      step->inputs.push_back(value_or_absent(values_, index));
    }
    for (int32_t index : step->instruction->outputs) step->outputs.push_back(values_[index]);
  }
}

const ProgramValue& Method::input_info(size_t i) const {
  return program_->values()[program_->inputs()[i]];
}

const ProgramValue& Method::output_info(size_t i) const {
  return program_->values()[program_->outputs()[i]];
}

Status Method::set_input(size_t i, const TensorView& tensor) {
  if (i >= num_inputs()) {
    return out_of_range("set_input: input index ", i, " out of range (the program has ",
                        num_inputs(), " inputs)");
  }
  const ProgramValue& declared = input_info(i);
  auto label = [&] { return str_cat("input ", i, " ('", declared.name, "')"); };  // errors only
  if (tensor.dtype != declared.dtype) {
    return invalid_argument(label(), ": expected dtype ", dtype_name(declared.dtype), ", got ",
                            dtype_name(tensor.dtype));
  }
  bool shape_ok = tensor.shape.rank() == declared.shape.rank();
  for (int d = 0; shape_ok && d < declared.shape.rank(); ++d) {
    const bool free_dim = d == 0 && declared.symbolic_batch;
    shape_ok = free_dim ? tensor.shape[d] >= 0 : tensor.shape[d] == declared.shape[d];
  }
  if (!shape_ok) {
    return invalid_argument(label(), ": expected shape ", declared.shape.to_string(),
                            declared.symbolic_batch ? " (dimension 0 may vary)" : "", ", got ",
                            tensor.shape.to_string());
  }
  if (tensor.data == nullptr && tensor.nbytes() > 0) {
    return invalid_argument(label(), ": tensor has no data");
  }
  if (tensor.shape != input_shapes_[i]) {
    input_shapes_[i] = tensor.shape;
    shapes_changed_ = true;
    EDGEQ_RETURN_IF_ERROR(reserve(&input_buffers_[i], tensor.nbytes(), "program input buffer"));
  }
  if (tensor.nbytes() > 0) std::memcpy(input_buffers_[i].data(), tensor.data, tensor.nbytes());
  return Status::Ok();
}

Status Method::execute() {
  if (shapes_changed_) {
    bool compiled_shapes = true;
    for (size_t k = 0; k < input_shapes_.size(); ++k) {
      compiled_shapes = compiled_shapes && input_shapes_[k] == input_info(k).shape;
    }
    const Status status = prepare_all();
    if (!status.ok()) return status.with_context("re-preparing for new input shapes");
    EDGEQ_RETURN_IF_ERROR(plan_memory(compiled_shapes));
    shapes_changed_ = false;
  }
  const Span<uint8_t> scratch(scratch_.data(), scratch_bytes_);
  for (size_t i = 0; i < steps_.size(); ++i) {
    if (init_.instructions[i]) continue;
    Step& step = *steps_[i];
    const auto start = profile_ != nullptr ? std::chrono::steady_clock::now()
                                           : std::chrono::steady_clock::time_point();
    const Span<const TensorView> inputs(step.inputs);
    const Span<const TensorView> outputs(step.outputs);
    const Status status = step.kernel != nullptr
                              ? step.kernel->execute(inputs, outputs, scratch)
                              : step.backend->execute(step.handle, inputs, outputs);
    if (!status.ok()) return status.with_context(step.instruction->describe(i));
    if (profile_ != nullptr) {
      const auto elapsed = std::chrono::steady_clock::now() - start;
      profile_->nanoseconds[i] += static_cast<uint64_t>(
          std::chrono::duration_cast<std::chrono::nanoseconds>(elapsed).count());
      ++profile_->executions[i];
    }
  }
  if (profile_ != nullptr) ++profile_->runs;
  return Status::Ok();
}

TensorView Method::output(size_t i) const {
  if (i >= num_outputs()) return TensorView();
  return values_[program_->outputs()[i]];
}

TensorView Method::value(size_t index) const {
  return index < values_.size() ? values_[index] : TensorView();
}

TensorView Method::value_by_name(const std::string& name) const {
  const std::vector<ProgramValue>& declared = program_->values();
  for (size_t i = 0; i < declared.size(); ++i) {
    if (declared[i].name == name) return values_[i];
  }
  return TensorView();
}

void Method::set_profile(MethodProfile* profile) {
  profile_ = profile;
  if (profile_ != nullptr) {
    profile_->nanoseconds.assign(steps_.size(), 0);
    profile_->executions.assign(steps_.size(), 0);
    profile_->runs = 0;
  }
}

}  // namespace edgeq::runtime
