// `mosaic train ner|pos|chunk`: trains a sequence tagger from CoNLL columns and writes the model
// file. `mosaic train clusters`: learns word clusters from unlabelled text (see tag/clusters.h).
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "cli/command.h"
#include "tag/clusters.h"
#include "tag/conll.h"
#include "tag/features_lexicons.h"
#include "tag/sequence_model.h"
#include "util/resources.h"

namespace mosaic::cli {
namespace {

struct TrainArgs {
  std::string task;
  std::string train, dev, out;
  std::string clusters;  // "" = models/clusters.txt if found; "none" = no clusters
  int epochs = 10;
  int stages = 1;
  uint32_t seed = 1;
  uint32_t min_count = 1;
  size_t max_rows = 0;
  bool no_gazetteer = false, no_document = false;
};

// Which column is the gold tag and whether tags are IOB1 chunks to convert to BIO.
struct TaskColumns {
  int tag_col;  // negative: from the end
  bool iob;
  bool pos_feature;
};

TaskColumns ColumnsFor(const std::string& task) {
  if (task == "pos") return {1, false, false};
  if (task == "chunk") return {2, true, true};
  return {-1, true, false};  // ner: the last column
}

Result<std::vector<tag::TrainDocument>> ToDocuments(const tag::ConllFile& file,
                                                    const TaskColumns& c, const std::string& name) {
  std::vector<tag::TrainDocument> docs;
  for (const auto& d : file.documents) {
    tag::TrainDocument td;
    for (const auto& s : d.sentences) {
      tag::SentenceInput in;
      std::vector<std::string> tags;
      for (const auto& row : s.rows) {
        int col = c.tag_col < 0 ? static_cast<int>(row.size()) + c.tag_col : c.tag_col;
        if (col <= 0 || col >= static_cast<int>(row.size())) {
          return Status::InvalidInput(name + ": too few columns for this task");
        }
        in.words.emplace_back(row[0]);
        if (c.pos_feature) in.pos.emplace_back(row[1]);
        tags.push_back(row[col]);
      }
      if (c.iob) tags = tag::Iob1ToBio(tags);
      td.sentences.push_back(std::move(in));
      td.tags.push_back(std::move(tags));
    }
    if (!td.sentences.empty()) docs.push_back(std::move(td));
  }
  return docs;
}

void PrintDevScores(const tag::SequenceModel& m, const std::vector<tag::TrainDocument>& dev,
                    const std::string& task, const tag::EpochReport& rep) {
  tag::ConllScorer scorer;
  std::vector<std::vector<uint16_t>> out;
  for (const auto& d : dev) {
    m.TagDocument(d.sentences, &out);
    for (size_t s = 0; s < d.sentences.size(); ++s) {
      for (size_t i = 0; i < out[s].size(); ++i) {
        scorer.Add(d.tags[s][i], std::string(m.tag_name(out[s][i])));
      }
      scorer.Boundary();
    }
  }
  const tag::ConllEval& e = scorer.Finish();
  std::printf("epoch %d  %.1fs  train errors %llu  features %zu  size %.1f MB  dev", rep.epoch,
              rep.seconds, static_cast<unsigned long long>(rep.train_errors), m.num_features(),
              m.file_size() / 1e6);
  if (task == "pos") {
    std::printf(" accuracy %.2f\n", e.accuracy());
  } else {
    std::printf(" F1 %.2f (P %.2f R %.2f)", e.overall.f1(), e.overall.precision(),
                e.overall.recall());
    for (const auto& [type, c] : e.by_type) {
      if (!type.empty()) std::printf("  %s %.2f", type.c_str(), c.f1());
    }
    std::printf("\n");
  }
  std::fflush(stdout);
}

int RunTrain(const TrainArgs& a) {
  TaskColumns cols = ColumnsFor(a.task);
  auto train_file = tag::ReadConllFile(a.train);
  if (!train_file.ok()) return PrintError(train_file.status().message()), 1;
  auto train = ToDocuments(*train_file, cols, a.train);
  if (!train.ok()) return PrintError(train.status().message()), 1;
  std::vector<tag::TrainDocument> dev;
  tag::ConllFile dev_file;
  if (!a.dev.empty()) {
    auto f = tag::ReadConllFile(a.dev);
    if (!f.ok()) return PrintError(f.status().message()), 1;
    dev_file = std::move(f.value());
    auto d = ToDocuments(dev_file, cols, a.dev);
    if (!d.ok()) return PrintError(d.status().message()), 1;
    dev = std::move(d.value());
  }
  tag::TrainOptions o;
  o.task = a.task;
  o.epochs = a.epochs;
  o.stages = a.stages;
  o.seed = a.seed;
  o.min_feature_count = a.min_count;
  o.max_rows = a.max_rows;
  o.feature_flags = 0;
  if (cols.pos_feature) o.feature_flags |= tag::kFeatPos;
  if (!a.no_document) o.feature_flags |= tag::kFeatDocument;
  if (!a.no_gazetteer) {
    auto g = tag::BuildGazetteer(tag::DefaultGazetteerSources());
    if (!g.ok()) return PrintError(g.status().message()), 1;
    o.gazetteer_slots = std::move(g.value());
    o.feature_flags |= tag::kFeatGazetteer;
  }
  std::string clusters = a.clusters;
  if (clusters.empty()) clusters = FindResource("models/clusters.txt");
  if (!clusters.empty() && clusters != "none") {
    auto c = tag::LoadClusters(clusters);
    if (!c.ok()) return PrintError(c.status().message()), 1;
    o.cluster_slots = std::move(c.value());
    o.feature_flags |= tag::kFeatClusters;
  }
  std::printf(
      "train %s: %zu documents, %zu tokens; dev %zu tokens; gazetteer slots %zu; clusters %s\n",
      a.task.c_str(), train->size(), train_file->num_tokens(), dev_file.num_tokens(),
      o.gazetteer_slots.size(), clusters.empty() || clusters == "none" ? "none" : clusters.c_str());
  o.on_epoch = [&](const tag::EpochReport& rep) {
    if (!dev.empty()) {
      PrintDevScores(*rep.model, dev, a.task, rep);
    } else {
      std::printf("epoch %d  %.1fs  train errors %llu\n", rep.epoch, rep.seconds,
                  static_cast<unsigned long long>(rep.train_errors));
    }
  };
  auto image = tag::TrainSequenceModel(*train, o);
  if (!image.ok()) return PrintError(image.status().message()), 1;
  std::string tmp = a.out + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(image->data(), static_cast<std::streamsize>(image->size()));
    if (!out) return PrintError(tmp + ": cannot write"), 1;
  }
  std::error_code ec;
  std::filesystem::rename(tmp, a.out, ec);
  if (ec) return PrintError(a.out + ": " + ec.message()), 1;
  std::printf("wrote %s (%.1f MB)\n", a.out.c_str(), image->size() / 1e6);
  return 0;
}

Setup TrainSetup(const std::string& task) {
  return [task](CLI::App* app) {
    auto a = std::make_shared<TrainArgs>();
    a->task = task;
    app->add_option("--train", a->train, "training file (CoNLL columns)")->required();
    app->add_option("--dev", a->dev, "development file: scores printed each epoch");
    app->add_option("--out", a->out, "model file to write")->required();
    app->add_option("--epochs", a->epochs, "training passes")->capture_default_str();
    app->add_option("--seed", a->seed, "shuffle seed")->capture_default_str();
    app->add_option("--stages", a->stages,
                    "2: add a second stage that sees the first stage's tags across the document")
        ->capture_default_str();
    app->add_option("--min-count", a->min_count, "drop features seen fewer times")
        ->capture_default_str();
    app->add_option("--max-features", a->max_rows, "keep at most N feature rows (0 = all)");
    app->add_option("--clusters", a->clusters,
                    "word clusters file (PATH<TAB>WORD); 'none' to skip");
    app->add_flag("--no-gazetteer", a->no_gazetteer, "no gazetteer features");
    app->add_flag("--no-document", a->no_document, "no document-level features");
    return [a] { return RunTrain(*a); };
  };
}

Registrar reg_ner("train ner", "Train the name tagger (CoNLL NER columns)", TrainSetup("ner"));
Registrar reg_pos("train pos", "Train the part-of-speech tagger (CoNLL column 2)",
                  TrainSetup("pos"));
Registrar reg_chunk("train chunk", "Train the chunker (CoNLL column 3, POS as a feature)",
                    TrainSetup("chunk"));

struct ClusterArgs {
  std::vector<std::string> dirs;
  std::string out;
  tag::ClusterOptions options;
};

int RunClusters(const ClusterArgs& a) {
  tag::ClusterCorpus corpus;
  for (const auto& d : a.dirs) {
    auto n = tag::AddCorpusDirectory(d, &corpus);
    if (!n.ok()) return PrintError(n.status().message()), 1;
    std::printf("%s: %zu files\n", d.c_str(), *n);
  }
  std::printf("%zu tokens\n", corpus.num_tokens());
  std::fflush(stdout);
  std::string log;
  std::string lines = corpus.Cluster(a.options, &log);
  std::printf("%s", log.c_str());
  std::ofstream out(a.out, std::ios::binary | std::ios::trunc);
  out << lines;
  if (!out) return PrintError(a.out + ": cannot write"), 1;
  std::printf("wrote %s\n", a.out.c_str());
  return 0;
}

Registrar reg_clusters(
    "train clusters", "Learn word clusters from the text of unlabelled corpora", [](CLI::App* app) {
      auto a = std::make_shared<ClusterArgs>();
      app->add_option("dirs", a->dirs, "corpus folders (CoNLL and XML files)")->required();
      app->add_option("--out", a->out, "clusters file to write")->required();
      app->add_option("--coarse", a->options.coarse_classes)->capture_default_str();
      app->add_option("--fine", a->options.fine_classes)->capture_default_str();
      app->add_option("--min-count", a->options.min_count)->capture_default_str();
      app->add_option("--iterations", a->options.iterations)->capture_default_str();
      return [a] { return RunClusters(*a); };
    });

}  // namespace
}  // namespace mosaic::cli
