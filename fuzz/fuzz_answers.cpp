// Answers collected elsewhere (src/collect/answers_import.cpp) read against a fixed form
// with nested repeats, choices, or_other, a date, a constraint, a relevance and
// calculations over a repeat: any input is imported or rejected with located problems,
// never a crash; what is imported is in canonical form and exports with every repeat.
// Input: the main CSV, a NUL byte, the `firms` repeat's CSV, a NUL byte, the `projects`
// repeat's CSV (ODK Central's layout; an absent part is no file). The same files are also
// read from a ZIP, as ODK Central's "all submissions" download.
#include "collect/answers_import.hpp"
#include "collect/answers_store.hpp"
#include "collect/xlsform.hpp"
#include "fuzz.hpp"

using namespace fabscope;

namespace {

std::string row(const std::vector<std::string>& cells, int r) {
  std::string out = "<row r=\"" + std::to_string(r) + "\">";
  for (std::size_t c = 0; c < cells.size(); ++c) {
    if (cells[c].empty()) continue;
    out += "<c r=\"" + std::string(1, static_cast<char>('A' + c)) + std::to_string(r) + "\" t=\"inlineStr\"><is><t>" +
           cells[c] + "</t></is></c>";
  }
  return out + "</row>";
}

std::string sheet(const std::vector<std::vector<std::string>>& rows) {
  std::string out = "<worksheet><sheetData>";
  for (std::size_t r = 0; r < rows.size(); ++r) out += row(rows[r], static_cast<int>(r + 1));
  return out + "</sheetData></worksheet>";
}

const collect::Instrument& form() {
  static const collect::Instrument ins = [] {
    const auto survey = sheet({{"type", "name", "label", "required", "relevant", "constraint", "calculation"},
                               {"text", "ws", "Workshop", "yes"},
                               {"integer", "staff", "Staff", "", "", ". &gt;= 0 and . &lt;= 200"},
                               {"select_one yn", "firms_q", "Firms?"},
                               {"date", "opened", "Opened", "", "", ". &lt;= today()"},
                               {"begin repeat", "firms", "Firms", "", "${firms_q} = 'yes'"},
                               {"text", "firm", "Firm", "yes"},
                               {"select_multiple svc or_other", "services", "Services"},
                               {"begin repeat", "projects", "Projects"},
                               {"decimal", "amount", "Amount", "", "", ". &gt; 0"},
                               {"geopoint", "where", "Where"},
                               {"end repeat"},
                               {"end repeat"},
                               {"calculate", "n", "", "", "", "", "count(${firm})"},
                               {"calculate", "total", "", "", "", "", "sum(${amount}) div max(1, ${n})"}});
    const auto choices = sheet({{"list_name", "name", "label"},
                                {"yn", "yes", "Yes"},
                                {"yn", "no", "No"},
                                {"svc", "proto", "Prototyping, design"},
                                {"svc", "training", "Training"}});
    const auto settings = sheet({{"form_id"}, {"fuzz"}});
    const char* workbook =
        R"(<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="survey" sheetId="1" r:id="rId1"/><sheet name="choices" sheetId="2" r:id="rId2"/><sheet name="settings" sheetId="3" r:id="rId3"/></sheets></workbook>)";
    const char* rels =
        R"(<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet3.xml"/></Relationships>)";
    const auto bytes = fuzz::zip_stored({{"xl/workbook.xml", workbook},
                                         {"xl/_rels/workbook.xml.rels", rels},
                                         {"xl/worksheets/sheet1.xml", survey},
                                         {"xl/worksheets/sheet2.xml", choices},
                                         {"xl/worksheets/sheet3.xml", settings}});
    return collect::read_xlsform_bytes(bytes, "fuzz_form.xlsx", "fuzz");
  }();
  return ins;
}

}  // namespace

FABSCOPE_FUZZ_TARGET(answers) {
  const auto parts = fuzz::split_parts(input, 3);
  const auto& ins = form();
  collect::AnswerImportOptions options;
  options.today = "2026-12-07";
  if (!parts[1].empty()) options.repeats["firms"] = {"fuzz-firms.csv", parts[1], false};
  if (!parts[2].empty()) options.repeats["projects"] = {"fuzz-projects.csv", parts[2], false};
  fuzz::expect_located("answers", [&] {
    const auto got = collect::read_answers(ins, {"fuzz.csv", parts[0], false}, options);
    std::vector<collect::StoredSubmission> subs(got.submissions.size());
    for (std::size_t i = 0; i < subs.size(); ++i) {
      subs[i].submission = got.submissions[i];
      if (subs[i].submission.instance_id.empty()) fuzz::fail("answers", "a submission without an instance id");
      const auto json = collect::record_json(subs[i].submission.data);
      if (collect::record_json(collect::record_from_json(json)) != json) fuzz::fail("answers", "JSON round trip");
    }
    const auto tables = collect::answer_tables(ins, subs, {});
    if (tables.size() != 3 || tables[0].rows.size() != subs.size()) fuzz::fail("answers", "tables lost rows");
    (void)collect::answer_counts(ins, subs);
  });
  // The same files as ODK Central's ZIP: found in the archive by their names, then read alike.
  std::vector<std::pair<std::string, std::string>> entries = {{"fuzz.csv", parts[0]}};
  if (!parts[1].empty()) entries.emplace_back("fuzz-firms.csv", parts[1]);
  if (!parts[2].empty()) entries.emplace_back("fuzz-projects.csv", parts[2]);
  fuzz::expect_located("answers", [&] {
    auto z = collect::answers_from_zip(ins, fuzz::zip_stored(entries), "fuzz.zip");
    if (z.repeats.size() + 1 != entries.size()) fuzz::fail("answers", "a repeat CSV of the ZIP was not found");
    collect::AnswerImportOptions zo;
    zo.today = options.today;
    zo.repeats = std::move(z.repeats);
    (void)collect::read_answers(ins, z.main, zo);
  });
}
