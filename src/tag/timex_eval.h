// Evaluation of the date tagger against TimeML gold: readers for TimeML .tml files (TimeBank,
// AQUAINT: TIMEX3 inline in <TEXT>) and MEANTIME NAF-style files (tokens plus TIMEX3 token
// anchors), and the TempEval-style scores: strict and relaxed span P/R/F1, value and type accuracy
// over relaxed matches. The document creation time is the reference (`published`) and is not
// scored.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "mosaic/status.h"

namespace mosaic::tag::timex {

struct GoldTimex {
  uint32_t begin = 0, end = 0;  // bytes into EvalDoc::text
  std::string type;             // DATE | TIME | DURATION | SET
  std::string value;
};

struct EvalDoc {
  std::string name;
  std::string text;
  std::string published;                              // the creation time's value ("" if none)
  std::vector<GoldTimex> gold;                        // creation time excluded
  std::vector<std::pair<uint32_t, uint32_t>> ignore;  // spans not scored (an in-text creation time)
  // System expressions starting at or after this byte are not scored: MEANTIME annotates only the
  // title and the first five sentences of each article.
  uint32_t scored_end = UINT32_MAX;
};

// Reads a TimeML file: the text inside <TEXT> with tags stripped, entities decoded.
Result<EvalDoc> ReadTimeMl(const std::string& path);
// Reads a MEANTIME file: tokens joined by spaces, one sentence a line.
Result<EvalDoc> ReadMeantime(const std::string& path);

struct TimexScores {
  int docs = 0, gold = 0, system = 0;
  int strict = 0, relaxed = 0;    // matched pairs
  int value_ok = 0, type_ok = 0;  // over relaxed matches
  double StrictP() const { return system ? double(strict) / system : 0; }
  double StrictR() const { return gold ? double(strict) / gold : 0; }
  double RelaxedP() const { return system ? double(relaxed) / system : 0; }
  double RelaxedR() const { return gold ? double(relaxed) / gold : 0; }
  static double F(double p, double r) { return p + r > 0 ? 2 * p * r / (p + r) : 0; }
  double StrictF() const { return F(StrictP(), StrictR()); }
  double RelaxedF() const { return F(RelaxedP(), RelaxedR()); }
  double ValueAccuracy() const { return relaxed ? double(value_ok) / relaxed : 0; }
  double TypeAccuracy() const { return relaxed ? double(type_ok) / relaxed : 0; }
  void Add(const TimexScores& o);
};

// One line per error ("MISS", "FALSE", "VALUE") for tuning, appended to `errors` when non-null.
TimexScores ScoreDocument(const EvalDoc& doc, std::vector<std::string>* errors);

}  // namespace mosaic::tag::timex
