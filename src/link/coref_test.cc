#include "link/coref.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "mosaic/pipeline.h"

namespace mosaic::link {
namespace {

// A graph as the name tagger would leave it: one entity per (type, form), a mention at every
// occurrence of the form as a whole word.
struct Doc {
  std::string text;
  DocGraph g;
  text::AnalyzedText t;
};

bool WordBoundary(const std::string& s, size_t pos) {
  if (pos == 0 || pos >= s.size()) return true;
  unsigned char c = static_cast<unsigned char>(s[pos]);
  return !(std::isalnum(c) || c >= 0x80);
}

Doc MakeDoc(const std::string& text,
            const std::vector<std::pair<std::string, std::string>>& forms) {
  Doc d;
  d.g.doc.text = text;
  for (const auto& [type, form] : forms) {
    Entity e;
    e.type = type;
    e.name = form;
    size_t pos = 0;
    while ((pos = text.find(form, pos)) != std::string::npos) {
      size_t end = pos + form.size();
      // Skip occurrences inside a longer form ("Milchakov" inside "Alexei Milchakov").
      bool inside = false;
      for (const auto& [t2, f2] : forms) {
        if (f2.size() <= form.size() || f2.find(form) == std::string::npos) continue;
        size_t off = f2.find(form);
        if (pos >= off && text.compare(pos - off, f2.size(), f2) == 0) inside = true;
      }
      if (WordBoundary(text, pos > 0 ? pos - 1 : 0) && WordBoundary(text, end) && !inside) {
        e.mentions.push_back(
            Mention{Span{static_cast<uint32_t>(pos), static_cast<uint32_t>(end)}, form, 0});
      }
      pos = end;
    }
    if (!e.mentions.empty()) d.g.entities.push_back(std::move(e));
  }
  // Tagger order: by first mention.
  std::sort(d.g.entities.begin(), d.g.entities.end(), [](const Entity& a, const Entity& b) {
    return a.mentions[0].span.start < b.mentions[0].span.start;
  });
  for (size_t i = 0; i < d.g.entities.size(); ++i) d.g.entities[i].id = "e" + std::to_string(i + 1);
  d.t = text::Analyze(d.g.doc.text);
  Resources res;
  ResolveCoreference(d.t, res, &d.g);
  return d;
}

const Entity* Find(const DocGraph& g, const std::string& form) {
  for (const auto& e : g.entities) {
    if (e.name == form || std::find(e.aliases.begin(), e.aliases.end(), form) != e.aliases.end())
      return &e;
  }
  return nullptr;
}

bool Together(const DocGraph& g, const std::string& a, const std::string& b) {
  const Entity* ea = Find(g, a);
  return ea && ea == Find(g, b);
}

TEST(CorefTest, FullNameVariantsSurnameAndMisspelling) {
  Doc d = MakeDoc(
      "Alexei Milchakov runs the camp. The commandant, Aleksey Milchakov, confirmed it. Alexey "
      "Milchakov posed with flags. Milchakov's page shows it. Later Michalkov met officials.",
      {{"person", "Alexei Milchakov"},
       {"person", "Aleksey Milchakov"},
       {"person", "Alexey Milchakov"},
       {"person", "Milchakov"},
       {"person", "Michalkov"}});
  ASSERT_EQ(d.g.entities.size(), 1u);
  const Entity& e = d.g.entities[0];
  EXPECT_EQ(e.id, "e1");
  EXPECT_EQ(e.type, "person");
  EXPECT_EQ(e.name, "Alexei Milchakov");  // most complete; ties go to the first
  EXPECT_EQ(e.mentions.size(), 5u);
  EXPECT_TRUE(std::is_sorted(
      e.mentions.begin(), e.mentions.end(),
      [](const Mention& a, const Mention& b) { return a.span.start < b.span.start; }));
  for (const auto& m : e.mentions)
    EXPECT_EQ(d.text.empty() ? m.text : m.text,
              d.g.doc.text.substr(m.span.start, m.span.end - m.span.start));
  EXPECT_NE(std::find(e.aliases.begin(), e.aliases.end(), "Michalkov"), e.aliases.end());
}

TEST(CorefTest, SharedGivenNameStaysApart) {
  Doc d = MakeDoc(
      "Vladimir Putin met Vladimir Makei while Vladimir Milov criticised Putin. Makei left. "
      "Milov stayed.",
      {{"person", "Vladimir Putin"},
       {"person", "Vladimir Makei"},
       {"person", "Vladimir Milov"},
       {"person", "Putin"},
       {"person", "Makei"},
       {"person", "Milov"}});
  ASSERT_EQ(d.g.entities.size(), 3u);
  EXPECT_TRUE(Together(d.g, "Vladimir Putin", "Putin"));
  EXPECT_TRUE(Together(d.g, "Vladimir Makei", "Makei"));
  EXPECT_TRUE(Together(d.g, "Vladimir Milov", "Milov"));
  EXPECT_FALSE(Together(d.g, "Vladimir Putin", "Vladimir Milov"));
  // Ids renumbered in order of first mention.
  EXPECT_EQ(Find(d.g, "Vladimir Putin")->id, "e1");
  EXPECT_EQ(Find(d.g, "Vladimir Makei")->id, "e2");
  EXPECT_EQ(Find(d.g, "Vladimir Milov")->id, "e3");
}

TEST(CorefTest, CompetingSurnamesAreNotGuessed) {
  // Two Ivanovs: a bare "Ivanov" could be either, so it stays alone; a near miss of two different
  // surnames is not a misspelling either.
  Doc d = MakeDoc("Sergei Ivanov and Igor Ivanov spoke. Ivanov said nothing.",
                  {{"person", "Sergei Ivanov"}, {"person", "Igor Ivanov"}, {"person", "Ivanov"}});
  EXPECT_EQ(d.g.entities.size(), 3u);
  Doc f = MakeDoc("Ivan Ivanov met Anna Ivanova. Ivanova spoke.",
                  {{"person", "Ivan Ivanov"}, {"person", "Anna Ivanova"}, {"person", "Ivanova"}});
  EXPECT_TRUE(Together(f.g, "Anna Ivanova", "Ivanova"));
  EXPECT_FALSE(Together(f.g, "Ivan Ivanov", "Ivanova"));
}

TEST(CorefTest, AcronymsAndLongForms) {
  Doc d = MakeDoc(
      "Treaties such as the Collective Security Treaty Organization (CSTO) bind them. The CSTO "
      "met. Denis Nikitin told the Financial Times in March. The FT could not confirm it.",
      {{"organization", "Collective Security Treaty Organization"},
       {"organization", "CSTO"},
       {"person", "Denis Nikitin"},
       {"organization", "Financial Times"},
       {"organization", "FT"}});
  EXPECT_TRUE(Together(d.g, "Collective Security Treaty Organization", "CSTO"));
  EXPECT_TRUE(Together(d.g, "Financial Times", "FT"));
  EXPECT_FALSE(Together(d.g, "CSTO", "FT"));
  EXPECT_EQ(Find(d.g, "CSTO")->name, "Collective Security Treaty Organization");
}

TEST(CorefTest, OrganisationGenericHeadAndPossessive) {
  Doc d = MakeDoc("The Wagner Group mutinied. Wagner's fighters left. Wagner moved to Belarus.",
                  {{"organization", "Wagner Group"},
                   {"organization", "Wagner's"},
                   {"organization", "Wagner"},
                   {"place", "Belarus"}});
  EXPECT_TRUE(Together(d.g, "Wagner Group", "Wagner"));
  EXPECT_FALSE(Together(d.g, "Wagner Group", "Belarus"));
}

TEST(CorefTest, BelarusianAndRussianSpellings) {
  Doc d = MakeDoc(
      "Alyaksandr Lukashenka spoke. Alexander Lukashenko agreed. Lukashenka and Lukashenko are one "
      "man. Svyatlana Tsikhanouskaya replied; Tsikhanouskaya left.",
      {{"person", "Alyaksandr Lukashenka"},
       {"person", "Alexander Lukashenko"},
       {"person", "Lukashenka"},
       {"person", "Lukashenko"},
       {"person", "Svyatlana Tsikhanouskaya"},
       {"person", "Tsikhanouskaya"}});
  EXPECT_EQ(d.g.entities.size(), 2u);
  EXPECT_TRUE(Together(d.g, "Alyaksandr Lukashenka", "Lukashenko"));
  EXPECT_TRUE(Together(d.g, "Svyatlana Tsikhanouskaya", "Tsikhanouskaya"));
}

TEST(CorefTest, RolesFromTitlesAndAppositions) {
  Doc d = MakeDoc(
      "Vyacheslav Gladkov, the governor of Belgorod, issued statements. \"Said,\" said Foreign "
      "Minister Sergei Lavrov. Russian President Vladimir Putin agreed. Later the governor said "
      "more, and the foreign minister left.",
      {{"person", "Vyacheslav Gladkov"},
       {"place", "Belgorod"},
       {"person", "Sergei Lavrov"},
       {"person", "Vladimir Putin"}});
  const Entity* gladkov = Find(d.g, "Vyacheslav Gladkov");
  const Entity* belgorod = Find(d.g, "Belgorod");
  const Entity* lavrov = Find(d.g, "Sergei Lavrov");
  const Entity* putin = Find(d.g, "Vladimir Putin");
  ASSERT_TRUE(gladkov && lavrov && putin && belgorod);
  ASSERT_EQ(gladkov->roles.size(), 1u);
  EXPECT_EQ(gladkov->roles[0].title, "governor of Belgorod");
  EXPECT_EQ(gladkov->roles[0].of, belgorod->id);
  ASSERT_EQ(lavrov->roles.size(), 1u);
  EXPECT_EQ(lavrov->roles[0].title, "Foreign Minister");
  const Role& r = lavrov->roles[0];
  EXPECT_EQ(d.g.doc.text.substr(r.evidence.start, r.evidence.end - r.evidence.start),
            "Foreign Minister Sergei Lavrov");
  ASSERT_EQ(putin->roles.size(), 1u);
  EXPECT_EQ(putin->roles[0].title, "Russian President");
  // Later role mentions join their holders, with the role phrase as the mention text.
  ASSERT_EQ(gladkov->mentions.size(), 2u);
  EXPECT_EQ(gladkov->mentions[1].text, "the governor");
  ASSERT_EQ(lavrov->mentions.size(), 2u);
  EXPECT_EQ(lavrov->mentions[1].text, "the foreign minister");
}

TEST(CorefTest, AppositionStopsAtVerbs) {
  Doc d = MakeDoc(
      "Andriy Yusov, a spokesperson for Ukraine's military intelligence told the media. Kseniya "
      "Kirillova, a US-based Russian journalist points out the risk.",
      {{"person", "Andriy Yusov"}, {"person", "Kseniya Kirillova"}});
  const Entity* yusov = Find(d.g, "Andriy Yusov");
  const Entity* kirillova = Find(d.g, "Kseniya Kirillova");
  ASSERT_TRUE(yusov && kirillova);
  ASSERT_EQ(yusov->roles.size(), 1u);
  EXPECT_EQ(yusov->roles[0].title, "spokesperson for Ukraine's military intelligence");
  ASSERT_EQ(kirillova->roles.size(), 1u);
  EXPECT_EQ(kirillova->roles[0].title, "US-based Russian journalist");
}

TEST(CorefTest, EmptyGraphAndHostileInput) {
  Doc d = MakeDoc("", {});
  EXPECT_TRUE(d.g.entities.empty());
  Doc e = MakeDoc(", , , the the the ,", {{"person", "the"}});
  EXPECT_LE(e.g.entities.size(), 1u);
}

// The seeds, end to end, scored like ../shared/tools/seedeval.py --section entities.
std::vector<std::string> LowerWords(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  for (unsigned char c : s + " ") {
    if (std::isalnum(c) || c == '_' || c >= 0x80) {
      cur.push_back(static_cast<char>(std::tolower(c)));
    } else if (!cur.empty()) {
      out.push_back(cur);
      cur.clear();
    }
  }
  return out;
}

bool Covers(const std::string& mention, const std::string& form) {
  auto mw = LowerWords(mention), fw = LowerWords(form);
  if (fw.empty() || mention.size() > form.size() + 45) return false;
  for (size_t i = 0; i + fw.size() <= mw.size(); ++i) {
    if (std::equal(fw.begin(), fw.end(), mw.begin() + static_cast<long>(i))) return true;
  }
  return false;
}

bool EntityCovers(const Entity& e, const std::string& form) {
  if (Covers(e.name, form)) return true;
  for (const auto& a : e.aliases) {
    if (Covers(a, form)) return true;
  }
  for (const auto& m : e.mentions) {
    if (Covers(m.text, form)) return true;
  }
  return false;
}

TEST(CorefTest, SeedsGold) {
  namespace fs = std::filesystem;
  fs::path shared = fs::path(MOSAIC_SOURCE_DIR) / ".." / "shared";
  if (!fs::exists(shared / "gold" / "seeds.json"))
    GTEST_SKIP() << "../shared (seeds, gold) not available";
  std::ifstream gin(shared / "gold" / "seeds.json");
  nlohmann::json gold = nlohmann::json::parse(gin);
  auto res = Resources::Load({});
  ASSERT_TRUE(res.ok()) << res.status().message();
  Pipeline pipeline(*res);
  std::map<std::string, DocGraph> graphs;
  for (const auto& f : fs::directory_iterator(shared / "seeds")) {
    std::string name = f.path().filename().string();
    if (f.path().extension() != ".txt") continue;
    std::ifstream in(f.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    Document doc;
    doc.text = ss.str();
    doc.url = "file:" + name;
    graphs[name.substr(0, 3)] = pipeline.Extract(doc);
  }
  int ok = 0, total = 0, wrong = 0, pairs = 0;
  for (const auto& ge : gold["entities"]) {
    for (const auto& d : ge["docs"]) {
      auto it = graphs.find(d.get<std::string>());
      if (it == graphs.end()) continue;
      const DocGraph& g = it->second;
      std::vector<std::string> forms;
      for (const auto& f : ge["must_merge"]) {
        if (g.doc.text.find(f.get<std::string>()) != std::string::npos) forms.push_back(f);
      }
      if (forms.empty()) continue;
      ++total;
      bool hit = false;
      for (const auto& e : g.entities) {
        bool all = std::all_of(forms.begin(), forms.end(),
                               [&](const std::string& f) { return EntityCovers(e, f); });
        if (all && e.type == ge["type"].get<std::string>()) hit = true;
      }
      if (hit) {
        ++ok;
      } else {
        std::printf("  miss %s:%s\n", it->first.c_str(), ge["id"].get<std::string>().c_str());
      }
    }
  }
  std::map<std::string, nlohmann::json> by_id;
  for (const auto& ge : gold["entities"]) by_id[ge["id"].get<std::string>()] = ge;
  for (const auto& p : gold["must_not_merge"]) {
    const auto& a = by_id[p[0].get<std::string>()];
    const auto& b = by_id[p[1].get<std::string>()];
    for (const auto& d : a["docs"]) {
      if (std::find(b["docs"].begin(), b["docs"].end(), d) == b["docs"].end()) continue;
      auto it = graphs.find(d.get<std::string>());
      if (it == graphs.end()) continue;
      ++pairs;
      for (const auto& e : it->second.entities) {
        auto covers_any = [&](const nlohmann::json& ge) {
          for (const auto& f : ge["must_merge"]) {
            if (EntityCovers(e, f.get<std::string>())) return true;
          }
          return false;
        };
        if (covers_any(a) && covers_any(b)) {
          ++wrong;
          std::printf("  wrong merge %s: %s + %s in '%s'\n", it->first.c_str(),
                      p[0].get<std::string>().c_str(), p[1].get<std::string>().c_str(),
                      e.name.c_str());
          break;
        }
      }
    }
  }
  std::printf(
      "seeds entities: %d/%d found and merged (%.1f%%); wrong merges %d/%d; NER model: %s\n", ok,
      total, total ? 100.0 * ok / total : 0.0, wrong, pairs,
      (*res)->ner() ? "yes" : "no (fallback)");
  EXPECT_EQ(wrong, 0);
  // Finding entities of the right type is the tagger's job; the fallback finder types every name
  // "organization", so the floor is asserted only with the statistical tagger.
  if ((*res)->ner()) {
    EXPECT_GE(ok * 100, total * 90);
  }
}

}  // namespace
}  // namespace mosaic::link
