#include "runtime/core/attributes.h"

#include <sstream>

namespace edgeq {
namespace {

Status wrong_type(const std::string& name, const char* wanted) {
  return invalid_argument("attribute '", name, "' must be ", wanted);
}

template <typename T>
void print_list(std::ostringstream& out, const std::vector<T>& values) {
  out << '[';
  for (size_t i = 0; i < values.size(); ++i) out << (i ? ", " : "") << values[i];
  out << ']';
}

}  // namespace

void Attributes::set(const std::string& name, AttrValue value) {
  for (auto& item : items_) {
    if (item.first == name) {
      item.second = std::move(value);
      return;
    }
  }
  items_.emplace_back(name, std::move(value));
}

void Attributes::erase(const std::string& name) {
  for (auto it = items_.begin(); it != items_.end(); ++it) {
    if (it->first == name) {
      items_.erase(it);
      return;
    }
  }
}

const AttrValue* Attributes::find(const std::string& name) const {
  for (const auto& item : items_) {
    if (item.first == name) return &item.second;
  }
  return nullptr;
}

Result<int64_t> Attributes::get_int(const std::string& name, int64_t fallback) const {
  const AttrValue* v = find(name);
  if (v == nullptr) return fallback;
  if (const auto* i = std::get_if<int64_t>(v)) return *i;
  return wrong_type(name, "an int");
}

Result<float> Attributes::get_float(const std::string& name, float fallback) const {
  const AttrValue* v = find(name);
  if (v == nullptr) return fallback;
  if (const auto* f = std::get_if<float>(v)) return *f;
  if (const auto* i = std::get_if<int64_t>(v)) return static_cast<float>(*i);
  return wrong_type(name, "a float");
}

Result<std::string> Attributes::get_string(const std::string& name,
                                           const std::string& fallback) const {
  const AttrValue* v = find(name);
  if (v == nullptr) return fallback;
  if (const auto* s = std::get_if<std::string>(v)) return *s;
  return wrong_type(name, "a string");
}

Result<std::vector<int64_t>> Attributes::get_ints(const std::string& name,
                                                  std::vector<int64_t> fallback) const {
  const AttrValue* v = find(name);
  if (v == nullptr) return fallback;
  if (const auto* l = std::get_if<std::vector<int64_t>>(v)) return *l;
  if (const auto* i = std::get_if<int64_t>(v)) return std::vector<int64_t>{*i};
  return wrong_type(name, "a list of ints");
}

Result<std::vector<float>> Attributes::get_floats(const std::string& name,
                                                  std::vector<float> fallback) const {
  const AttrValue* v = find(name);
  if (v == nullptr) return fallback;
  if (const auto* l = std::get_if<std::vector<float>>(v)) return *l;
  if (const auto* l = std::get_if<std::vector<int64_t>>(v)) {
    return std::vector<float>(l->begin(), l->end());
  }
  if (const auto* f = std::get_if<float>(v)) return std::vector<float>{*f};
  return wrong_type(name, "a list of floats");
}

Result<int64_t> Attributes::require_int(const std::string& name) const {
  if (!has(name)) return invalid_argument("required attribute '", name, "' is missing");
  return get_int(name, 0);
}

Result<std::vector<int64_t>> Attributes::require_ints(const std::string& name) const {
  if (!has(name)) return invalid_argument("required attribute '", name, "' is missing");
  return get_ints(name);
}

std::string Attributes::to_string() const {
  std::ostringstream out;
  for (size_t n = 0; n < items_.size(); ++n) {
    out << (n ? ", " : "") << items_[n].first << '=';
    const AttrValue& v = items_[n].second;
    if (const auto* i = std::get_if<int64_t>(&v)) out << *i;
    if (const auto* f = std::get_if<float>(&v)) out << *f;
    if (const auto* s = std::get_if<std::string>(&v)) out << '"' << *s << '"';
    if (const auto* l = std::get_if<std::vector<int64_t>>(&v)) print_list(out, *l);
    if (const auto* l = std::get_if<std::vector<float>>(&v)) print_list(out, *l);
  }
  return out.str();
}

}  // namespace edgeq
