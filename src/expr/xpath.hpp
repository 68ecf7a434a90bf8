// Survey logic: the subset of XPath 1.0 that XLSForm writes in `relevant`, `constraint`,
// `required` and `calculation` (docs/collect/expressions.md). Standalone, like expression.hpp.
//
// Grammar (XPath 1.0 precedence, lowest first):
//
//   or        := and { 'or' and }
//   and       := equality { 'and' equality }
//   equality  := relation { ('=' | '!=') relation }
//   relation  := additive { ('<' | '<=' | '>' | '>=') additive }
//   additive  := multiply { ('+' | '-') multiply }
//   multiply  := unary { ('*' | 'div' | 'mod') unary }
//   unary     := '-' unary | primary
//   primary   := number | 'string' | "string" | '.' | ${name} | function '(' [args] ')' | '(' or ')'
//
// Values are numbers, strings, booleans or node-sets (the answers of a question inside a
// repeat). An answer is a string; comparisons follow XPath 1.0 (a boolean on either side
// compares booleans, else a number compares numbers, else strings; < and > compare numbers;
// a node-set compares true when one of its nodes does). number() of an ISO date
// (yyyy-mm-dd) is its count of days since 1970-01-01, as in ODK, so dates compare.
//
// Functions: selected, count-selected, selected-at, string-length, not, true, false,
// boolean, number, int, string, concat, if, coalesce, contains, starts-with, ends-with,
// substr, substring-before, substring-after, normalize-space, round, abs, pow, min, max,
// sum, count, today, now, date, regex (POSIX extended expressions with \d \w \s; input up
// to 1,000 bytes, pattern up to 256, no back-references), once, jr:choice-name
// (returns its first argument). Anything else is a ParseError at its column; nesting
// deeper than 64 levels is refused (expressions come from files).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "expr/expression.hpp"  // ParseError

namespace fabscope::expr {

using NodeSet = std::vector<std::string>;
using XValue = std::variant<double, std::string, bool, NodeSet>;

double to_number(const XValue& v);
std::string to_string(const XValue& v);
bool to_boolean(const XValue& v);

// What an expression reads: the answer named by ${name} (a string, or a node-set for a
// question inside a repeat), the current question's answer for '.', and today's date
// (yyyy-mm-dd) for today() and now().
struct XContext {
  std::function<XValue(const std::string& name)> lookup;
  std::string current;
  std::string today = "1970-01-01";
  // A choice filter's bare names: the column of the choice being tested (its `name`, or a
  // column of the choices sheet such as `county`).
  std::function<XValue(const std::string& column)> column;
};

class XPath {
 public:
  static XPath parse(std::string_view text);  // throws ParseError
  // A choice_filter of XLSForm: as parse(), and a bare name (`county = ${county}`) reads
  // the column of the choice being tested (XContext::column).
  static XPath parse_choice_filter(std::string_view text);
  [[nodiscard]] XValue eval(const XContext& context) const;
  [[nodiscard]] bool test(const XContext& context) const { return to_boolean(eval(context)); }
  // Names read through ${…}, in order of appearance.
  [[nodiscard]] const std::vector<std::string>& names() const { return m_names; }
  [[nodiscard]] bool reads_current() const { return m_reads_current; }
  // The choice columns a choice filter reads (parse_choice_filter), in order of appearance.
  [[nodiscard]] const std::vector<std::string>& columns() const { return m_columns; }

  struct Node;

 private:
  std::shared_ptr<const Node> m_root;
  std::vector<std::string> m_names;
  std::vector<std::string> m_columns;
  bool m_reads_current = false;
};

}  // namespace fabscope::expr
