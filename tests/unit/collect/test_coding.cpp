// Qualitative coding (src/collect/coding.cpp): Cohen's kappa per code and pair of coders and
// Krippendorff's alpha agree with an independent Python computation (scikit-learn's kappa,
// alpha by enumerating every pair of values) on a FICTITIOUS seeded coding table
// (tests/reference/collect/coding_agreement.py, its output committed); textbook alpha
// values; the case × code matrix; located refusals.
#include <gtest/gtest.h>

#include <cmath>

#include <fmt/format.h>

#include <map>
#include <tuple>

#include "collect/coding.hpp"
#include "collect/qualitative.hpp"
#include "store/store.hpp"
#include "io/csv.hpp"
#include "support/test_support.hpp"

namespace fabscope {
namespace {

std::vector<collect::Coding> fictitious_table() {
  const auto table = test::read_file(test::source_dir() / "tests/reference/collect/coding_fictitious.csv");
  return collect::read_codings(table, "coding_fictitious.csv");
}

void check_against_reference(const collect::AgreementResult& r) {
  EXPECT_EQ(r.coders, (std::vector<std::string>{"c1", "c2", "c3"}));
  EXPECT_EQ(r.units, 52U);
  const auto expected = test::read_file(test::source_dir() / "tests/reference/expected/collect/coding_agreement.csv");
  io::CsvReader reader(expected, "coding_agreement.csv");
  std::vector<std::string_view> f;
  ASSERT_TRUE(reader.next(f));
  std::size_t checked = 0;
  while (reader.next(f)) {
    const std::string measure(f[0]), code(f[1]), a(f[2]), b(f[3]);
    const double want = std::stod(std::string(f[5]));
    double got = std::nan("");
    if (measure == "alpha") {
      got = r.alpha.at(code);
    } else {
      for (const auto& k : r.kappas) {
        if (k.code == code && k.coder_a == a && k.coder_b == b) {
          got = k.kappa;
          EXPECT_EQ(std::to_string(k.units), f[4]) << code << " " << a << " " << b;
        }
      }
    }
    if (std::isnan(want)) {
      EXPECT_TRUE(std::isnan(got)) << measure << " " << code;
    } else {
      EXPECT_NEAR(got, want, 1e-12) << measure << " " << code << " " << a << " " << b;
    }
    ++checked;
  }
  EXPECT_EQ(checked, 33U);  // 8 codes × (3 kappas + 1 alpha) + the alpha over every code
}

TEST(Coding, AgreementMatchesThePythonReference) {
  const auto codings = fictitious_table();
  ASSERT_EQ(codings.size(), 391U);
  check_against_reference(collect::agreement(codings));
}

// The same codings made in fabscope: each case a document whose paragraphs are the passages
// p1, p2…, each coder's codes attached passage by passage; the stored codings give the same
// agreement as the table.
TEST(Coding, CodingsMadeInTheStoreGiveTheSameAgreement) {
  const auto table = fictitious_table();
  std::map<std::string, int> passages;  // case -> highest passage number
  std::map<std::tuple<std::string, int, std::string>, std::vector<std::string>> codes;
  for (const auto& c : table) {
    const int n = std::stoi(c.segment.substr(1));
    passages[c.case_id] = std::max(passages[c.case_id], n);
    codes[{c.case_id, n, c.coder}].push_back(c.code);
  }
  test::TempDir dir;
  store::Store st(dir / "q.db");
  std::map<std::string, std::int64_t> ids;
  for (const auto& [case_id, n] : passages) {
    std::string text = "# " + case_id + " (FICTITIOUS)\n\n";
    for (int k = 1; k <= n; ++k) text += fmt::format("Passage {}, first line\nsecond line.\r\n\r\n", k);
    // The heading is passage 1: the coded paragraphs are shifted by one, then renamed back.
    const auto doc = collect::import_document(st, {case_id, "", "interview", "", "test", true}, text);
    EXPECT_EQ(doc.passages, static_cast<std::size_t>(n + 1));
    ids[case_id] = doc.id;
  }
  for (const auto& [key, list] : codes) {
    const auto& [case_id, n, coder] = key;
    collect::code_passage(st, ids[case_id], n + 1, coder, list, "", {});
  }
  auto stored = collect::stored_codings(st);
  ASSERT_EQ(stored.size(), table.size());
  // The export reads back as a coding table: the same codings.
  const auto exported = collect::read_codings(collect::codings_csv(st), "codage.csv");
  ASSERT_EQ(exported.size(), stored.size());
  for (std::size_t i = 0; i < stored.size(); ++i) {
    EXPECT_EQ(exported[i].case_id + "/" + exported[i].segment + "/" + exported[i].code + "/" + exported[i].coder,
              stored[i].case_id + "/" + stored[i].segment + "/" + stored[i].code + "/" + stored[i].coder);
  }
  for (auto& c : stored) c.segment = "p" + std::to_string(std::stoi(c.segment) - 1);
  check_against_reference(collect::agreement(stored));
  // Passages as the page shows them to one coder, with the others counted.
  const auto ps = collect::passages(st, ids.begin()->second, "c1");
  EXPECT_EQ(ps[0].text, "# entretien_01 (FICTITIOUS)");
  EXPECT_EQ(ps[1].text, "Passage 1, first line second line.");
  EXPECT_EQ(ps[1].codes, (std::vector<std::string>{"i_networks", "m_governance"}));
  EXPECT_EQ(ps[1].other_coders, 2U);  // c2 and c3 coded p1 of entretien_01 too (see the table)
  // A recoding replaces the coder's codes; a memo is kept; refusals change nothing.
  collect::code_passage(st, ids.begin()->second, 2, "c1", {"m_governance"}, "  voir le budget  ", {});
  EXPECT_EQ(collect::passages(st, ids.begin()->second, "c1")[1].codes, (std::vector<std::string>{"m_governance"}));
  EXPECT_EQ(collect::passages(st, ids.begin()->second, "c1")[1].memo, "voir le budget");
  EXPECT_THROW(collect::code_passage(st, ids.begin()->second, 2, "c1", {"nope"}, "", {"m_governance"}), Error);
  EXPECT_THROW(collect::code_passage(st, ids.begin()->second, 999, "c1", {}, "", {}), Error);
  EXPECT_EQ(collect::passages(st, ids.begin()->second, "c1")[1].codes, (std::vector<std::string>{"m_governance"}));
  EXPECT_THROW(collect::import_document(st, {"entretien_01", "", "interview", "", "", false}, "x"), Error);
  EXPECT_THROW(collect::import_document(st, {"autre", "", "interview", "no:such", "", false}, "x"), Error);
  EXPECT_THROW(collect::import_document(st, {"autre", "", "letter", "", "", false}, "x"), Error);
  EXPECT_EQ(collect::list_documents(st).size(), passages.size());  // nothing stored by the refusals
  // Removing a document: refused while it holds coders' work unless confirmed (nothing
  // changes), then gone with its passages, codings and memos; the other documents untouched.
  const auto first = ids.begin()->second;
  const auto before = collect::stored_codings(st).size();
  const auto doc = collect::find_document(st, first).value();
  EXPECT_EQ(doc.memos, 1U);
  EXPECT_GT(doc.codings, 0U);
  EXPECT_THROW(collect::remove_document(st, first, false), Error);
  EXPECT_EQ(collect::stored_codings(st).size(), before);
  EXPECT_TRUE(collect::find_document(st, first).has_value());
  EXPECT_TRUE(collect::remove_document(st, first, true));
  EXPECT_FALSE(collect::find_document(st, first).has_value());
  EXPECT_FALSE(collect::remove_document(st, first, true));
  EXPECT_EQ(collect::stored_codings(st).size(), before - doc.codings);
  EXPECT_TRUE(collect::passages(st, first, "c1").empty());
  EXPECT_EQ(collect::memos_csv(st).find("voir le budget"), std::string::npos);
  EXPECT_EQ(collect::list_documents(st).size(), passages.size() - 1);
  // A document without codings goes without confirmation; its case id is free again.
  const auto fresh = collect::import_document(st, {"entretien_01", "", "interview", "", "", false}, "Un texte.");
  EXPECT_TRUE(collect::remove_document(st, fresh.id, false));
}

TEST(Coding, PassagesAreParagraphs) {
  EXPECT_EQ(collect::split_passages("  Un.\nDeux.\n\n\n## Titre\nTrois.\r\n", "t"),
            (std::vector<std::string>{"Un. Deux.", "## Titre", "Trois."}));
  const auto e = test::error_text([] { collect::split_passages("ok\n\nbad \xff byte", "notes.md"); });
  EXPECT_NE(e.find("notes.md:3: not valid UTF-8"), std::string::npos) << e;
  EXPECT_NE(test::error_text([] { collect::split_passages("\n \n", "vide.txt"); }).find("no text to code"),
            std::string::npos);
}

TEST(Coding, AlphaTextbookCases) {
  // Perfect agreement: 1; two coders always opposite on two values: below 0.
  EXPECT_DOUBLE_EQ(collect::krippendorff_alpha_nominal({{1, 1}, {0, 0}, {1, 1}}), 1.0);
  EXPECT_LT(collect::krippendorff_alpha_nominal({{1, 0}, {0, 1}, {1, 0}, {0, 1}}), 0.0);
  // Krippendorff (2011), nominal example with missing values (4 coders, 12 units): 0.743.
  const std::vector<std::vector<int>> units = {{1, 1, 1},    {2, 2, 3, 2}, {3, 3, 3, 3}, {3, 3, 3, 3},
                                               {2, 2, 2, 2}, {1, 2, 3, 4}, {4, 4, 4, 4}, {1, 1, 2, 1},
                                               {2, 2, 2, 2}, {5, 5, 5},    {1, 1},       {3}};
  EXPECT_NEAR(collect::krippendorff_alpha_nominal(units), 0.743, 5e-4);
  EXPECT_TRUE(std::isnan(collect::krippendorff_alpha_nominal({{1, 1}, {1, 1}})));  // nothing to disagree on
}

TEST(Coding, MatrixAndRefusals) {
  const auto codings = collect::read_codings(
      "case,segment,code,coder\nA,p1,x,c1\nA,p2,x,c1\nA,p2,x,c1\nA,p1,y,c1\nB,p1,y,c1\nB,p1,y,c2\n", "t.csv");
  const auto m = collect::code_matrix(codings, "c1");
  EXPECT_EQ(m.cases, (std::vector<std::string>{"A", "B"}));
  EXPECT_EQ(m.codes, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(m.counts, (std::vector<std::size_t>{2, 1, 0, 1}));  // a segment counts once per code
  EXPECT_EQ(test::error_text([] { (void)collect::read_codings("case,code,coder\nA,x,c1\n", "t.csv"); }),
            "t.csv:1:1: wrong header: missing column(s) segment; found case, code, coder");
  EXPECT_EQ(test::error_text([] { (void)collect::read_codings("case,segment,code,coder\nA,p1,,c1\n", "t.csv"); }),
            "t.csv:2:3 (code): empty");
}

}  // namespace
}  // namespace fabscope

#include <pugixml.hpp>
#include <regex>
#include <set>

namespace fabscope {
namespace {

TEST(Coding, CodebookAsRefiQda) {
  const std::vector<collect::CodebookCode> book = {
      {"impacts",
       "Impacts",
       "",
       {{"i_emp", "Emploi & compétences", "Emplois <créés>", {}}, {"i_div", "Diversité", "", {}}}},
      {"model", "Modèle", "Le modèle économique", {}}};
  const auto qdc = collect::codebook_qdc(book, "fabscope test");
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(qdc.c_str()));
  const auto root = doc.child("CodeBook");
  EXPECT_STREQ(root.attribute("xmlns").value(), "urn:QDA-XML:codebook:1.0");
  std::set<std::string> guids;
  std::size_t codes = 0;
  const std::regex guid(R"([0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})");
  for (const auto& x : root.select_nodes("//Code")) {
    ++codes;
    EXPECT_TRUE(std::regex_match(std::string(x.node().attribute("guid").value()), guid))
        << x.node().attribute("guid").value();
    guids.insert(x.node().attribute("guid").value());
    EXPECT_STREQ(x.node().attribute("isCodable").value(), "true");
  }
  EXPECT_EQ(codes, 4U);
  EXPECT_EQ(guids.size(), 4U);
  EXPECT_STREQ(root.child("Codes").first_child().child("Code").child_value("Description"), "Emplois <créés>");
  EXPECT_EQ(qdc, collect::codebook_qdc(book, "fabscope test"));  // the same GUIDs every time
  EXPECT_EQ(collect::codebook_csv(book),
            "id,parent,name,description\nimpacts,,Impacts,\ni_emp,impacts,Emploi & compétences,Emplois <créés>\n"
            "i_div,impacts,Diversité,\nmodel,,Modèle,Le modèle économique\n");
}

}  // namespace
}  // namespace fabscope
