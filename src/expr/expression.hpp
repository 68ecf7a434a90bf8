// fabscope's one expression engine: the formulas of the référentiel today, and next the
// survey logic (XLSForm relevance, constraints, calculations) and the recommendation rules.
// A small, standalone library: it depends on nothing of fabscope but core's number reading.
//
// Grammar (arithmetic on numbers; spaces separate tokens, no other blank is allowed):
//
//   expression := term { ('+' | '-') term }          left-associative
//   term       := unary { ('*' | '/') unary }         left-associative
//   unary      := '-' unary | primary                 binds tighter than * and /
//   primary    := number | name | '(' expression ')'
//   number     := digits with an optional decimal point: 12, 0.5, .5 (no exponent, no sign)
//   name       := [A-Za-z_][A-Za-z0-9_]*              a variable
//
// Evaluation: every value is a double; a variable without a value is NaN (missing); NaN
// propagates through every operator; x / 0 is NaN, not an infinity.
//
// Errors: Expression::parse throws ParseError (a std::invalid_argument) with the reason
// and the 1-based column (in bytes) where the text went wrong; its message reads
// "<reason> at character <column> of '<text>'".
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace fabscope::expr {

class ParseError : public std::invalid_argument {
 public:
  ParseError(const std::string& reason, std::size_t column, std::string_view text);
  [[nodiscard]] const std::string& reason() const { return m_reason; }
  [[nodiscard]] std::size_t column() const { return m_column; }  // 1-based, in bytes

 private:
  std::string m_reason;
  std::size_t m_column;
};

// The value of a variable by name; NaN when it has none.
using Lookup = std::function<double(const std::string& name)>;
// Values by name; a name that is absent is NaN.
using Variables = std::map<std::string, double>;

// A parsed expression, evaluated as often as needed (compiled once to reverse Polish notation).
class Expression {
 public:
  static Expression parse(std::string_view text);  // throws ParseError
  [[nodiscard]] double eval(const Lookup& lookup) const;
  [[nodiscard]] double eval(const Variables& vars) const;
  // The names used, in order of appearance (a name used twice is listed twice).
  [[nodiscard]] const std::vector<std::string>& variables() const { return m_vars; }

 private:
  struct Token {
    char op;  // 'n' number, 'v' variable, or + - * / u (unary minus)
    double num;
    std::string var;
  };
  class Parser;  // expression.cpp: shunting-yard

  std::vector<Token> m_rpn;
  std::vector<std::string> m_vars;
};

}  // namespace fabscope::expr
