// XLSForm import of every real form of ../shared/data/reference/xlsform (groups, repeats,
// relevance, constraints, cascading choice filters, or_other, two languages, the
// 1024-column sheet), the XForm export against pyxform's expected output (or_other byte for
// byte; xlsform_spec_test in its instance, binds, translations and body, pyxform's
// translation order being its own), the XLSForm round trip, located validation errors,
// and versions with their changes.
#include <gtest/gtest.h>
#include <pugixml.hpp>

#include <map>
#include <set>
#include <sstream>

#include "collect/repository.hpp"
#include "collect/xlsform.hpp"
#include "io/xlsx_writer.hpp"
#include "referential/referential.hpp"
#include "store/store.hpp"
#include "support/test_support.hpp"

namespace fabscope {
namespace {

std::filesystem::path form(const std::string& name) { return test::data_dir() / "reference/xlsform" / name; }

struct Expected {
  std::string file, form_id;
  std::size_t questions, groups, repeats, lists, choices, languages, filters, or_other;
};

TEST(XlsForm, EveryRealFormImports) {
  const std::vector<Expected> forms = {
      {"or_other.xlsx", "or_other", 2, 0, 0, 1, 5, 0, 1, 1},
      {"xlsform_spec_test.xlsx", "Spec test", 46, 4, 1, 2, 4, 2, 0, 0},
      {"UCL_Biomass_Plot_Form.xlsx", "UCL_Biomass_Plot_Form", 65, 3, 5, 7, 27, 2, 3, 0},
      {"survey_household_water.xlsx", "water_usage_practices", 42, 3, 0, 12, 100, 0, 1, 0},
      {"all_types_survey.xlsx", "all_types", 39, 6, 0, 5, 15, 0, 0, 3},
  };
  for (const auto& f : forms) {
    const auto ins = collect::read_xlsform(form(f.file));
    const auto s = collect::summarize(ins);
    EXPECT_EQ(ins.form_id, f.form_id) << f.file;
    EXPECT_EQ(s.questions, f.questions) << f.file;
    EXPECT_EQ(s.groups, f.groups) << f.file;
    EXPECT_EQ(s.repeats, f.repeats) << f.file;
    EXPECT_EQ(s.lists, f.lists) << f.file;
    EXPECT_EQ(s.choices, f.choices) << f.file;
    EXPECT_EQ(ins.languages.size(), f.languages) << f.file;
    EXPECT_EQ(s.choice_filters, f.filters) << f.file;
    EXPECT_EQ(s.or_other, f.or_other) << f.file;
  }
}

TEST(XlsForm, RealFormsDetails) {
  // UCL: two languages, five repeats (one counted by a question), cascading filters, the
  // survey sheet stored as 1024 columns wide, and typographic quotes flagged where they are.
  const auto ucl = collect::read_xlsform(form("UCL_Biomass_Plot_Form.xlsx"));
  EXPECT_EQ(ucl.languages, (std::vector<std::string>{"Swahili (sw)", "English (en)"}));
  EXPECT_EQ(ucl.sheets.front().header.size(), 16U);  // of 1024 stored columns: the empty ones are dropped
  std::size_t quotes = 0;
  for (const auto& w : ucl.warnings) quotes += w.message.find("typographic quotes") != std::string::npos ? 1 : 0;
  EXPECT_EQ(quotes, 11U);  // as many as the cells of expression columns holding ‘ ’ “ ”
  EXPECT_EQ(ucl.warnings.front().where.to_string(), "UCL_Biomass_Plot_Form.xlsx!survey:9:8 (cell H9, relevant)");
  // The household survey: a cascading select on an extra column of the choices sheet.
  const auto water = collect::read_xlsform(form("survey_household_water.xlsx"));
  const collect::Item* district = nullptr;
  for (const auto* q : water.questions()) {
    if (!q->column("choice_filter").empty()) district = q;
  }
  ASSERT_NE(district, nullptr);
  EXPECT_EQ(district->column("choice_filter"), "county=${county}");
  EXPECT_FALSE(water.list(district->list)->extra_columns.empty());
  // The German workshop survey: aliases (begin_group, int, string) and or_other on rank.
  const auto all = collect::read_xlsform(form("all_types_survey.xlsx"));
  EXPECT_EQ(collect::summarize(all).types.at("integer"), 3U);  // integer ×2 and int
  EXPECT_EQ(collect::summarize(all).types.at("text"), 10U);    // text and string
  EXPECT_EQ(all.path_of("q_rank_other"), "/all_types_survey/or_other_types/q_rank_other");
}

TEST(XForm, OrOtherIsPyxformsOutputByteForByte) {
  const auto ins = collect::read_xlsform(form("or_other.xlsx"));
  EXPECT_EQ(collect::to_xform(ins), test::read_file(form("pyxform_expected_xform/or_other.xml")));
}

// The canonical facts of an XForm: the main instance as written, each bind's attributes,
// each translation's texts (id → values, in pyxform's order or not), and the body.
struct Facts {
  std::string instance, body;
  std::map<std::string, std::map<std::string, std::string>> binds;
  std::map<std::string, std::map<std::string, std::set<std::string>>> itext;
  std::vector<std::string> secondary;
};

std::string serialize(const pugi::xml_node& n) {
  std::ostringstream out;
  n.print(out, "", pugi::format_raw);
  return out.str();
}

Facts facts(const std::string& xml) {
  pugi::xml_document doc;
  EXPECT_TRUE(doc.load_string(xml.c_str()));
  Facts f;
  const auto model = doc.child("h:html").child("h:head").child("model");
  for (auto inst = model.child("instance"); inst; inst = inst.next_sibling("instance")) {
    if (inst.attribute("id")) {
      f.secondary.push_back(serialize(inst));
    } else {
      f.instance = serialize(inst);
    }
  }
  for (auto b = model.child("bind"); b; b = b.next_sibling("bind")) {
    auto& attrs = f.binds[b.attribute("nodeset").value()];
    for (auto a = b.first_attribute(); a; a = a.next_attribute()) attrs[a.name()] = a.value();
  }
  for (auto t = model.child("itext").child("translation"); t; t = t.next_sibling("translation")) {
    const std::string lang = std::string(t.attribute("lang").value()) + (t.attribute("default") ? " (default)" : "");
    for (auto text = t.child("text"); text; text = text.next_sibling("text")) {
      auto& values = f.itext[lang][text.attribute("id").value()];
      for (auto v = text.child("value"); v; v = v.next_sibling("value")) values.insert(serialize(v));
    }
  }
  f.body = serialize(doc.child("h:html").child("h:body"));
  return f;
}

TEST(XForm, SpecTestMatchesPyxformInEveryFact) {
  const auto ours = facts(collect::to_xform(collect::read_xlsform(form("xlsform_spec_test.xlsx"))));
  const auto theirs = facts(test::read_file(form("pyxform_expected_xform/xlsform_spec_test.xml")));
  EXPECT_EQ(ours.instance, theirs.instance);
  EXPECT_EQ(ours.secondary, theirs.secondary);
  EXPECT_EQ(ours.binds.size(), 51U);
  EXPECT_EQ(ours.binds, theirs.binds);
  EXPECT_EQ(ours.itext.size(), 3U);
  for (const auto& [lang, texts] : theirs.itext) {
    ASSERT_EQ(ours.itext.count(lang), 1U) << lang;
    for (const auto& [id, values] : texts)
      EXPECT_EQ(ours.itext.at(lang).count(id) ? ours.itext.at(lang).at(id) : std::set<std::string>{}, values)
          << lang << " " << id;
    EXPECT_EQ(ours.itext.at(lang).size(), texts.size()) << lang;
  }
  EXPECT_EQ(ours.body, theirs.body);
}

TEST(XlsForm, RoundTripWithoutLoss) {
  test::TempDir dir;
  for (const auto* name : {"or_other.xlsx", "xlsform_spec_test.xlsx", "UCL_Biomass_Plot_Form.xlsx",
                           "survey_household_water.xlsx", "all_types_survey.xlsx"}) {
    const auto first = collect::read_xlsform(form(name));
    const auto copy = dir / name;
    io::write_xlsx(copy, collect::xlsform_sheets(first));
    const auto again = collect::read_xlsform(copy);
    ASSERT_EQ(again.sheets.size(), first.sheets.size()) << name;
    for (std::size_t s = 0; s < first.sheets.size(); ++s) {
      EXPECT_EQ(again.sheets[s].header, first.sheets[s].header) << name << " " << first.sheets[s].name;
      EXPECT_EQ(again.sheets[s].rows, first.sheets[s].rows) << name << " " << first.sheets[s].name;
    }
    EXPECT_EQ(collect::to_xform(again), collect::to_xform(first)) << name;
  }
}

using test::text_workbook;

TEST(XlsForm, ValidationErrorsAreLocated) {
  const auto bytes = text_workbook(
      {{"survey",
        {{"type", "name", "label", "relevant"},
         {"select_one colours", "colour", "Colour?", ""},
         {"begin group", "g", "Group", ""},
         {"integr", "age", "Age?", ""},
         {"text", "1name", "Name?", "${nobody} = 'x'"},
         {"text", "dup", "A", ""},
         {"text", "dup", "B", ""},
         {"end repeat", "", "", ""},
         {"begin repeat", "r", "Repeat", ""}}},
       {"choices", {{"list_name", "name", "label"}, {"yes_no", "yes", "Yes"}, {"yes_no", "yes", "Yes again"}}}});
  const auto e = test::error_text([&] { (void)collect::read_xlsform_bytes(bytes, "f.xlsx", "f"); });
  EXPECT_NE(e.find("f.xlsx!choices:3:2 (cell B3, name): the choice « yes » appears twice in the list « yes_no »"),
            std::string::npos)
      << e;
  EXPECT_NE(e.find("f.xlsx!survey:2:1 (cell A2, type): the choice list « colours » is not in the choices sheet"),
            std::string::npos)
      << e;
  EXPECT_NE(e.find("f.xlsx!survey:4:1 (cell A4, type): unknown question type « integr »"), std::string::npos) << e;
  EXPECT_NE(e.find("f.xlsx!survey:5:2 (cell B5, name): « 1name » is not a valid name"), std::string::npos) << e;
  EXPECT_NE(e.find("f.xlsx!survey:7:2 (cell B7, name): the name « dup » is used twice in the same group"),
            std::string::npos)
      << e;
  EXPECT_NE(e.find("f.xlsx!survey:8:1 (cell A8, type): « end repeat » without a matching begin"), std::string::npos)
      << e;
  EXPECT_NE(e.find("« r » is never closed (end repeat)"), std::string::npos) << e;
  EXPECT_NE(e.find("« g » is never closed (end group)"), std::string::npos) << e;
  EXPECT_NE(e.find("f.xlsx!survey:5:4 (cell D5, relevant): ${nobody}: no question of this form is named « nobody »"),
            std::string::npos)
      << e;
  EXPECT_NE(test::error_text([&] {
              (void)collect::read_xlsform_bytes(text_workbook({{"questions", {{"type"}, {"text"}}}}), "q.xlsx", "q");
            }).find("q.xlsx (survey): no sheet « survey » (sheets: questions)"),
            std::string::npos);
  EXPECT_NE(test::error_text([] { (void)collect::read_xlsform_bytes("not a workbook", "n.xlsx", "n"); }).find("n.xlsx"),
            std::string::npos);
}

TEST(XlsForm, VersionsKeepTheirChanges) {
  test::TempDir dir;
  store::Store store(dir / "s.db");
  auto v1 = text_workbook({{"survey", {{"type", "name", "label"}, {"integer", "age", "Age?"}, {"text", "city", "City?"}}},
                      {"settings", {{"form_id", "version"}, {"demo", "2026-01"}}}});
  auto v2 = text_workbook({{"survey",
                       {{"type", "name", "label", "constraint"},
                        {"integer", "age", "Your age?", ". >= 0"},
                        {"decimal", "budget", "Budget?", ""}}},
                      {"settings", {{"form_id", "version"}, {"demo", "2026-02"}}}});
  const auto r1 =
      collect::save_instrument(store, collect::read_xlsform_bytes(v1, "demo.xlsx", "demo"), v1, "demo.xlsx");
  EXPECT_EQ(r1.stored.version, 1);
  EXPECT_TRUE(r1.changes.empty());
  const auto same =
      collect::save_instrument(store, collect::read_xlsform_bytes(v1, "demo.xlsx", "demo"), v1, "demo.xlsx");
  EXPECT_TRUE(same.unchanged);
  const auto r2 =
      collect::save_instrument(store, collect::read_xlsform_bytes(v2, "demo.xlsx", "demo"), v2, "demo.xlsx");
  EXPECT_EQ(r2.stored.version, 2);
  std::set<std::string> changes;
  for (const auto& c : collect::instrument_changes(store, "demo", 2)) changes.insert(c.change + " " + c.question);
  EXPECT_EQ(changes, (std::set<std::string>{"removed city", "added budget", "label age", "constraint age"}));
  const auto versions = collect::instrument_versions(store, "demo");
  ASSERT_EQ(versions.size(), 2U);
  EXPECT_EQ(versions[0].form_version, "2026-01");
  EXPECT_EQ(collect::list_instruments(store).size(), 1U);
  const auto first = collect::load_instrument(store, "demo", 1);
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->second.questions().size(), 2U);
  EXPECT_EQ(first->second.questions().back()->name, "city");
  EXPECT_FALSE(collect::load_instrument(store, "nothing").has_value());
}

}  // namespace
}  // namespace fabscope

namespace fabscope {
namespace {

// The default questionnaires (data/instruments, built by build_instruments.py): French and
// English throughout, valid, their XForms well formed, and tied to the référentiel: every
// `survey:` source of the built-in référentiel is a question of the manager questionnaire,
// every `interview:` source a question of the interview grid, every `document:` source one
// of the document grid; every indicator a question declares feeding exists and reads that
// question or the workshop field the question fills.
TEST(Instruments, DefaultQuestionnairesFeedTheReferential) {
  const auto& ref = referential::Referential::builtin();
  const std::vector<std::tuple<std::string, std::string, referential::SourceKind, std::size_t>> forms = {
      {"questionnaire_gestionnaire.xlsx", "fabscope_gestionnaire", referential::SourceKind::survey, 10},
      {"questionnaire_usager.xlsx", "fabscope_usager", referential::SourceKind::survey, 0},
      {"grille_entretien.xlsx", "fabscope_entretien", referential::SourceKind::interview, 1},
      {"grille_documents.xlsx", "fabscope_documents", referential::SourceKind::document, 2}};
  std::size_t declared = 0;
  for (const auto& [file, form_id, kind, expected_sources] : forms) {
    const auto ins = collect::read_xlsform(test::source_dir() / "data/instruments" / file);
    EXPECT_EQ(ins.form_id, form_id);
    EXPECT_EQ(ins.languages, (std::vector<std::string>{"Français (fr)", "English (en)"})) << file;
    EXPECT_TRUE(ins.warnings.empty()) << file << ": " << ins.warnings.front().message;
    std::map<std::string, const collect::Item*> by_name;
    for (const auto* q : ins.questions()) {
      by_name[q->name] = q;
      if (q->type == "calculate") continue;
      EXPECT_FALSE(q->text("label", "Français (fr)").empty()) << file << " " << q->name;
      EXPECT_FALSE(q->text("label", "English (en)").empty()) << file << " " << q->name;
    }
    for (const auto& l : ins.lists) {
      for (const auto& c : l.choices) EXPECT_EQ(c.texts.at("label").size(), 2U) << l.name << " " << c.name;
    }
    if (file == "questionnaire_usager.xlsx") continue;  // the référentiel has no source in it yet
    std::size_t sources = 0;
    for (const auto& ind : ref.indicators) {
      if (ind.source.kind != kind) continue;
      ++sources;
      EXPECT_EQ(by_name.count(ind.source.name), 1U) << ind.id << " reads " << ind.source.name << ", not in " << file;
    }
    EXPECT_EQ(sources, expected_sources) << file;
    for (const auto& [name, q] : by_name) {
      const auto id = q->column("fabscope::indicator");
      if (id.empty()) continue;
      ++declared;
      const auto i = ref.find(id);
      ASSERT_TRUE(i.has_value()) << name << " declares " << id;
      const auto& src = ref.indicators[*i].source;
      const bool reads = (src.kind == kind && src.name == name) ||
                         (src.kind == referential::SourceKind::workshop && src.name == q->column("fabscope::field"));
      EXPECT_TRUE(reads) << name << " → " << id;
    }
    pugi::xml_document doc;
    EXPECT_TRUE(doc.load_string(collect::to_xform(ins).c_str())) << file;
  }
  EXPECT_EQ(declared, 11U + 1U + 2U);
  const auto manager = collect::read_xlsform(test::source_dir() / "data/instruments/questionnaire_gestionnaire.xlsx");
  EXPECT_EQ(collect::summarize(manager).repeats, 1U);  // purchases by sector
  EXPECT_EQ(collect::summarize(manager).questions, 50U);  // with the wage bill (the impacts)
}

}  // namespace
}  // namespace fabscope
