// fabscope report workshop|territory|panel: self-contained HTML reports (inline CSS and
// SVG, print stylesheet), and a PDF through headless Chromium when asked.
// fabscope export --format xlsx: a workbook of every result.
#include <fmt/format.h>

#include <unistd.h>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "cli/command.hpp"
#include "cli/format.hpp"
#include "core/error.hpp"
#include "referential/referential.hpp"
#include "report/documents.hpp"

namespace fabscope::cli {
namespace {

class Report final : public Command {
 public:
  explicit Report(report::ReportKind kind) : m_kind(kind) {}
  void setup(CLI::App& app) override {
    if (m_kind == report::ReportKind::workshop)
      app.add_option("id", m_id, "Workshop id (see `fabscope workshops list`)")->required();
    if (m_kind == report::ReportKind::territory) {
      app.add_option("code", m_id, "INSEE code (commune, département, région), EPCI SIREN or ZE code")->required();
      app.add_option("--level", m_level, "commune (default), epci, ze, dep or reg");
    }
    app.add_option("-o,--output", m_output, "HTML file to write (- for standard output)")->required();
    app.add_flag("--pdf", m_pdf, "Also write a PDF beside it (same name, .pdf) through headless Chromium");
    app.add_option("--referential", m_referential, "Référentiel file of the scores (default: data/referential.toml)");
  }
  int run(const Context& ctx) override {
    if (!m_referential.empty()) referential::Referential::set_active(referential::Referential::load(m_referential));
    web::PageRequest r;
    r.store_path = ctx.store_path;
    r.data_dir = ctx.data_dir;
    r.lang = ctx.lang();
    r.path = "/";
    r.captures = {"", m_kind == report::ReportKind::territory ? m_level : m_id, m_id};
    if (!std::filesystem::exists(ctx.store_path)) {
      throw Error(ExitCode::missing_data,
                  fmt::format("store {} not found: run `fabscope run` first", ctx.store_path.string()));
    }
    emit(m_output, report::report_html(m_kind, r));
    if (m_output != "-") std::cout << m_output << "\n";
    if (m_pdf && m_output != "-") {
      auto pdf = std::filesystem::path(m_output).replace_extension(".pdf");
      report::print_pdf(m_output, pdf);
      std::cout << pdf.string() << "\n";
    }
    return 0;
  }

 private:
  report::ReportKind m_kind;
  std::string m_id, m_level = "commune", m_output;
  bool m_pdf = false;
  std::string m_referential;
};

class Export final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--format", m_format, "xlsx (one sheet per table, and a sheet of definitions)")
        ->check(CLI::IsMember({"xlsx"}));
    app.add_option("-o,--output", m_output, "Workbook to write")->required();
  }
  int run(const Context& ctx) override {
    if (!std::filesystem::exists(ctx.store_path)) {
      throw Error(ExitCode::missing_data,
                  fmt::format("store {} not found: run `fabscope run` first", ctx.store_path.string()));
    }
    emit(m_output, report::export_workbook(ctx.store_path, ctx.lang(), ctx.data_dir));
    std::cout << m_output << "\n";
    return 0;
  }

 private:
  std::string m_format = "xlsx", m_output;
};

}  // namespace

std::unique_ptr<Command> make_report_workshop() { return std::make_unique<Report>(report::ReportKind::workshop); }
std::unique_ptr<Command> make_report_territory() { return std::make_unique<Report>(report::ReportKind::territory); }
std::unique_ptr<Command> make_report_panel() { return std::make_unique<Report>(report::ReportKind::panel); }
std::unique_ptr<Command> make_export() { return std::make_unique<Export>(); }

}  // namespace fabscope::cli
