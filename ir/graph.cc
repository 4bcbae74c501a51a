#include "ir/graph.h"

#include <algorithm>
#include <cstring>

#include "runtime/core/aligned_buffer.h"

namespace edgeq::ir {

ConstantData ConstantData::copy_of(const void* data, size_t size) {
  auto buffer = std::make_shared<AlignedBuffer>(size);
  if (size > 0) std::memcpy(buffer->data(), data, size);
  std::shared_ptr<const uint8_t> bytes(buffer, buffer->data());
  return ConstantData(std::move(bytes), size);
}

TensorView Value::view() const {
  const void* data = constant_ ? static_cast<const void*>(constant_->data()) : nullptr;
  return TensorView(dtype_, shape_, data);
}

std::vector<Node*> Value::consumers() const {
  std::vector<Node*> nodes;
  for (const Use& use : uses_) {
    if (std::find(nodes.begin(), nodes.end(), use.node) == nodes.end()) nodes.push_back(use.node);
  }
  return nodes;
}

Value* Node::input(int index) const {
  if (index < 0 || index >= num_inputs()) return nullptr;
  return inputs_[index];
}

void Node::set_input(int index, Value* value) {
  if (index >= num_inputs()) inputs_.resize(index + 1, nullptr);
  Value* old = inputs_[index];
  if (old != nullptr) {
    auto& uses = old->uses_;
    uses.erase(std::find_if(uses.begin(), uses.end(), [&](const Use& u) {
      return u.node == this && u.input_index == index;
    }));
  }
  inputs_[index] = value;
  if (value != nullptr) value->uses_.push_back(Use{this, index});
}

void Node::truncate_inputs(int count) {
  for (int i = num_inputs() - 1; i >= count; --i) set_input(i, nullptr);
  if (count < num_inputs()) inputs_.resize(count);
}

std::string Node::description() const { return str_cat(op_name(op_), " '", name_, "'"); }

Graph Graph::clone() const {
  Graph copy;
  std::unordered_map<const Value*, Value*> value_map;
  for (const auto& v : values_) {
    Value* c = copy.add_value(v->name(), v->dtype(), v->shape());
    c->symbolic_batch_ = v->symbolic_batch_;
    if (v->constant_) c->constant_ = std::make_unique<ConstantData>(*v->constant_);
    value_map[v.get()] = c;
  }
  auto map_all = [&](const std::vector<Value*>& values) {
    std::vector<Value*> out;
    for (Value* v : values) out.push_back(v ? value_map.at(v) : nullptr);
    return out;
  };
  for (const auto& n : nodes_) {
    copy.add_node(n->op(), n->name(), map_all(n->inputs()), map_all(n->outputs()), n->attrs());
  }
  copy.inputs_ = map_all(inputs_);
  copy.outputs_ = map_all(outputs_);
  return copy;
}

namespace {

// `base` itself when `taken` refuses it, else `base` with the first free "_<n>" suffix.
template <typename Taken>
std::string first_free_name(const std::string& base, Taken taken) {
  if (!base.empty() && !taken(base)) return base;
  const std::string stem = base.empty() ? std::string("v") : base;
  for (int suffix = 1;; ++suffix) {
    std::string candidate = str_cat(stem, "_", suffix);
    if (!taken(candidate)) return candidate;
  }
}

}  // namespace

std::string Graph::unique_name(const std::string& base) const {
  return first_free_name(base, [&](const std::string& name) {
    return value_by_name_.count(name) > 0 || node_by_name_.count(name) > 0;
  });
}

Value* Graph::add_value(const std::string& name, DType dtype, const Shape& shape) {
  std::string unique =
      first_free_name(name, [&](const std::string& n) { return value_by_name_.count(n) > 0; });
  values_.push_back(std::unique_ptr<Value>(new Value(unique, dtype, shape)));
  Value* value = values_.back().get();
  value_by_name_[unique] = value;
  return value;
}

Value* Graph::add_constant(const std::string& name, DType dtype, const Shape& shape,
                           ConstantData data) {
  Value* value = add_value(name, dtype, shape);
  value->constant_ = std::make_unique<ConstantData>(std::move(data));
  return value;
}

void Graph::make_constant(Value* value, DType dtype, const Shape& shape, ConstantData data) {
  if (value->producer_ != nullptr) {
    auto& outs = value->producer_->outputs_;
    std::replace(outs.begin(), outs.end(), value, static_cast<Value*>(nullptr));
    value->producer_ = nullptr;
  }
  value->set_type(dtype, shape);
  value->symbolic_batch_ = false;
  value->constant_ = std::make_unique<ConstantData>(std::move(data));
}

Value* Graph::find_value(const std::string& name) const {
  auto it = value_by_name_.find(name);
  return it == value_by_name_.end() ? nullptr : it->second;
}

Status Graph::remove_value(Value* value) {
  if (value->producer_ != nullptr || !value->uses_.empty() || is_graph_input(value) ||
      is_graph_output(value)) {
    return failed_precondition("value '", value->name(), "' is still in use");
  }
  value_by_name_.erase(value->name());
  values_.erase(std::find_if(values_.begin(), values_.end(),
                             [&](const auto& v) { return v.get() == value; }));
  return Status::Ok();
}

Node* Graph::add_node(OpType op, const std::string& name, const std::vector<Value*>& inputs,
                      const std::vector<Value*>& outputs, Attributes attrs) {
  std::string unique =
      first_free_name(name.empty() ? std::string(op_name(op)) : name,
                      [&](const std::string& n) { return node_by_name_.count(n) > 0; });
  nodes_.push_back(std::unique_ptr<Node>(new Node(op, unique, std::move(attrs))));
  Node* node = nodes_.back().get();
  node_by_name_[unique] = node;
  for (size_t i = 0; i < inputs.size(); ++i) node->set_input(static_cast<int>(i), inputs[i]);
  node->outputs_ = outputs;
  for (Value* out : outputs) {
    if (out != nullptr && out->producer_ == nullptr) out->producer_ = node;
  }
  return node;
}

void Graph::remove_node(Node* node) {
  node->truncate_inputs(0);
  for (Value* out : node->outputs_) {
    if (out != nullptr && out->producer_ == node) out->producer_ = nullptr;
  }
  node_by_name_.erase(node->name());
  nodes_.erase(
      std::find_if(nodes_.begin(), nodes_.end(), [&](const auto& n) { return n.get() == node; }));
}

Node* Graph::find_node(const std::string& name) const {
  auto it = node_by_name_.find(name);
  return it == node_by_name_.end() ? nullptr : it->second;
}

void Graph::replace_node_output(Node* node, int index, Value* value) {
  Value* old = node->outputs_[index];
  if (old != nullptr && old->producer_ == node) old->producer_ = nullptr;
  node->outputs_[index] = value;
  value->producer_ = node;
}

void Graph::replace_all_uses(Value* from, Value* to) {
  if (from == to) return;
  const std::vector<Use> uses = from->uses_;
  for (const Use& use : uses) use.node->set_input(use.input_index, to);
  std::replace(outputs_.begin(), outputs_.end(), from, to);
}

bool Graph::is_graph_input(const Value* value) const {
  return std::find(inputs_.begin(), inputs_.end(), value) != inputs_.end();
}

bool Graph::is_graph_output(const Value* value) const {
  return std::find(outputs_.begin(), outputs_.end(), value) != outputs_.end();
}

std::vector<Node*> Graph::nodes() const {
  std::vector<Node*> out;
  out.reserve(nodes_.size());
  for (const auto& n : nodes_) out.push_back(n.get());
  return out;
}

std::vector<Value*> Graph::values() const {
  std::vector<Value*> out;
  out.reserve(values_.size());
  for (const auto& v : values_) out.push_back(v.get());
  return out;
}

}  // namespace edgeq::ir
