// The expression engine (src/expr): grammar, evaluation with a map or a lookup, errors
// with their column.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "expr/expression.hpp"

namespace fabscope::expr {
namespace {

TEST(Expression, EvaluatesWithPrecedenceAndMissing) {
  const auto f = Expression::parse("(a + b) * 2 - c / 4");
  EXPECT_DOUBLE_EQ(f.eval(Variables{{"a", 1}, {"b", 2}, {"c", 8}}), 4.0);
  EXPECT_TRUE(std::isnan(f.eval(Variables{{"a", 1}, {"b", 2}})));  // c missing
  EXPECT_TRUE(std::isnan(Expression::parse("a / b").eval(Variables{{"a", 1}, {"b", 0}})));
  EXPECT_DOUBLE_EQ(Expression::parse("-a + 3").eval(Variables{{"a", 1}}), 2.0);
  EXPECT_EQ(f.variables(), (std::vector<std::string>{"a", "b", "c"}));
}

TEST(Expression, FollowsTheGrammar) {
  const Variables none;
  auto value = [&](const std::string& text) { return Expression::parse(text).eval(none); };
  EXPECT_DOUBLE_EQ(value("1 + 2 * 3"), 7.0);
  EXPECT_DOUBLE_EQ(value("10 - 4 - 3"), 3.0);  // left-associative
  EXPECT_DOUBLE_EQ(value("8 / 4 / 2"), 1.0);
  EXPECT_DOUBLE_EQ(value("-2 * 3"), -6.0);
  EXPECT_DOUBLE_EQ(value("2 * -3"), -6.0);
  EXPECT_DOUBLE_EQ(value("--2"), 2.0);
  EXPECT_DOUBLE_EQ(value("-(1 + 2) * 2"), -6.0);
  EXPECT_DOUBLE_EQ(value(".5 + 0.25"), 0.75);
  EXPECT_DOUBLE_EQ(value("((7))"), 7.0);
  EXPECT_TRUE(std::isnan(value("1 / 0")));
  EXPECT_TRUE(std::isnan(value("1 + x_2 * 0")));  // NaN propagates
}

TEST(Expression, EvaluatesThroughALookup) {
  const auto f = Expression::parse("price * quantity + price");
  std::vector<std::string> asked;
  const double v = f.eval([&](const std::string& name) {
    asked.push_back(name);
    return name == "price" ? 2.5 : 4.0;
  });
  EXPECT_DOUBLE_EQ(v, 12.5);
  EXPECT_EQ(asked, (std::vector<std::string>{"price", "quantity", "price"}));
  EXPECT_EQ(f.variables(), asked);  // in order of appearance, repeats kept
}

TEST(Expression, ParseErrorsGiveReasonAndColumn) {
  struct Case {
    std::string text, reason;
    std::size_t column;
  };
  const std::vector<Case> cases = {
      {"(1 + * 2", "missing operand", 6},
      {"1 2", "unexpected number", 3},
      {"a b", "unexpected name", 3},
      {"a (b)", "unexpected '('", 3},
      {"(a + )", "unexpected ')'", 6},
      {"a)", "unbalanced ')'", 2},
      {"(a", "unbalanced '('", 3},
      {"a +", "the formula ends without an operand", 4},
      {"", "the formula ends without an operand", 1},
      {"a % b", "unexpected character '%'", 3},
      {"1.2.3", "unexpected number", 1},
  };
  for (const auto& c : cases) {
    try {
      (void)Expression::parse(c.text);
      ADD_FAILURE() << "parsed: " << c.text;
    } catch (const ParseError& e) {
      EXPECT_EQ(e.reason(), c.reason) << c.text;
      EXPECT_EQ(e.column(), c.column) << c.text;
      EXPECT_EQ(std::string(e.what()), c.reason + " at character " + std::to_string(c.column) + " of '" + c.text + "'");
    }
  }
  // A parse error is a std::invalid_argument, as the référentiel's loader expects.
  EXPECT_THROW((void)Expression::parse("*"), std::invalid_argument);
}

}  // namespace
}  // namespace fabscope::expr
