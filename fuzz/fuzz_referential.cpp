// The référentiel file (src/referential/referential.cpp): TOML through io::parse_toml
// (located errors), validation of dimensions, criteria, indicators, methods, thresholds
// and formulas (dependency order). Input: the TOML text. When it loads, the scoring
// skeleton is built and every formula evaluated on a few values (NaN, 0, 1).
#include <cmath>
#include <map>

#include "fuzz.hpp"
#include "referential/referential.hpp"

using namespace fabscope;

FABSCOPE_FUZZ_TARGET(referential) {
  const std::string text(input);
  fuzz::expect_located("referential", [&] {
    const auto ref = referential::Referential::parse(text, "fuzz.toml");
    (void)ref.scoring_skeleton();
    (void)ref.node_ids();
    for (const auto i : ref.formula_order) {
      if (i >= ref.indicators.size()) fuzz::fail("referential", "formula_order out of range");
      const auto& def = ref.indicators[i];
      const auto f = referential::Formula::parse(def.source.name);
      for (const double v : {std::nan(""), 0.0, 1.0}) {
        std::map<std::string, double> vars;
        for (const auto& name : f.variables()) vars[name] = v;
        (void)f.eval(vars);
      }
    }
  });
  // The formula language alone: a syntax error is std::invalid_argument (the loader
  // turns it into a located problem); anything else is a finding.
  try {
    const auto f = referential::Formula::parse(text);
    std::map<std::string, double> vars;
    for (const auto& name : f.variables()) vars[name] = 2.0;
    (void)f.eval(vars);
  } catch (const std::invalid_argument&) {
  } catch (const std::exception& e) {
    fuzz::fail("referential", std::string("Formula::parse threw ") + e.what());
  }
}
