// `marsad train-ner`: trains the NER tagger on CoNLL files and writes the model
// atomically, or (--eval) scores a model on CoNLL files. `marsad ner-clusters`
// builds the word-cluster table (data/ner/clusters.tsv) from unlabelled news.
// Progress on stderr, results on stdout.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/tsv.h"
#include "entities/gazetteer.h"
#include "entities/ner.h"
#include "entities/ner_lexicon.h"
#include "tools/marsad/commands.h"

namespace marsad::cli {
namespace {

using entities::NerCorpus;
using entities::NerSentence;

struct Spec {
  std::string path;
  entities::ConllFormat format = entities::ConllFormat::kAuto;
  std::string domain = "news";
};

// FILE, FILE:format, either with @domain (the suffixes count only when the
// format names a format and the domain is a plain word).
Result<Spec> ParseSpec(std::string arg) {
  Spec s{arg};
  if (std::string d = entities::SplitDomainSuffix(&arg); !d.empty()) {
    s.domain = std::move(d);
    s.path = arg;
  }
  const size_t colon = arg.rfind(':');
  if (colon == std::string::npos) return s;
  auto f = entities::ParseConllFormat(arg.substr(colon + 1));
  if (!f.ok()) return s;
  s.path = arg.substr(0, colon);
  s.format = *f;
  return s;
}

Result<NerCorpus> Read(const std::string& arg) {
  auto spec = ParseSpec(arg);
  if (!spec.ok()) return spec.status();
  return entities::ReadConll(spec->path, spec->format);
}

struct Named {
  std::string name;
  std::vector<NerSentence> sentences;
  // Scored after every epoch (--dev files). A held-out test part is scored
  // once, at the end: per-epoch figures on it invite choosing by them.
  bool per_epoch = true;
};

size_t Tokens(const std::vector<NerSentence>& s) {
  size_t n = 0;
  for (const auto& x : s) n += x.words.size();
  return n;
}

// One line per token: word, gold tag, predicted tag (for error analysis).
void Dump(const entities::NerModel& model, const std::vector<NerSentence>& sentences, std::ostream& out) {
  for (size_t b = 0; b < sentences.size(); b += entities::kNerDocSentences) {
    const size_t e = std::min(sentences.size(), b + entities::kNerDocSentences);
    std::vector<std::vector<std::string>> words;
    for (size_t k = b; k < e; ++k) words.push_back(sentences[k].words);
    const auto spans = model.TagWords(words);
    for (size_t k = b; k < e; ++k) {
      const auto& s = sentences[k];
      const auto pred = entities::SpansToBio(spans[k - b], int(s.words.size()));
      for (size_t i = 0; i < s.words.size(); ++i)
        out << s.words[i] << ' ' << s.tags[i] << ' ' << pred[i] << (s.tags[i] != pred[i] ? " *" : "") << '\n';
      out << '\n';
    }
  }
}

// The sentences of one evaluation file (its last `tail` share when tail > 0);
// false after printing why the file could not be read.
bool EvalSentences(const std::string& file, double tail, std::vector<NerSentence>* out) {
  auto corpus = Read(file);
  if (!corpus.ok()) {
    std::cerr << "marsad: " << corpus.status().message() << "\n";
    return false;
  }
  *out = tail > 0 ? entities::SplitTail(*corpus, tail).second : corpus->sentences;
  return true;
}

int RunEval(const std::vector<std::string>& files, const std::string& model_path, const std::vector<std::string>& gaz_dirs,
            double tail, bool dump, const std::vector<float>& o_biases, const std::vector<float>& type_bias,
            int prune_rows) {
  auto loaded = entities::NerModel::Load(model_path, gaz_dirs);
  if (!loaded.ok()) {
    std::cerr << "marsad: " << loaded.status().message() << "\n";
    return 1;
  }
  if (prune_rows > 0) {
    loaded = (*loaded)->WithRowsPruned(prune_rows);
    std::cerr << "rows below " << prune_rows << " dropped: " << (*loaded)->nonzero_rows() << " non-zero rows left\n";
  }
  if (type_bias.size() == 3) loaded = (*loaded)->WithTypeBias({type_bias[0], type_bias[1], type_bias[2]});
  if (o_biases.size() > 1 && !dump) {  // a sweep for choosing the bias on a dev set
    for (const auto& f : files) {
      std::vector<NerSentence> sentences;
      if (!EvalSentences(f, tail, &sentences)) return 1;
      for (float b : o_biases) {
        const auto s = entities::Evaluate(*(*loaded)->WithOBias(b), sentences);
        // The counts let folds of a cross-validation be pooled.
        std::printf("%s o-bias %.3f  P %.4f R %.4f F1 %.4f  (PER %.4f ORG %.4f LOC %.4f)  counts %d %d %d  %d %d %d  %d %d %d\n",
                    f.c_str(), b, s.all.Precision(), s.all.Recall(), s.all.F1(), s.per.F1(), s.org.F1(), s.loc.F1(),
                    s.per.tp, s.per.fp, s.per.fn, s.org.tp, s.org.fp, s.org.fn, s.loc.tp, s.loc.fp, s.loc.fn);
      }
    }
    return 0;
  }
  auto model = o_biases.empty() ? *loaded : (*loaded)->WithOBias(o_biases[0]);
  for (const auto& f : files) {
    std::vector<NerSentence> sentences;
    if (!EvalSentences(f, tail, &sentences)) return 1;
    if (dump) {
      Dump(*model, sentences, std::cout);
      continue;
    }
    const auto start = std::chrono::steady_clock::now();
    const entities::NerScore score = entities::Evaluate(*model, sentences);
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cout << "== " << f << (tail > 0 ? " (last " + std::to_string(tail) + " of lines)" : "") << ": "
              << sentences.size() << " sentences, " << Tokens(sentences) << " tokens\n"
              << score.Format();
    std::cerr << "tagged at " << int(Tokens(sentences) / std::max(secs, 1e-9)) << " tokens/s (incl. tokenizing)\n";
  }
  return 0;
}

int RunTrain(const std::vector<std::string>& train_files, const std::vector<std::string>& dev_files,
             const std::string& out, const std::vector<std::string>& gaz_dirs, double tail,
             const std::string& clusters, const std::vector<float>& type_bias, entities::NerTrainOptions opt,
             const std::string& view, const std::vector<std::string>& domain_masks) {
  if (!clusters.empty() && clusters != "none") {
    auto lexicon = entities::LoadNerLexicon(clusters);
    if (!lexicon.ok()) {
      std::cerr << "marsad: " << lexicon.status().message() << "\n";
      return 1;
    }
    std::cerr << "word clusters: " << lexicon->size() << " words from " << clusters << "\n";
    opt.lexicon = std::make_shared<const entities::NerLexicon>(std::move(lexicon).value());
  }
  std::vector<NerSentence> train;
  std::vector<Named> dev;
  std::vector<std::string> domains = {"news"};  // index = NerSentence::domain
  for (size_t i = 0; i < train_files.size(); ++i) {
    auto corpus = Read(train_files[i]);
    if (!corpus.ok()) {
      std::cerr << "marsad: " << corpus.status().message() << "\n";
      return 1;
    }
    auto sentences = corpus->sentences;
    const std::string domain = ParseSpec(train_files[i])->domain;
    auto d = std::find(domains.begin(), domains.end(), domain);
    if (d == domains.end()) d = domains.insert(domains.end(), domain);
    for (auto& s : sentences) s.domain = int(d - domains.begin());
    if (i == 0 && tail > 0) {
      auto [head, held] = entities::SplitTail(*corpus, tail);
      sentences = std::move(head);
      dev.push_back({train_files[i] + " (held-out tail)", std::move(held), false});
    }
    std::cerr << "train " << train_files[i] << ": " << sentences.size() << " sentences, " << Tokens(sentences)
              << " tokens\n";
    train.insert(train.end(), sentences.begin(), sentences.end());
  }
  for (const auto& f : dev_files) {
    auto corpus = Read(f);
    if (!corpus.ok()) {
      std::cerr << "marsad: " << corpus.status().message() << "\n";
      return 1;
    }
    dev.push_back({f, corpus->sentences});
  }
  for (const std::string& spec : domain_masks) {
    std::string name;
    std::array<double, 3> rates{};
    const bool parsed = entities::ParseDomainMask(spec, &name, &rates);
    const auto d = std::find(domains.begin(), domains.end(), name);
    if (!parsed || d == domains.end()) {
      std::cerr << "marsad: --mask-domain " << spec
                << (parsed ? ": no --train file has that domain\n"
                           : ": expected DOMAIN=NAMES,WORDS,DEEP, three rates in [0, 1]\n");
      return 2;
    }
    opt.domain_mask[int(d - domains.begin())] = rates;
  }
  if (auto v = std::find(domains.begin(), domains.end(), view); v != domains.end()) {
    opt.view_domain = int(v - domains.begin());
  } else {
    std::cerr << "marsad: --view " << view << ": no --train file has that domain\n";
    return 2;
  }
  auto gazetteer = entities::Gazetteer::Load(gaz_dirs);
  if (!gazetteer.ok()) {
    std::cerr << "marsad: " << gazetteer.status().message() << "\n";
    return 1;
  }
  std::cerr << "gazetteer: " << (*gazetteer)->size() << " names\n";
  const auto start = std::chrono::steady_clock::now();
  auto progress = [&](int epoch, const entities::NerModel& m) {
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cerr << "epoch " << epoch << " (" << int(secs) << " s)";
    for (const auto& d : dev)
      if (d.per_epoch) std::cerr << "  " << d.name << " F1 " << entities::Evaluate(m, d.sentences).all.F1();
    std::cerr << "\n";
  };
  auto model = entities::NerModel::Train(train, opt, *gazetteer, progress);
  if (type_bias.size() == 3) model = model->WithTypeBias({type_bias[0], type_bias[1], type_bias[2]});
  if (Status s = model->Save(out); !s.ok()) {
    std::cerr << "marsad: " << s.message() << "\n";
    return 1;
  }
  std::cerr << "wrote " << out << " (" << model->nonzero_rows() << " feature rows)\n";
  for (const auto& d : dev)
    std::cout << "== " << d.name << ": " << d.sentences.size() << " sentences\n"
              << entities::Evaluate(*model, d.sentences).Format();
  return 0;
}

// Article texts of a news file: a JSON array of objects with "content" (a
// .zip holding such files is read through `unzip -p`), else the whole file.
Result<std::vector<std::string>> NewsTexts(const std::string& path) {
  std::string bytes;
  if (path.ends_with(".zip")) {
    std::string quoted = "'";
    for (char c : path) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    quoted += "'";
    FILE* p = ::popen(("unzip -p " + quoted + " 2>/dev/null").c_str(), "r");
    if (!p) return Status::Error("cannot run unzip on " + path);
    char buf[1 << 16];
    size_t got;
    while ((got = std::fread(buf, 1, sizeof buf, p)) > 0) bytes.append(buf, got);
    if (::pclose(p) != 0 || bytes.empty()) return Status::Error("cannot unzip " + path);
  } else {
    auto content = base::ReadFile(path);
    if (!content.ok()) return content.status();
    bytes = std::move(content).value();
  }
  std::vector<std::string> out;
  const auto doc = nlohmann::json::parse(bytes, nullptr, /*allow_exceptions=*/false);
  if (doc.is_array()) {
    for (const auto& a : doc)
      if (a.is_object() && a.contains("content") && a["content"].is_string()) out.push_back(a["content"].get<std::string>());
  } else {
    out.push_back(std::move(bytes));
  }
  return out;
}

// Writes `content` to `out` atomically; 1 after saying why it could not.
int WriteAtomically(const std::string& out, const std::string& content) {
  if (Status s = base::WriteFileAtomically(out, content); !s.ok()) {
    std::cerr << "marsad: " << s.message() << "\n";
    return 1;
  }
  return 0;
}

int RunClusters(const std::vector<std::string>& files, const std::string& out, const entities::NerClusterOptions& opt) {
  std::vector<std::string> texts;
  for (const auto& f : files) {
    auto t = NewsTexts(f);
    if (!t.ok()) {
      std::cerr << "marsad: " << t.status().message() << "\n";
      return 1;
    }
    std::cerr << f << ": " << t->size() << " texts\n";
    texts.insert(texts.end(), std::make_move_iterator(t->begin()), std::make_move_iterator(t->end()));
  }
  const auto start = std::chrono::steady_clock::now();
  const std::string table = entities::BuildClusterTable(texts, opt);
  if (int rc = WriteAtomically(out, table); rc != 0) return rc;
  std::cerr << "wrote " << out << " ("
            << std::count(table.begin(), table.end(), '\n') - 1 << " words, "
            << int(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()) << " s)\n";
  return 0;
}

Command AddNerClusters(CLI::App& app) {
  auto* cmd = app.add_subcommand("ner-clusters",
                                 "Build the NER word-cluster table from unlabelled news (JSON arrays with "
                                 "\"content\", .zip of them, or plain text)");
  struct Flags {
    std::vector<std::string> files;
    std::string out = "data/ner/clusters.tsv";
    entities::NerClusterOptions opt;
  };
  auto f = std::make_shared<Flags>();
  cmd->add_option("files", f->files, "news files")->required();
  cmd->add_option("--out", f->out, "table to write")->capture_default_str();
  cmd->add_option("--min-count", f->opt.min_count, "least occurrences for a word to get a row")->capture_default_str();
  cmd->add_option("--contexts", f->opt.contexts, "context forms (most frequent)")->capture_default_str();
  cmd->add_option("--depth", f->opt.depth, "levels of 8-way splits (1-5)")->capture_default_str();
  cmd->add_option("--seed", f->opt.seed, "k-means seed")->capture_default_str();
  return [cmd, f]() {
    if (!cmd->parsed()) return -1;
    return RunClusters(f->files, f->out, f->opt);
  };
}

int RunPlaces(const std::string& geonames, const std::string& clusters, const std::string& out) {
  entities::NewsWordCounts news;
  if (clusters != "none") {
    auto counts = entities::LoadNewsWordCounts(clusters);
    if (!counts.ok()) {
      std::cerr << "marsad: " << counts.status().message() << "\n";
      return 1;
    }
    news = std::move(counts).value();
  }
  // The dump is read through the gazetteer importer (plain or .zip), into a
  // temporary index next to the output.
  const std::string index = out + ".geonames.tmp";
  entities::ImportStats stats;
  Status s = entities::ImportGeoNames(geonames, index, &stats);
  auto places = s.ok() ? entities::LoadGazetteerIndex(index) : Result<std::vector<entities::GazetteerPlace>>(s);
  std::remove(index.c_str());
  if (!places.ok()) {
    std::cerr << "marsad: " << places.status().message() << "\n";
    return 1;
  }
  const std::string name = std::filesystem::path(geonames).filename().string();
  const std::string table = entities::BuildNerPlaceNames(
      *places, news,
      "Place names with Arabic spellings from GeoNames (" + name +
          ", CC BY 4.0, geonames.org), filtered by `marsad ner-places` with word counts from " +
          (clusters == "none" ? std::string("no news table") : clusters) + "; NER gazetteer feature (place bit).");
  if (int rc = WriteAtomically(out, table); rc != 0) return rc;
  std::cerr << "wrote " << out << " (" << std::count(table.begin(), table.end(), '\n') - 2 << " names from "
            << places->size() << " places; " << stats.malformed << " malformed lines skipped)\n";
  return 0;
}

Command AddNerPlaces(CLI::App& app) {
  auto* cmd = app.add_subcommand("ner-places",
                                 "Build the NER gazetteer's place-name list from a GeoNames dump (cities15000.txt, "
                                 "allCountries.txt or a .zip of one)");
  struct Flags {
    std::string geonames, clusters = "data/ner/clusters.tsv", out = "data/ner/place_names.tsv";
  };
  auto f = std::make_shared<Flags>();
  cmd->add_option("geonames", f->geonames, "GeoNames dump")->required();
  cmd->add_option("--clusters", f->clusters,
                  "news word counts (`marsad ner-clusters` table) to drop common words; 'none' = no filter")
      ->capture_default_str();
  cmd->add_option("--out", f->out, "table to write")->capture_default_str();
  return [cmd, f]() {
    if (!cmd->parsed()) return -1;
    return RunPlaces(f->geonames, f->clusters, f->out);
  };
}

}  // namespace

Command AddTrainNer(CLI::App& app) {
  // ner-clusters and ner-places ride along with train-ner so main.cc's command list stays as it is.
  Command clusters = AddNerClusters(app);
  Command places = AddNerPlaces(app);
  auto* cmd = app.add_subcommand("train-ner", "Train the NER sequence tagger on CoNLL files, or score a model (--eval)");
  struct Flags {
    std::vector<std::string> train, dev, eval;
    std::string out = "data/ner/model.bin", model = "data/ner/model.bin";
    std::vector<std::string> gazetteer = {"data/ner", "data/kb"};
    std::string clusters = "data/ner/clusters.tsv";
    double tail = 0;
    bool dump = false;
    std::vector<float> o_biases, type_bias;
    entities::NerTrainOptions opt;
    std::string view = "news";
    std::vector<std::string> domain_masks;
  };
  auto f = std::make_shared<Flags>();
  cmd->add_option("--train", f->train,
                  "training file FILE[:anercorp|conll|wojood][@DOMAIN] (repeatable); files of more than one domain "
                  "(default news) train corpus-specific feature copies besides the shared ones");
  cmd->add_option("--view", f->view, "domain whose view (shared + its own feature copies) the written model is")
      ->capture_default_str();
  cmd->add_option("--dev", f->dev, "file scored after every epoch (repeatable)");
  cmd->add_option("--eval", f->eval, "score --model on these files instead of training (repeatable)");
  cmd->add_option("--holdout-tail", f->tail,
                  "train: hold out the last fraction of the first --train file's lines (whole sentences) and "
                  "score it once, after training (never per epoch); eval: score only that tail")
      ->check(CLI::Range(0.0, 0.9));
  cmd->add_flag("--dump", f->dump, "with --eval: print word, gold and predicted tag per token instead of scores");
  cmd->add_option("--epochs", f->opt.epochs, "training epochs")->capture_default_str();
  cmd->add_option("--bucket-bits", f->opt.bucket_bits, "log2 of hashed feature rows")->capture_default_str();
  cmd->add_option("--seed", f->opt.seed, "shuffling seed")->capture_default_str();
  cmd->add_option("--prune", f->opt.prune, "drop averaged weights below this magnitude")->capture_default_str();
  cmd->add_option("--prune-rows", f->opt.prune_rows,
                  "drop feature rows whose every weight is below this, in stored units (32767 = the largest "
                  "weight); with --eval: score --model so pruned")
      ->check(CLI::Range(0, 32767))
      ->capture_default_str();
  cmd->add_option("--gazetteer", f->gazetteer,
                  "folders with KB/name TSVs for gazetteer features (repeatable; 'none' = no gazetteer)")
      ->capture_default_str();
  cmd->add_option("--o-bias", f->o_biases,
                  "train: O bias stored in the model; eval: decode with this bias instead (several = a sweep)");
  cmd->add_option("--type-bias", f->type_bias,
                  "PER ORG LOC: added to the score of starting a name of that type (train: stored in the model's "
                  "transitions; eval: added to the model's)");
  cmd->add_option("--clusters", f->clusters, "word-cluster table from `marsad ner-clusters` ('none' = no cluster features)")
      ->capture_default_str();
  cmd->add_option("--cost", f->opt.cost, "cost-augmented training: every wrong label scores this much more")
      ->capture_default_str();
  cmd->add_option("--ensemble", f->opt.ensemble, "average this many runs over different shuffles")->capture_default_str();
  cmd->add_option("--folds", f->opt.folds, "cross-tagging folds for the document pass")->capture_default_str();
  cmd->add_option("--mask-names", f->opt.mask_names,
                  "word-identity dropout: train also on a copy of each sentence whose name words lose their "
                  "identity with this probability")
      ->check(CLI::Range(0.0, 1.0))->capture_default_str();
  cmd->add_option("--mask-words", f->opt.mask_words, "the same for the other words of that copy")
      ->check(CLI::Range(0.0, 1.0))->capture_default_str();
  cmd->add_option("--mask-deep", f->opt.mask_deep, "share of the masked words that also lose affixes and letter n-grams")
      ->check(CLI::Range(0.0, 1.0))->capture_default_str();
  cmd->add_option("--mask-domain", f->domain_masks,
                  "DOMAIN=NAMES,WORDS,DEEP: the three dropout rates above for that domain's sentences (repeatable)");
  cmd->add_flag("--no-second-pass", [f](int64_t) { f->opt.second_pass = false; }, "train without the document pass");
  cmd->add_option("--out", f->out, "model to write")->capture_default_str();
  cmd->add_option("--model", f->model, "model to score with --eval")->capture_default_str();
  return [cmd, f, clusters, places]() {
    if (int rc = clusters(); rc >= 0) return rc;
    if (int rc = places(); rc >= 0) return rc;
    if (!cmd->parsed()) return -1;
    std::erase(f->gazetteer, "none");
    if (!f->type_bias.empty() && f->type_bias.size() != 3) {
      std::cerr << "marsad train-ner: --type-bias takes 3 values (PER ORG LOC)\n";
      return 2;
    }
    if (!f->eval.empty())
      return RunEval(f->eval, f->model, f->gazetteer, f->tail, f->dump, f->o_biases, f->type_bias, f->opt.prune_rows);
    if (f->train.empty()) {
      std::cerr << "marsad train-ner: give --train FILE (or --eval FILE --model PATH)\n";
      return 2;
    }
    if (!f->o_biases.empty()) f->opt.o_bias = f->o_biases[0];
    return RunTrain(f->train, f->dev, f->out, f->gazetteer, f->tail, f->clusters, f->type_bias, f->opt, f->view,
                    f->domain_masks);
  };
}

}  // namespace marsad::cli
