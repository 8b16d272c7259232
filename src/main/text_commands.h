#pragma once
// `loopdesk train` and `loopdesk analyze` (docs/text-quality.md).

#include <CLI/CLI.hpp>

#include <string>

namespace loopdesk {

struct TextCommands {
  CLI::App* train = nullptr;
  CLI::App* analyze = nullptr;
  std::string data_dir = "../shared/data";
  std::string out;
  std::string text_data;  // directory of userdict.txt / sentiment.model
  std::string input = "-";
  bool validation = false;
};

// Registers the subcommands on `app`, binding their options to `c` (which must outlive parsing).
void AddTextCommands(CLI::App& app, TextCommands& c);

// Runs whichever text subcommand was parsed: its exit code, or −1 when none was.
int RunTextCommands(const TextCommands& c);

}  // namespace loopdesk
