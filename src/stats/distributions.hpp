// Distribution functions the analyses need (v-tests, χ² tests, hypergeometric tests),
// written from their definitions: no statistics library is in Debian's C++ stack.
#pragma once

namespace fabscope::stats {

// Standard normal: upper tail P(Z > z) and quantile (Acklam's rational approximation
// refined by one Newton step on erfc: about 1e-15 relative).
double normal_upper(double z);
double normal_quantile(double p);

// χ² with `df` degrees of freedom: P(X > x), through the regularised upper incomplete gamma
// function (series below a + 1, Lentz's continued fraction above).
double chi2_upper(double x, double df);

// Student's t with `df` degrees of freedom: P(T > t) (through the regularised incomplete
// beta function, Lentz's continued fraction) and the quantile (bisection then Newton).
double student_upper(double t, double df);
double student_quantile(double p, double df);

// Hypergeometric: X = successes among `draws` drawn without replacement from `good` good
// and `bad` bad items. Point probability and P(X <= x) (R's dhyper and phyper).
double hyper_pmf(long x, long good, long bad, long draws);
double hyper_cdf(long x, long good, long bad, long draws);

}  // namespace fabscope::stats
