#include "tag/dates.h"

#include "tag/numbers.h"
#include "tag/timex.h"

namespace mosaic::tag {

void TagDates(const text::AnalyzedText& text, DocGraph* graph) {
  LoweredTokens tokens(text);
  std::vector<timex::Timex> found = timex::Recognise(tokens);

  // The reference date: the published date, else the date the text gives itself (the strongest
  // statement, the earliest on a tie), else none.
  timex::Ymd ref;
  bool have_ref = false;
  graph->reference_date.clear();
  if (timex::ParseIsoDate(graph->doc.published, &ref)) {
    have_ref = true;
    graph->reference_source = "published";
  } else {
    int best = 0;
    for (const timex::Timex& t : found) {
      int s = timex::SelfDateStrength(tokens, t);
      if (s > best) {
        best = s;
        ref = {t.year, t.month, t.day};
      }
    }
    have_ref = best > 0;
    graph->reference_source = have_ref ? "text" : "none";
  }
  if (have_ref) graph->reference_date = timex::FormatYmd(ref.y, ref.m, ref.d);

  graph->dates.clear();
  graph->dates.reserve(found.size());
  for (const timex::Timex& t : found) {
    graph->dates.push_back(timex::Resolve(tokens, t, have_ref ? &ref : nullptr));
  }
}

}  // namespace mosaic::tag
