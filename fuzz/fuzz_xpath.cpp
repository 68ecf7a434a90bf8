// The XPath subset of XLSForm (src/expr/xpath.cpp): any text parses or is refused with a
// ParseError at a column inside it, as an expression and as a choice filter (bare names are
// choice columns); a parsed expression evaluates without a crash, with answers that are
// numbers, dates, strings and a node-set.
#include "expr/xpath.hpp"
#include "fuzz.hpp"

using namespace fabscope;

FABSCOPE_FUZZ_TARGET(xpath) {
  const std::string text(input);
  for (const bool filter : {false, true}) {
    try {
      const auto x = filter ? expr::XPath::parse_choice_filter(text) : expr::XPath::parse(text);
      expr::XContext cx{[](const std::string& name) -> expr::XValue {
                          if (name == "n") return expr::NodeSet{"1", "2.5", "x"};
                          if (name == "d") return std::string("2012-05-04");
                          if (name == "s") return std::string("a b c");
                          return std::string("3");
                        },
                        std::string("42"), std::string("2026-12-07"), nullptr};
      if (filter) cx.column = [](const std::string& column) -> expr::XValue { return column; };
      (void)expr::to_string(x.eval(cx));
      (void)x.test(cx);
    } catch (const expr::ParseError& e) {
      if (e.column() < 1 || e.column() > text.size() + 1) fuzz::fail("xpath", "a ParseError outside the text");
    }
  }
}
