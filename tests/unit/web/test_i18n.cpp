// The pages' words (core/texts/web.hpp, registered in the one catalog) and numbers as French
// and English readers write them.
#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "core/catalog.hpp"
#include "core/text.hpp"
#include "core/texts/web.hpp"

namespace fabscope::web {
namespace {

TEST(I18n, EveryWordOfThePagesIsInTheCatalog) {
  std::set<std::string_view> seen;
  for (const auto& t : texts()) {
    EXPECT_TRUE(seen.insert(t.id).second) << "duplicate key " << t.id;
    EXPECT_EQ(find_text(t.id), &t) << t.id << " is not the catalog's";
    EXPECT_NE(tr(Lang::fr, t.id), t.id) << t.id;
    EXPECT_NE(tr(Lang::en, t.id), t.id) << t.id;
    EXPECT_FALSE(tr(Lang::fr, t.id).empty()) << t.id;
    EXPECT_FALSE(tr(Lang::en, t.id).empty()) << t.id;
  }
  EXPECT_GT(seen.size(), 100U);
  EXPECT_EQ(tr(Lang::fr, "nav.workshops"), "Ateliers");
  EXPECT_EQ(tr(Lang::en, "nav.workshops"), "Workshops");
  EXPECT_EQ(tr(Lang::en, "no.such.key"), "no.such.key");
}

TEST(I18n, Numbers) {
  using text::number;
  EXPECT_EQ(number(Lang::fr, 217728, 0), "217\u202f728");
  EXPECT_EQ(number(Lang::en, 217728, 0), "217,728");
  EXPECT_EQ(number(Lang::fr, 4320.94, 1), "4\u202f320,9");
  EXPECT_EQ(number(Lang::en, -0.04, 1), "0.0");
  EXPECT_EQ(number(Lang::en, -1234.5, 1), "-1,234.5");
  EXPECT_EQ(number(Lang::fr, std::nan(""), 1), "—");
  EXPECT_EQ(text::percent(Lang::fr, 16.14, 1), "16,1\u202f%");
  EXPECT_EQ(text::percent(Lang::en, 16.14, 1), "16.1%");
  EXPECT_EQ(text::colon(Lang::fr), " :");
  EXPECT_EQ(text::colon(Lang::en), ":");
  EXPECT_EQ(parse_lang("en"), Lang::en);
  EXPECT_EQ(parse_lang("de"), Lang::fr);
}

}  // namespace
}  // namespace fabscope::web
