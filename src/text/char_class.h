// Character classes for the tokeniser and taggers: ASCII fast paths, ICU for the rest.
#pragma once

#include <unicode/uchar.h>

namespace mosaic::text {

inline bool IsSpace(UChar32 c) {
  if (c < 0x80) return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
  return u_isUWhiteSpace(c);
}
inline bool IsLetter(UChar32 c) {
  if (c < 0) return false;
  if (c < 0x80) return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
  return u_isalpha(c);
}
inline bool IsDigit(UChar32 c) {
  if (c < 0) return false;
  if (c < 0x80) return c >= '0' && c <= '9';
  return u_isdigit(c);
}
inline bool IsMark(UChar32 c) {
  if (c < 0x300) return false;
  int8_t t = u_charType(c);
  return t == U_NON_SPACING_MARK || t == U_COMBINING_SPACING_MARK || t == U_ENCLOSING_MARK;
}
inline bool IsWordChar(UChar32 c) { return IsLetter(c) || IsDigit(c); }
inline bool IsUpper(UChar32 c) {
  if (c < 0) return false;
  if (c < 0x80) return c >= 'A' && c <= 'Z';
  return u_isupper(c) || u_istitle(c);
}

}  // namespace mosaic::text
