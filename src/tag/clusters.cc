#include "tag/clusters.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <sstream>

#include "text/analyzed_text.h"

namespace mosaic::tag {

void ClusterCorpus::AddSentence(std::span<const std::string_view> words) {
  for (auto w : words) {
    auto [it, fresh] = ids_.emplace(std::string(w), static_cast<uint32_t>(words_.size()));
    if (fresh) {
      words_.emplace_back(w);
      counts_.push_back(0);
    }
    ++counts_[it->second];
    seq_.push_back(it->second);
    ++tokens_;
  }
  seq_.push_back(UINT32_MAX);
}

namespace {

inline double XLogX(double x) { return x > 0 ? x * std::log(x) : 0.0; }

// One exchange run over words 0..V-1 (ids renumbered by frequency). Returns the class of each word.
std::vector<uint32_t> Exchange(uint32_t V, uint32_t K,
                               const std::vector<std::vector<std::pair<uint32_t, uint32_t>>>& right,
                               const std::vector<std::vector<std::pair<uint32_t, uint32_t>>>& left,
                               int iterations, std::string* log) {
  std::vector<uint32_t> cls(V);
  for (uint32_t w = 0; w < V; ++w) cls[w] = w % K;
  std::vector<double> N(size_t{K} * K, 0), Nl(K, 0), Nr(K, 0);
  auto rebuild = [&] {
    std::fill(N.begin(), N.end(), 0);
    std::fill(Nl.begin(), Nl.end(), 0);
    std::fill(Nr.begin(), Nr.end(), 0);
    for (uint32_t w = 0; w < V; ++w) {
      for (auto [v, c] : right[w]) {
        N[size_t{cls[w]} * K + cls[v]] += c;
        Nl[cls[w]] += c;
        Nr[cls[v]] += c;
      }
    }
  };
  rebuild();
  std::vector<double> L(K), R(K);
  std::vector<uint32_t> lset, rset;
  std::vector<uint8_t> lmark(K), rmark(K);
  for (int it = 0; it < iterations; ++it) {
    uint64_t moves = 0;
    for (uint32_t w = 0; w < V; ++w) {
      const uint32_t a = cls[w];
      double self = 0, out_w = 0, in_w = 0;
      lset.clear();
      rset.clear();
      for (auto [v, c] : right[w]) {
        out_w += c;
        if (v == w) {
          self += c;
          continue;
        }
        uint32_t d = cls[v];
        if (!rmark[d]) rmark[d] = 1, rset.push_back(d), R[d] = 0;
        R[d] += c;
      }
      for (auto [v, c] : left[w]) {
        in_w += c;
        if (v == w) continue;
        uint32_t d = cls[v];
        if (!lmark[d]) lmark[d] = 1, lset.push_back(d), L[d] = 0;
        L[d] += c;
      }
      // Remove w from a.
      for (uint32_t d : rset) N[size_t{a} * K + d] -= R[d];
      for (uint32_t d : lset) N[size_t{d} * K + a] -= L[d];
      N[size_t{a} * K + a] -= self;
      Nl[a] -= out_w;
      Nr[a] -= in_w;
      // Best class for w.
      auto gain = [&](uint32_t b) {
        double g = 0;
        double lb = 0, rb = 0;
        for (uint32_t d : rset) {
          if (d == b) {
            rb = R[d];
            continue;
          }
          double n = N[size_t{b} * K + d];
          g += XLogX(n + R[d]) - XLogX(n);
        }
        for (uint32_t d : lset) {
          if (d == b) {
            lb = L[d];
            continue;
          }
          double n = N[size_t{d} * K + b];
          g += XLogX(n + L[d]) - XLogX(n);
        }
        double nbb = N[size_t{b} * K + b];
        g += XLogX(nbb + lb + rb + self) - XLogX(nbb);
        g -= XLogX(Nl[b] + out_w) - XLogX(Nl[b]);
        g -= XLogX(Nr[b] + in_w) - XLogX(Nr[b]);
        return g;
      };
      uint32_t best = a;
      double best_gain = gain(a);
      for (uint32_t b = 0; b < K; ++b) {
        if (b == a) continue;
        double g = gain(b);
        if (g > best_gain + 1e-9) {
          best_gain = g;
          best = b;
        }
      }
      // Add w to best.
      const uint32_t b = best;
      for (uint32_t d : rset) N[size_t{b} * K + d] += R[d];
      for (uint32_t d : lset) N[size_t{d} * K + b] += L[d];
      N[size_t{b} * K + b] += self;
      Nl[b] += out_w;
      Nr[b] += in_w;
      if (b != a) ++moves;
      cls[w] = b;
      for (uint32_t d : rset) rmark[d] = 0;
      for (uint32_t d : lset) lmark[d] = 0;
    }
    if (log)
      *log += "  K=" + std::to_string(K) + " pass " + std::to_string(it + 1) + ": " +
              std::to_string(moves) + " moves\n";
    if (moves == 0) break;
  }
  return cls;
}

uint32_t Bits(uint32_t k) {
  uint32_t b = 0;
  while ((1u << b) < k) ++b;
  return b;
}

}  // namespace

std::string ClusterCorpus::Cluster(const ClusterOptions& o, std::string* log) const {
  // Vocabulary: words seen at least min_count times, by frequency (ties by spelling).
  std::vector<uint32_t> vocab;
  for (uint32_t i = 0; i < words_.size(); ++i) {
    if (counts_[i] >= o.min_count) vocab.push_back(i);
  }
  std::sort(vocab.begin(), vocab.end(), [&](uint32_t a, uint32_t b) {
    return counts_[a] != counts_[b] ? counts_[a] > counts_[b] : words_[a] < words_[b];
  });
  const uint32_t V = static_cast<uint32_t>(vocab.size());
  std::vector<uint32_t> rank(words_.size(), UINT32_MAX);
  for (uint32_t r = 0; r < V; ++r) rank[vocab[r]] = r;
  std::unordered_map<uint64_t, uint32_t> bigrams;
  for (size_t i = 0; i + 1 < seq_.size(); ++i) {
    uint32_t a = seq_[i], b = seq_[i + 1];
    if (a == UINT32_MAX || b == UINT32_MAX) continue;
    uint32_t ra = rank[a], rb = rank[b];
    if (ra == UINT32_MAX || rb == UINT32_MAX) continue;
    ++bigrams[(uint64_t{ra} << 32) | rb];
  }
  std::vector<std::vector<std::pair<uint32_t, uint32_t>>> right(V), left(V);
  for (auto [k, c] : bigrams) {
    uint32_t a = static_cast<uint32_t>(k >> 32), b = static_cast<uint32_t>(k);
    right[a].emplace_back(b, c);
    left[b].emplace_back(a, c);
  }
  for (auto& v : right) std::sort(v.begin(), v.end());
  for (auto& v : left) std::sort(v.begin(), v.end());
  if (log)
    *log += "vocabulary " + std::to_string(V) + ", bigram types " + std::to_string(bigrams.size()) +
            "\n";
  std::vector<uint32_t> coarse = Exchange(V, o.coarse_classes, right, left, o.iterations, log);
  std::vector<uint32_t> fine = Exchange(V, o.fine_classes, right, left, o.iterations, log);
  const uint32_t cb = Bits(o.coarse_classes), fb = Bits(o.fine_classes);
  std::string out;
  for (uint32_t r = 0; r < V; ++r) {
    for (uint32_t i = cb; i-- > 0;) out.push_back((coarse[r] >> i) & 1 ? '1' : '0');
    for (uint32_t i = fb; i-- > 0;) out.push_back((fine[r] >> i) & 1 ? '1' : '0');
    out += '\t';
    out += words_[vocab[r]];
    out += '\t';
    out += std::to_string(counts_[vocab[r]]);
    out += '\n';
  }
  return out;
}

namespace {

std::string StripXml(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  bool in_tag = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '<') {
      in_tag = true;
      out.push_back(' ');
    } else if (c == '>') {
      in_tag = false;
    } else if (!in_tag) {
      if (c == '&') {
        static const std::pair<const char*, char> kEnt[] = {
            {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
        bool done = false;
        for (auto [e, r] : kEnt) {
          size_t n = std::strlen(e);
          if (s.compare(i, n, e) == 0) {
            out.push_back(r);
            i += n - 1;
            done = true;
            break;
          }
        }
        if (done) continue;
      }
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace

Result<size_t> AddCorpusDirectory(const std::string& dir, ClusterCorpus* corpus) {
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file()) files.push_back(it->path());
  }
  if (ec) return Status::IoError(dir + ": " + ec.message());
  std::sort(files.begin(), files.end());  // a fixed order: the result is deterministic
  size_t n = 0;
  for (const auto& p : files) {
    std::string ext = p.extension().string();
    std::string name = p.filename().string();
    bool conll = name.rfind("eng.", 0) == 0 || ext == ".conll";
    bool xml = ext == ".xml" || ext == ".tml" || ext == ".naf";
    if (!conll && !xml) continue;
    std::ifstream in(p, std::ios::binary);
    if (!in) return Status::IoError(p.string() + ": cannot open");
    if (conll) {
      std::string line;
      std::vector<std::string> sent;
      auto flush = [&] {
        std::vector<std::string_view> v(sent.begin(), sent.end());
        if (!v.empty()) corpus->AddSentence(v);
        sent.clear();
      };
      while (std::getline(in, line)) {
        size_t sp = line.find_first_of(" \t");
        std::string tok = line.substr(0, sp);
        if (tok.empty() || tok == "-DOCSTART-") {
          flush();
          continue;
        }
        sent.push_back(tok);
      }
      flush();
    } else {
      std::stringstream ss;
      ss << in.rdbuf();
      std::string plain = StripXml(ss.str());
      text::AnalyzedText t = text::Analyze(plain);
      std::vector<std::string_view> v;
      for (const auto& s : t.sentences) {
        v.clear();
        for (uint32_t i = s.first_token; i < s.last_token; ++i) v.push_back(t.TokenText(i));
        corpus->AddSentence(v);
      }
    }
    ++n;
  }
  return n;
}

}  // namespace mosaic::tag
