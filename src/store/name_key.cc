#include "store/name_key.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>

#include "link/name_keys.h"

namespace mosaic::store {

namespace {

std::string StripArticle(std::string key) {
  if (key.rfind("the ", 0) == 0 && key.size() > 4) key.erase(0, 4);
  return key;
}

}  // namespace

std::string NameKey(std::string_view name) {
  // ASCII text (most names in English news) needs none of ICU's work: it has no compatibility
  // forms nor combining marks, folds case as A-Z -> a-z, and its letters and digits are
  // [A-Za-z0-9]; the same key as NameKeyUnicode (store_test checks), several times cheaper.
  if (std::all_of(name.begin(), name.end(), [](char c) { return (c & 0x80) == 0; })) {
    std::string key;
    key.reserve(name.size());
    bool pending_space = false;
    for (char c : name) {
      const bool lower = c >= 'a' && c <= 'z', upper = c >= 'A' && c <= 'Z';
      if (lower || upper || (c >= '0' && c <= '9')) {
        if (pending_space && !key.empty()) key += ' ';
        pending_space = false;
        key += upper ? static_cast<char>(c - 'A' + 'a') : c;
      } else if (c != '\'') {  // apostrophes join, as below
        pending_space = true;
      }
    }
    return StripArticle(std::move(key));
  }
  return NameKeyUnicode(name);
}

std::string NameKeyUnicode(std::string_view name) {
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* nfkd = icu::Normalizer2::getNFKDInstance(err);
  if (U_FAILURE(err)) return std::string(name);
  icu::UnicodeString in = icu::UnicodeString::fromUTF8(
      icu::StringPiece(name.data(), static_cast<int32_t>(name.size())));
  icu::UnicodeString decomposed = nfkd->normalize(in, err);
  if (U_FAILURE(err)) return std::string(name);
  decomposed.foldCase();
  // Keep letters and digits; drop combining marks; everything else separates words.
  icu::UnicodeString out;
  bool pending_space = false;
  for (int32_t i = 0; i < decomposed.length();) {
    UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    int8_t t = u_charType(c);
    if (t == U_NON_SPACING_MARK || t == U_ENCLOSING_MARK || t == U_COMBINING_SPACING_MARK) continue;
    if (u_isalnum(c)) {
      if (pending_space && out.length() > 0) out.append(static_cast<UChar>(' '));
      pending_space = false;
      out.append(c);
    } else if (c == 0x2019 || c == '\'') {
      // Apostrophes join ("O'Brien" = "OBrien") rather than split.
    } else {
      pending_space = true;
    }
  }
  std::string key;
  out.toUTF8String(key);
  return StripArticle(std::move(key));
}

std::vector<std::string> EntityKeys(const Entity& entity) {
  std::vector<std::string> keys;
  auto add = [&](std::string k) {
    if (!k.empty() && std::find(keys.begin(), keys.end(), k) == keys.end())
      keys.push_back(std::move(k));
  };
  // A borrowed point's id is another place's (docgraph.h): the name keys the entity instead.
  if (entity.geo && !entity.geo->id.empty() && !entity.geo->borrowed) add("geo:" + entity.geo->id);
  // People: the romanisation-proof "p:<given-name class>|<surname skeleton>" key (link/name_keys.h)
  // joins Alexander Lukashenko and Alyaksandr Lukashenka across articles. Surname-only "s:" keys
  // are not used to join: a surname alone is too ambiguous across documents.
  if (entity.type == "person") {
    auto person_keys = [&](const std::string& name) {
      for (auto& k : link::PersonNameKeys(name)) {
        if (k.rfind("p:", 0) == 0) add(std::move(k));
      }
    };
    person_keys(entity.name);
    for (const auto& alias : entity.aliases) person_keys(alias);
  }
  add(NameKey(entity.name));
  for (const auto& alias : entity.aliases) {
    std::string k = NameKey(alias);
    if (k.find(' ') != std::string::npos) add(std::move(k));
  }
  return keys;
}

}  // namespace mosaic::store
