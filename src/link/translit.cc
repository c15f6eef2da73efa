#include "link/translit.h"

#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <map>
#include <memory>

namespace mosaic::link {
namespace {

// "u s a" (from "U.S.A.") -> "usa": initialisms fold to one word whatever their punctuation.
void JoinInitials(std::string* key) {
  size_t words = 0;
  for (size_t i = 0; i < key->size(); ++i) {
    bool start = i == 0 || (*key)[i - 1] == ' ';
    bool end = i + 1 == key->size() || (*key)[i + 1] == ' ';
    if ((*key)[i] == ' ') continue;
    if (!start || !end) return;  // a word longer than one character
    ++words;
  }
  if (words < 2) return;
  key->erase(std::remove(key->begin(), key->end(), ' '), key->end());
}

// One transliterator per id and thread: ICU transliterators keep per-call state and are cheap to
// reuse but not to create (milliseconds), so each thread builds each id once.
icu::Transliterator* GetTransliterator(const char* id) {
  thread_local std::map<std::string, std::unique_ptr<icu::Transliterator>> cache;
  auto it = cache.find(id);
  if (it != cache.end()) return it->second.get();
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Transliterator> t(icu::Transliterator::createInstance(
      icu::UnicodeString::fromUTF8(id), UTRANS_FORWARD, status));
  if (U_FAILURE(status)) t.reset();
  return cache.emplace(id, std::move(t)).first->second.get();
}

bool IsApostrophe(UChar32 c) {
  return c == '\'' || c == '`' || c == 0x2019 || c == 0x2018 || c == 0x02BC || c == 0x02B9 ||
         c == 0x00B4 || c == 0x02BB;
}

// Appends folded code points of `s` to `out`, collapsing separators to one space.
void AppendFolded(const icu::UnicodeString& s, std::string* out) {
  bool pending_space = false;
  for (int32_t i = 0; i < s.length();) {
    UChar32 c = s.char32At(i);
    i += U16_LENGTH(c);
    if (IsApostrophe(c)) continue;
    if (u_isalnum(c)) {
      if (pending_space && !out->empty()) out->push_back(' ');
      pending_space = false;
      icu::UnicodeString one(c);
      one.foldCase();
      one.toUTF8String(*out);
    } else {
      pending_space = true;
    }
  }
}

// AppendFolded for ASCII text: letters lower-cased, digits kept, apostrophes dropped, any other run
// of characters -> one space.
void AppendFoldedAscii(std::string_view ascii, std::string* out) {
  bool pending_space = false;
  for (unsigned char c : ascii) {
    if (c == '\'' || c == '`') continue;
    bool alpha = (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
    if (alpha || (c >= '0' && c <= '9')) {
      if (pending_space && !out->empty()) out->push_back(' ');
      pending_space = false;
      out->push_back(alpha ? static_cast<char>(c | 0x20) : static_cast<char>(c));
    } else {
      pending_space = true;
    }
  }
}

// Latin letters without a canonical decomposition that Latin-ASCII spells in ASCII letters, one for
// one or (ß, æ, œ) as two whatever their case or context once folded ("Białystok" -> "bialystok",
// "Tromsø"), and the curly apostrophes, which it makes "'" ("O’Brien"). FoldKey's test checks
// each against the transliterator.
const char* LatinAsciiLetter(UChar32 c) {
  switch (c) {
    case 0x00C6:  // Æ
      return "AE";
    case 0x00D8:  // Ø
      return "O";
    case 0x00DF:  // ß
      return "ss";
    case 0x00E6:  // æ
      return "ae";
    case 0x00F8:  // ø
      return "o";
    case 0x0110:  // Đ
      return "D";
    case 0x0111:  // đ
      return "d";
    case 0x0131:  // ı
      return "i";
    case 0x0141:  // Ł
      return "L";
    case 0x0142:  // ł
      return "l";
    case 0x0152:  // Œ
      return "OE";
    case 0x0153:  // œ
      return "oe";
    case 0x2018:  // ‘
    case 0x2019:  // ’
      return "'";
    default:
      return nullptr;
  }
}

// Latin letters with diacritics ("Kraków", "Zürich", "Bănești"): when every character's canonical
// decomposition (NFD) is ASCII plus nonspacing marks, the transliterator's steps (NFD, marks
// removed, NFC, Latin-ASCII) leave exactly those ASCII characters, so they are taken without it
// (a transliterator call costs tens of microseconds; the first one of a process builds ICU's
// transliterator registry, some 150 million instructions). The letters of LatinAsciiLetter are
// spelled as Latin-ASCII spells them. Returns false, and the caller transliterates, for anything
// else: invalid UTF-8, other letters that do not decompose, other scripts.
bool DecomposeToAscii(std::string_view utf8, std::string* ascii) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  if (U_FAILURE(status) || nfd == nullptr) return false;
  icu::UnicodeString d;
  const auto* p = reinterpret_cast<const uint8_t*>(utf8.data());
  const int32_t n = static_cast<int32_t>(utf8.size());
  for (int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) return false;
    if (c < 0x80) {
      ascii->push_back(static_cast<char>(c));
      continue;
    }
    if (u_charType(c) == U_NON_SPACING_MARK) continue;
    if (const char* a = LatinAsciiLetter(c)) {
      ascii->append(a);
      continue;
    }
    if (!nfd->getDecomposition(c, d)) return false;
    for (int32_t j = 0; j < d.length();) {
      UChar32 x = d.char32At(j);
      j += U16_LENGTH(x);
      if (x < 0x80) {
        ascii->push_back(static_cast<char>(x));
      } else if (u_charType(x) != U_NON_SPACING_MARK) {
        return false;
      }
    }
  }
  return true;
}

}  // namespace

std::string FoldKey(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  bool ascii = true;
  for (unsigned char c : utf8) {
    if (c >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) {
    AppendFoldedAscii(utf8, &out);
    JoinInitials(&out);
    return out;
  }
  if (std::string decomposed; DecomposeToAscii(utf8, &decomposed)) {
    AppendFoldedAscii(decomposed, &out);
    JoinInitials(&out);
    return out;
  }
  return FoldKeyReference(utf8);
}

std::string FoldKeyReference(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  icu::UnicodeString s = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), utf8.size()));
  if (icu::Transliterator* t =
          GetTransliterator("NFD; [:Nonspacing Mark:] Remove; NFC; Latin-ASCII")) {
    t->transliterate(s);
  }
  AppendFolded(s, &out);
  JoinInitials(&out);
  return out;
}

std::string LooseKey(std::string_view folded) {
  std::string a;
  a.reserve(folded.size());
  for (size_t i = 0; i < folded.size(); ++i) {
    char c = folded[i];
    char next = i + 1 < folded.size() ? folded[i + 1] : '\0';
    bool word_start = i == 0 || folded[i - 1] == ' ';
    if (c == 'y' || c == 'j') c = 'i';
    if (c == 'w') c = 'v';
    if ((c == 'k' || c == 'z' || c == 'p') && next == 'h') {
      a.push_back(c == 'p' ? 'f' : c == 'k' ? 'h' : 'z');
      ++i;
      continue;
    }
    // Ye-/Ie-/Je- at the start of a word: Yekaterinburg / Ekaterinburg / Jekaterinburg.
    if (word_start && c == 'i' && next == 'e') continue;
    a.push_back(c);
  }
  // Doubled letters: Odessa / Odesa, Zaporizhzhia / Zaporizhia, Asipovichy / Asipovichii.
  std::string out;
  out.reserve(a.size());
  for (char c : a) {
    if (!out.empty() && out.back() == c && c != ' ') continue;
    out.push_back(c);
  }
  return out;
}

bool IsLatinScript(std::string_view utf8) {
  for (size_t i = 0; i < utf8.size();) {
    unsigned char b = static_cast<unsigned char>(utf8[i]);
    if (b < 0x80) {
      ++i;
      continue;
    }
    UChar32 c;
    int32_t j = static_cast<int32_t>(i);
    U8_NEXT(utf8.data(), j, static_cast<int32_t>(utf8.size()), c);
    i = static_cast<size_t>(j);
    if (c < 0 || !u_isalpha(c)) continue;
    UErrorCode status = U_ZERO_ERROR;
    UScriptCode sc = uscript_getScript(c, &status);
    if (U_SUCCESS(status) && sc != USCRIPT_LATIN && sc != USCRIPT_COMMON &&
        sc != USCRIPT_INHERITED) {
      return false;
    }
  }
  return true;
}

std::vector<std::string> Romanizations(std::string_view utf8,
                                       const std::vector<std::string>& langs) {
  std::vector<std::string> out;
  UScriptCode script = USCRIPT_INVALID_CODE;
  for (size_t i = 0; i < utf8.size() && script == USCRIPT_INVALID_CODE;) {
    UChar32 c;
    int32_t j = static_cast<int32_t>(i);
    U8_NEXT(utf8.data(), j, static_cast<int32_t>(utf8.size()), c);
    i = static_cast<size_t>(j);
    if (c < 0x80 || !u_isalpha(c)) continue;
    UErrorCode status = U_ZERO_ERROR;
    UScriptCode sc = uscript_getScript(c, &status);
    if (U_SUCCESS(status) && sc != USCRIPT_COMMON && sc != USCRIPT_INHERITED) script = sc;
  }
  std::vector<const char*> ids;
  if (script == USCRIPT_CYRILLIC) {
    std::vector<std::string> l = langs.empty() ? std::vector<std::string>{"ru"} : langs;
    for (const auto& lang : l) {
      if (lang == "ru") ids.push_back("Russian-Latin/BGN");
      if (lang == "uk") ids.push_back("Ukrainian-Latin/BGN");
      if (lang == "be") ids.push_back("Belarusian-Latin/BGN");
      if (lang == "bg") ids.push_back("Bulgarian-Latin/BGN");
    }
    ids.push_back("Any-Latin");
  } else if (script == USCRIPT_GREEK) {
    ids.push_back("Greek-Latin/BGN");
  } else {
    return out;
  }
  for (const char* id : ids) {
    icu::Transliterator* t = GetTransliterator(id);
    if (t == nullptr) continue;
    icu::UnicodeString s = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), utf8.size()));
    t->transliterate(s);
    std::string r;
    s.toUTF8String(r);
    bool seen = false;
    for (const auto& o : out) seen = seen || o == r;
    if (!seen && !r.empty()) out.push_back(std::move(r));
  }
  return out;
}

}  // namespace mosaic::link
