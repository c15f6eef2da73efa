// A streaming JSON writer that appends to a std::string.
//
// Why not nlohmann::json here: building a DOM allocates a node per value and the DocGraph writer is
// on the hot path of `extract` (it took two thirds of the time with the DOM). This writer formats
// straight into one buffer. It does not validate nesting; callers pair Begin/End calls.
//
//   JsonWriter w(&out);
//   w.BeginObject(); w.Key("name"); w.String("Minsk"); w.Key("lat"); w.Double(53.9); w.EndObject();
#pragma once

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace mosaic {

class JsonWriter {
 public:
  explicit JsonWriter(std::string* out) : out_(out) {}

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }
  void Key(std::string_view k) {
    if (!AppendShortQuoted(k, /*colon=*/true)) {
      Sep();
      Quoted(k);
      out_->push_back(':');
    }
    after_key_ = true;
  }
  void String(std::string_view s) {
    if (AppendShortQuoted(s, /*colon=*/false)) return;
    Sep();
    Quoted(s);
  }
  // "" becomes null: the DocGraph uses null for absent strings.
  void StringOrNull(std::string_view s) {
    if (s.empty())
      Null();
    else
      String(s);
  }
  void Int(int64_t v) {
    char buf[24];
    size_t n = SepInto(buf);
    auto r = std::to_chars(buf + n, buf + sizeof buf, v);
    out_->append(buf, r.ptr);
  }
  void Double(double v) {
    Sep();
    if (!std::isfinite(v)) {
      out_->append("null");
      return;
    }
    char buf[32];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    out_->append(buf, r.ptr);
  }
  void Bool(bool v) {
    Sep();
    out_->append(v ? "true" : "false");
  }
  void Null() {
    Sep();
    out_->append("null");
  }

 private:
  void Open(char c) {
    Sep();
    out_->push_back(c);
    first_ = true;
  }
  void Close(char c) {
    out_->push_back(c);
    first_ = false;
  }
  void Sep() {
    if (after_key_) {
      after_key_ = false;
      first_ = false;
      return;
    }
    if (!first_) out_->push_back(',');
    first_ = false;
  }
  // Sep()'s effect, its comma (if any) written to buf; returns the bytes written.
  // A short string that needs no escaping (keys, most values): separator, quotes and a key's
  // colon go out in one append instead of five calls into std::string. False, with nothing
  // written, for any other string.
  bool AppendShortQuoted(std::string_view s, bool colon) {
    char buf[128];
    if (s.size() + 4 > sizeof buf || !NoEscapes(s)) return false;
    size_t n = SepInto(buf);
    buf[n++] = '"';
    std::memcpy(buf + n, s.data(), s.size());
    n += s.size();
    buf[n++] = '"';
    if (colon) buf[n++] = ':';
    out_->append(buf, n);
    return true;
  }
  size_t SepInto(char* buf) {
    bool comma = !after_key_ && !first_;
    after_key_ = false;
    first_ = false;
    if (comma) buf[0] = ',';
    return comma ? 1 : 0;
  }
  static bool NoEscapes(std::string_view s) {
    for (char ch : s) {
      unsigned char c = static_cast<unsigned char>(ch);
      if (c < 0x20 || c == '"' || c == '\\') return false;
    }
    return true;
  }
  void Quoted(std::string_view s) {
    out_->push_back('"');
    size_t run = 0;  // start of the current run of bytes that need no escaping
    for (size_t i = 0; i < s.size(); ++i) {
      unsigned char c = static_cast<unsigned char>(s[i]);
      if (c >= 0x20 && c != '"' && c != '\\') continue;
      out_->append(s.data() + run, i - run);
      run = i + 1;
      switch (c) {
        case '"':
          out_->append("\\\"");
          break;
        case '\\':
          out_->append("\\\\");
          break;
        case '\n':
          out_->append("\\n");
          break;
        case '\r':
          out_->append("\\r");
          break;
        case '\t':
          out_->append("\\t");
          break;
        case '\b':
          out_->append("\\b");
          break;
        case '\f':
          out_->append("\\f");
          break;
        default: {
          static constexpr char kHex[] = "0123456789abcdef";
          char esc[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
          out_->append(esc, 6);
        }
      }
    }
    out_->append(s.data() + run, s.size() - run);
    out_->push_back('"');
  }

  std::string* out_;
  bool first_ = true;
  bool after_key_ = false;
};

}  // namespace mosaic
