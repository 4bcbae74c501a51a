// A flat JSON object written key by key, for machine-readable command output (edgeq bench --json).
#pragma once

#include <cstdint>
#include <string>

namespace edgeq::tools {

class JsonObject {
 public:
  // Each add appends one member in call order; keys are not checked for duplicates.
  void add(const std::string& key, const std::string& value);
  void add(const std::string& key, const char* value) { add(key, std::string(value)); }
  void add(const std::string& key, double value);  // non-finite values are written as null
  void add(const std::string& key, uint64_t value);
  void add(const std::string& key, int64_t value);
  void add(const std::string& key, int value) { add(key, static_cast<int64_t>(value)); }
  void add(const std::string& key, bool value);
  void add_null(const std::string& key);

  // The object, "{...}", one member per line.
  std::string to_string() const;

 private:
  void add_raw(const std::string& key, const std::string& json);
  std::string members_;
};

// `text` as a JSON string literal with quotes, escaping quotes, backslashes and control bytes.
std::string json_quote(const std::string& text);

}  // namespace edgeq::tools
