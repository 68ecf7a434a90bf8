// Messages stored as an id and arguments, shown in French or English with the texts of
// the catalog (here the placement and duplicate messages of core/texts/workshops.hpp).
#include <gtest/gtest.h>

#include "core/message.hpp"

namespace fabscope {
namespace {

TEST(Message, RendersInBothLanguages) {
  const Message m{"same_name_km", {"3.5"}};
  EXPECT_EQ(render(m, Lang::fr), "même nom, à 3,5 km");  // decimal comma in French
  EXPECT_EQ(render(m, Lang::en), "same name, 3.5 km apart");
  EXPECT_EQ(render_all({m, {"nothing_to_place", {}}}, Lang::fr), "même nom, à 3,5 km; ni coordonnées ni code postal");
  // Only decimal numbers change: codes, versions and text keep their dots.
  EXPECT_EQ(render({"too_far", {"-48.117", "fablab-lannion.org", "1.2.3"}}, Lang::fr),
            "les coordonnées (-48,117, fablab-lannion.org) sont à plus de 1.2.3 km de tout centre de commune");
  EXPECT_EQ(render({"too_far", {".5", "5.", "12"}}, Lang::fr),
            "les coordonnées (.5, 5.) sont à plus de 12 km de tout centre de commune");
  // Unknown or empty id, or wrong argument count: the arguments as they are, never an
  // exception.
  EXPECT_EQ(render({"other", {"a", "b"}}, Lang::fr), "a b");
  EXPECT_EQ(render({"", {"a", "b"}}, Lang::en), "a b");
  EXPECT_EQ(render({"too_far", {"only one"}}, Lang::en), "only one");
}

TEST(Message, EncodeDecodeRoundTripAndPlainText) {
  const std::vector<Message> ms = {{"far", {"Saint-Brieuc « centre »", "12"}}, {"none", {}}};
  const auto stored = encode(ms);
  EXPECT_EQ(stored, R"([{"args":["Saint-Brieuc « centre »","12"],"id":"far"},{"args":[],"id":"none"}])");
  const auto back = decode(stored);
  ASSERT_EQ(back.size(), 2U);
  EXPECT_EQ(back[0].id, "far");
  EXPECT_EQ(back[0].args, ms[0].args);
  EXPECT_EQ(back[1].id, "none");
  EXPECT_EQ(encode({}), "");
  EXPECT_TRUE(decode("").empty());
  // A note written as plain text by an older version comes back as itself.
  const auto old = decode("postcode 35042 serves no commune");
  ASSERT_EQ(old.size(), 1U);
  EXPECT_EQ(render(old[0], Lang::fr), "postcode 35042 serves no commune");
  EXPECT_EQ(render(decode("[not json")[0], Lang::fr), "[not json");
}

}  // namespace
}  // namespace fabscope
