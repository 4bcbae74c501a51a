#include "tools/json_writer.h"

#include <cmath>
#include <cstdio>

namespace edgeq::tools {

std::string json_quote(const std::string& text) {
  std::string quoted = "\"";
  for (char c : text) {
    switch (c) {
      case '"':
        quoted += "\\\"";
        break;
      case '\\':
        quoted += "\\\\";
        break;
      case '\n':
        quoted += "\\n";
        break;
      case '\t':
        quoted += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof(escaped), "\\u%04x", static_cast<unsigned>(c));
          quoted += escaped;
        } else {
          quoted += c;
        }
    }
  }
  return quoted + "\"";
}

void JsonObject::add_raw(const std::string& key, const std::string& json) {
  members_ += (members_.empty() ? "\n  " : ",\n  ") + json_quote(key) + ": " + json;
}

void JsonObject::add(const std::string& key, const std::string& value) {
  add_raw(key, json_quote(value));
}

void JsonObject::add(const std::string& key, double value) {
  if (!std::isfinite(value)) return add_null(key);
  char text[32];
  std::snprintf(text, sizeof(text), "%.9g", value);
  add_raw(key, text);
}

void JsonObject::add(const std::string& key, uint64_t value) {
  add_raw(key, std::to_string(value));
}

void JsonObject::add(const std::string& key, int64_t value) { add_raw(key, std::to_string(value)); }

void JsonObject::add(const std::string& key, bool value) { add_raw(key, value ? "true" : "false"); }

void JsonObject::add_null(const std::string& key) { add_raw(key, "null"); }

std::string JsonObject::to_string() const { return "{" + members_ + "\n}"; }

}  // namespace edgeq::tools
