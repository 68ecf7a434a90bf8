// Answers collected elsewhere, imported against their instrument (src/collect/answers*.cpp):
// Kobo's XLSX with a sheet per repeat group and ODK Central's CSV per repeat group give the
// same submissions; values in canonical form (labels read as codes, a spreadsheet's date
// serials, "other, specify"); every problem located; calculations, relevance, required and
// constraints checked as ODK does; the store keeps each instance id once; exports with
// repeat groups read back unchanged; the real Nesta answers (98 UK makerspaces) agree with
// an independent Python reading (tests/reference/collect/nesta_answers.py).
#include <gtest/gtest.h>

#include <fstream>

#include "collect/answer_values.hpp"
#include "collect/answers_import.hpp"
#include "collect/answers_store.hpp"
#include "collect/repository.hpp"
#include "collect/xlsform.hpp"
#include "core/text.hpp"
#include "io/csv.hpp"
#include "io/xlsx_writer.hpp"
#include "store/store.hpp"
#include "support/test_support.hpp"

namespace fabscope {
namespace {

using Rows = std::vector<std::vector<std::string>>;

// A form with a repeat inside a repeat, a calculation over the repeat, a constraint with
// its message, a relevance on the repeat, or_other, a date.
collect::Instrument repeats_form() {
  const auto bytes = test::text_workbook(
      {{"survey",
        {{"type", "name", "label", "required", "relevant", "constraint", "constraint_message", "calculation"},
         {"text", "ws_name", "Workshop name", "yes", "", "", "", ""},
         {"integer", "staff", "Staff (FTE)", "yes", "", ". >= 0 and . <= 200", "Between 0 and 200", ""},
         {"select_one yn", "has_firms", "Serves firms?", "", "", "", "", ""},
         {"date", "opened", "Opened", "", "", ". <= today()", "", ""},
         {"begin repeat", "firms", "Firms served", "", "${has_firms} = 'yes'", "", "", ""},
         {"text", "firm", "Firm name", "yes", "", "", "", ""},
         {"select_multiple service or_other", "services", "Services", "", "", "", "", ""},
         {"begin repeat", "projects", "Projects", "", "", "", "", ""},
         {"decimal", "amount", "Amount (k€)", "", "", ". > 0", "", ""},
         {"end repeat", "", "", "", "", "", "", ""},
         {"end repeat", "", "", "", "", "", "", ""},
         {"calculate", "n_firms", "", "", "", "", "", "count(${firm})"},
         {"calculate", "total", "", "", "", "", "", "sum(${amount})"}}},
       {"choices",
        {{"list_name", "name", "label"},
         {"yn", "yes", "Yes"},
         {"yn", "no", "No"},
         {"service", "proto", "Prototyping"},
         {"service", "training", "Training"},
         {"service", "rental", "Machine rental"}}},
       {"settings", {{"form_id"}, {"test_repeats"}}}});
  return collect::read_xlsform_bytes(bytes, "test_repeats.xlsx", "test_repeats");
}

io::XlsxSheet sheet(const std::string& name, const std::vector<std::string>& header,
                    const std::vector<std::vector<io::XlsxValue>>& rows) {
  io::XlsxSheet s;
  s.name = name;
  s.header = header;
  s.rows = rows;
  return s;
}

// Kobo's layout: the submissions, then a sheet per repeat linked by _index/_parent_index.
collect::AnswerFile kobo_file(const test::TempDir& dir, const std::string& staff_b = "3") {
  using V = io::XlsxValue;
  const auto path = dir / "answers.xlsx";
  io::write_xlsx(
      path,
      {sheet("Test repeats", {"ws_name", "staff", "has_firms", "opened", "_index", "_uuid", "_submission_time"},
             {{V("Fablab A"), V(2.0), V("yes"), V(41033.0), V(1.0), V("a-1"), V("2026-01-05T10:00:00")},
              {V("Atelier B"), V(staff_b), V("No"), V("2020-09-01"), V(2.0), V("b-2"), V("2026-01-06T10:00:00")}}),
       sheet("firms", {"firm", "services", "services_other", "_index", "_parent_index", "_parent_table_name"},
             {{V("Menuiserie C"), V("Prototyping, Training"), V(), V(1.0), V(1.0), V("Test repeats")},
              {V("Start-up D"), V("rental bike_repair"), V(), V(2.0), V(1.0), V("Test repeats")}}),
       sheet("projects", {"amount", "_index", "_parent_index", "_parent_table_name"},
             {{V(12.5), V(1.0), V(1.0), V("firms")},
              {V(3.0), V(2.0), V(1.0), V("firms")},
              {V(7.25), V(3.0), V(2.0), V("firms")}})});
  return collect::answer_file(path);
}

collect::AnswerImportOptions options() {
  collect::AnswerImportOptions o;
  o.today = "2026-12-07";
  return o;
}

TEST(Answers, KoboWorkbookWithNestedRepeats) {
  const auto ins = repeats_form();
  test::TempDir dir;
  const auto got = collect::read_answers(ins, kobo_file(dir), options());
  ASSERT_EQ(got.submissions.size(), 2U);
  const auto& a = got.submissions[0];
  EXPECT_EQ(a.instance_id, "uuid:a-1");
  EXPECT_EQ(a.submitted_at, "2026-01-05T10:00:00");
  EXPECT_EQ(a.data.values, (std::map<std::string, std::string>{{"ws_name", "Fablab A"},
                                                               {"staff", "2"},
                                                               {"has_firms", "yes"},
                                                               {"opened", "2012-05-04"},  // serial 41033
                                                               {"n_firms", "2"},
                                                               {"total", "22.75"}}));
  const auto& firms = a.data.repeats.at("firms");
  ASSERT_EQ(firms.size(), 2U);
  EXPECT_EQ(firms[0].value("services"), "proto training");  // labels read as codes
  EXPECT_EQ(firms[1].value("services"), "other");           // not all names of the list: the whole cell is "other"
  EXPECT_EQ(firms[1].value("services_other"), "rental bike_repair");
  ASSERT_EQ(firms[0].repeats.at("projects").size(), 2U);
  EXPECT_EQ(firms[0].repeats.at("projects")[1].value("amount"), "3");
  EXPECT_EQ(firms[1].repeats.at("projects")[0].value("amount"), "7.25");
  EXPECT_EQ(got.submissions[1].data.value("has_firms"), "no");  // the label "No"
  EXPECT_EQ(got.submissions[1].data.value("n_firms"), "0");
  EXPECT_EQ(got.repeat_instances.at("firms"), 2U);
  EXPECT_EQ(got.repeat_instances.at("projects"), 3U);
  EXPECT_EQ(got.others.at("services"), 1U);
  EXPECT_TRUE(got.warnings.empty()) << got.warnings.front().to_string();
}

TEST(Answers, ProblemsAreLocatedAndNothingIsKept) {
  const auto ins = repeats_form();
  test::TempDir dir;
  // A number that is not one, and one outside its constraint.
  EXPECT_EQ(test::error_text([&] { (void)collect::read_answers(ins, kobo_file(dir, "trois"), options()); }),
            "answers.xlsx!Test repeats:3:2 (staff): « trois » is not a whole number");
  EXPECT_EQ(test::error_text([&] { (void)collect::read_answers(ins, kobo_file(dir, "500"), options()); }),
            "answers.xlsx!Test repeats:3:2 (staff): « 500 » : Between 0 and 200");
  // CSV: a required answer missing, a date in the future, an unknown choice, an unknown column.
  collect::AnswerFile csv{"a.csv",
                          "ws_name,staff,has_firms,opened,colour\n"
                          ",1,yes,2027-01-01,red\n"
                          "B,1,maybe,,\n",
                          false};
  EXPECT_EQ(test::error_text([&] { (void)collect::read_answers(ins, csv, options()); }),
            "a.csv:1:5 (colour): unknown column: neither the name, the path nor the label of a question of the form\n"
            "a.csv:3:3 (has_firms): « maybe » is not a choice of list yn (yes, no)");
  csv.bytes = "ws_name,staff,has_firms,opened\n,1,yes,2027-01-01\nB,1,maybe,\nC,x,,31/12/2020\n";
  EXPECT_EQ(test::error_text([&] { (void)collect::read_answers(ins, csv, options()); }),
            "a.csv:3:3 (has_firms): « maybe » is not a choice of list yn (yes, no)\n"
            "a.csv:4:2 (staff): « x » is not a whole number\n"
            "a.csv:4:4 (opened): « 31/12/2020 » is not a date (yyyy-mm-dd)");
  csv.bytes = "ws_name,staff,has_firms,opened\n,1,yes,2027-01-01\n";
  EXPECT_EQ(test::error_text([&] { (void)collect::read_answers(ins, csv, options()); }),
            "a.csv:2:1 (ws_name): a required answer is missing\n"
            "a.csv:2:4 (opened): « 2027-01-01 » does not satisfy the constraint . <= today()");
  // dd/mm/yyyy when told so.
  csv.bytes = "ws_name,staff,has_firms,opened\nC,1,no,31/12/2020\n";
  auto o = options();
  o.dates = collect::DateOrder::dmy;
  EXPECT_EQ(collect::read_answers(ins, csv, o).submissions.at(0).data.value("opened"), "2020-12-31");
}

TEST(Answers, RepeatRowsAreCheckedWhereTheyAre) {
  const auto ins = repeats_form();
  test::TempDir dir;
  using V = io::XlsxValue;
  const auto path = dir / "r.xlsx";
  io::write_xlsx(path, {sheet("main", {"ws_name", "staff", "has_firms", "_index"},
                              {{V("A"), V(1.0), V("no"), V(1.0)}, {V("B"), V(1.0), V("yes"), V(2.0)}}),
                        sheet("firms", {"firm", "_index", "_parent_index"},
                              {{V("C"), V(1.0), V(1.0)}, {V(), V(2.0), V(2.0)}, {V("E"), V(3.0), V(9.0)}}),
                        sheet("notes", {"x"}, {{V("y")}})});
  EXPECT_EQ(test::error_text([&] { (void)collect::read_answers(ins, collect::answer_file(path), options()); }),
            "r.xlsx!notes: sheet « notes » is no repeat group of the form (firms, projects)");
  io::write_xlsx(path, {sheet("main", {"ws_name", "staff", "has_firms", "_index"},
                              {{V("A"), V(1.0), V("no"), V(1.0)}, {V("B"), V(1.0), V("yes"), V(2.0)}}),
                        sheet("firms", {"firm", "_index", "_parent_index"},
                              {{V("C"), V(1.0), V(1.0)}, {V(), V(2.0), V(2.0)}, {V("E"), V(3.0), V(9.0)}})});
  EXPECT_EQ(test::error_text([&] { (void)collect::read_answers(ins, collect::answer_file(path), options()); }),
            "r.xlsx!firms:4:1: « 9 » names no row of the parent table");
  io::write_xlsx(
      path, {sheet("main", {"ws_name", "staff", "has_firms", "_index"},
                   {{V("A"), V(1.0), V("no"), V(1.0)}, {V("B"), V(1.0), V("yes"), V(2.0)}}),
             sheet("firms", {"firm", "_index", "_parent_index"}, {{V("C"), V(1.0), V(1.0)}, {V(), V(2.0), V(2.0)}})});
  EXPECT_EQ(test::error_text([&] { (void)collect::read_answers(ins, collect::answer_file(path), options()); }),
            "r.xlsx!firms:3:1 (firm): a required answer is missing");
  io::write_xlsx(path, {sheet("main", {"ws_name", "staff", "has_firms", "_index"},
                              {{V("A"), V(1.0), V("no"), V(1.0)}, {V("B"), V(1.0), V("yes"), V(2.0)}}),
                        sheet("firms", {"firm", "_index", "_parent_index"}, {{V("C"), V(1.0), V(1.0)}})});
  const auto got = collect::read_answers(ins, collect::answer_file(path), options());
  ASSERT_EQ(got.warnings.size(), 1U);  // firms given although has_firms = no: kept, said
  EXPECT_EQ(got.warnings[0].to_string(), "r.xlsx!main:2 (firms): repeat filled in although it was not relevant");
}

// Cascading choices (choice_filter): a county asked once, then in each site of a repeat a
// city filtered by the county, and a town filtered by the region asked in the same
// instance; a bare name reads the choices sheet's column. Every instance is checked with
// its own answers (the filters do not break inside repeats).
TEST(Answers, CascadingChoicesAreCheckedInEveryRepeatInstance) {
  const auto bytes = test::text_workbook(
      {{"survey",
        {{"type", "name", "label", "choice_filter"},
         {"select_one county", "county", "County", ""},
         {"begin repeat", "sites", "Sites", ""},
         {"select_one city", "city", "City", "county = ${county}"},
         {"select_one region", "region", "Region", ""},
         {"select_multiple town", "towns", "Towns", "region = ${region} or name = 'anywhere'"},
         {"end repeat", "", "", ""}}},
       {"choices",
        {{"list_name", "name", "label", "county", "region"},
         {"county", "north", "North", "", ""},
         {"county", "south", "South", "", ""},
         {"city", "lille", "Lille", "north", ""},
         {"city", "nice", "Nice", "south", ""},
         {"region", "r1", "R1", "", ""},
         {"region", "r2", "R2", "", ""},
         {"town", "t1", "T1", "", "r1"},
         {"town", "t2", "T2", "", "r2"},
         {"town", "anywhere", "Anywhere", "", ""}}},
       {"settings", {{"form_id"}, {"cascade"}}}});
  const auto ins = collect::read_xlsform_bytes(bytes, "cascade.xlsx", "cascade");
  const auto question = [&](const std::string& name) -> const collect::Item* {
    for (const auto* q : ins.questions()) {
      if (q->name == name) return q;
    }
    return nullptr;
  };
  const auto* city = question("city");
  ASSERT_NE(city, nullptr);
  const auto lookup = [](const std::string& county) {
    return [county](const std::string& name) -> expr::XValue { return name == "county" ? county : std::string(); };
  };
  EXPECT_EQ(collect::filtered_choices(ins, *city, lookup("north"), "2026-12-07"), (std::set<std::string>{"lille"}));
  EXPECT_EQ(collect::filtered_choices(ins, *city, lookup(""), "2026-12-07"), (std::set<std::string>{}));
  EXPECT_FALSE(collect::filtered_choices(ins, *question("county"), lookup(""), "2026-12-07"));  // no filter

  collect::Record r;
  r.values["county"] = "north";
  collect::Record ok, bad_city, bad_town;
  ok.values = {{"city", "lille"}, {"region", "r1"}, {"towns", "t1 anywhere"}};
  bad_city.values = {{"city", "nice"}, {"region", "r2"}, {"towns", "t2"}};
  bad_town.values = {{"city", "lille"}, {"region", "r2"}, {"towns", "anywhere t1"}};
  r.repeats["sites"] = {ok, bad_city, bad_town};
  const collect::AnswerChecker checker(ins, "2026-12-07");
  std::vector<std::string> got;
  for (const auto& p : checker.check(r)) got.push_back(p.path + ": " + p.message);
  EXPECT_EQ(got, (std::vector<std::string>{
                     "sites[2]/city: « nice » is not allowed by the earlier answers (filter: county = ${county})",
                     "sites[3]/towns: « t1 » is not allowed by the earlier answers (filter: region = ${region} or "
                     "name = 'anywhere')"}));
}

TEST(Answers, OdkCentralCsvsGiveTheSameSubmissions) {
  const auto ins = repeats_form();
  test::TempDir dir;
  const auto kobo = collect::read_answers(ins, kobo_file(dir), options());
  auto o = options();
  o.repeats["firms"] = {"test_repeats-firms.csv",
                        "PARENT_KEY,KEY,firm,services,services_other\n"
                        "uuid:a-1,uuid:a-1/firms[1],Menuiserie C,proto training,\n"
                        "uuid:a-1,uuid:a-1/firms[2],Start-up D,other,rental bike_repair\n",
                        false};
  o.repeats["projects"] = {"test_repeats-projects.csv",
                           "PARENT_KEY,KEY,amount\n"
                           "uuid:a-1/firms[1],uuid:a-1/firms[1]/projects[1],12.5\n"
                           "uuid:a-1/firms[1],uuid:a-1/firms[1]/projects[2],3\n"
                           "uuid:a-1/firms[2],uuid:a-1/firms[2]/projects[1],7.25\n",
                           false};
  const collect::AnswerFile main{"test_repeats.csv",
                                 "SubmissionDate,ws_name,staff,has_firms,opened,meta-instanceID,KEY\n"
                                 "2026-01-05,Fablab A,2,yes,2012-05-04,uuid:a-1,uuid:a-1\n"
                                 "2026-01-06,Atelier B,3,no,2020-09-01,uuid:b-2,uuid:b-2\n",
                                 false};
  const auto odk = collect::read_answers(ins, main, o);
  ASSERT_EQ(odk.submissions.size(), 2U);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(odk.submissions[i].instance_id, kobo.submissions[i].instance_id);
    EXPECT_EQ(collect::record_json(odk.submissions[i].data), collect::record_json(kobo.submissions[i].data));
  }
  // The same as ODK Central's single ZIP of every submission (with its media folder).
  const auto zip = test::zip_bytes({{"test_repeats.csv", main.bytes},
                                    {"test_repeats-firms.csv", o.repeats["firms"].bytes},
                                    {"test_repeats-projects.csv", o.repeats["projects"].bytes},
                                    {"media/1234.jpg", "not read"}});
  auto z = collect::answers_from_zip(ins, zip, "test_repeats.zip");
  EXPECT_EQ(z.main.label, "test_repeats.zip!test_repeats.csv");
  ASSERT_EQ(z.repeats.size(), 2U);
  EXPECT_EQ(z.repeats.at("projects").label, "test_repeats.zip!test_repeats-projects.csv");
  auto zo = options();
  zo.repeats = z.repeats;
  const auto zipped = collect::read_answers(ins, z.main, zo);
  ASSERT_EQ(zipped.submissions.size(), 2U);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(collect::record_json(zipped.submissions[i].data), collect::record_json(kobo.submissions[i].data));
  }
  // An archive that is not one: no main table, or two.
  const auto e1 = test::error_text(
      [&] { collect::answers_from_zip(ins, test::zip_bytes({{"x-firms.csv", "KEY\n"}}), "x.zip"); });
  EXPECT_NE(e1.find("x.zip: no main CSV in the archive"), std::string::npos) << e1;
  EXPECT_NE(e1.find("<form>-firms.csv, <form>-projects.csv"), std::string::npos) << e1;
  const auto e2 = test::error_text([&] {
    collect::answers_from_zip(ins, test::zip_bytes({{"a.csv", "KEY\n"}, {"a-cars.csv", "KEY\n"}}), "y.zip");
  });
  EXPECT_NE(e2.find("2 CSV files name no repeat group of the questionnaire (a-cars.csv, a.csv)"), std::string::npos)
      << e2;
}

TEST(Answers, StoredOnceAndExportedWithEveryRepeat) {
  const auto ins = repeats_form();
  test::TempDir dir;
  store::Store st(dir / "s.db");
  const auto saved_form = collect::save_instrument(st, ins, "bytes", "test_repeats.xlsx");
  const auto got = collect::read_answers(ins, kobo_file(dir), options());
  auto r = collect::save_submissions(st, saved_form.stored, got.submissions, "import", false);
  EXPECT_EQ(r.inserted, 2U);
  r = collect::save_submissions(st, saved_form.stored, got.submissions, "import", false);  // again: nothing new
  EXPECT_EQ(r.inserted, 0U);
  EXPECT_EQ(r.already, 2U);
  const auto stored = collect::load_submissions(st, "test_repeats");
  ASSERT_EQ(stored.size(), 2U);
  EXPECT_EQ(collect::record_json(stored[0].submission.data), collect::record_json(got.submissions[0].data));
  EXPECT_EQ(stored[0].version, 1);
  EXPECT_EQ(stored[0].source, "answers.xlsx!Test repeats:2");

  // One table per repeat group, linked by KEY / PARENT_KEY, nothing dropped …
  const auto tables = collect::answer_tables(ins, stored, {});
  ASSERT_EQ(tables.size(), 3U);
  EXPECT_EQ(tables[1].name, "test_repeats-firms");
  EXPECT_EQ(tables[1].header,
            (std::vector<std::string>{"KEY", "PARENT_KEY", "_submission", "firm", "services", "services_other"}));
  EXPECT_EQ(tables[2].rows.size(), 3U);
  EXPECT_EQ(tables[2].rows[2],
            (std::vector<std::string>{"uuid:a-1/firms[2]/projects[1]", "uuid:a-1/firms[2]", "uuid:a-1", "7.25"}));
  const auto labelled = collect::answer_tables(ins, stored, {true, ""});
  EXPECT_EQ(labelled[1].rows[0][4], "Prototyping, Training");
  // … and read back as ODK Central's CSVs, the same submissions.
  const auto csv = [](const collect::AnswerTable& t) {
    std::string out;
    for (const auto* row : {&t.header}) {
      for (std::size_t i = 0; i < row->size(); ++i) out += (i ? "," : "") + text::csv_field((*row)[i]);
      out += "\n";
    }
    for (const auto& row : t.rows) {
      for (std::size_t i = 0; i < row.size(); ++i) out += (i ? "," : "") + text::csv_field(row[i]);
      out += "\n";
    }
    return out;
  };
  auto o = options();
  o.repeats["firms"] = {"firms.csv", csv(labelled[1]), false};
  o.repeats["projects"] = {"projects.csv", csv(labelled[2]), false};
  const auto back = collect::read_answers(ins, {"main.csv", csv(labelled[0]), false}, o);
  ASSERT_EQ(back.submissions.size(), 2U);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(back.submissions[i].instance_id, stored[i].submission.instance_id);
    EXPECT_EQ(collect::record_json(back.submissions[i].data), collect::record_json(stored[i].submission.data));
  }
}

TEST(Answers, NestaMakerspacesAgreeWithThePythonReading) {
  const auto ins = collect::read_xlsform(test::source_dir() / "data/instruments/nesta_uk_makerspaces.xlsx");
  auto o = options();
  o.dates = collect::DateOrder::dmy;
  const auto got = collect::read_answers(
      ins, collect::answer_file(test::data_dir() / "makerspaces/nesta_uk_makerspaces_2015.csv"), o);
  EXPECT_EQ(got.rows, 98U);
  ASSERT_EQ(got.submissions.size(), 98U);
  EXPECT_EQ(got.matched.size(), 114U);  // every column by its label
  EXPECT_TRUE(got.warnings.empty());
  std::vector<collect::StoredSubmission> subs(got.submissions.size());
  for (std::size_t i = 0; i < subs.size(); ++i) subs[i].submission = got.submissions[i];
  const auto counts = collect::answer_counts(ins, subs);
  const auto expected = test::read_file(test::source_dir() / "tests/reference/expected/collect/nesta_summary.csv");
  io::CsvReader reader(expected, "nesta_summary.csv");
  std::vector<std::string_view> f;
  ASSERT_TRUE(reader.next(f));  // header
  std::size_t i = 0;
  while (reader.next(f)) {
    ASSERT_LT(i, counts.size());
    EXPECT_EQ(counts[i].question, f[0]) << "row " << i;
    EXPECT_EQ(counts[i].choice, f[1]) << "row " << i;
    EXPECT_EQ(std::to_string(counts[i].answers), f[2]) << counts[i].question << " " << counts[i].choice;
    ++i;
  }
  EXPECT_EQ(i, counts.size());
  EXPECT_EQ(i, 469U);
  // A few answers as published: a date in dd/mm/yyyy, a line break typed as a bare CR,
  // and no problem left when each submission is checked again.
  const auto& first = got.submissions[0].data;
  EXPECT_FALSE(first.value("name").empty());
  std::size_t opened = 0, with_lf = 0, with_problems = 0;
  const collect::AnswerChecker checker(ins, "2026-12-07");
  for (auto s : got.submissions) {
    opened += s.data.value("opened").size() == 10 ? 1 : 0;
    with_lf += s.data.value("address").find('\n') != std::string::npos ? 1 : 0;
    with_problems += checker.check(s.data).empty() ? 0 : 1;
  }
  EXPECT_EQ(opened, 78U);
  EXPECT_GT(with_lf, 0U);
  EXPECT_EQ(with_problems, 0U);
}

}  // namespace
}  // namespace fabscope

namespace fabscope {
namespace {

// Answers as the référentiel reads them: numbers by the documented rules, the mean over a
// workshop's respondents, a question's workshop field under "field:".
TEST(AnswerValues, NumbersMeansAndFields) {
  const auto ins = collect::read_xlsform(test::source_dir() / "data/instruments/questionnaire_gestionnaire.xlsx");
  const auto question = [&](const std::string& name) {
    for (const auto* q : ins.questions()) {
      if (q->name == name) return q;
    }
    throw std::runtime_error("no question " + name);
  };
  EXPECT_EQ(collect::numeric_answer(ins, *question("q_fabmanager"), "yes"), 1);
  EXPECT_EQ(collect::numeric_answer(ins, *question("q_fabmanager"), "no"), 0);
  EXPECT_EQ(collect::numeric_answer(ins, *question("q_revenue_sources"), "public_subsidies services training"), 3);
  EXPECT_EQ(collect::numeric_answer(ins, *question("q_publics_diversity"), "4"), 0.75);  // Likert 1–5: 4 → 0.75
  EXPECT_EQ(collect::numeric_answer(ins, *question("q_staff_fte"), "2.5"), 2.5);
  EXPECT_TRUE(std::isnan(collect::numeric_answer(ins, *question("q_name"), "Fablab")));

  test::TempDir dir;
  store::Store st(dir / "s.db");
  const auto stored =
      collect::save_instrument(st, ins, test::read_file(test::source_dir() / "data/instruments/questionnaire_gestionnaire.xlsx"),
                               "questionnaire_gestionnaire.xlsx")
          .stored;
  const auto submission = [](std::string id, std::string workshop, std::map<std::string, std::string> values) {
    collect::Submission s;
    s.instance_id = std::move(id);
    s.workshop_id = std::move(workshop);
    s.data.values = std::move(values);
    return s;
  };
  collect::save_submissions(st, stored,
                            {submission("a", "w1", {{"q_fabmanager", "yes"}, {"q_staff_fte", "2"}}),
                             submission("b", "w1", {{"q_fabmanager", "no"}, {"q_staff_fte", "3"}}),
                             submission("c", "w2", {{"q_publics_diversity", "5"}}),
                             submission("d", "", {{"q_fabmanager", "yes"}})},
                            "import", true);
  const auto answers = collect::workshop_answers(st);
  ASSERT_EQ(answers.size(), 2U);  // the submission tied to no workshop feeds none
  EXPECT_EQ(answers.at("w1").at("q_fabmanager").value, 0.5);
  EXPECT_EQ(answers.at("w1").at("q_fabmanager").respondents, 2U);
  EXPECT_TRUE(answers.at("w1").at("q_fabmanager").fictitious);
  EXPECT_EQ(answers.at("w1").at("q_staff_fte").value, 2.5);
  EXPECT_EQ(answers.at("w1").at("field:staff_fte").value, 2.5);  // q_staff_fte fills the field staff_fte
  EXPECT_EQ(answers.at("w2").at("q_publics_diversity").value, 1);
}

}  // namespace
}  // namespace fabscope
