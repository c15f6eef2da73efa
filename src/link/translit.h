// Name keys that survive case, diacritics, script and spelling: the matching layer shared by the
// gazetteer (place names) and entity linking (person and organisation names).
//
//   FoldKey("Sant Julià de Lòria")  -> "sant julia de loria"
//   FoldKey("Rostov-on-Don")        -> "rostov on don"
//   FoldKey("Грайворон")            -> "грайворон"        (other scripts stay in their script)
//   Romanizations("Грайворон")      -> {"Grayvoron", "Grajvoron"}   (BGN/PCGN and ISO 9)
//   LooseKey("graivoron") == LooseKey("grayvoron") == LooseKey("grajvoron") == "graivoron"
//
// FoldKey: case folding, diacritics removed, Latin letters reduced to ASCII (ł -> l, ß -> ss),
// apostrophes dropped (Vinnyts'ka -> vinnytska), any other run of non-letters/digits -> one space.
// LooseKey: a coarser skeleton of a folded Latin key that merges the usual variants of romanised
// Slavic (and other) names: y/j/i, w/v, kh/h, zh/z, ph/f, doubled letters, ye-/ie- -> e-. It is a
// second-tier key: callers try FoldKey first and fall back to LooseKey.
//
// Thread safety: all functions are safe to call concurrently (ICU transliterators are per thread).
// Cost: ASCII input takes a fast path without ICU (tens of nanoseconds per name), and so, nearly,
// does Latin text whose only non-ASCII letters are accented ASCII letters ("Kraków"); the rest is
// transliterated (tens of microseconds per name).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace mosaic::link {

std::string FoldKey(std::string_view utf8);
// FoldKey by ICU transliteration alone, without FoldKey's fast paths for ASCII and for Latin
// letters that decompose to ASCII plus accents; tests check the fast paths against it.
std::string FoldKeyReference(std::string_view utf8);

std::string LooseKey(std::string_view folded);

// True when every letter of `utf8` is Latin (or it has no letters).
bool IsLatinScript(std::string_view utf8);

// Latin renderings of a name in another script, distinct, in order of preference: for Cyrillic the
// BGN/PCGN romanisation for the languages in `langs` (any of "ru", "uk", "be", "bg"; empty = "ru")
// then ISO 9 (ICU Any-Latin); for Greek BGN/PCGN. Other scripts and Latin names give nothing:
// romanising Arabic or Chinese names without vowels or tones would invent spellings.
std::vector<std::string> Romanizations(std::string_view utf8,
                                       const std::vector<std::string>& langs = {});

}  // namespace mosaic::link
