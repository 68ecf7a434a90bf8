// The interface's words: every key in both languages, numbers as French and English
// readers write them.
#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "web/i18n.hpp"

namespace fabscope::web {
namespace {

TEST(I18n, EveryKeyHasBothLanguages) {
  std::set<std::string_view> seen;
  for (const auto key : message_keys()) {
    EXPECT_TRUE(seen.insert(key).second) << "duplicate key " << key;
    EXPECT_NE(tr(Lang::fr, key), key) << key;
    EXPECT_NE(tr(Lang::en, key), key) << key;
    EXPECT_FALSE(tr(Lang::fr, key).empty()) << key;
    EXPECT_FALSE(tr(Lang::en, key).empty()) << key;
  }
  EXPECT_GT(seen.size(), 100U);
  EXPECT_EQ(tr(Lang::fr, "nav.workshops"), "Ateliers");
  EXPECT_EQ(tr(Lang::en, "nav.workshops"), "Workshops");
  EXPECT_EQ(tr(Lang::en, "no.such.key"), "no.such.key");
}

TEST(I18n, Numbers) {
  EXPECT_EQ(number(Lang::fr, 217728, 0), "217\u202f728");
  EXPECT_EQ(number(Lang::en, 217728, 0), "217,728");
  EXPECT_EQ(number(Lang::fr, 4320.94, 1), "4\u202f320,9");
  EXPECT_EQ(number(Lang::en, -0.04, 1), "0.0");
  EXPECT_EQ(number(Lang::en, -1234.5, 1), "-1,234.5");
  EXPECT_EQ(number(Lang::fr, std::nan(""), 1), "—");
  EXPECT_EQ(parse_lang("en"), Lang::en);
  EXPECT_EQ(parse_lang("de"), Lang::fr);
}

}  // namespace
}  // namespace fabscope::web
