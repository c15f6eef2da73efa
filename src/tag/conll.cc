#include "tag/conll.h"

#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

namespace mosaic::tag {

size_t ConllFile::num_tokens() const {
  size_t n = 0;
  for (const auto& d : documents) {
    for (const auto& s : d.sentences) n += s.rows.size();
  }
  return n;
}

namespace {

std::vector<std::string> SplitColumns(const std::string& line) {
  std::vector<std::string> cols;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    size_t j = i;
    while (j < line.size() && line[j] != ' ' && line[j] != '\t') ++j;
    if (j > i) cols.emplace_back(line, i, j - i);
    i = j;
  }
  return cols;
}

}  // namespace

Result<ConllFile> ReadConll(std::istream& in, const std::string& name,
                            const ConllOptions& options) {
  ConllFile file;
  file.documents.emplace_back();
  ConllSentence sentence;
  std::string line;
  size_t line_no = 0, columns = 0;
  auto close_sentence = [&] {
    if (!sentence.rows.empty()) file.documents.back().sentences.push_back(std::move(sentence));
    sentence = ConllSentence{};
  };
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::vector<std::string> cols = SplitColumns(line);
    if (cols.empty()) {
      close_sentence();
      continue;
    }
    if (cols[0] == "-DOCSTART-") {
      close_sentence();
      ConllDocument& cur = file.documents.back();
      if (cur.sentences.empty() && cur.docstart.empty()) {
        cur.docstart = line;  // the first document of the file
      } else {
        file.documents.emplace_back();
        file.documents.back().docstart = line;
      }
      continue;
    }
    if (columns == 0) columns = cols.size();
    if (cols.size() != columns) {
      return Status::InvalidInput(name + ":" + std::to_string(line_no) + ": expected " +
                                  std::to_string(columns) + " columns, found " +
                                  std::to_string(cols.size()));
    }
    if (sentence.rows.size() >= options.max_tokens_per_sentence) {
      return Status::LimitExceeded(name + ":" + std::to_string(line_no) +
                                   ": sentence longer than " +
                                   std::to_string(options.max_tokens_per_sentence) + " tokens");
    }
    sentence.rows.push_back(std::move(cols));
  }
  if (in.bad()) return Status::IoError(name + ": read error");
  close_sentence();
  if (file.documents.size() == 1 && file.documents[0].sentences.empty() &&
      file.documents[0].docstart.empty()) {
    file.documents.clear();
  }
  return file;
}

Result<ConllFile> ReadConllFile(const std::string& path, const ConllOptions& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path + ": cannot open");
  return ReadConll(in, path, options);
}

void WriteConll(const ConllFile& file,
                const std::vector<std::vector<std::vector<std::string>>>& tags, std::ostream& out) {
  for (size_t d = 0; d < file.documents.size(); ++d) {
    const ConllDocument& doc = file.documents[d];
    if (!doc.docstart.empty()) out << doc.docstart << " O\n\n";
    for (size_t s = 0; s < doc.sentences.size(); ++s) {
      const auto& rows = doc.sentences[s].rows;
      for (size_t t = 0; t < rows.size(); ++t) {
        for (size_t c = 0; c < rows[t].size(); ++c) out << (c ? " " : "") << rows[t][c];
        const std::string* tag = nullptr;
        if (d < tags.size() && s < tags[d].size() && t < tags[d][s].size()) tag = &tags[d][s][t];
        out << ' ' << (tag ? *tag : std::string("O")) << '\n';
      }
      out << '\n';
    }
  }
}

namespace {

std::string TypeOf(const std::string& tag) {
  return tag.size() > 2 && tag[1] == '-' ? tag.substr(2) : std::string();
}

}  // namespace

std::vector<std::string> Iob1ToBio(const std::vector<std::string>& tags) {
  std::vector<std::string> out(tags);
  for (size_t i = 0; i < tags.size(); ++i) {
    if (tags[i].size() > 2 && tags[i][0] == 'I' && tags[i][1] == '-') {
      std::string type = TypeOf(tags[i]);
      bool continues = i > 0 && tags[i - 1].size() > 2 && TypeOf(tags[i - 1]) == type &&
                       (tags[i - 1][0] == 'I' || tags[i - 1][0] == 'B');
      if (!continues) out[i] = "B-" + type;
    }
  }
  return out;
}

std::vector<std::string> BioToIob1(const std::vector<std::string>& tags) {
  std::vector<std::string> out(tags);
  for (size_t i = 0; i < tags.size(); ++i) {
    if (tags[i].size() > 2 && tags[i][0] == 'B' && tags[i][1] == '-') {
      std::string type = TypeOf(tags[i]);
      // B- stays only where the previous token ends a name of the same type.
      bool after_same = i > 0 && tags[i - 1].size() > 2 && TypeOf(tags[i - 1]) == type;
      if (!after_same) out[i] = "I-" + type;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// conlleval, faithfully: a tag "B-PER" splits at the first '-' into tag "B" and type "PER".
// ---------------------------------------------------------------------------------------------
namespace {

void SplitTag(const std::string& s, std::string* tag, std::string* type) {
  size_t dash = s.find('-');
  if (dash == std::string::npos) {
    *tag = s;
    type->clear();
  } else {
    *tag = s.substr(0, dash);
    size_t next = s.find('-', dash + 1);  // perl split drops what follows a second '-'
    *type = s.substr(dash + 1, next == std::string::npos ? std::string::npos : next - dash - 1);
  }
}

bool EndOfChunk(const std::string& pt, const std::string& t, const std::string& ptype,
                const std::string& type) {
  bool end = false;
  if (pt == "B" && (t == "B" || t == "O")) end = true;
  if (pt == "I" && (t == "B" || t == "O")) end = true;
  if (pt == "E" && (t == "E" || t == "I" || t == "O")) end = true;
  if (pt != "O" && pt != "." && ptype != type) end = true;
  if (pt == "]" || pt == "[") end = true;
  return end;
}

bool StartOfChunk(const std::string& pt, const std::string& t, const std::string& ptype,
                  const std::string& type) {
  bool start = false;
  if (t == "B" && (pt == "B" || pt == "I" || pt == "O")) start = true;
  if (pt == "O" && (t == "I" || t == "E")) start = true;
  if (pt == "E" && (t == "E" || t == "I")) start = true;
  if (t != "O" && t != "." && ptype != type) start = true;
  if (t == "[" || t == "]") start = true;
  return start;
}

}  // namespace

void ConllScorer::Add(const std::string& gold_full, const std::string& guess_full) {
  std::string correct, correct_type, guessed, guessed_type;
  SplitTag(gold_full, &correct, &correct_type);
  SplitTag(guess_full, &guessed, &guessed_type);
  bool end_correct = EndOfChunk(gold_prev_tag_, correct, gold_prev_type_, correct_type);
  bool end_guessed = EndOfChunk(guess_prev_tag_, guessed, guess_prev_type_, guessed_type);
  bool start_correct = StartOfChunk(gold_prev_tag_, correct, gold_prev_type_, correct_type);
  bool start_guessed = StartOfChunk(guess_prev_tag_, guessed, guess_prev_type_, guessed_type);
  if (in_correct_) {
    if (end_correct && end_guessed && guess_prev_type_ == gold_prev_type_) {
      in_correct_ = false;
      ++eval_.overall.correct;
      ++eval_.by_type[gold_prev_type_].correct;
    } else if (end_correct != end_guessed || guessed_type != correct_type) {
      in_correct_ = false;
    }
  }
  if (start_correct && start_guessed && guessed_type == correct_type) in_correct_ = true;
  if (start_correct) {
    ++eval_.overall.found_correct;
    ++eval_.by_type[correct_type].found_correct;
  }
  if (start_guessed) {
    ++eval_.overall.found_guessed;
    ++eval_.by_type[guessed_type].found_guessed;
  }
  gold_prev_tag_ = correct;
  gold_prev_type_ = correct_type;
  guess_prev_tag_ = guessed;
  guess_prev_type_ = guessed_type;
  ++eval_.tokens;
  if (correct == guessed && guessed_type == correct_type) ++eval_.correct_tags;
}

void ConllScorer::Boundary() {
  // conlleval treats a boundary as a token tagged O/O that is not counted.
  uint64_t tokens = eval_.tokens, correct_tags = eval_.correct_tags;
  Add("O", "O");
  eval_.tokens = tokens;
  eval_.correct_tags = correct_tags;
}

const ConllEval& ConllScorer::Finish() {
  if (in_correct_) {
    ++eval_.overall.correct;
    ++eval_.by_type[gold_prev_type_].correct;
    in_correct_ = false;
  }
  return eval_;
}

ConllEval EvaluateConll(const ConllFile& file) {
  ConllScorer scorer;
  for (const auto& doc : file.documents) {
    if (!doc.docstart.empty()) {
      // conlleval counts the -DOCSTART- line as a token (its tags are O).
      scorer.Add("O", "O");
      scorer.Boundary();
    }
    for (const auto& s : doc.sentences) {
      for (const auto& row : s.rows) {
        if (row.size() < 3) {
          scorer.Add("O", "O");
          continue;
        }
        scorer.Add(row[row.size() - 2], row[row.size() - 1]);
      }
      scorer.Boundary();
    }
  }
  return scorer.Finish();
}

void PrintConllEval(const ConllEval& e, std::ostream& out) {
  char buf[256];
  std::snprintf(buf, sizeof(buf),
                "processed %llu tokens with %llu phrases; found: %llu phrases; correct: %llu.\n",
                static_cast<unsigned long long>(e.tokens),
                static_cast<unsigned long long>(e.overall.found_correct),
                static_cast<unsigned long long>(e.overall.found_guessed),
                static_cast<unsigned long long>(e.overall.correct));
  out << buf;
  if (e.tokens > 0) {
    std::snprintf(buf, sizeof(buf),
                  "accuracy: %6.2f%%; precision: %6.2f%%; recall: %6.2f%%; FB1: %6.2f\n",
                  e.accuracy(), e.overall.precision(), e.overall.recall(), e.overall.f1());
    out << buf;
  }
  for (const auto& [type, c] : e.by_type) {
    if (type.empty() || (c.found_correct == 0 && c.found_guessed == 0)) continue;
    std::snprintf(buf, sizeof(buf), "%17s: precision: %6.2f%%; recall: %6.2f%%; FB1: %6.2f  %llu\n",
                  type.c_str(), c.precision(), c.recall(), c.f1(),
                  static_cast<unsigned long long>(c.found_guessed));
    out << buf;
  }
}

}  // namespace mosaic::tag
