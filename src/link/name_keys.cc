#include "link/name_keys.h"

#include <algorithm>
#include <cctype>
#include <unordered_map>
#include <utility>

#include "link/translit.h"

namespace mosaic::link {

std::vector<std::string> SplitWords(std::string_view s) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    size_t j = i;
    while (j < s.size() && s[j] != ' ') ++j;
    if (j > i) out.emplace_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

namespace {

bool IsVowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Replaces each occurrence of `from` in `s` by `to`.
void ReplaceAll(std::string* s, std::string_view from, std::string_view to) {
  size_t pos = 0;
  while ((pos = s->find(from, pos)) != std::string::npos) {
    s->replace(pos, from.size(), to);
    pos += to.size();
  }
}

// Given-name variant classes: each line one name in its common romanisations (Russian, Ukrainian,
// Belarusian, Polish/Czech and older German/French spellings of the same Slavic name; a few Arabic
// names). The first spelling is the class's canonical form. Diminutives and translations into
// Western forms (Alexei -> Alex, Andriy -> Andrew) are deliberately absent: they are different
// spellings of identity, not of the name.
constexpr const char* kGivenNameClasses[] = {
    "aleksandr alexander aleksander oleksandr olexandr aliaksandr alyaksandr alexandr aleksandar "
    "alaksandr",
    "aleksandra alexandra oleksandra aliaksandra alyaksandra",
    "aleksei alexei aleksey alexey alexej aleksej oleksii oleksiy oleksij olexiy aliaksei alyaksei "
    "aliaksiej alexeï",
    "anatoly anatoliy anatolii anatolij anatol",
    "andrei andrey andrej andrii andriy andrij andriej andrei",
    "anna hanna ganna",
    "arkady arkadiy arkadii arkadij",
    "artem artyom artiom artsiom",
    "arseny arseniy arsenii arsen",
    "bogdan bohdan bagdan",
    "boris borys barys",
    "daniil danil danylo danila daniel",
    "daria darya dariya daryna dar'ya",
    "denis denys dzianis dzenis",
    "dmitry dmitri dmitriy dmitrij dmytro dmitrii dzmitry dzmitryi dzmitri",
    "ekaterina yekaterina kateryna katsiaryna katerina katarzyna",
    "elena yelena olena alena jelena",
    "evgeny yevgeny yevgeniy evgeniy evgenii yevgenii yevhen yevhenii ievgen ievgenii jewgeni "
    "evgenij yauhen yauheni jauhien",
    "evgenia yevgenia yevgeniya evgeniya yevheniia yevheniya yauheniya",
    "fyodor fedor fiodor feodor fedir fiodar fedar",
    "gennady gennadiy gennadii hennadiy hennadii henadz gienadij",
    "georgy georgiy georgii heorhiy heorhii georgi jerzy",
    "gleb hlib hleb",
    "grigory grigoriy grigorii hryhoriy hryhorii ryhor grzegorz",
    "igor ihor ihar",
    "ilya illia ilia illya ilja",
    "irina iryna iryna",
    "ivan iwan",
    "kirill kyrylo kiril kirylo kiryl cyril",
    "konstantin kostiantyn kostyantyn kanstantsin konstantyn",
    "leonid leanid",
    "lyudmila ludmila liudmyla liudmila lyudmyla ludmyla",
    "maksim maxim maksym maxym",
    "maria mariya mariia maryia marija",
    "marina maryna",
    "matvei matvey matviy matvii",
    "mikhail mykhailo mykhaylo mikhailo mihail michail mikhal michal",
    "nadezhda nadiya nadzeya",
    "natalia natalya nataliya natallia natalija",
    "nikita mikita mykyta",
    "nikolai nikolay nicolai mykola mikalai nikolaj mikola mikolaj",
    "oksana aksana",
    "oleg oleh aleh",
    "olga olha volha olja",
    "pavel pavlo paval pawel",
    "pyotr petr piotr petro pietro",
    "roman raman",
    "rostislav rostyslav rastsislau",
    "semyon semen semion",
    "sergei sergey sergej serhii serhiy serhij siarhei siarhiej sergii sergiy siarhej",
    "stanislav stanislau stanislaw",
    "stepan stsiapan",
    "svetlana sviatlana svyatlana svitlana sviatlana",
    "tatiana tatyana tetiana tetyana tatsiana",
    "timofei timofey tsimafei tymofiy",
    "valentin valentyn valiantsin",
    "valentina valentyna",
    "valery valeriy valerii valeri valeryi valer",
    "vasily vasiliy vasilii vasyl vasil vasili",
    "vadim vadym vadzim",
    "viktor victor wiktor",
    "viktoria victoria viktoriya viktoriia",
    "vitaly vitaliy vitalii vital vitali",
    "vladimir volodymyr volodimir uladzimir wladimir wlodzimierz",
    "vladislav vladyslav uladzislau wladyslaw",
    "vyacheslav viacheslav viachaslau vyachaslau wiaczeslaw",
    "yakov yakiv iakov",
    "yaroslav iaroslav jaroslav yaraslau jaroslaw",
    "yegor egor yehor",
    "yulia yuliya iuliia julia yuliia",
    "yuri yury iurii yurii yuriy jurij yurij",
    "zakhar zakhar",
    "muhammad mohammed mohammad muhammed mohamed mohamad mohamad",
    "ahmad ahmed ahmet",
    "hussein husayn hussain husein hossein",
    "osama usama",
    "abdullah abdallah abdulla",
    "omar umar",
    "yusuf yousef youssef yousuf yusef",
};

struct GivenTable {
  std::unordered_map<std::string, std::string> by_skeleton;  // skeleton -> canonical form
};

const GivenTable& Given() {
  static const GivenTable table = [] {
    GivenTable t;
    for (const char* line : kGivenNameClasses) {
      std::vector<std::string> words = SplitWords(line);
      for (const auto& w : words) {
        t.by_skeleton.emplace(WordSkeleton(LatinFold(w)), words[0]);
      }
    }
    return t;
  }();
  return table;
}

// Titles and honorifics that precede a name in running text ("President Putin", "Gen. Gerasimov").
// Lower-case, without a trailing dot.
constexpr std::string_view kTitleWords[] = {
    "mr",         "mrs",        "ms",           "miss",      "dr",          "prof",
    "professor",  "president",  "presidents",   "premier",   "minister",    "ministers",
    "prime",      "foreign",    "defense",      "defence",   "interior",    "deputy",
    "vice",       "general",    "gen",          "colonel",   "col",         "lt",
    "lieutenant", "major",      "maj",          "captain",   "capt",        "sgt",
    "sergeant",   "commander",  "admiral",      "marshal",   "governor",    "gov",
    "mayor",      "senator",    "sen",          "rep",       "chancellor",  "comrade",
    "sir",        "lord",       "king",         "queen",     "prince",      "princess",
    "pope",       "patriarch",  "metropolitan", "chairman",  "chairwoman",  "chair",
    "speaker",    "ambassador", "secretary",    "spokesman", "spokeswoman", "spokesperson",
    "leader",     "commandant", "chief",        "head",      "russian",     "ukrainian",
    "belarusian", "former",     "ex",           "late",      "opposition",  "acting",
    "first",      "state",      "duma",         "the",       "mp",          "dictator",
    "director",   "judge",      "justice",      "ayatollah", "sheikh",      "emir",
    "field",      "lady",       "saint",        "st",
};

bool IsTitleWord(std::string_view folded) {
  return std::find(std::begin(kTitleWords), std::end(kTitleWords), folded) != std::end(kTitleWords);
}

bool IsPatronymic(std::string_view w) {
  static constexpr std::string_view kEnds[] = {"ovich", "evich", "avich", "ovych", "evych",
                                               "ovna",  "evna",  "ichna", "ivna",  "auna"};
  if (w.size() < 6) return false;
  for (auto e : kEnds) {
    if (EndsWith(w, e)) return true;
  }
  return false;
}

// Feminine Slavic surname endings, by skeleton ("-skaia" has already become "-ska").
bool FeminineSurname(std::string_view skeleton) {
  static constexpr std::string_view kEnds[] = {"ova", "eva", "ava", "ina", "ska", "cka", "aia"};
  if (skeleton.size() < 5) return false;
  for (auto e : kEnds) {
    if (EndsWith(skeleton, e)) return true;
  }
  return false;
}

// The masculine counterpart of a feminine ending, for telling "Ivanova" from "Ivanov": two
// skeletons that differ exactly by a gender suffix are the same family name of two different
// people.
bool GenderPair(std::string_view a, std::string_view b) {
  if (a.size() > b.size()) std::swap(a, b);
  // b feminine: "ivanov"+"a", "tsikhanovski" -> "tsikhanovska", "pushkin"+"a"
  if (b.size() == a.size() + 1 && b.substr(0, a.size()) == a && b.back() == 'a') return true;
  if (a.size() == b.size() && EndsWith(a, "ski") && EndsWith(b, "ska") &&
      a.substr(0, a.size() - 1) == b.substr(0, b.size() - 1)) {
    return true;
  }
  if (a.size() == b.size() && EndsWith(b, "ski") && EndsWith(a, "ska") &&
      a.substr(0, a.size() - 1) == b.substr(0, b.size() - 1)) {
    return true;
  }
  return false;
}

bool GivenCompatible(const PersonName& a, const PersonName& b, std::string* why) {
  if (a.given.empty() || b.given.empty()) return true;
  if (a.initial_only || b.initial_only) {
    bool ok = a.given[0][0] == b.given[0][0] || (a.given_class.size() && b.given_class.size() &&
                                                 a.given_class[0] == b.given_class[0]);
    *why = "initial " + std::string(1, a.given[0][0]) + (ok ? "=" : "!=") + b.given[0][0];
    return ok;
  }
  if (a.given_class == b.given_class) {
    *why = "given " + a.given_class + "=" + b.given_class;
    return true;
  }
  // Not in the tables: a small residual difference in a long given name. (The skeletons come from
  // ParsePersonName; a PersonName filled in by hand gets them here.)
  auto skeleton = [](const PersonName& p) {
    return p.given_skeleton.empty() ? WordSkeleton(p.given[0]) : p.given_skeleton;
  };
  std::string sa = skeleton(a), sb = skeleton(b);
  if (std::min(sa.size(), sb.size()) >= 6 && EditDistance(sa, sb, 1) <= 1 && !GenderPair(sa, sb)) {
    *why = "given " + sa + "~" + sb;
    return true;
  }
  *why = "given " + a.given_class + "!=" + b.given_class;
  return false;
}

}  // namespace

std::string LatinFold(std::string_view name) {
  std::string s(name);
  if (!IsLatinScript(s)) {
    // BGN/PCGN first; a romanisation that splits a word (a separator for a letter it has no rule
    // for, such as Belarusian "э" in a Russian table) gives way to the next.
    size_t words = SplitWords(FoldKey(s)).size();
    std::vector<std::string> roman = Romanizations(s);
    for (const auto& r : roman) {
      if (IsLatinScript(r) && SplitWords(FoldKey(r)).size() == words) {
        s = r;
        break;
      }
    }
  }
  // Letters whose ASCII folding would lose a sound the romanisations spell with a digraph.
  static constexpr std::pair<std::string_view, std::string_view> kDigraphs[] = {
      {"č", "ch"}, {"Č", "Ch"}, {"ć", "ch"}, {"Ć", "Ch"}, {"š", "sh"}, {"Š", "Sh"},
      {"ś", "sh"}, {"Ś", "Sh"}, {"ž", "zh"}, {"Ž", "Zh"}, {"ź", "zh"}, {"Ź", "Zh"},
      {"ż", "zh"}, {"Ż", "Zh"}, {"ŭ", "u"},  {"ў", "u"},  {"ë", "e"},  {"ø", "o"},
  };
  for (const auto& [from, to] : kDigraphs) {
    if (s.find(from) != std::string::npos) ReplaceAll(&s, from, to);
  }
  std::string folded = FoldKey(s);
  // FoldKey keeps digits; names never need them, but "RFE/RL" style separators are kept as spaces.
  return folded;
}

std::string WordSkeleton(std::string_view w) {
  if (w.empty()) return "";
  std::string s(w);
  // Polish and German spellings of Slavic sounds.
  ReplaceAll(&s, "szcz", "shch");
  ReplaceAll(&s, "tsch", "ch");
  ReplaceAll(&s, "sch", "sh");
  ReplaceAll(&s, "cz", "ch");
  ReplaceAll(&s, "sz", "sh");
  ReplaceAll(&s, "rz", "zh");
  ReplaceAll(&s, "tch", "ch");
  ReplaceAll(&s, "x", "ks");
  ReplaceAll(&s, "ph", "f");
  ReplaceAll(&s, "ck", "k");
  ReplaceAll(&s, "kh", "h");
  ReplaceAll(&s, "ts", "c");
  ReplaceAll(&s, "tz", "c");
  for (char& c : s) {
    if (c == 'w') c = 'v';
    if (c == 'q') c = 'k';
    if (c == 'y' || c == 'j') c = 'i';
  }
  // Belarusian u-short after a vowel before -sk- and at the end = Russian -v- (Tsikhanouskaya,
  // Lukashou); elsewhere "ou" is a vowel (French-style Arabic names) and stays.
  for (size_t i = 1; i + 1 < s.size(); ++i) {
    if (s[i] == 'u' && IsVowel(s[i - 1]) && s[i - 1] != 'i' && s.compare(i + 1, 2, "sk") == 0) {
      s[i] = 'v';
    }
  }
  if (s.size() > 3 && (EndsWith(s, "ou") || EndsWith(s, "au")) && s.size() > 4) s.back() = 'v';
  // Russian yo spelled yo/io/e after a consonant: Aksyonov/Aksenov, Khrushchyov/Khrushchev.
  for (size_t i = 1; i + 1 < s.size(); ++i) {
    if (s[i] == 'i' && s[i + 1] == 'o' && !IsVowel(s[i - 1]) && s[i - 1] != 'i') {
      s.erase(i, 1);
      s[i] = 'e';
    }
  }
  // ye-/ie- at the start and after a vowel: Yevgeny/Evgeny, Alekseyev/Alekseev.
  std::string t;
  t.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == 'i' && i + 1 < s.size() && s[i + 1] == 'e' && (i == 0 || IsVowel(s[i - 1])))
      continue;
    t.push_back(s[i]);
  }
  // Doubled letters (and i-runs from -iy/-yi/-ii) collapse.
  std::string out;
  out.reserve(t.size());
  for (char c : t) {
    if (!out.empty() && out.back() == c) continue;
    out.push_back(c);
  }
  // Endings: -skiy/-skyi/-sky -> -ski (already, after i-collapse); -skaya/-skaia -> -ska;
  // Belarusian -enka = Russian/Ukrainian -enko.
  if (EndsWith(out, "kaia")) out.erase(out.size() - 2);
  if (EndsWith(out, "enka") && out.size() > 6) out.back() = 'o';
  // -ii at the end of a given name (Yurii, Serhii) is the same as -i (Yuri).
  return out;
}

std::string GivenNameClass(std::string_view folded_word) {
  std::string sk = WordSkeleton(folded_word);
  const GivenTable& t = Given();
  auto it = t.by_skeleton.find(sk);
  return it == t.by_skeleton.end() ? sk : it->second;
}

int EditDistance(std::string_view a, std::string_view b, int cap) {
  const int n = static_cast<int>(a.size()), m = static_cast<int>(b.size());
  if (std::abs(n - m) > cap) return cap + 1;
  std::vector<int> prev2(m + 1), prev(m + 1), cur(m + 1);
  for (int j = 0; j <= m; ++j) prev[j] = j;
  for (int i = 1; i <= n; ++i) {
    cur[0] = i;
    int row_min = cur[0];
    for (int j = 1; j <= m; ++j) {
      int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      int v = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        v = std::min(v, prev2[j - 2] + 1);
      cur[j] = v;
      row_min = std::min(row_min, v);
    }
    if (row_min > cap) return cap + 1;
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return std::min(prev[m], cap + 1);
}

int AllowedSurnameEdits(size_t length) {
  if (length >= 9) return 2;
  if (length >= 5) return 1;
  return 0;
}

namespace {

// Letters whose romanisations drift: vowels, and the pairs g/h/k (Ukrainian h for g, Arabic q),
// c/t (Belarusian ts for t), s/z. A residual edit between two spellings of one name touches these;
// a consonant swap (Milonov/Mironov, Rotenberg/Rosenberg) names another family.
int SoftGroup(char c) {
  switch (c) {
    case 'a':
    case 'e':
    case 'i':
    case 'o':
    case 'u':
      return 1;
    case 'g':
    case 'h':
    case 'k':
      return 2;
    case 'c':
    case 't':
      return 3;
    case 's':
    case 'z':
      return 4;
    default:
      return 0;
  }
}

bool SoftIndel(char c) { return SoftGroup(c) == 1 || c == 'v' || c == 'h'; }

}  // namespace

int SoftEditDistance(std::string_view a, std::string_view b, int cap) {
  constexpr int kHard = 100;
  const int n = static_cast<int>(a.size()), m = static_cast<int>(b.size());
  if (std::abs(n - m) > cap) return cap + 1;
  auto sub = [](char x, char y) {
    if (x == y) return 0;
    if ((x == 'u' && y == 'v') || (x == 'v' && y == 'u')) return 1;  // Belarusian u-short
    int gx = SoftGroup(x), gy = SoftGroup(y);
    return gx != 0 && gx == gy ? 1 : kHard;
  };
  auto indel = [](char x) { return SoftIndel(x) ? 1 : kHard; };
  std::vector<std::vector<int>> d(n + 1, std::vector<int>(m + 1, 0));
  for (int i = 1; i <= n; ++i) d[i][0] = std::min(kHard, d[i - 1][0] + indel(a[i - 1]));
  for (int j = 1; j <= m; ++j) d[0][j] = std::min(kHard, d[0][j - 1] + indel(b[j - 1]));
  for (int i = 1; i <= n; ++i) {
    for (int j = 1; j <= m; ++j) {
      int v = std::min({d[i - 1][j] + indel(a[i - 1]), d[i][j - 1] + indel(b[j - 1]),
                        d[i - 1][j - 1] + sub(a[i - 1], b[j - 1])});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        v = std::min(v, d[i - 2][j - 2] + 1);
      d[i][j] = std::min(v, kHard);
    }
  }
  return std::min(d[n][m], cap + 1);
}

PersonName ParsePersonName(std::string_view name) {
  PersonName p;
  std::string s(name);
  // Possessive: "Putin's", "Putin’s", "Navalny'" (the apostrophe is dropped by folding, so strip
  // the possessive on the original).
  for (std::string_view suffix : {"'s", "’s", "'", "’"}) {
    if (EndsWith(s, suffix)) {
      s.erase(s.size() - suffix.size());
      break;
    }
  }
  std::vector<std::string> words = SplitWords(LatinFold(s));
  // Initials are single letters after folding ("A. G. Lukashenko" -> "a g lukashenko").
  size_t first = 0;
  while (first + 1 < words.size() && IsTitleWord(words[first])) ++first;
  words.erase(words.begin(), words.begin() + static_cast<long>(first));
  if (words.empty()) return p;
  p.surname = words.back();
  words.pop_back();
  for (auto& w : words) {
    if (p.patronymic.empty() && !p.given.empty() && IsPatronymic(w)) {
      p.patronymic = w;
    } else {
      p.given.push_back(w);
    }
  }
  p.surname_skeleton = WordSkeleton(p.surname);
  if (!p.given.empty()) {
    p.initial_only = p.given[0].size() == 1;
    p.given_class = p.initial_only ? p.given[0] : GivenNameClass(p.given[0]);
    if (!p.initial_only) p.given_skeleton = WordSkeleton(p.given[0]);
  }
  p.feminine = FeminineSurname(p.surname_skeleton);
  return p;
}

const char* NameRelationName(NameRelation r) {
  switch (r) {
    case NameRelation::kSame:
      return "same";
    case NameRelation::kSurnameMatch:
      return "surname_match";
    case NameRelation::kGivenOnly:
      return "given_only";
    case NameRelation::kConflict:
      return "conflict";
    case NameRelation::kDifferent:
      return "different";
  }
  return "different";
}

NameMatch ComparePersonNames(std::string_view a, std::string_view b, int surname_edits) {
  return ComparePersonNames(ParsePersonName(a), a, ParsePersonName(b), b, surname_edits);
}

NameMatch ComparePersonNames(const PersonName& pa, std::string_view a, const PersonName& pb,
                             std::string_view b, int surname_edits) {
  NameMatch m;
  if (pa.empty() || pb.empty()) return m;
  // Names left in a script without romanisation (Arabic, Bengali, CJK): only identical forms match,
  // since their word order and vowels cannot be compared letter by letter.
  auto non_ascii = [](const PersonName& p) {
    for (unsigned char c : p.surname) {
      if (c >= 0x80) return true;
    }
    return false;
  };
  if (non_ascii(pa) || non_ascii(pb)) {
    std::string fa = LatinFold(a), fb = LatinFold(b);
    m.relation = fa == fb ? NameRelation::kSame : NameRelation::kDifferent;
    m.evidence = fa == fb ? "identical unromanised names" : "unromanised names differ";
    return m;
  }
  const std::string& sa = pa.surname_skeleton;
  const std::string& sb = pb.surname_skeleton;
  int allowed =
      surname_edits >= 0 ? surname_edits : AllowedSurnameEdits(std::min(sa.size(), sb.size()));
  // In-document callers pass their own tolerance for misspellings (any letters); across documents
  // only the soft residue of romanisation counts.
  int d = surname_edits >= 0 ? EditDistance(sa, sb, std::max(allowed, 0))
                             : SoftEditDistance(sa, sb, std::max(allowed, 0));
  bool surname_ok = d <= allowed;
  std::string why;
  bool given_ok = GivenCompatible(pa, pb, &why);
  if (GenderPair(sa, sb)) {
    m.relation = NameRelation::kConflict;
    m.evidence = "surname " + sa + "/" + sb + ": feminine and masculine forms";
    return m;
  }
  if (!surname_ok) {
    // A one-word name may be a given name of the other ("Vladimir" vs "Vladimir Putin") - never a
    // merge; and two full names that share only the given name are different people.
    m.relation =
        (!pa.given.empty() && !pb.given.empty() && given_ok && !pa.initial_only && !pb.initial_only)
            ? NameRelation::kGivenOnly
            : NameRelation::kDifferent;
    m.surname_edits = d;
    m.evidence = "surname " + sa + "!=" + sb + "; " + why;
    return m;
  }
  m.surname_edits = d;
  std::string sur = "surname " + sa + (d ? "~" : "=") + sb + " (" + std::to_string(d) + " edits)";
  if (d > 0 && pa.feminine != pb.feminine) {
    m.relation = NameRelation::kConflict;
    m.evidence = sur + "; feminine and masculine forms";
    return m;
  }
  if (pa.given.empty() || pb.given.empty()) {
    m.relation = NameRelation::kSurnameMatch;
    m.evidence = sur + "; one side has no given name";
    return m;
  }
  // Patronymics and middle names present on both sides must agree too: "Sergey Viktorovich Lavrov"
  // is not "Sergey Ivanovich Lavrov", and "Hans O. Friedrich" is not "Hans Joachim Friedrich".
  auto parts_differ = [](const std::string& x, const std::string& y) {
    if (x.empty() || y.empty()) return false;
    if (x.size() == 1 || y.size() == 1) return x[0] != y[0];
    return SoftEditDistance(WordSkeleton(x), WordSkeleton(y), 1) > 1;
  };
  if (given_ok && parts_differ(pa.patronymic, pb.patronymic)) {
    given_ok = false;
    why = "patronymic " + pa.patronymic + "!=" + pb.patronymic;
  }
  for (size_t k = 1; given_ok && k < std::min(pa.given.size(), pb.given.size()); ++k) {
    if (parts_differ(pa.given[k], pb.given[k])) {
      given_ok = false;
      why = "middle name " + pa.given[k] + "!=" + pb.given[k];
    }
  }
  m.relation = given_ok ? NameRelation::kSame : NameRelation::kConflict;
  m.evidence = why + "; " + sur;
  return m;
}

std::vector<std::string> PersonNameKeys(std::string_view name) {
  std::vector<std::string> keys;
  PersonName p = ParsePersonName(name);
  if (p.empty()) return keys;
  if (!p.given.empty() && !p.initial_only)
    keys.push_back("p:" + p.given_class + "|" + p.surname_skeleton);
  keys.push_back("s:" + p.surname_skeleton);
  return keys;
}

bool LooksLikeAcronym(std::string_view w) {
  if (w.size() < 2 || w.size() > 8) return false;
  int upper = 0, letters = 0;
  for (unsigned char c : w) {
    if (c >= 0x80) return false;
    if (std::isalpha(c)) {
      ++letters;
      if (std::isupper(c)) ++upper;
    } else if (c != '/' && c != '.' && c != '&' && c != '-') {
      return false;
    }
  }
  return letters >= 2 && upper >= 2 && upper * 4 >= letters * 3;
}

std::string Acronym(std::string_view name) {
  static constexpr std::string_view kSkip[] = {"of", "the", "for", "and", "on", "in", "de", "du",
                                               "la", "le",  "des", "al",  "&",  "to", "at"};
  std::string out;
  size_t i = 0;
  while (i < name.size()) {
    while (i < name.size() && (name[i] == ' ' || name[i] == '-')) ++i;
    size_t j = i;
    while (j < name.size() && name[j] != ' ' && name[j] != '-') ++j;
    std::string_view w = name.substr(i, j - i);
    i = j;
    if (w.empty()) continue;
    std::string lw(w);
    for (char& c : lw) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (std::find(std::begin(kSkip), std::end(kSkip), lw) != std::end(kSkip)) continue;
    unsigned char c = static_cast<unsigned char>(w[0]);
    if (c >= 0x80 || !std::isupper(c)) continue;
    if (LooksLikeAcronym(w)) {
      for (char x : w) {
        if (std::isupper(static_cast<unsigned char>(x))) out.push_back(x);
      }
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

std::vector<std::string> OrgNameKeys(std::string_view name) {
  std::vector<std::string> keys;
  std::string folded = LatinFold(name);
  if (folded.rfind("the ", 0) == 0) folded.erase(0, 4);
  if (folded.empty()) return keys;
  keys.push_back("o:" + folded);
  std::string n(name);
  if (n.rfind("the ", 0) == 0 || n.rfind("The ", 0) == 0) n.erase(0, 4);
  if (LooksLikeAcronym(n)) {
    std::string a;
    for (char c : n) {
      if (std::isalpha(static_cast<unsigned char>(c)))
        a.push_back(static_cast<char>(std::tolower(c)));
    }
    keys.push_back("a:" + a);
  } else {
    std::string a = Acronym(n);
    if (a.size() >= 2 && std::count(folded.begin(), folded.end(), ' ') >= 1) {
      for (char& c : a) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      keys.push_back("a:" + a);
    }
  }
  return keys;
}

ActorMatch SameActor(const Entity& a, const Entity& b, const ActorContext& context) {
  ActorMatch r;
  if (a.type != b.type) {
    r.evidence = "types differ: " + a.type + "/" + b.type;
    return r;
  }
  auto names = [](const Entity& e) {
    std::vector<std::string> v{e.name};
    for (const auto& x : e.aliases) v.push_back(x);
    return v;
  };
  if (a.type == "person") {
    NameMatch best;
    bool any_same = false, any_conflict = false, any_surname = false;
    std::string same_ev, surname_ev;
    for (const auto& na : names(a)) {
      for (const auto& nb : names(b)) {
        NameMatch m = ComparePersonNames(na, nb);
        if (m.relation == NameRelation::kSame && !any_same) {
          any_same = true;
          same_ev = "'" + na + "' ~ '" + nb + "': " + m.evidence;
        } else if (m.relation == NameRelation::kConflict) {
          any_conflict = true;
        } else if (m.relation == NameRelation::kSurnameMatch && !any_surname) {
          any_surname = true;
          surname_ev = "'" + na + "' ~ '" + nb + "': " + m.evidence;
        }
      }
    }
    // Full names that disagree on the given name (or gender) outweigh a surname-only agreement.
    if (any_same) {
      r.same = true;
      r.score = 0.95;
      r.evidence = same_ev;
      return r;
    }
    if (any_conflict || !any_surname) {
      r.evidence = any_conflict ? "given names or gendered forms conflict" : "names differ";
      return r;
    }
    // Surname only: join when a role title or a co-occurring entity agrees.
    for (const auto& ra : a.roles) {
      for (const auto& rb : b.roles) {
        if (LatinFold(ra.title) == LatinFold(rb.title)) {
          r.same = true;
          r.score = 0.8;
          r.evidence = surname_ev + "; same role '" + ra.title + "'";
          return r;
        }
      }
    }
    int shared = 0;
    for (const auto& x : context.cooccurring_a) {
      if (std::find(context.cooccurring_b.begin(), context.cooccurring_b.end(), x) !=
          context.cooccurring_b.end()) {
        ++shared;
      }
    }
    if (shared >= 2) {
      r.same = true;
      r.score = 0.7;
      r.evidence = surname_ev + "; " + std::to_string(shared) + " co-occurring entities";
      return r;
    }
    r.score = 0.4;
    r.evidence = surname_ev + "; no corroborating context";
    return r;
  }
  // Organisations, groups and places: any shared key.
  std::vector<std::string> ka, kb;
  for (const auto& n : names(a)) {
    auto k = a.type == "place" ? std::vector<std::string>{"o:" + LatinFold(n)} : OrgNameKeys(n);
    ka.insert(ka.end(), k.begin(), k.end());
  }
  for (const auto& n : names(b)) {
    auto k = b.type == "place" ? std::vector<std::string>{"o:" + LatinFold(n)} : OrgNameKeys(n);
    kb.insert(kb.end(), k.begin(), k.end());
  }
  for (const auto& x : ka) {
    if (std::find(kb.begin(), kb.end(), x) != kb.end()) {
      r.same = true;
      r.score = x[0] == 'a' ? 0.8 : 0.9;
      r.evidence = "shared key " + x;
      return r;
    }
  }
  r.evidence = "no shared name key";
  return r;
}

}  // namespace mosaic::link
