// Messages stored as an id and arguments, shown in French or English.
#include <gtest/gtest.h>

#include "core/message.hpp"

namespace fabscope {
namespace {

const std::vector<MessageText> kTexts = {
    {"far", "{0} est à {1} km", "{0} is {1} km away"},
    {"none", "rien", "nothing"},
};

TEST(Message, RendersInBothLanguages) {
  const Message m{"far", {"Lannion", "3.5"}};
  EXPECT_EQ(render(m, true, kTexts), "Lannion est à 3,5 km");  // decimal comma in French
  EXPECT_EQ(render(m, false, kTexts), "Lannion is 3.5 km away");
  EXPECT_EQ(render_all({m, {"none", {}}}, true, kTexts), "Lannion est à 3,5 km; rien");
  // Only decimal numbers change: codes, versions and text keep their dots.
  EXPECT_EQ(render({"far", {"-48.117", "12"}}, true, kTexts), "-48,117 est à 12 km");
  EXPECT_EQ(render({"far", {"fablab-lannion.org", "1.2.3"}}, true, kTexts), "fablab-lannion.org est à 1.2.3 km");
  EXPECT_EQ(render({"far", {".5", "5."}}, true, kTexts), ".5 est à 5. km");
  // Unknown id or wrong argument count: the arguments as they are, never an exception.
  EXPECT_EQ(render({"other", {"a", "b"}}, true, kTexts), "a b");
  EXPECT_EQ(render({"far", {"only one"}}, false, kTexts), "only one");
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
  EXPECT_EQ(render(old[0], true, kTexts), "postcode 35042 serves no commune");
  EXPECT_EQ(render(decode("[not json")[0], true, kTexts), "[not json");
}

}  // namespace
}  // namespace fabscope
