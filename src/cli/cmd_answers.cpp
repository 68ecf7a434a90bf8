// fabscope answers import | summary | export (docs/commands/answers.md)
#include <fmt/format.h>

#include <filesystem>
#include <iostream>

#include "cli/command.hpp"
#include "cli/format.hpp"
#include "collect/answers_import.hpp"
#include "collect/answers_store.hpp"
#include "collect/xlsform.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "io/archive.hpp"
#include "io/xlsx_writer.hpp"

namespace fabscope::cli {

// Writes answers as csv (a file per table in a directory), xlsx (a sheet per table) or json.
void AnswerOutput::add_options(CLI::App& app) {
  app.add_option("--format", format, "csv (a file per repeat group, in a directory), xlsx or json")
      ->check(CLI::IsMember({"csv", "xlsx", "json"}))
      ->required();
  app.add_option("-o,--output", output, "Directory (csv), workbook (xlsx) or file (json; default standard output)");
  app.add_flag("--labels", labels, "Choices as their labels rather than their names");
}

void AnswerOutput::write(const Context& ctx, const collect::Instrument& ins,
                         const std::vector<collect::StoredSubmission>& subs) const {
  const Lang lang = ctx.lang();
  collect::ExportOptions options;
  options.labels = labels;
  options.lang = ins.language_for(lang);
  if (format == "json") {
    emit(output, collect::answers_json(ins, subs, options));
    return;
  }
  if (output.empty() || output == "-") {
    throw Error(ExitCode::usage, fmt::format("--format {} needs -o", format),
                fmt::format("--format {} demande -o", format));
  }
  const auto tables = collect::answer_tables(ins, subs, options);
  if (format == "xlsx") {
    std::vector<io::XlsxSheet> sheets;
    for (const auto& t : tables) {
      io::XlsxSheet s;
      s.name = (t.repeat.empty() ? t.name : t.repeat).substr(0, 31);
      s.header = t.header;
      for (const auto& r : t.rows) s.rows.emplace_back(r.begin(), r.end());
      sheets.push_back(std::move(s));
    }
    io::write_xlsx(output, sheets);
  } else {
    std::filesystem::create_directories(output);
    for (const auto& t : tables) {
      emit((std::filesystem::path(output) / (t.name + ".csv")).string(), collect::answer_table_csv(t));
    }
  }
  std::size_t rows = 0;
  for (const auto& t : tables) rows += t.rows.size();
  std::cerr << fmt::format(fmt::runtime(tr(lang, "cli.answers.exported")), subs.size(), tables.size(), rows, output);
}

namespace {

std::pair<collect::StoredInstrument, collect::Instrument> instrument_of(store::Store& store, const std::string& id,
                                                                        int version) {
  auto loaded = collect::load_instrument(store, id, version ? std::optional<int>(version) : std::nullopt);
  if (!loaded) throw localized_error(ExitCode::not_found, "error.form.unknown", id);
  return std::move(*loaded);
}

class AnswersImport final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("form", m_id,
                   "The questionnaire (its form_id in the store), or an XLSForm file (.xlsx) to check against with "
                   "--check")
        ->required();
    app.add_option("file", m_file,
                   "Answers: CSV, XLSX with a sheet per repeat group (Kobo), or ODK Central's ZIP of every submission")
        ->required();
    app.add_option("--version", m_version, "The questionnaire's version (default: the latest)");
    app.add_option("--dates", m_dates, "How dates are written: ymd (yyyy-mm-dd, default), dmy or mdy")
        ->check(CLI::IsMember({"ymd", "dmy", "mdy"}));
    app.add_option("--repeat", m_repeats, "NAME=FILE.csv: a repeat group's answers (ODK Central's CSV per repeat)");
    app.add_option("--workshop-column", m_workshop, "A column holding the register id of the workshop answered for");
    app.add_flag("--check", m_check, "Validate only: store nothing");
  }
  int run(const Context& ctx) override {
    const Lang lang = ctx.lang();
    const bool from_file = text::to_lower(std::filesystem::path(m_id).extension().string()) == ".xlsx";
    if (from_file && !m_check) {
      throw Error(ExitCode::usage,
                  "answers are stored against a questionnaire of the store: fabscope form import " + m_id +
                      ", then fabscope answers import FORM_ID FILE (or add --check)",
                  "les réponses s'enregistrent pour un questionnaire de la base : fabscope form import " + m_id +
                      ", puis fabscope answers import FORM_ID FICHIER (ou ajoutez --check)");
    }
    std::unique_ptr<store::Store> store;
    collect::StoredInstrument stored;
    collect::Instrument ins;
    if (from_file) {
      ins = collect::read_xlsform(m_id);
      stored.form_id = ins.form_id;
      stored.version = 0;
      if (!m_workshop.empty()) store = ctx.open_store(true);  // to check the workshops named
    } else {
      store = ctx.open_store(m_check);
      std::tie(stored, ins) = instrument_of(*store, m_id, m_version);
    }
    collect::AnswerImportOptions options;
    options.dates = m_dates == "dmy"   ? collect::DateOrder::dmy
                    : m_dates == "mdy" ? collect::DateOrder::mdy
                                       : collect::DateOrder::ymd;
    options.today = store::now_iso8601().substr(0, 10);
    options.workshop_column = m_workshop;
    for (const auto& r : m_repeats) {
      const auto eq = r.find('=');
      if (eq == std::string::npos || eq == 0) {
        throw Error(ExitCode::usage, "--repeat takes NAME=FILE.csv", "--repeat attend NOM=FICHIER.csv");
      }
      options.repeats[r.substr(0, eq)] = collect::answer_file(r.substr(eq + 1));
    }
    collect::AnswerFile file;
    if (text::to_lower(std::filesystem::path(m_file).extension().string()) == ".zip") {
      // ODK Central's ZIP of every submission: the main CSV and one per repeat group.
      if (!m_repeats.empty()) {
        throw Error(ExitCode::usage, "--repeat is not needed with a ZIP: its repeat CSVs are read from it",
                    "--repeat est inutile avec un ZIP : ses CSV de répétitions y sont lus");
      }
      auto zipped =
          collect::answers_from_zip(ins, io::read_file(m_file), std::filesystem::path(m_file).filename().string());
      file = std::move(zipped.main);
      options.repeats = std::move(zipped.repeats);
    } else {
      file = collect::answer_file(m_file);
    }
    const auto got = collect::read_answers(ins, file, options);
    if (!m_workshop.empty() && store) {  // every workshop named must be in the register
      ProblemList problems;
      SQLite::Statement q(store->db(), "SELECT 1 FROM workshop WHERE id = ?");
      for (const auto& s : got.submissions) {
        if (s.workshop_id.empty()) continue;
        q.bind(1, s.workshop_id);
        const bool known = q.executeStep();
        q.reset();
        if (!known) {
          const auto& row = s.meta.at("source_row");
          const auto colon = row.rfind(':');
          problems.add({row.substr(0, colon), text::parse_int(row.substr(colon + 1)).value_or(0), 0, m_workshop},
                       fmt::format("« {} » is not a workshop of the register (fabscope workshops list)", s.workshop_id));
        }
      }
      problems.throw_if_any();
    }
    std::size_t instances = 0;
    for (const auto& [name, n] : got.repeat_instances) instances += n;
    const auto form = from_file ? fmt::format("{} ({})", ins.form_id, std::filesystem::path(m_id).filename().string())
                                : fmt::format("{} v{}", stored.form_id, stored.version);
    std::cout << fmt::format(fmt::runtime(tr(lang, "cli.answers.read")), got.rows, file.label, form,
                             got.submissions.size(), instances);
    if (!got.matched.empty()) {
      std::cout << fmt::format(fmt::runtime(tr(lang, "cli.answers.matched")), got.matched.size());
    }
    if (!got.others.empty()) {
      std::string list;
      std::size_t total = 0;
      for (const auto& [q, n] : got.others) {
        list += fmt::format("{}{} {}", list.empty() ? "" : ", ", q, n);
        total += n;
      }
      std::cout << fmt::format(fmt::runtime(tr(lang, "cli.answers.others")), total, list);
    }
    constexpr std::size_t kShown = 20;
    for (std::size_t i = 0; i < got.warnings.size() && i < kShown; ++i) {
      std::cout << tr(lang, "cli.form.warning") << got.warnings[i].to_string() << "\n";
    }
    if (got.warnings.size() > kShown) {
      std::cout << fmt::format(fmt::runtime(tr(lang, "cli.answers.more_warnings")), got.warnings.size() - kShown);
    }
    if (m_check) return 0;
    const auto saved = collect::save_submissions(*store, stored, got.submissions, "import", false);
    std::cout << fmt::format(fmt::runtime(tr(lang, "cli.answers.stored")), saved.inserted, saved.already);
    return 0;
  }

 private:
  std::string m_id, m_file, m_dates = "ymd", m_workshop;
  std::vector<std::string> m_repeats;
  int m_version = 0;
  bool m_check = false;
};

class AnswersSummary final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("form_id", m_id, "The questionnaire (form_id)")->required();
    app.add_option("--format", m_format, "table (default) or csv")->check(CLI::IsMember({"table", "csv"}));
  }
  int run(const Context& ctx) override {
    const Lang lang = ctx.lang();
    auto store = ctx.open_store(true);
    const auto [stored, ins] = instrument_of(*store, m_id, 0);
    const auto subs = collect::load_submissions(*store, m_id);
    std::vector<std::vector<std::string>> rows = {{"question", "choice", "answers"}};
    for (const auto& c : collect::answer_counts(ins, subs))
      rows.push_back({c.question, c.choice, std::to_string(c.answers)});
    if (m_format == "csv") {
      for (const auto& r : rows) {
        std::cout << text::csv_field(r[0]) << ',' << text::csv_field(r[1]) << ',' << r[2] << '\n';
      }
      return 0;
    }
    std::cout << fmt::format(fmt::runtime(tr(lang, "cli.answers.summary")), m_id, subs.size());
    std::cout << table(rows, true, true);
    return 0;
  }

 private:
  std::string m_id, m_format = "table";
};

class AnswersExport final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("form_id", m_id, "The questionnaire (form_id)")->required();
    m_out.add_options(app);
  }
  int run(const Context& ctx) override {
    auto store = ctx.open_store(true);
    const auto [stored, ins] = instrument_of(*store, m_id, 0);
    m_out.write(ctx, ins, collect::load_submissions(*store, m_id));
    return 0;
  }

 private:
  std::string m_id;
  AnswerOutput m_out;
};

}  // namespace

std::unique_ptr<Command> make_answers_import() { return std::make_unique<AnswersImport>(); }
std::unique_ptr<Command> make_answers_summary() { return std::make_unique<AnswersSummary>(); }
std::unique_ptr<Command> make_answers_export() { return std::make_unique<AnswersExport>(); }

}  // namespace fabscope::cli
