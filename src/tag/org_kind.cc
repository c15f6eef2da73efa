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
constexpr std::array<std::string_view, 30> kGovernmentHeads = {"ministry",
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
                                                               "treasury"};
constexpr std::array<std::string_view, 26> kMediaHeads = {
    "news",     "times",    "post",     "press",     "television",  "tv",        "radio",
    "journal",  "herald",   "gazette",  "tribune",   "daily",       "reuters",   "interfax",
    "tass",     "ria",      "afp",      "bbc",       "cnn",         "bloomberg", "telegraph",
    "guardian", "observer", "magazine", "newspaper", "broadcasting"};
constexpr std::array<std::string_view, 12> kMediaContext = {
    "newspaper", "agency", "broadcaster", "channel", "daily",   "weekly",
    "magazine",  "outlet", "reported",    "told",    "website", "station"};
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
  std::vector<std::string> words;
  std::string lower;
  for (auto w : name) {
    AsciiLower(w, &lower);
    words.push_back(lower);
  }
  auto any = [&](auto& list) {
    for (const auto& w : words) {
      if (In(list, w)) return true;
    }
    return false;
  };
  auto context = [&](auto& list) {
    for (auto span : {before, after}) {
      for (auto w : span) {
        AsciiLower(w, &lower);
        if (In(list, lower)) return true;
      }
    }
    return false;
  };
  if (words.empty()) return "other";
  const std::string& head = words.back();
  // "Wagner Group" alone says nothing; "Wagner private military company" or "the militia" does.
  if (any(kArmedHeads)) return "armed_group";
  if (any(kInternational) && !any(kMediaHeads)) return "international";
  if (In(kPartyHeads, head) || (words.size() > 1 && words[words.size() - 2] == "party"))
    return "party";
  if (context(kArmedContext)) return "armed_group";
  if (any(kMediaHeads) || context(kMediaContext)) return "media";
  if (any(kGovernmentHeads)) return "government";
  if (any(kResearchHeads)) return "research";
  return "other";
}

}  // namespace mosaic::tag
