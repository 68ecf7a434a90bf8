// The one catalog of texts: every key unique across the modules' tables, in both
// languages, with the same arguments in both; the language type.
#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "core/catalog.hpp"
#include "core/lang.hpp"

namespace fabscope {
namespace {

// The {…} fields of a text, sorted ("{}" for an automatic field, "{0}", "{:.2f}"…).
std::vector<std::string> fields(std::string_view text) {
  static const std::regex field(R"(\{[^{}]*\})");
  std::vector<std::string> out;
  const std::string s(text);
  for (auto it = std::sregex_iterator(s.begin(), s.end(), field); it != std::sregex_iterator(); ++it) {
    out.push_back(it->str());
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(TextCatalog, EveryKeyIsUniqueAndHasBothLanguages) {
  std::set<std::string_view> seen, modules;
  for (const auto& table : catalog_tables()) {
    modules.insert(table.module);
    EXPECT_FALSE(table.texts.empty()) << table.module;
    for (const auto& t : table.texts) {
      EXPECT_FALSE(t.id.empty()) << "a key of " << table.module << " is empty";
      EXPECT_TRUE(seen.insert(t.id).second) << "duplicate key " << t.id << " (" << table.module << ")";
      EXPECT_FALSE(t.fr.empty()) << t.id << ": no French";
      EXPECT_FALSE(t.en.empty()) << t.id << ": no English";
      EXPECT_EQ(fields(t.fr), fields(t.en)) << t.id << ": not the same arguments in French and English";
      EXPECT_EQ(find_text(t.id), &t) << t.id;
      EXPECT_EQ(tr(Lang::fr, t.id), t.fr);
      EXPECT_EQ(tr(Lang::en, t.id), t.en);
    }
  }
  EXPECT_EQ(modules, (std::set<std::string_view>{"cli", "errors", "territory", "web", "workshops"}));
  EXPECT_GT(seen.size(), 300U);
}

TEST(TextCatalog, MissingKeyShowsAsItself) {
  EXPECT_EQ(find_text("no.such.key"), nullptr);
  EXPECT_EQ(tr(Lang::fr, "no.such.key"), "no.such.key");
  EXPECT_EQ(tr(Lang::en, ""), "");
  EXPECT_EQ(tr(Lang::en, "cli.common.rank"), "Rank");
  EXPECT_EQ(tr(Lang::fr, "cli.common.rank"), "Rang");
}

TEST(Lang, ParseAndIdFrenchByDefault) {
  EXPECT_EQ(parse_lang("en"), Lang::en);
  EXPECT_EQ(parse_lang("fr"), Lang::fr);
  EXPECT_EQ(parse_lang("de"), Lang::fr);
  EXPECT_EQ(parse_lang(""), Lang::fr);
  EXPECT_EQ(lang_id(Lang::fr), "fr");
  EXPECT_EQ(lang_id(Lang::en), "en");
  const std::string a = "libellé", b = "label";
  EXPECT_EQ(&pick(Lang::fr, a, b), &a);
  EXPECT_EQ(&pick(Lang::en, a, b), &b);
}

}  // namespace
}  // namespace fabscope
