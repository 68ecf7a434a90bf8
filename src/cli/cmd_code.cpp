// fabscope code import | documents | agreement | matrix | codebook (docs/commands/code.md):
// qualitative coding.
#include <fmt/format.h>

#include <cmath>
#include <iostream>

#include "cli/command.hpp"
#include "cli/format.hpp"
#include "app/coding.hpp"
#include "collect/coding.hpp"
#include "collect/qualitative.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "io/archive.hpp"
#include "referential/referential.hpp"

namespace fabscope::cli {
namespace {

// A coding table's rows, or, without a file, the codings made in fabscope (the store).
std::vector<collect::Coding> codings_of(const Context& ctx, const std::string& file) {
  if (file.empty()) {
    auto store = ctx.open_store(true);
    return collect::stored_codings(*store);
  }
  const std::filesystem::path p(file);
  return collect::read_codings(io::read_file(p), p.filename().string());
}

std::string value_text(double v, Lang lang) { return std::isnan(v) ? "—" : text::number(lang, v, 3); }

class CodeAgreement final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("file", m_file,
                   "Coding table (CSV: case, segment, code, coder); default: the codings made in fabscope");
    app.add_option("--format", m_format, "table (default) or csv")->check(CLI::IsMember({"table", "csv"}));
  }
  int run(const Context& ctx) override {
    const Lang lang = ctx.lang();
    const auto r = collect::agreement(codings_of(ctx, m_file));
    if (m_format == "csv") {
      std::string out = "measure,code,coder_a,coder_b,units,value\n";
      for (const auto& code : r.codes) {
        out += fmt::format("alpha,{},,,{},{}\n", text::csv_field(code), r.units, text::format_double(r.alpha.at(code)));
        for (const auto& k : r.kappas) {
          if (k.code != code) continue;
          out += fmt::format("kappa,{},{},{},{},{}\n", text::csv_field(code), text::csv_field(k.coder_a),
                             text::csv_field(k.coder_b), k.units, text::format_double(k.kappa));
        }
      }
      out += fmt::format("alpha,*,,,{},{}\n", r.units, text::format_double(r.alpha.at("*")));
      std::cout << out;
      return 0;
    }
    std::vector<std::vector<std::string>> t;
    std::vector<std::string> head = {"code", "alpha"};
    for (std::size_t a = 0; a < r.coders.size(); ++a) {
      for (std::size_t b = a + 1; b < r.coders.size(); ++b) head.push_back("κ " + r.coders[a] + "–" + r.coders[b]);
    }
    t.push_back(head);
    for (const auto& code : r.codes) {
      std::vector<std::string> row = {code, value_text(r.alpha.at(code), lang)};
      for (const auto& k : r.kappas) {
        if (k.code == code) row.push_back(value_text(k.kappa, lang));
      }
      t.push_back(row);
    }
    std::cout << fmt::format(fmt::runtime(tr(lang, "cli.code.agreement")), r.units, r.coders.size(), r.codes.size())
              << table(t, true, true)
              << fmt::format(fmt::runtime(tr(lang, "cli.code.alpha_all")), value_text(r.alpha.at("*"), lang));
    return 0;
  }

 private:
  std::string m_file, m_format = "table";
};

class CodeMatrix final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("file", m_file,
                   "Coding table (CSV: case, segment, code, coder); default: the codings made in fabscope");
    app.add_option("--coder", m_coder, "Only this coder's codings (default: every coder's)");
    app.add_flag("--binary", m_binary, "1 when the case has the code, 0 otherwise (default: segments coded)");
  }
  int run(const Context& ctx) override {
    std::cout << collect::code_matrix_csv(collect::code_matrix(codings_of(ctx, m_file), m_coder), m_binary);
    return 0;
  }

 private:
  std::string m_file, m_coder;
  bool m_binary = false;
};

class CodeCodebook final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--format", m_format, "qdc (REFI-QDA, default) or csv")->check(CLI::IsMember({"qdc", "csv"}));
    app.add_option("--referential", m_ref, "Référentiel file (default: the built-in one)");
    app.add_option("-o,--output", m_output, "Output file (default: standard output)");
  }
  int run(const Context& ctx) override {
    const Lang lang = ctx.lang();
    const auto& ref =
        m_ref.empty() ? referential::Referential::builtin() : m_loaded.emplace(referential::Referential::load(m_ref));
    // Themes: the dimensions; codes: their criteria; sub-codes: the indicators.
    const auto book = app::referential_codebook(ref, lang);
    emit(m_output, m_format == "csv" ? collect::codebook_csv(book)
                                     : collect::codebook_qdc(book, "fabscope " + ref.id + " " + ref.version));
    return 0;
  }

 private:
  std::string m_format = "qdc", m_ref, m_output;
  std::optional<referential::Referential> m_loaded;
};

class CodeImport final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("file", m_file, "The notes or document: text or Markdown (UTF-8), cut into paragraphs")->required();
    app.add_option("--case", m_case, "The case id (the row of the case × code matrix; default: the file's name)");
    app.add_option("--title", m_title, "A title");
    app.add_option("--kind", m_kind, "interview (default) or document")
        ->check(CLI::IsMember({"interview", "document"}));
    app.add_option("--workshop", m_workshop, "The workshop it is about (register id)");
  }
  int run(const Context& ctx) override {
    const std::filesystem::path p(m_file);
    auto store = ctx.open_store(true);
    collect::NewDocument d;
    d.case_id = m_case.empty() ? p.stem().string() : m_case;
    d.title = m_title;
    d.kind = m_kind;
    d.workshop_id = m_workshop;
    d.source = p.filename().string();
    const auto doc = collect::import_document(*store, d, io::read_file(p));
    std::cout << fmt::format(fmt::runtime(tr(ctx.lang(), "cli.code.imported")), doc.case_id, doc.passages, doc.id,
                             doc.id);
    return 0;
  }

 private:
  std::string m_file, m_case, m_title, m_kind = "interview", m_workshop;
};

class CodeDocuments final : public Command {
 public:
  void setup(CLI::App& /*app*/) override {}
  int run(const Context& ctx) override {
    auto store = ctx.open_store(true);
    const Lang lang = ctx.lang();
    std::vector<std::vector<std::string>> t = {{"id", tr(lang, "cli.code.case"), tr(lang, "cli.code.kind"),
                                                tr(lang, "cli.code.passages"), tr(lang, "cli.code.coded"),
                                                tr(lang, "cli.code.coders")}};
    for (const auto& d : collect::list_documents(*store)) {
      t.push_back({std::to_string(d.id), d.case_id + (d.fictitious ? " ✱" : ""), d.kind, std::to_string(d.passages),
                   std::to_string(d.coded_passages), fmt::format("{}", fmt::join(d.coders, ", "))});
    }
    std::cout << table(t, true, false);
    return 0;
  }
};

class CodeRemove final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("document", m_document, "The document: its id or its case id (see code documents)")->required();
    app.add_flag("--with-codings", m_with, "Remove its codings and memos too (refused without it when it has some)");
  }
  int run(const Context& ctx) override {
    auto store = ctx.open_store(true);
    // A case id first, else a number is the document's id.
    auto id = collect::document_of_case(*store, m_document);
    if (!id) id = text::parse_int(m_document);
    const auto doc = id ? collect::remove_document(*store, *id, m_with) : std::nullopt;
    if (!doc) {
      throw Error(ExitCode::not_found, fmt::format("no document « {} » (see code documents)", m_document),
                  fmt::format("pas de document « {} » (voir code documents)", m_document));
    }
    std::cout << fmt::format(fmt::runtime(tr(ctx.lang(), "cli.code.removed")), doc->case_id, doc->passages,
                             doc->codings, doc->memos);
    return 0;
  }

 private:
  std::string m_document;
  bool m_with = false;
};

class CodeExport final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_flag("--memos", m_memos, "The memos rather than the codings");
    app.add_option("-o,--output", m_output, "Output file (default: standard output)");
  }
  int run(const Context& ctx) override {
    auto store = ctx.open_store(true);
    emit(m_output, m_memos ? collect::memos_csv(*store) : collect::codings_csv(*store));
    return 0;
  }

 private:
  bool m_memos = false;
  std::string m_output;
};

}  // namespace

std::unique_ptr<Command> make_code_remove() { return std::make_unique<CodeRemove>(); }
std::unique_ptr<Command> make_code_export() { return std::make_unique<CodeExport>(); }
std::unique_ptr<Command> make_code_import() { return std::make_unique<CodeImport>(); }
std::unique_ptr<Command> make_code_documents() { return std::make_unique<CodeDocuments>(); }
std::unique_ptr<Command> make_code_agreement() { return std::make_unique<CodeAgreement>(); }
std::unique_ptr<Command> make_code_matrix() { return std::make_unique<CodeMatrix>(); }
std::unique_ptr<Command> make_code_codebook() { return std::make_unique<CodeCodebook>(); }

}  // namespace fabscope::cli
