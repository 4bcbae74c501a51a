#include "tools/npy.h"

#include <cctype>
#include <cstring>
#include <string_view>

#include "tools/file_io.h"

namespace edgeq::tools {
namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicSize = 6;
constexpr size_t kHeaderAlignment = 64;

struct DescrEntry {
  const char* code;  // the descr without its byte-order character
  DType dtype;
};
constexpr DescrEntry kDescrs[] = {
    {"f4", DType::kF32}, {"f2", DType::kF16}, {"i1", DType::kI8},  {"u1", DType::kU8},
    {"i2", DType::kI16}, {"i4", DType::kI32}, {"i8", DType::kI64}, {"b1", DType::kBool},
};

uint32_t read_le(const uint8_t* bytes, int count) {
  uint32_t value = 0;
  for (int i = count - 1; i >= 0; --i) value = (value << 8) | bytes[i];
  return value;
}

// The header is a Python dict literal: {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }
class HeaderParser {
 public:
  explicit HeaderParser(std::string_view text) : text_(text) {}

  Status parse(std::string* descr, bool* fortran_order, std::vector<int64_t>* shape) {
    bool seen_descr = false, seen_order = false, seen_shape = false;
    EDGEQ_RETURN_IF_ERROR(expect('{'));
    while (true) {
      skip_space();
      if (consume('}')) break;
      std::string key;
      EDGEQ_RETURN_IF_ERROR(parse_string(&key));
      EDGEQ_RETURN_IF_ERROR(expect(':'));
      if (key == "descr") {
        EDGEQ_RETURN_IF_ERROR(parse_string(descr));
        seen_descr = true;
      } else if (key == "fortran_order") {
        EDGEQ_RETURN_IF_ERROR(parse_bool(fortran_order));
        seen_order = true;
      } else if (key == "shape") {
        EDGEQ_RETURN_IF_ERROR(parse_int_tuple(shape));
        seen_shape = true;
      } else {
        return invalid_argument("unexpected key '", key, "' in the header");
      }
      skip_space();
      if (consume('}')) break;
      EDGEQ_RETURN_IF_ERROR(expect(','));
    }
    if (!seen_descr || !seen_order || !seen_shape) {
      return invalid_argument("the header lacks one of 'descr', 'fortran_order', 'shape'");
    }
    skip_space();
    if (pos_ != text_.size()) return invalid_argument("unexpected text after the header dict");
    return Status::Ok();
  }

 private:
  void skip_space() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  bool consume(char c) {
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  Status expect(char c) {
    skip_space();
    if (consume(c)) return Status::Ok();
    return invalid_argument("malformed header: expected '", c, "' at header offset ", pos_);
  }
  Status parse_string(std::string* out) {
    skip_space();
    if (pos_ >= text_.size() || (text_[pos_] != '\'' && text_[pos_] != '"')) {
      return invalid_argument("malformed header: expected a string at header offset ", pos_);
    }
    char quote = text_[pos_++];
    size_t end = text_.find(quote, pos_);
    if (end == std::string_view::npos) return invalid_argument("malformed header: open string");
    *out = std::string(text_.substr(pos_, end - pos_));
    pos_ = end + 1;
    return Status::Ok();
  }
  Status parse_bool(bool* out) {
    skip_space();
    for (auto [word, value] : {std::pair{std::string_view("True"), true}, {"False", false}}) {
      if (text_.substr(pos_, word.size()) == word) {
        pos_ += word.size();
        *out = value;
        return Status::Ok();
      }
    }
    return invalid_argument("malformed header: expected True or False at header offset ", pos_);
  }
  Status parse_int_tuple(std::vector<int64_t>* out) {
    EDGEQ_RETURN_IF_ERROR(expect('('));
    out->clear();
    while (true) {
      skip_space();
      if (consume(')')) return Status::Ok();
      if (pos_ >= text_.size() || !std::isdigit(static_cast<unsigned char>(text_[pos_]))) {
        return invalid_argument("malformed header: expected a dimension at header offset ", pos_);
      }
      int64_t dim = 0;
      while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) {
        dim = dim * 10 + (text_[pos_++] - '0');
        if (dim > (int64_t{1} << 48)) return invalid_argument("a dimension is too large");
      }
      out->push_back(dim);
      skip_space();
      if (consume(')')) return Status::Ok();
      EDGEQ_RETURN_IF_ERROR(expect(','));
    }
  }

  std::string_view text_;
  size_t pos_ = 0;
};

Result<DType> dtype_from_descr(const std::string& descr) {
  if (descr.size() == 3) {
    char order = descr[0];
    for (const DescrEntry& entry : kDescrs) {
      if (descr.compare(1, 2, entry.code) != 0) continue;
      bool single_byte = dtype_size(entry.dtype) == 1;
      if (order == '<' || order == '=' || order == '|' || (order == '>' && single_byte)) {
        return entry.dtype;
      }
      if (order == '>') return unimplemented("big-endian data ('", descr, "') is not supported");
    }
  }
  return unimplemented("dtype '", descr, "' is not supported (f4, f2, i1, u1, i2, i4, i8, b1)");
}

Result<NpyArray> parse_npy_unnamed(Span<const uint8_t> bytes) {
  if (bytes.size() < kMagicSize + 4 || std::memcmp(bytes.data(), kMagic, kMagicSize) != 0) {
    return data_loss("not a .npy file (no \\x93NUMPY magic)");
  }
  int major = bytes[kMagicSize];
  if (major < 1 || major > 3) return unimplemented(".npy format version ", major, " is unknown");
  int length_bytes = major == 1 ? 2 : 4;
  size_t header_start = kMagicSize + 2 + length_bytes;
  if (bytes.size() < header_start) return data_loss("truncated header");
  size_t header_size = read_le(bytes.data() + kMagicSize + 2, length_bytes);
  if (bytes.size() - header_start < header_size) {
    return data_loss("truncated: the header needs ", header_size, " bytes, the file has ",
                     bytes.size() - header_start);
  }
  std::string_view header(reinterpret_cast<const char*>(bytes.data() + header_start), header_size);
  std::string descr;
  bool fortran_order = false;
  std::vector<int64_t> dims;
  EDGEQ_RETURN_IF_ERROR(HeaderParser(header).parse(&descr, &fortran_order, &dims));
  EDGEQ_ASSIGN_OR_RETURN(DType dtype, dtype_from_descr(descr));
  if (fortran_order) return unimplemented("Fortran-order arrays are not supported");
  if (dims.size() > static_cast<size_t>(kMaxRank)) {
    return unimplemented("rank ", dims.size(), " is above the maximum ", kMaxRank);
  }

  size_t data_start = header_start + header_size;
  size_t available = bytes.size() - data_start;
  size_t count = 1;
  for (int64_t dim : dims) {
    if (dim != 0 && count > available / static_cast<size_t>(dim)) {
      return data_loss("truncated: shape ", Shape(dims).to_string(), " needs more than the ",
                       available, " data bytes present");
    }
    count *= static_cast<size_t>(dim);
  }
  size_t needed = dtype_storage_bytes(dtype, count);
  if (needed != available) {
    return data_loss("shape ", Shape(dims).to_string(), " of ", dtype_name(dtype), " needs ",
                     needed, " data bytes, the file has ", available);
  }
  NpyArray array;
  array.dtype = dtype;
  array.shape = Shape(dims);
  array.data = AlignedBuffer(needed);
  if (needed > 0) std::memcpy(array.data.data(), bytes.data() + data_start, needed);
  if (dtype == DType::kBool) {
    for (size_t i = 0; i < count; ++i) {
      if (array.data.data()[i] > 1) {
        return invalid_argument("bool element ", i, " is ", int{array.data.data()[i]});
      }
    }
  }
  return array;
}

const char* descr_for(DType dtype) {
  switch (dtype) {
    case DType::kF32:
      return "<f4";
    case DType::kF16:
      return "<f2";
    case DType::kI8:
      return "|i1";
    case DType::kU8:
      return "|u1";
    case DType::kI16:
      return "<i2";
    case DType::kI32:
      return "<i4";
    case DType::kI64:
      return "<i8";
    case DType::kBool:
      return "|b1";
    default:
      return nullptr;
  }
}

std::string shape_tuple(const Shape& shape) {
  std::string text = "(";
  for (int i = 0; i < shape.rank(); ++i) {
    text += std::to_string(shape[i]);
    text += (shape.rank() == 1 || i + 1 < shape.rank()) ? "," : "";
    text += i + 1 < shape.rank() ? " " : "";
  }
  return text + ")";
}

}  // namespace

Result<NpyArray> parse_npy(Span<const uint8_t> bytes, const std::string& name) {
  Result<NpyArray> array = parse_npy_unnamed(bytes);
  if (!array.ok()) return array.status().with_context(name);
  return array;
}

Result<NpyArray> read_npy(const std::string& path) {
  EDGEQ_ASSIGN_OR_RETURN(std::vector<uint8_t> bytes, read_file_bytes(path));
  return parse_npy(bytes, path);
}

Result<std::vector<uint8_t>> encode_npy(const TensorView& tensor) {
  const char* descr = descr_for(tensor.dtype);
  if (descr == nullptr) {
    return unimplemented(".npy cannot hold dtype ", dtype_name(tensor.dtype));
  }
  std::string header =
      str_cat("{'descr': '", descr,
              "', 'fortran_order': False, 'shape': ", shape_tuple(tensor.shape), ", }");
  // Version 1.0: the header length is 2 bytes, plenty for rank <= kMaxRank.
  size_t prefix = kMagicSize + 4;
  size_t padded =
      (prefix + header.size() + 1 + kHeaderAlignment - 1) / kHeaderAlignment * kHeaderAlignment;
  header.append(padded - prefix - header.size() - 1, ' ');
  header.push_back('\n');

  std::vector<uint8_t> bytes(kMagic, kMagic + kMagicSize);
  bytes.insert(bytes.end(), {1, 0, static_cast<uint8_t>(header.size() & 0xFF),
                             static_cast<uint8_t>(header.size() >> 8)});
  bytes.insert(bytes.end(), header.begin(), header.end());
  const auto* data = static_cast<const uint8_t*>(tensor.data);
  if (tensor.nbytes() > 0 && data == nullptr) return invalid_argument("tensor has no data");
  if (tensor.nbytes() > 0) bytes.insert(bytes.end(), data, data + tensor.nbytes());
  return bytes;
}

Status write_npy(const std::string& path, const TensorView& tensor) {
  Result<std::vector<uint8_t>> bytes = encode_npy(tensor);
  if (!bytes.ok()) return bytes.status().with_context(path);
  return write_file_bytes(path, *bytes);
}

}  // namespace edgeq::tools
