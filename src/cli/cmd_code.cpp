// fabscope code agreement | matrix | codebook (docs/commands/code.md): qualitative coding.
#include <fmt/format.h>

#include <cmath>
#include <iostream>

#include "cli/command.hpp"
#include "cli/format.hpp"
#include "collect/coding.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "io/archive.hpp"
#include "referential/referential.hpp"

namespace fabscope::cli {
namespace {

std::vector<collect::Coding> codings_of(const std::string& file) {
  const std::filesystem::path p(file);
  return collect::read_codings(io::read_file(p), p.filename().string());
}

std::string value_text(double v, Lang lang) { return std::isnan(v) ? "—" : text::number(lang, v, 3); }

class CodeAgreement final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("file", m_file, "Coding table (CSV: case, segment, code, coder)")->required();
    app.add_option("--format", m_format, "table (default) or csv")->check(CLI::IsMember({"table", "csv"}));
  }
  int run(const Context& ctx) override {
    const Lang lang = ctx.lang();
    const auto r = collect::agreement(codings_of(m_file));
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
    app.add_option("file", m_file, "Coding table (CSV: case, segment, code, coder)")->required();
    app.add_option("--coder", m_coder, "Only this coder's codings (default: every coder's)");
    app.add_flag("--binary", m_binary, "1 when the case has the code, 0 otherwise (default: segments coded)");
  }
  int run(const Context& /*ctx*/) override {
    const auto m = collect::code_matrix(codings_of(m_file), m_coder);
    std::string out = "case";
    for (const auto& c : m.codes) out += "," + text::csv_field(c);
    out += "\n";
    for (std::size_t i = 0; i < m.cases.size(); ++i) {
      out += text::csv_field(m.cases[i]);
      for (std::size_t j = 0; j < m.codes.size(); ++j) {
        const auto n = m.counts[i * m.codes.size() + j];
        out += "," + std::to_string(m_binary ? (n > 0 ? 1U : 0U) : n);
      }
      out += "\n";
    }
    std::cout << out;
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
    const auto label = [&](const std::string& fr, const std::string& en) {
      return lang == Lang::en && !en.empty() ? en : fr;
    };
    // Themes: the dimensions; codes: their criteria; sub-codes: the indicators.
    std::vector<collect::CodebookCode> book;
    for (const auto& d : ref.dimensions) {
      collect::CodebookCode dim{d.id, label(d.label_fr, d.label_en), d.definition, {}};
      for (const auto& c : d.children) {
        collect::CodebookCode crit{c.id, label(c.label_fr, c.label_en), c.definition, {}};
        for (const auto i : c.indicators) {
          const auto& ind = ref.indicators[i];
          crit.children.push_back({ind.id,
                                   label(ind.label_fr, ind.label_en),
                                   ind.definition.empty() ? referential::source_text(ind) : ind.definition,
                                   {}});
        }
        dim.children.push_back(std::move(crit));
      }
      book.push_back(std::move(dim));
    }
    emit(m_output, m_format == "csv" ? collect::codebook_csv(book)
                                     : collect::codebook_qdc(book, "fabscope " + ref.id + " " + ref.version));
    return 0;
  }

 private:
  std::string m_format = "qdc", m_ref, m_output;
  std::optional<referential::Referential> m_loaded;
};

}  // namespace

std::unique_ptr<Command> make_code_agreement() { return std::make_unique<CodeAgreement>(); }
std::unique_ptr<Command> make_code_matrix() { return std::make_unique<CodeMatrix>(); }
std::unique_ptr<Command> make_code_codebook() { return std::make_unique<CodeCodebook>(); }

}  // namespace fabscope::cli
