# Independent reference for fabscope's propensity-score matching: MatchIt's matchit(method = "nearest",
# distance = "glm") on MatchIt's lalonde data (exported to tests/reference/analysis/lalonde.csv).
# Run from the repository root:
#   Rscript tests/reference/analysis/matching_reference.R
# Run with R 4.2.2 and MatchIt 4.5.1 (Debian 12: r-base-core, r-cran-matchit).
# Writes tests/reference/expected/analysis/matching/<case>/{units,balance,effect,glm}.csv for the cases nn,
# nn_replace, nn_caliper, nn_exact (MatchIt 4.5.1's own output) and <case>_closest (the same model and
# tie rules, but the truly closest control and an enforced caliper: MatchIt 4.5.1's compiled matcher
# truncates distances to integers, see matching_NOTES.md).
# It re-implements in plain R the rules documented in tests/reference/analysis/matching_NOTES.md (greedy
# matching, weights, subclasses, balance statistics, ATT) and stops if they do not reproduce MatchIt's
# output, so the notes are checked, not just asserted.
suppressPackageStartupMessages(library(MatchIt))
set.seed(20261206)  # nothing below is random (m.order is never "random"); fixed anyway
stopifnot(packageVersion("MatchIt") == "4.5.1")

out_root <- "tests/reference/expected/analysis/matching"
dir.create(out_root, showWarnings = FALSE, recursive = TRUE)

data("lalonde", package = "MatchIt", envir = environment())
d <- lalonde
d$id <- rownames(d)
write.csv(data.frame(id = d$id, treat = d$treat, age = d$age, educ = d$educ, race = as.character(d$race),
                     married = d$married, nodegree = d$nodegree, re74 = d$re74, re75 = d$re75, re78 = d$re78),
          "tests/reference/analysis/lalonde.csv", row.names = FALSE)

num <- function(x) ifelse(is.na(x), "", sprintf("%.17g", x))
write_plain <- function(df, file) write.csv(df, file, row.names = FALSE, quote = FALSE, na = "")

f <- treat ~ age + educ + race + married + nodegree + re74 + re75
cases <- list(
  nn         = function() matchit(f, data = lalonde, method = "nearest", distance = "glm", m.order = "largest"),
  # replace = TRUE: MatchIt 4.5.1 forces m.order <- "data" (reuse.max >= n1); the order is irrelevant then.
  nn_replace = function() matchit(f, data = lalonde, method = "nearest", distance = "glm", replace = TRUE),
  nn_caliper = function() matchit(f, data = lalonde, method = "nearest", distance = "glm", m.order = "largest",
                                  caliper = 0.1, std.caliper = TRUE),
  nn_exact   = function() matchit(f, data = lalonde, method = "nearest", distance = "glm", m.order = "largest",
                                  exact = ~married)
)
settings <- list(nn = list(replace = FALSE, cal = NULL, strata = NULL),
                 nn_replace = list(replace = TRUE, cal = NULL, strata = NULL),
                 nn_caliper = list(replace = FALSE, cal = 0.1, strata = NULL),
                 nn_exact = list(replace = FALSE, cal = NULL, strata = lalonde$married))


# ---- Plain-R re-implementation of the documented rules (matching_NOTES.md) ----
# Greedy 1:1 nearest neighbour on the propensity score, as nn_matchC_vec() of MatchIt 4.5.1 does it.
# truncate = TRUE reproduces the compiled 4.5.1 exactly: its C++ calls the C library's int abs() on a
# double, so every |difference| is truncated to an integer before it is compared (to the other side or
# to the caliper). truncate = FALSE is the rule MatchIt documents (and later versions implement with
# std::abs): the closest eligible control, within the caliper.
ref_match <- function(ps, tr, replace, cal_abs, strata, truncate) {
  dist <- if (truncate) function(x) abs(trunc(x)) else abs
  n <- length(ps)
  pos <- integer(n); pos[order(ps, seq_len(n))] <- seq_len(n)     # rank in (ps, row) ascending order
  treated <- which(tr == 1)
  visit <- if (replace) treated else treated[order(-ps[treated], treated)]  # "largest" first, ties by row
  if (is.null(strata)) strata <- rep(0L, n)
  available <- tr == 0
  match <- rep(NA_integer_, n)
  margin <- rep(NA_real_, n)   # true |d| of the other side minus true |d| of the chosen side
  for (t in visit) {
    ok <- which(available & strata == strata[t])
    if (!is.null(cal_abs)) ok <- ok[dist(ps[ok] - ps[t]) <= cal_abs]
    below <- ok[pos[ok] < pos[t]]; above <- ok[pos[ok] > pos[t]]
    L <- if (length(below)) below[which.max(pos[below])] else NA
    R <- if (length(above)) above[which.min(pos[above])] else NA
    if (is.na(L) && is.na(R)) next
    k <- if (is.na(R)) L else if (is.na(L)) R else if (dist(ps[L] - ps[t]) <= dist(ps[R] - ps[t])) L else R
    other <- if (identical(k, L)) R else L
    margin[t] <- if (is.na(other)) Inf else abs(ps[other] - ps[t]) - abs(ps[k] - ps[t])
    match[t] <- k
    if (!replace) available[k] <- FALSE
  }
  list(match = match, margin = margin)
}
ref_weights <- function(match, tr) {
  w <- numeric(length(tr))
  w[tr == 1 & !is.na(match)] <- 1
  raw <- tabulate(match[!is.na(match)], nbins = length(tr))  # 1:1: each use of a control adds 1/1
  w[tr == 0] <- raw[tr == 0] * sum(raw > 0) / sum(raw)
  w
}
ref_subclass <- function(match, tr) {
  t_ok <- which(tr == 1 & !is.na(match))
  lv <- sort(as.character(t_ok))          # treated row numbers as strings, sorted as strings
  s <- rep(NA_integer_, length(tr))
  s[t_ok] <- match(as.character(t_ok), lv)
  s[match[t_ok]] <- s[t_ok]
  s
}
wvar_ref <- function(x, w) {  # continuous: normalised weights, divisor 1 - sum(w^2)
  w <- w / sum(w); m <- sum(w * x); sum(w * (x - m)^2) / (1 - sum(w^2))
}
ref_balance <- function(x, tr, w) {
  bin <- all(x == 0 | x == 1)
  x1 <- x[tr == 1]; x0 <- x[tr == 0]
  sd_t <- if (bin) { p <- mean(x1); sqrt(p * (1 - p)) } else sd(x1)  # all treated units, unweighted
  row <- function(w1, w0) {
    mt <- sum(w1 * x1) / sum(w1); mc <- sum(w0 * x0) / sum(w0); md <- mt - mc
    smd <- if (abs(md) > sqrt(.Machine$double.eps)) md / sd_t else md
    vr <- if (bin) NA_real_ else wvar_ref(x1, w1) / wvar_ref(x0, w0)
    c(mt, mc, smd, vr)
  }
  c(row(rep(1, length(x1)), rep(1, length(x0))), row(w[tr == 1], w[tr == 0]))
}
close_enough <- function(a, b, tol = 1e-12) all((is.na(a) & is.na(b)) | abs(a - b) <= tol * pmax(1, abs(b)))

terms <- c("distance", "age", "educ", "raceblack", "racehispan", "racewhite", "married", "nodegree", "re74", "re75")
cols <- c("Means Treated", "Means Control", "Std. Mean Diff.", "Var. Ratio")

write_case <- function(m, out) {
  dir.create(out, showWarnings = FALSE, recursive = TRUE)
  tr <- m$treat; ids <- names(tr); ps <- unname(m$distance); w <- unname(m$weights)
  stopifnot(identical(ids, d$id))
  mm <- m$match.matrix
  mcid <- rep(NA_character_, length(ids))
  mcid[match(rownames(mm), ids)] <- mm[, 1]
  sub <- if (is.null(m$subclass)) rep(NA_integer_, length(ids)) else as.integer(as.character(m$subclass))
  write_plain(data.frame(id = ids, treat = unname(tr), distance = num(ps), weight = num(w),
                         subclass = ifelse(is.na(sub), "", sub), matched_control_id = ifelse(is.na(mcid), "", mcid)),
              file.path(out, "units.csv"))
  s <- summary(m, un = TRUE, standardize = TRUE)
  stopifnot(identical(rownames(s$sum.all), terms), identical(rownames(s$sum.matched), terms))
  A <- s$sum.all[, cols]; M <- s$sum.matched[, cols]
  write_plain(data.frame(term = terms,
                         means_treated_all = num(A[, 1]), means_control_all = num(A[, 2]),
                         smd_all = num(A[, 3]), var_ratio_all = num(A[, 4]),
                         means_treated_matched = num(M[, 1]), means_control_matched = num(M[, 2]),
                         smd_matched = num(M[, 3]), var_ratio_matched = num(M[, 4])),
              file.path(out, "balance.csv"))
  md <- match.data(m, data = lalonde)
  fit <- lm(re78 ~ treat, data = md, weights = weights)
  est <- unname(coef(fit)["treat"])
  est2 <- with(md, weighted.mean(re78[treat == 1], weights[treat == 1]) -
                   weighted.mean(re78[treat == 0], weights[treat == 0]))
  stopifnot(isTRUE(all.equal(est, est2, tolerance = 1e-10)))
  n_t <- sum(tr == 1 & w > 0); n_c <- sum(tr == 0 & w > 0); n_tu <- sum(tr == 1 & w == 0)
  write_plain(data.frame(estimate = num(est), estimate_formula = num(est2), n_treated_matched = n_t,
                         n_control_matched = n_c, n_treated_unmatched = n_tu),
              file.path(out, "effect.csv"))
  # MatchIt fits glm(family = quasibinomial(link = "logit")): the same coefficients as binomial.
  cf <- coef(m$model)
  write_plain(data.frame(term = names(cf), estimate = num(unname(cf))), file.path(out, "glm.csv"))
  list(ps = ps, w = w, sub = sub, mm = mm, A = A, M = M, est = est, n_t = n_t, n_c = n_c, n_tu = n_tu)
}
check_balance <- function(r, tr, X) {
  for (j in seq_along(terms)) {
    rb <- ref_balance(X[, j], tr, r$w)
    if (!close_enough(rb, c(r$A[j, ], r$M[j, ]))) stop("balance rule mismatch: ", terms[j])
  }
}

b <- glm(f, data = lalonde, family = binomial)
min_gap <- function(ps) { u <- sort(unique(ps)); min(diff(u)) }
for (case in names(cases)) {
  st <- settings[[case]]
  m <- cases[[case]]()
  tr <- unname(m$treat); ps <- unname(m$distance); ids <- names(m$treat)
  stopifnot(isTRUE(all.equal(coef(b), coef(m$model), tolerance = 1e-12)),
            isTRUE(all.equal(unname(fitted(b)), ps, tolerance = 1e-12)))
  cal_abs <- if (is.null(st$cal)) NULL else st$cal * sd(ps)
  if (!is.null(cal_abs)) stopifnot(identical(unname(m$caliper), cal_abs))
  X <- cbind(distance = ps, MatchIt:::get.covs.matrix(data = m$X))
  stopifnot(identical(colnames(X), terms))

  # 1. MatchIt 4.5.1 as it runs; the truncating rule must reproduce it unit for unit.
  r <- write_case(m, file.path(out_root, case))
  ref <- ref_match(ps, tr, st$replace, cal_abs, st$strata, truncate = TRUE)
  mine <- ifelse(is.na(ref$match), NA_character_, ids[ref$match])[tr == 1]
  if (!identical(unname(mine), unname(r$mm[, 1]))) stop("matching rule mismatch: ", case)
  stopifnot(isTRUE(all.equal(ref_weights(ref$match, tr), r$w, tolerance = 1e-14)))
  if (!st$replace) stopifnot(identical(ref_subclass(ref$match, tr), r$sub))
  check_balance(r, tr, X)
  cat(sprintf("%-18s treated matched %3d (unmatched %2d), controls %3d, ATT %10.4f, SMD(distance) %.6f -> %.6f\n",
              case, r$n_t, r$n_tu, r$n_c, r$est, r$A[1, 3], r$M[1, 3]))

  # 2. The documented rule (closest eligible control, caliper enforced), on the same model, put into
  #    the matchit object with MatchIt's own helpers so summary() and match.data() are MatchIt's.
  cl <- ref_match(ps, tr, st$replace, cal_abs, st$strata, truncate = FALSE)
  mm_num <- matrix(cl$match[tr == 1], ncol = 1, dimnames = list(ids[tr == 1], NULL))
  treat_named <- setNames(tr, ids)
  m2 <- m
  m2$match.matrix <- MatchIt:::nummm2charmm(mm_num, treat_named)
  m2$weights <- MatchIt:::weights.matrix(mm_num, treat_named)
  m2$subclass <- if (st$replace) NULL else MatchIt:::mm2subclass(mm_num, treat_named)
  r2 <- write_case(m2, file.path(out_root, paste0(case, "_closest")))
  stopifnot(isTRUE(all.equal(ref_weights(cl$match, tr), r2$w, tolerance = 1e-14)))
  if (!st$replace) stopifnot(identical(ref_subclass(cl$match, tr), r2$sub))
  check_balance(r2, tr, X)
  if (!is.null(cal_abs)) {
    ok <- !is.na(cl$match)
    stopifnot(all(abs(ps[ok] - ps[cl$match[ok]]) <= cal_abs))
  }
  mg <- cl$margin[!is.na(cl$margin)]
  cat(sprintf("%-18s treated matched %3d (unmatched %2d), controls %3d, ATT %10.4f, SMD(distance) %.6f -> %.6f; ties %d, min margin %.3g\n",
              paste0(case, "_closest"), r2$n_t, r2$n_tu, r2$n_c, r2$est, r2$A[1, 3], r2$M[1, 3],
              sum(mg == 0), min(mg[mg > 0])))
  if (!is.null(cal_abs)) cat(sprintf("%-18s caliper = 0.1 * sd(ps) = %.17g\n", "", cal_abs))
}
cat(sprintf("smallest gap between distinct propensity scores: %.3g\n", min_gap(unname(fitted(b)))))
cat("all documented rules reproduce MatchIt", as.character(packageVersion("MatchIt")), "\n")
