#include "main/text_commands.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>

#include "common/utf8.h"
#include "http/analyze_routes.h"
#include "text/analyzer.h"
#include "text/train.h"

namespace loopdesk {

void AddTextCommands(CLI::App& app, TextCommands& c) {
  c.train = app.add_subcommand(
      "train", "train the sentiment model from labelled reviews (deterministic) and report");
  c.train->add_option("--data", c.data_dir, "directory of the *.train.tsv review sets")
      ->capture_default_str();
  c.train->add_option("--out", c.out, "model file to write (default: data/text/sentiment.model)");
  c.train->add_option("--text-data", c.text_data, "directory holding userdict.txt");
  c.train->add_flag("--validation", c.validation,
                    "train without the validation part and score on it (for choosing settings)");
  c.analyze = app.add_subcommand("analyze", "analyse texts: one per line in, one JSON per line out");
  c.analyze->add_option("input", c.input, "file to read, or - for stdin")->capture_default_str();
  c.analyze->add_option("--text-data", c.text_data, "directory of userdict.txt and sentiment.model");
}

namespace {

int Train(const TextCommands& c) {
  text::TrainOptions o;
  o.include_validation = !c.validation;
  // Development knobs for choosing settings on the validation part (docs/text-quality.md).
  if (const char* v = std::getenv("LD_TRAIN_EPOCHS")) o.epochs = std::atoi(v);
  if (const char* v = std::getenv("LD_TRAIN_LR")) o.learning_rate = std::atof(v);
  if (const char* v = std::getenv("LD_TRAIN_L2")) o.l2 = std::atof(v);
  if (const char* v = std::getenv("LD_TRAIN_NB")) o.nb_scaling = std::atoi(v) != 0;
  if (const char* v = std::getenv("LD_TRAIN_BALANCE")) o.balance_sets = std::atoi(v) != 0;
  if (const char* v = std::getenv("LD_TRAIN_BAG")) o.bag = std::atoi(v);
  if (const char* v = std::getenv("LD_TRAIN_HASH_BITS")) o.hash_bits = std::atoi(v);
  if (const char* v = std::getenv("LD_TRAIN_AVG_FROM")) o.average_from = std::atoi(v);
  if (const char* v = std::getenv("LD_TRAIN_SET_WEIGHT")) {  // e.g. "1,1.5,1"
    std::string s = v;
    o.set_weight.clear();
    for (size_t at = 0; at <= s.size();) {
      size_t comma = s.find(',', at);
      if (comma == std::string::npos) comma = s.size();
      o.set_weight.push_back(std::atof(s.substr(at, comma - at).c_str()));
      at = comma + 1;
    }
  }
  std::string dir = c.text_data.empty() ? std::string(LOOPDESK_TEXT_DATA_DIR) : c.text_data;
  o.user_dict = dir + "/userdict.txt";
  std::string out = c.out.empty() ? dir + "/sentiment.model" : c.out;
  auto reports = text::TrainAndReport(c.data_dir, out, o, [](const std::string& m) {
    std::fprintf(stderr, "train: %s\n", m.c_str());
  });
  if (!reports.ok()) {
    std::fprintf(stderr, "loopdesk: %s\n", reports.status().message().c_str());
    return 1;
  }
  std::printf("model written to %s\n", out.c_str());
  std::printf("%-26s %7s %6s | %-15s | %-15s | %-15s\n", "set", "train", "eval",
              "model acc/F1", "rules acc/F1", "NB acc/F1");
  for (const auto& r : *reports)
    std::printf("%-26s %7zu %6zu | %.4f / %.4f | %.4f / %.4f | %.4f / %.4f\n", r.name.c_str(),
                r.train_n, r.eval_n, r.model.accuracy, r.model.macro_f1, r.rules_only.accuracy,
                r.rules_only.macro_f1, r.baseline.accuracy, r.baseline.macro_f1);
  // The cause classifier is cue-based (not trained); scored here on the hand-labelled set.
  text::AnalyzerOptions ao;
  ao.data_dir = dir;
  ao.model_path = out;
  auto analyzer = text::Analyzer::Load(ao);
  if (!analyzer.ok()) return 1;
  std::string eval = dir + "/../eval/cause_eval.tsv";
  auto cause = text::EvaluateCause(**analyzer, eval);
  if (cause.ok())
    std::printf("cause (%s): n=%zu accuracy %.4f macro-F1 %.4f; confidence>=0.5: %zu at %.4f\n",
                eval.c_str(), cause->n, cause->accuracy, cause->macro_f1, cause->confident,
                cause->confident_accuracy);
  return 0;
}

int Analyze(const TextCommands& c) {
  text::AnalyzerOptions ao;
  ao.data_dir = c.text_data;
  auto analyzer = text::Analyzer::Load(ao);
  if (!analyzer.ok()) {
    std::fprintf(stderr, "loopdesk: %s\n", analyzer.status().message().c_str());
    return 1;
  }
  std::ifstream file;
  std::istream* in = &std::cin;
  if (c.input != "-") {
    file.open(c.input);
    if (!file) {
      std::fprintf(stderr, "loopdesk: cannot read %s\n", c.input.c_str());
      return 1;
    }
    in = &file;
  }
  std::string line;
  int rc = 0;
  while (std::getline(*in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!IsValidUtf8(line)) {
      std::cout << R"({"error":{"code":"bad_request","message":"line is not valid UTF-8"}})"
                << '\n';
      rc = 2;
      continue;
    }
    std::cout << http::AnalysisJson((*analyzer)->Analyze(line)).dump() << '\n';
  }
  std::cout.flush();
  return rc;
}

}  // namespace

int RunTextCommands(const TextCommands& c) {
  if (c.train && c.train->parsed()) return Train(c);
  if (c.analyze && c.analyze->parsed()) return Analyze(c);
  return -1;
}

}  // namespace loopdesk
