// fabscope form import | list | show | export (docs/commands/form.md)
#include <fmt/format.h>

#include <iostream>

#include "cli/command.hpp"
#include "cli/format.hpp"
#include "collect/repository.hpp"
#include "collect/xlsform.hpp"
#include "core/error.hpp"
#include "io/archive.hpp"

namespace fabscope::cli {
namespace {

std::string summary_text(const collect::InstrumentSummary& s, Lang lang) {
  std::string types;
  for (const auto& [t, n] : s.types) types += fmt::format("{}{} {}", types.empty() ? "" : ", ", n, t);
  return fmt::format(fmt::runtime(tr(lang, "cli.form.summary")), s.questions, s.groups, s.repeats, s.lists, s.choices,
                     s.with_relevance, s.with_constraint, s.required, s.calculations, s.choice_filters, s.or_other,
                     types);
}

class FormImport final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("file", m_file, "XLSForm workbook (.xlsx): sheets survey, choices, settings")->required();
    app.add_flag("--check", m_check, "Validate only: store nothing");
  }
  int run(const Context& ctx) override {
    const std::filesystem::path path(m_file);
    const std::string bytes = io::read_file(path);
    const auto ins = collect::read_xlsform_bytes(bytes, path.filename().string(), path.stem().string());
    const Lang lang = ctx.lang();
    std::cout << fmt::format(fmt::runtime(tr(lang, "cli.form.read")), ins.form_id, ins.title,
                             ins.languages.empty() ? "—" : fmt::format("{}", fmt::join(ins.languages, ", ")))
              << summary_text(collect::summarize(ins), lang);
    for (const auto& w : ins.warnings)
      std::cout << tr(lang, "cli.form.warning") << w.where.to_string() << ": " << w.message << "\n";
    if (m_check) return 0;
    auto store = ctx.open_store(false);
    const auto r = collect::save_instrument(*store, ins, bytes, path.filename().string());
    if (r.unchanged) {
      std::cout << fmt::format(fmt::runtime(tr(lang, "cli.form.unchanged")), r.stored.form_id, r.stored.version);
      return 0;
    }
    std::cout << fmt::format(fmt::runtime(tr(lang, "cli.form.stored")), r.stored.form_id, r.stored.version,
                             r.stored.sha256.substr(0, 12));
    for (const auto& c : r.changes) {
      std::cout << fmt::format("  {} {}: {} → {}\n", c.change, c.question, c.before.empty() ? "∅" : c.before,
                               c.after.empty() ? "∅" : c.after);
    }
    return 0;
  }

 private:
  std::string m_file;
  bool m_check = false;
};

class FormList final : public Command {
 public:
  void setup(CLI::App& /*app*/) override {}
  int run(const Context& ctx) override {
    auto store = ctx.open_store(true);
    const Lang lang = ctx.lang();
    std::vector<std::vector<std::string>> t = {{"form_id", tr(lang, "cli.form.version"), tr(lang, "cli.form.title"),
                                                tr(lang, "cli.form.questions"), tr(lang, "cli.form.source"),
                                                tr(lang, "cli.form.imported")}};
    for (const auto& s : collect::list_instruments(*store)) {
      t.push_back(
          {s.form_id,
           s.form_version.empty() ? std::to_string(s.version) : fmt::format("{} ({})", s.version, s.form_version),
           s.title, std::to_string(s.summary.questions), s.source, s.imported_at});
    }
    if (t.size() == 1) {
      std::cout << tr(lang, "cli.form.none");
      return 0;
    }
    std::cout << table(t, true, false);
    return 0;
  }
};

class FormShow final : public Command {
 public:
  void setup(CLI::App& app) override { app.add_option("form_id", m_id, "The form's id (form_id)")->required(); }
  int run(const Context& ctx) override {
    auto store = ctx.open_store(true);
    const Lang lang = ctx.lang();
    const auto versions = collect::instrument_versions(*store, m_id);
    if (versions.empty()) throw localized_error(ExitCode::not_found, "error.form.unknown", m_id);
    for (const auto& v : versions) {
      std::cout << fmt::format(fmt::runtime(tr(lang, "cli.form.version_line")), v.version,
                               v.form_version.empty() ? "" : fmt::format(" ({})", v.form_version), v.title, v.source,
                               v.imported_at, v.sha256.substr(0, 12))
                << summary_text(v.summary, lang);
      for (const auto& c : collect::instrument_changes(*store, m_id, v.version)) {
        std::cout << fmt::format("  {} {}: {} → {}\n", c.change, c.question, c.before.empty() ? "∅" : c.before,
                                 c.after.empty() ? "∅" : c.after);
      }
    }
    return 0;
  }

 private:
  std::string m_id;
};

class FormExport final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("form_id", m_id, "The form's id (form_id)")->required();
    app.add_option("--format", m_format, "xlsform (default) or xform")->check(CLI::IsMember({"xlsform", "xform"}));
    app.add_option("--version", m_version, "A version number (default: the latest)");
    app.add_option("-o,--output", m_output, "Output file (XLSForm: required, .xlsx; XForm: default standard output)");
  }
  int run(const Context& ctx) override {
    auto store = ctx.open_store(true);
    const auto loaded =
        collect::load_instrument(*store, m_id, m_version ? std::optional<int>(m_version) : std::nullopt);
    if (!loaded) throw localized_error(ExitCode::not_found, "error.form.unknown", m_id);
    if (m_format == "xform") {
      emit(m_output, collect::to_xform(loaded->second));
      return 0;
    }
    if (m_output.empty() || m_output == "-") {
      throw Error(ExitCode::usage, "--format xlsform needs -o FILE.xlsx", "--format xlsform demande -o FICHIER.xlsx");
    }
    io::write_xlsx(m_output, collect::xlsform_sheets(loaded->second));
    std::cerr << fmt::format(fmt::runtime(tr(ctx.lang(), "cli.form.exported")), m_id, loaded->first.version, m_output);
    return 0;
  }

 private:
  std::string m_id, m_format = "xlsform", m_output;
  int m_version = 0;
};

}  // namespace

std::unique_ptr<Command> make_form_import() { return std::make_unique<FormImport>(); }
std::unique_ptr<Command> make_form_list() { return std::make_unique<FormList>(); }
std::unique_ptr<Command> make_form_show() { return std::make_unique<FormShow>(); }
std::unique_ptr<Command> make_form_export() { return std::make_unique<FormExport>(); }

}  // namespace fabscope::cli
