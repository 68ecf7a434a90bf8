// The XPath subset of XLSForm (src/expr/xpath.hpp): operators, comparisons as XPath 1.0
// defines them, the functions ODK forms use, and refusals located at their column.
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "expr/xpath.hpp"

using fabscope::expr::NodeSet;
using fabscope::expr::ParseError;
using fabscope::expr::XContext;
using fabscope::expr::XPath;
using fabscope::expr::XValue;

namespace {

XContext context(std::map<std::string, XValue> answers, std::string current = {}) {
  XContext cx;
  cx.lookup = [answers = std::move(answers)](const std::string& name) {
    const auto it = answers.find(name);
    return it == answers.end() ? XValue(std::string()) : it->second;
  };
  cx.current = std::move(current);
  cx.today = "2026-12-07";
  return cx;
}

bool test(const std::string& text, const XContext& cx) { return XPath::parse(text).test(cx); }
double number(const std::string& text, const XContext& cx) {
  return fabscope::expr::to_number(XPath::parse(text).eval(cx));
}
std::string string(const std::string& text, const XContext& cx) {
  return fabscope::expr::to_string(XPath::parse(text).eval(cx));
}

}  // namespace

TEST(XPath, ArithmeticFollowsPrecedence) {
  const auto cx = context({});
  EXPECT_DOUBLE_EQ(number("1 + 2 * 3", cx), 7);
  EXPECT_DOUBLE_EQ(number("(1 + 2) * 3", cx), 9);
  EXPECT_DOUBLE_EQ(number("7 div 2", cx), 3.5);
  EXPECT_DOUBLE_EQ(number("7 mod 3", cx), 1);
  EXPECT_DOUBLE_EQ(number("-2 - -3", cx), 1);
  EXPECT_DOUBLE_EQ(number("10 - 4 - 3", cx), 3);  // left-associative
  EXPECT_TRUE(std::isnan(number("1 div 0", cx)));
  EXPECT_EQ(string("2 * 2.5", cx), "5");
}

TEST(XPath, ComparisonsFollowXPathTypes) {
  const auto cx = context({{"age", std::string("25")}, {"name", std::string("Ada")}, {"empty", std::string()}});
  EXPECT_TRUE(test("${age} > 18", cx));  // a number on one side: compared as numbers
  EXPECT_TRUE(test("${age} = 25.0", cx));
  EXPECT_FALSE(test("${age} = '25.0'", cx));  // two strings: compared as strings
  EXPECT_TRUE(test("${name} = 'Ada' and ${name} != \"Bob\"", cx));
  EXPECT_FALSE(test("${empty} > 0", cx));  // no answer: NaN, every comparison false
  EXPECT_FALSE(test("${empty} <= 0", cx));
  EXPECT_TRUE(test("${empty} = ''", cx));
  EXPECT_TRUE(test("1 < 2 = true()", cx));  // (1 < 2) = true()
  EXPECT_TRUE(test("${age} >= 18 or ${missing} = 'x'", cx));
}

TEST(XPath, CurrentValueAndConstraints) {
  EXPECT_TRUE(test(". >= 0 and . <= 100", context({}, "55")));
  EXPECT_FALSE(test(". >= 0 and . <= 100", context({}, "155")));
  EXPECT_TRUE(test("string-length(.) <= 3", context({}, "abc")));
  EXPECT_TRUE(test("regex(., '^[0-9]{5}$')", context({}, "22000")));
  EXPECT_FALSE(test("regex(., '^[0-9]{5}$')", context({}, "2200")));
  EXPECT_FALSE(test("regex(., '(')", context({}, "x")));                      // a broken pattern fails, does not throw
  EXPECT_TRUE(test(R"(regex(., '^\d{2} ?\d{3}$'))", context({}, "22 300")));  // ECMAScript classes translated
  EXPECT_TRUE(test(R"(regex(., '^[\w.-]+@[a-z]+\.fr$'))", context({}, "contact.fab-lab@lannion.fr")));
  EXPECT_FALSE(test(R"(regex(., '^(a)\1$'))", context({}, "aa")));  // back-references are refused
  // Patterns that make a backtracking engine exponential (std::regex hung on the second:
  // fuzz/regressions/xpath) are matched without backtracking.
  EXPECT_FALSE(test("regex(., '^(a+)+$')", context({}, std::string(40, 'a') + "!")));
  EXPECT_FALSE(test("regex(., '[[0-9]*****]')", context({}, std::string(500, '7') + "x")));
  EXPECT_TRUE(XPath::parse(". > 1").reads_current());
}

TEST(XPath, SelectFunctions) {
  const auto cx = context({{"tools", std::string("laser  printer3d cnc")}});
  EXPECT_TRUE(test("selected(${tools}, 'cnc')", cx));
  EXPECT_FALSE(test("selected(${tools}, 'lathe')", cx));
  EXPECT_DOUBLE_EQ(number("count-selected(${tools})", cx), 3);
  EXPECT_EQ(string("selected-at(${tools}, 1)", cx), "printer3d");
  EXPECT_EQ(string("selected-at(${tools}, 3)", cx), "");
  EXPECT_TRUE(test("not(selected(${tools}, 'lathe'))", cx));
}

TEST(XPath, StringsDatesAndAggregates) {
  const auto cx = context({{"opened", std::string("2012-05-04")},
                           {"shares", NodeSet{"40", "35", "25"}},
                           {"a", std::string()},
                           {"b", std::string("b")}});
  EXPECT_TRUE(test("${opened} < '2013-01-01'", cx));  // dates compare as day numbers
  EXPECT_DOUBLE_EQ(number("${opened}", cx), 15464);   // days since 1970-01-01
  EXPECT_EQ(string("date(15464)", cx), "2012-05-04");
  EXPECT_EQ(string("date(-1)", cx), "1969-12-31");
  EXPECT_TRUE(test("${opened} <= today()", cx));
  EXPECT_TRUE(test("'2024-02-30' != ''", cx));
  EXPECT_TRUE(std::isnan(number("'2024-02-30'", cx)));  // not a date
  EXPECT_DOUBLE_EQ(number("sum(${shares})", cx), 100);
  EXPECT_DOUBLE_EQ(number("count(${shares})", cx), 3);
  EXPECT_DOUBLE_EQ(number("max(${shares})", cx), 40);
  EXPECT_TRUE(test("${shares} = 35", cx));  // a node-set is true when one node is
  EXPECT_EQ(string("concat(${b}, '-', coalesce(${a}, 'x'), if(1 > 2, 'y', 'z'))", cx), "b-xz");
  EXPECT_EQ(string("substr('fablab', 0, 3)", cx), "fab");
  EXPECT_EQ(string("substring-after('a=b', '=')", cx), "b");
  EXPECT_EQ(string("normalize-space('  a   b ')", cx), "a b");
  EXPECT_DOUBLE_EQ(number("round(2.567, 2)", cx), 2.57);
  EXPECT_DOUBLE_EQ(number("int(-2.7)", cx), -2);
  EXPECT_DOUBLE_EQ(number("pow(2, 10)", cx), 1024);
}

TEST(XPath, NamesAreListed) {
  const auto x = XPath::parse("${a} + ${b} > ${a}");
  EXPECT_EQ(x.names(), (std::vector<std::string>{"a", "b", "a"}));
  EXPECT_FALSE(x.reads_current());
}

TEST(XPath, RefusalsAreLocated) {
  const auto column = [](const std::string& text) {
    try {
      (void)XPath::parse(text);
    } catch (const ParseError& e) {
      return std::make_pair(e.column(), e.reason());
    }
    return std::make_pair(std::size_t{0}, std::string("accepted"));
  };
  EXPECT_EQ(column("${a} > "), std::make_pair(std::size_t{8}, std::string("expression ends too early")));
  EXPECT_EQ(column("pulldata('x', 1)"), std::make_pair(std::size_t{1}, std::string("unknown function 'pulldata'")));
  EXPECT_EQ(column("age > 3"), std::make_pair(std::size_t{1}, std::string("a name must be written ${age}")));
  EXPECT_EQ(column("'abc"), std::make_pair(std::size_t{1}, std::string("string not closed")));
  EXPECT_EQ(column("../x = 1"), std::make_pair(std::size_t{1}, std::string("relative paths ('..') are not supported")));
  EXPECT_EQ(column("selected(${a})").second, "wrong number of arguments to selected()");
  EXPECT_EQ(column("1 2").second, "unexpected text");
  EXPECT_EQ(column(std::string(65, '(') + "1" + std::string(65, ')')).second,
            "expression nested more than 64 levels deep");
  std::string chain = "1";
  for (int i = 0; i < 2001; ++i) chain += "+1";
  EXPECT_EQ(column(chain).second, "expression has more than 2,000 operators");
}

// A choice filter (XLSForm's choice_filter): a bare name reads the column of the choice
// being tested; elsewhere a bare name is still refused with the way to write it.
TEST(XPath, ChoiceFilterColumns) {
  auto cx = context({{"county", XValue(std::string("north"))}});
  const auto filter = XPath::parse_choice_filter("county = ${county} and name != 'x'");
  EXPECT_EQ(filter.columns(), (std::vector<std::string>{"county", "name"}));
  EXPECT_EQ(filter.names(), std::vector<std::string>{"county"});
  cx.column = [](const std::string& c) { return XValue(std::string(c == "county" ? "north" : "lille")); };
  EXPECT_TRUE(filter.test(cx));
  cx.column = [](const std::string& c) { return XValue(std::string(c == "county" ? "south" : "nice")); };
  EXPECT_FALSE(filter.test(cx));
  cx.column = nullptr;  // no choice: a column reads as empty
  EXPECT_FALSE(filter.test(cx));
  EXPECT_THROW((void)XPath::parse("county = ${county}"), fabscope::expr::ParseError);
  EXPECT_THROW((void)XPath::parse_choice_filter("jr:thing = 1"), fabscope::expr::ParseError);
}
