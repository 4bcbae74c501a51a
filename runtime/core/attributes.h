// Attributes: the named parameters of an op (ONNX attribute semantics), shared by the IR, the
// program file and the kernels. Tensor-valued attributes do not exist here: the importer turns
// them into constant values.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "runtime/core/status.h"

namespace edgeq {

using AttrValue =
    std::variant<int64_t, float, std::string, std::vector<int64_t>, std::vector<float>>;

class Attributes {
 public:
  Attributes() = default;

  bool has(const std::string& name) const { return find(name) != nullptr; }
  // Adds or replaces.
  void set(const std::string& name, AttrValue value);
  void erase(const std::string& name);
  const std::vector<std::pair<std::string, AttrValue>>& items() const { return items_; }
  bool empty() const { return items_.empty(); }

  // Typed getters with a default for absent attributes. A present attribute of another type is an
  // error naming the attribute (ints also accept a single int; floats accept ints).
  Result<int64_t> get_int(const std::string& name, int64_t fallback) const;
  Result<float> get_float(const std::string& name, float fallback) const;
  Result<std::string> get_string(const std::string& name, const std::string& fallback) const;
  Result<std::vector<int64_t>> get_ints(const std::string& name,
                                        std::vector<int64_t> fallback = {}) const;
  Result<std::vector<float>> get_floats(const std::string& name,
                                        std::vector<float> fallback = {}) const;
  // The same getters for required attributes: absent is an error.
  Result<int64_t> require_int(const std::string& name) const;
  Result<std::vector<int64_t>> require_ints(const std::string& name) const;

  // "axis=1, pads=[0, 0, 1, 1]"
  std::string to_string() const;
  bool operator==(const Attributes& other) const { return items_ == other.items_; }

 private:
  const AttrValue* find(const std::string& name) const;
  std::vector<std::pair<std::string, AttrValue>> items_;
};

}  // namespace edgeq
