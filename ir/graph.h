// The graph IR: a Graph owns Values (tensors: name, dtype, shape, optional constant data) and Nodes
// (one op from the one op list with its Attributes, input and output Values). Everything between
// the importer and the program writer (passes, quantizer, partitioner) works on it.
//
// Invariants kept by the mutation helpers (and checked by Graph::verify):
//   - every Value has at most one producer; graph inputs and constants have none;
//   - a Value's uses list every (node, input index) that reads it;
//   - value names are unique among values, node names among nodes (a value and a node may share
//   one).
// Value and Node pointers stay valid until that value/node is removed (or the graph destroyed).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "runtime/core/attributes.h"
#include "runtime/core/dtype.h"
#include "runtime/core/op_type.h"
#include "runtime/core/shape.h"
#include "runtime/core/status.h"
#include "runtime/core/tensor.h"

namespace edgeq::ir {

class Graph;
class Node;

// Immutable bytes of a constant, shared between values and graph copies (never written to).
class ConstantData {
 public:
  ConstantData() = default;
  ConstantData(std::shared_ptr<const uint8_t> bytes, size_t size)
      : bytes_(std::move(bytes)), size_(size) {}
  // Copies `size` bytes into a new 64-byte aligned buffer.
  static ConstantData copy_of(const void* data, size_t size);

  // Never null for a constant built by copy_of or the importer, even when size() is 0 (a null
  // TensorView::data means "not constant" to the kernels).
  const uint8_t* data() const { return bytes_.get(); }
  size_t size() const { return size_; }
  template <typename T>
  const T* data_as() const {
    return reinterpret_cast<const T*>(bytes_.get());
  }

 private:
  std::shared_ptr<const uint8_t> bytes_;
  size_t size_ = 0;
};

// One place a value is read: input `input_index` of `node`.
struct Use {
  Node* node;
  int input_index;
};

class Value {
 public:
  const std::string& name() const { return name_; }
  DType dtype() const { return dtype_; }
  // Concrete dims (at the compile-time batch size when has_symbolic_batch()).
  const Shape& shape() const { return shape_; }
  // False until shape inference (or the importer) has set the dtype.
  bool has_type() const { return dtype_ != DType::kUndefined; }
  void set_type(DType dtype, const Shape& shape) {
    dtype_ = dtype;
    shape_ = shape;
  }

  // True for a graph input whose dim 0 was symbolic in the model (an ONNX dim_param), and for
  // non-constant values computed from one (set by shape inference): dim 0 of shape() is then the
  // batch size chosen at compile time, and Shape of such a value is not folded.
  bool has_symbolic_batch() const { return symbolic_batch_; }
  void set_symbolic_batch(bool symbolic) { symbolic_batch_ = symbolic; }

  bool is_constant() const { return constant_ != nullptr; }
  // The constant's bytes (dtype_storage_bytes(dtype, numel) of them); nullptr when not constant.
  const ConstantData* constant() const { return constant_.get(); }
  // A view of this value; data is non-null only for constants.
  TensorView view() const;

  // The node computing this value; nullptr for graph inputs and constants.
  Node* producer() const { return producer_; }
  const std::vector<Use>& uses() const { return uses_; }
  // The distinct nodes that read this value, in the order they started reading it.
  std::vector<Node*> consumers() const;

 private:
  friend class Graph;
  friend class Node;
  Value(std::string name, DType dtype, const Shape& shape)
      : name_(std::move(name)), dtype_(dtype), shape_(shape) {}

  std::string name_;
  DType dtype_ = DType::kUndefined;
  Shape shape_;
  bool symbolic_batch_ = false;
  std::unique_ptr<ConstantData> constant_;
  Node* producer_ = nullptr;
  std::vector<Use> uses_;
};

class Node {
 public:
  const std::string& name() const { return name_; }
  OpType op() const { return op_; }
  const Attributes& attrs() const { return attrs_; }
  Attributes& mutable_attrs() { return attrs_; }

  // Inputs in op order; an absent optional input is nullptr.
  const std::vector<Value*>& inputs() const { return inputs_; }
  const std::vector<Value*>& outputs() const { return outputs_; }
  int num_inputs() const { return static_cast<int>(inputs_.size()); }
  int num_outputs() const { return static_cast<int>(outputs_.size()); }
  // The input at `index`, or nullptr when absent or past the end.
  Value* input(int index) const;
  Value* output(int index) const { return outputs_[index]; }

  // Rewires input `index` (growing the list with absent inputs if needed); keeps use lists right.
  void set_input(int index, Value* value);
  // Drops trailing inputs so that num_inputs() == count.
  void truncate_inputs(int count);

  // "Conv 'conv_1'" for error messages.
  std::string description() const;

 private:
  friend class Graph;
  Node(OpType op, std::string name, Attributes attrs)
      : op_(op), name_(std::move(name)), attrs_(std::move(attrs)) {}

  OpType op_;
  std::string name_;
  Attributes attrs_;
  std::vector<Value*> inputs_;
  std::vector<Value*> outputs_;
};

class Graph {
 public:
  Graph() = default;
  Graph(Graph&&) = default;
  Graph& operator=(Graph&&) = default;
  Graph(const Graph&) = delete;
  Graph& operator=(const Graph&) = delete;
  // A deep copy (constant bytes are shared, being immutable).
  Graph clone() const;

  // Values. Names are made unique among values (a taken name gets a "_1", "_2", ... suffix).
  Value* add_value(const std::string& name, DType dtype = DType::kUndefined,
                   const Shape& shape = Shape());
  // A constant; `data` must hold dtype_storage_bytes(dtype, shape.numel()) bytes.
  Value* add_constant(const std::string& name, DType dtype, const Shape& shape, ConstantData data);
  // Turns an existing value into a constant (e.g. after folding); it loses its producer link.
  void make_constant(Value* value, DType dtype, const Shape& shape, ConstantData data);
  Value* find_value(const std::string& name) const;
  // Removes a value that has no producer, no uses and is not a graph input/output.
  Status remove_value(Value* value);

  // Nodes. `outputs` must not have a producer yet. The name is made unique among nodes (an empty
  // name becomes the op's name).
  Node* add_node(OpType op, const std::string& name, const std::vector<Value*>& inputs,
                 const std::vector<Value*>& outputs, Attributes attrs = Attributes());
  // Detaches the node from its inputs' use lists and its outputs' producer, then deletes it.
  // Its output values stay in the graph (without producer) until removed.
  void remove_node(Node* node);
  Node* find_node(const std::string& name) const;

  // Makes `value` (which must have no producer) output `index` of `node`; the old output loses its
  // producer. Lets a pass make a node compute a value whose name must survive (a graph output).
  void replace_node_output(Node* node, int index, Value* value);

  // Every use of `from` (node inputs and graph outputs) now reads `to`.
  void replace_all_uses(Value* from, Value* to);

  // A name not used yet by any value or node, derived from `base`.
  std::string unique_name(const std::string& base) const;

  // Graph inputs (values without producer fed at run time) and outputs, in order.
  const std::vector<Value*>& inputs() const { return inputs_; }
  const std::vector<Value*>& outputs() const { return outputs_; }
  void add_input(Value* value) { inputs_.push_back(value); }
  void add_output(Value* value) { outputs_.push_back(value); }
  void set_outputs(std::vector<Value*> outputs) { outputs_ = std::move(outputs); }
  bool is_graph_input(const Value* value) const;
  bool is_graph_output(const Value* value) const;

  // All nodes / values, in insertion order (not necessarily topological).
  std::vector<Node*> nodes() const;
  std::vector<Value*> values() const;
  size_t num_nodes() const { return nodes_.size(); }

  // Nodes ordered so that every node comes after the producers of its inputs (stable: ties keep
  // insertion order). A cycle is an InvalidArgument naming a node on it.
  Result<std::vector<Node*>> topological_order() const;

  // Checks the structure: arity of every node, every input produced / graph input / constant,
  // single producers, consistent use lists, unique names, outputs reachable, no cycle, constant
  // sizes matching dtype and shape. The error names the node or value.
  Status verify() const;

 private:
  std::vector<std::unique_ptr<Value>> values_;
  std::vector<std::unique_ptr<Node>> nodes_;
  std::vector<Value*> inputs_;
  std::vector<Value*> outputs_;
  std::unordered_map<std::string, Value*> value_by_name_;
  std::unordered_map<std::string, Node*> node_by_name_;
};

}  // namespace edgeq::ir
