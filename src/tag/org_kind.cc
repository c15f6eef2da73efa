#include "tag/org_kind.h"

#include <algorithm>
#include <array>
#include <vector>

#include "tag/features.h"

namespace mosaic::tag {
namespace {

template <size_t N>
bool In(const std::array<std::string_view, N>& list, std::string_view w) {
  return std::find(list.begin(), list.end(), w) != list.end();
}

// Words inside a name that make it an armed group.
constexpr std::array<std::string_view, 26> kArmedHeads = {
    "militia",    "militias",    "legion",    "corps",    "brigade",  "brigades",  "battalion",
    "battalions", "regiment",    "army",      "forces",   "guard",    "guards",    "division",
    "pmc",        "mercenaries", "rebels",    "fighters", "commando", "commandos", "detachment",
    "squadron",   "platoon",     "company's", "navy",     "marines"};
// Context words that make the organisation next to them an armed group ("the militia X",
// "X fighters", "private military company X").
constexpr std::array<std::string_view, 22> kArmedContext = {
    "militia",     "militias",     "militant", "militants", "fighters",  "mercenary",
    "mercenaries", "paramilitary", "rebel",    "rebels",    "insurgent", "insurgents",
    "guerrilla",   "guerrillas",   "pmc",      "jihadist",  "jihadists", "armed",
    "military",    "troops",       "units",    "unit"};
constexpr std::array<std::string_view, 31> kGovernmentHeads = {"ministry",
                                                               "government",
                                                               "parliament",
                                                               "senate",
                                                               "congress",
                                                               "cabinet",
                                                               "kremlin",
                                                               "pentagon",
                                                               "duma",
                                                               "rada",
                                                               "knesset",
                                                               "police",
                                                               "department",
                                                               "court",
                                                               "tribunal",
                                                               "prosecutor's",
                                                               "prosecutors",
                                                               "council",
                                                               "administration",
                                                               "commission",
                                                               "directorate",
                                                               "service",
                                                               "fsb",
                                                               "sbu",
                                                               "kgb",
                                                               "fbi",
                                                               "cia",
                                                               "bundestag",
                                                               "assembly",
                                                               "treasury",
                                                               "board"};
// A government's too, unless a media word in the name says otherwise ("Iraqi News Agency"):
// checked after the media heads.
constexpr std::array<std::string_view, 2> kAgencyHeads = {"agency", "bureau"};
// Outlets' own names: an outlet's whatever the last word ("BBC World Service", "Reuters Holdings").
constexpr std::array<std::string_view, 8> kMediaBrands = {
    "reuters", "interfax", "tass", "ria", "afp", "bbc", "cnn", "bloomberg"};
// Words of outlets' names ("Kyiv Post", "Daily Telegraph", "Belsat TV").
constexpr std::array<std::string_view, 18> kMediaHeads = {
    "news",      "times",    "post",     "press",    "television", "tv",
    "radio",     "journal",  "herald",   "gazette",  "tribune",    "daily",
    "telegraph", "guardian", "observer", "magazine", "newspaper",  "broadcasting"};
// Context words that make the organisation an outlet, wherever they stand ("the newspaper X", "X,
// a weekly"). "told" and "reported" are not here: they say which way the news went, and so count
// only on one side (below).
constexpr std::array<std::string_view, 9> kMediaContext = {"newspaper", "broadcaster", "channel",
                                                           "daily",     "weekly",      "magazine",
                                                           "outlet",    "website",     "station"};
// Nouns that, after "news" or "press", make an outlet ("Interfax news agency", "the state news
// agency X"); alone, "the agency" is as often a government's ("the EU's border agency").
constexpr std::array<std::string_view, 6> kNewsNouns = {"agency",  "service", "site",
                                                        "website", "wire",    "network"};
// Last words of a company's name ("Kellogg Co", "KBR Inc", "News Corp Ltd"): a company is "other"
// whatever the words around it say.
constexpr std::array<std::string_view, 18> kCompanySuffixes = {
    "co",  "co.", "inc",  "inc.", "ltd",  "ltd.", "corp",     "corp.",   "corporation",
    "plc", "llc", "gmbh", "ag",   "s.a.", "n.v.", "holdings", "limited", "incorporated"};
constexpr std::array<std::string_view, 8> kPartyHeads = {
    "party",      "bloc",       "democrats",     "republicans",
    "socialists", "communists", "conservatives", "greens"};
constexpr std::array<std::string_view, 24> kInternational = {
    "un",      "u.n.",          "nato",     "eu",       "osce",  "imf", "wto",    "opec",
    "icrc",    "unhcr",         "unicef",   "interpol", "asean", "who", "iaea",   "csto",
    "nations", "international", "european", "african",  "world", "icc", "unesco", "g7"};
constexpr std::array<std::string_view, 9> kResearchHeads = {
    "university", "institute", "academy", "laboratory", "centre",
    "center",     "school",    "college", "think-tank"};

}  // namespace

std::string OrgKind(std::span<const std::string_view> name,
                    std::span<const std::string_view> before,
                    std::span<const std::string_view> after) {
  // The name and the words either side, lower-cased once.
  auto lowered = [](std::span<const std::string_view> span) {
    std::vector<std::string> out(span.size());
    for (size_t i = 0; i < span.size(); ++i) AsciiLower(span[i], &out[i]);
    return out;
  };
  const std::vector<std::string> words = lowered(name), left = lowered(before),
                                 right = lowered(after);
  auto has = [](const std::vector<std::string>& span, auto& list) {
    for (const auto& w : span) {
      if (In(list, w)) return true;
    }
    return false;
  };
  auto any = [&](auto& list) { return has(words, list); };
  auto context = [&](auto& list) { return has(left, list) || has(right, list); };
  // "news agency", "press service": an outlet named next to it.
  auto news_noun = [](const std::vector<std::string>& span) {
    for (size_t i = 1; i < span.size(); ++i) {
      if ((span[i - 1] == "news" || span[i - 1] == "press") && In(kNewsNouns, span[i])) return true;
    }
    return false;
  };
  // The news went to the outlet ("told the X", "told X") or came from it ("X reported"); the other
  // way round the organisation is the source ("the ministry told", "reported by the ministry").
  auto told = [&] {
    const size_t n = left.size();
    return (n >= 1 && left[n - 1] == "told") ||
           (n >= 2 && left[n - 1] == "the" && left[n - 2] == "told");
  };
  auto reported = [&] { return !right.empty() && right[0] == "reported"; };
  if (words.empty()) return "other";
  const std::string& head = words.back();
  // The name's own words first, then the words around it: "the Russian Ministry of Defense" stays a
  // ministry next to "troops", and "Kyiv Post" a newspaper. "Wagner Group" alone says nothing;
  // "Wagner private military company" or "the militia" does.
  if (any(kArmedHeads)) return "armed_group";
  if (any(kInternational) && !any(kMediaHeads) && !any(kMediaBrands)) return "international";
  if (In(kPartyHeads, head) || (words.size() > 1 && words[words.size() - 2] == "party"))
    return "party";
  if (any(kMediaBrands)) return "media";
  // A government head as the last word outranks a media word inside ("Guangdong Post and
  // Telecommunications Administration"); "House" first is a legislature ("House Intelligence
  // Committee"), and so is the White House.
  if (In(kGovernmentHeads, head) || words.front() == "house" ||
      (words.size() == 2 && words[0] == "white" && head == "house")) {
    return "government";
  }
  if (any(kMediaHeads)) return "media";  // "British Broadcasting Corporation", "News Corp Ltd"
  if (In(kCompanySuffixes, head)) return "other";
  if (any(kGovernmentHeads) || any(kAgencyHeads)) return "government";
  if (any(kResearchHeads)) return "research";
  if (context(kArmedContext)) return "armed_group";
  if (context(kMediaContext) || news_noun(left) || news_noun(right) || told() || reported())
    return "media";
  return "other";
}

}  // namespace mosaic::tag
