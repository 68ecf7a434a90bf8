// The XPath subset of XLSForm (src/expr/xpath.cpp): any text parses or is refused with a
// ParseError at a column inside it; a parsed expression evaluates without a crash, with
// answers that are numbers, dates, strings and a node-set.
#include "expr/xpath.hpp"
#include "fuzz.hpp"

using namespace fabscope;

FABSCOPE_FUZZ_TARGET(xpath) {
  const std::string text(input);
  try {
    const auto x = expr::XPath::parse(text);
    const expr::XContext cx{[](const std::string& name) -> expr::XValue {
                              if (name == "n") return expr::NodeSet{"1", "2.5", "x"};
                              if (name == "d") return std::string("2012-05-04");
                              if (name == "s") return std::string("a b c");
                              return std::string("3");
                            },
                            std::string("42"), std::string("2026-12-07")};
    (void)expr::to_string(x.eval(cx));
    (void)x.test(cx);
  } catch (const expr::ParseError& e) {
    if (e.column() < 1 || e.column() > text.size() + 1) fuzz::fail("xpath", "a ParseError outside the text");
  }
}
