// fabscope: the command-line front end. It parses, calls the core, formats; every error
// is translated here, once, into a message and a documented exit code.
#include <SQLiteCpp/Exception.h>
#include <fmt/format.h>
#include <malloc.h>
#include <CLI/CLI.hpp>

#include <cstdio>
#include <cstdlib>
#include <map>

#include "cli/command.hpp"
#include "core/error.hpp"
#include "core/progress.hpp"

#ifndef FABSCOPE_SOURCE_DIR
#define FABSCOPE_SOURCE_DIR "."
#endif

namespace fabscope::cli {

std::unique_ptr<store::Store> Context::open_store(bool must_exist) const {
  if (must_exist && !std::filesystem::exists(store_path)) {
    throw Error(
        ExitCode::missing_data,
        fmt::format("no store at {}: run `fabscope import --all` first (or give --store)", store_path.string()));
  }
  return std::make_unique<store::Store>(store_path);
}

namespace {

// The language of error messages (--lang), known once the command line is parsed.
Lang g_lang = Lang::fr;
// The store of the command, to name it in the message of a SQLite failure.
std::filesystem::path g_store;

std::filesystem::path default_data_dir() {
  if (const char* env = std::getenv("FABSCOPE_DATA"); env != nullptr && *env != '\0') return env;
  return std::filesystem::weakly_canonical(std::filesystem::path(FABSCOPE_SOURCE_DIR) / ".." / "shared" / "data");
}

std::filesystem::path default_store() {
  if (const char* env = std::getenv("FABSCOPE_STORE"); env != nullptr && *env != '\0') return env;
  return "fabscope.db";
}

int main_impl(int argc, char** argv) {
  CLI::App app{
      "fabscope — évaluation des ateliers de fabrication numérique et de leurs territoires\n"
      "Exit codes: 0 ok, 1 failure, 2 usage, 3 bad input file, 4 missing data, 5 checksum mismatch,\n"
      "6 download failed, 7 not found, 8 store unusable (docs/commands/index.md).",
      "fabscope"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "fabscope 0.1.0");
  Context ctx;
  std::string data_dir;
  std::string store_path;
  app.add_option("--data", data_dir,
                 "Data directory (default: $FABSCOPE_DATA, else ../shared/data beside the checkout)");
  app.add_option("--store", store_path, "Store file (default: $FABSCOPE_STORE, else ./fabscope.db)");
  app.add_option("--lang", ctx.lang_option, "Language of the output: fr (default) or en")
      ->check(CLI::IsMember({"fr", "en"}));
  app.add_flag("-q,--quiet", ctx.quiet, "No progress bars");

  std::map<std::string, CLI::App*> groups;
  groups["data"] = app.add_subcommand("data", "Official datasets: status and download");
  groups["territory"] = app.add_subcommand("territory", "Territorial indicators: profiles, exports, search");
  groups["workshops"] = app.add_subcommand("workshops", "The workshop register: import, list, show");
  groups["referential"] = app.add_subcommand("referential", "The evaluation framework: check, show");
  groups["report"] = app.add_subcommand("report", "Self-contained HTML/PDF reports: workshop, territory, panel");
  groups["analyze"] = app.add_subcommand("analyze", "Analyses of any CSV as R does them: PCA, HCPC (FactoMineR names)");
  groups["form"] = app.add_subcommand("form", "Questionnaires (XLSForm): import, list, show, export");
  groups["impact"] = app.add_subcommand(
      "impact", "Economic impacts: input-output multipliers (Leontief, FLQ) and each workshop's direct, indirect, induced effects");
  groups["recommend"] =
      app.add_subcommand("recommend", "Recommendations with their evidence: a workshop, a territory, the nation; check rules");
  groups["code"] = app.add_subcommand("code", "Qualitative coding: agreement between coders, case × code matrix, codebook");
  groups["user"] = app.add_subcommand("user", "Evaluator accounts of the web application: add, list, remove");
  groups["campaign"] = app.add_subcommand("campaign", "Survey campaigns: create, invite, status, close, revoke, export");
  groups["answers"] = app.add_subcommand("answers", "Answers to questionnaires: import (Kobo, ODK Central, CSV), summary, export");
  for (auto& [name, g] : groups) g->require_subcommand(1);
  std::vector<std::pair<CLI::App*, std::unique_ptr<Command>>> built;
  for (const auto& entry : commands()) {
    CLI::App* parent = entry.group.empty() ? &app : groups.at(std::string(entry.group));
    CLI::App* sub = parent->add_subcommand(std::string(entry.name), std::string(entry.help));
    auto cmd = entry.make();
    cmd->setup(*sub);
    built.emplace_back(sub, std::move(cmd));
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? 0 : static_cast<int>(ExitCode::usage);
  }
  g_lang = ctx.lang();
  ctx.data_dir = data_dir.empty() ? default_data_dir() : std::filesystem::path(data_dir);
  ctx.store_path = store_path.empty() ? default_store() : std::filesystem::path(store_path);
  g_store = ctx.store_path;
  Progress::set_enabled(!ctx.quiet);
  for (auto& [sub, cmd] : built) {
    if (sub->parsed()) return cmd->run(ctx);
  }
  return static_cast<int>(ExitCode::usage);
}

}  // namespace

Lang messages_lang() { return g_lang; }
const std::filesystem::path& store_in_use() { return g_store; }

}  // namespace fabscope::cli

int main(int argc, char** argv) {
  using fabscope::ExitCode;
  // An import allocates and frees a few hundred MB of short-lived rows; keeping freed
  // memory in the process (instead of returning it to the kernel and faulting it in again)
  // saves about a tenth of the import's time.
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
  mallopt(M_TRIM_THRESHOLD, 512 << 20);
  mallopt(M_TOP_PAD, 64 << 20);
  try {
    return fabscope::cli::main_impl(argc, argv);
  } catch (const fabscope::InputError& e) {
    std::fprintf(stderr, "fabscope: input rejected, nothing was changed:\n%s\n", e.what());
    return static_cast<int>(e.code());
  } catch (const fabscope::Error& e) {
    std::fprintf(stderr, "fabscope: %s\n", e.message(fabscope::cli::messages_lang()).c_str());
    return static_cast<int>(e.code());
  } catch (const SQLite::Exception& e) {
    const auto error = fabscope::store::store_error(fabscope::cli::store_in_use(), e);
    std::fprintf(stderr, "fabscope: %s\n", error.message(fabscope::cli::messages_lang()).c_str());
    return static_cast<int>(error.code());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fabscope: unexpected error: %s\n", e.what());
    return static_cast<int>(ExitCode::failure);
  }
}
