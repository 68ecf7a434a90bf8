# famd_sup_reference.R -- independent reference for fabscope's FAMD with supplementary
# individuals and variables (src/analysis).
#
# It shares no code with fabscope: it runs R's FactoMineR::FAMD on the `wine` data set
# (tests/reference/analysis/wine.csv, read exactly as mca_famd_reference.R reads it) with
# supplementary elements and writes the result tables as CSV into the NEW directory
#   tests/reference/expected/analysis/famd_wine_sup/
# It writes nothing else (README.md untouched: this header is the documentation).
#
# Run from the repository root:
#   Rscript tests/reference/analysis/famd_sup_reference.R
# Generated with: R version 4.2.2 Patched (2022-11-10 r83330), FactoMineR 2.7
# (Debian packages r-base-core and r-cran-factominer).
#
# Case famd_wine_sup:
#   FAMD(wine, ncp = 5, sup.var = c(2, 30), ind.sup = c(1, 2), graph = FALSE)
#   wine columns (after the `name` column became row names): 1 Label (factor, 3 levels),
#   2 Soil (factor: Reference, Env1, Env2, Env4), 3..31 quantitative.
#   sup.var = c(2, 30): Soil (supplementary categorical, 4 categories) and column 30
#     "Overall.quality" (supplementary quantitative).
#   ind.sup = c(1, 2): rows "2EL " (trailing space kept) and "1CHA" (both Saumur / Env1).
#   Active: n = 19 individuals; Label (3 categories) + 28 quantitative columns.
#   Every category keeps active individuals (Env1: 4, Env4: 2, Saumur: 9 ...).
#
# How FactoMineR 2.7 computes the outputs (FactoMineR::FAMD, which calls FactoMineR::PCA on a
# transformed table with scale.unit = FALSE; n = active individuals, weights w_i = 1/n for
# the active rows, 0 for the supplementary rows, all column weights 1):
#   Active transform (statistics over ACTIVE rows only):
#     quantitative j:  z_ij = (x_ij - mean_j) / sd_j,  mean_j, sd_j over the n active rows,
#                      sd with divisor n (population sd).
#     category k:      z_ik = (delta_ik - p_k) / sqrt(p_k),  p_k = (active rows in k) / n,
#                      delta_ik = 1 if row i has category k.
#     PCA of Z (active rows) without scaling: eigenvalues lambda_s, F = ind coords,
#     V = right singular vectors (unit norm), F = Z V.
#   ind.sup (ind_sup_coord, ind_sup_cos2, ind_sup_dist): the supplementary rows are transformed
#     with the ACTIVE means/sds and ACTIVE proportions p_k (same formulas as above, their own
#     values), then projected: coord_is = sum_j z_ij V_js (j over all active columns, incl. the
#     category columns).  dist_i^2 = sum_j z_ij^2 (full space);  cos2_is = coord_is^2 / dist_i^2.
#     (PCA also subtracts the column means of the active Z, which are 0 up to rounding.)
#   quanti.sup (quanti_sup_coord, quanti_sup_cos2): over the n active rows,
#     coord_s = cor_s = Pearson correlation between the raw supplementary variable and F_s
#     (= sum_i w_i y~_i F_is / sqrt(lambda_s), y~ standardised with the active mean and
#     population sd); cos2_s = coord_s^2.  (res$quanti.sup$cor is identical to $coord.)
#   quali.sup (quali_sup_coord, _cos2, _v_test, _dist, _eta2): for category k of the
#     supplementary factor, over the active rows only, n_k = active rows in k:
#     coord_ks = (1/n_k) sum_{i in k} F_is          -- plain barycentre of the active
#                individuals' coordinates (NOT rescaled; same scale as the active
#                quali.var$coord of FAMD, which also equals the barycentre);
#     dist_k^2 = || (1/n_k) sum_{i in k} z_i ||^2   -- squared norm of the barycentre of the
#                rows of Z in the full space (all active columns);
#     cos2_ks  = coord_ks^2 / dist_k^2;
#     v_test_ks = coord_ks / sqrt(lambda_s) * sqrt( n_k / ((n - n_k) / (n - 1)) );
#     eta2_s (per supplementary factor) = sum_k n_k coord_ks^2 / sum_i F_is^2
#                (correlation ratio of the factor with F_s, over active rows).
#     Category names: the level texts (Reference, Env1, ...), since they are not 1..n or y/n.
#   eig.csv: res$eig (the first ncp = 5 rows only, as in famd_wine); percent of the total
#     inertia of the active table = (#active quantitative) + (#active categories - #active
#     factors) = 28 + (3 - 1) = 30.  eig_all.csv: every non-zero eigenvalue res$svd$vs^2.
#   The active results (ind_coord.csv ...) are those of the FAMD without the supplementary
#   elements on the 19 active rows and 28 + 1 active variables.
#   The script recomputes every supplementary output from the formulas above and stops if
#   they differ from FactoMineR's (1e-10).
#
# Output format: CSV, comma-separated, header row, same layout as famd_wine/: matrix files
# `name,Dim.1,...,Dim.5` (name quoted), eig files `component,eigenvalue,percent,cumulative`,
# vector files `name,<value>`. Numbers unquoted with 17 significant digits (sprintf("%.17g")).
#   eig.csv, eig_all.csv, ind_coord.csv (19 active rows), ind_cos2.csv, ind_contrib.csv,
#   ind_sup_coord.csv, ind_sup_cos2.csv, ind_sup_dist.csv (name,dist) -- 2 rows,
#   quanti_sup_coord.csv, quanti_sup_cos2.csv -- 1 row (Overall.quality),
#   quali_sup_coord.csv, quali_sup_cos2.csv, quali_sup_v_test.csv -- 4 rows (Soil categories),
#   quali_sup_dist.csv (name,dist), quali_sup_eta2.csv (1 row: Soil),
#   quali_var_coord.csv, quali_var_v_test.csv (active Label categories, for reference).

suppressPackageStartupMessages(library(FactoMineR))

in_dir   <- file.path("tests", "reference", "analysis")
out_root <- file.path("tests", "reference", "expected", "analysis")

# ---- input (exactly as mca_famd_reference.R) ----------------------------------------
wine_levels <- list(
  Label = c("Saumur", "Bourgueuil", "Chinon"),
  Soil  = c("Reference", "Env1", "Env2", "Env4")
)
read_input <- function(file, levels_list) {
  d <- read.csv(file, check.names = FALSE, stringsAsFactors = FALSE, encoding = "UTF-8",
                strip.white = FALSE, colClasses = c(name = "character"))
  rownames(d) <- d$name          # kept verbatim (wine has names with trailing spaces)
  d$name <- NULL
  for (col in names(d)) {
    if (is.character(d[[col]])) {
      stopifnot(col %in% names(levels_list))
      f <- factor(d[[col]], levels = levels_list[[col]])
      stopifnot(!anyNA(f))
      d[[col]] <- f
    }
  }
  d
}
wine <- read_input(file.path(in_dir, "wine.csv"), wine_levels)
stopifnot(nrow(wine) == 21, ncol(wine) == 31)

sup_var <- c(2, 30)
ind_sup <- c(1, 2)
stopifnot(names(wine)[sup_var] == c("Soil", "Overall.quality"),
          rownames(wine)[ind_sup] == c("2EL ", "1CHA"))

# ---- writers (layout of famd_wine/, 17 significant digits) ---------------------------
fmt <- function(x) {
  s <- sprintf("%.17g", as.numeric(x))
  s[is.na(x)] <- "NA"
  s
}
write_df <- function(df, file, quote_cols) {
  for (col in names(df)) if (!(col %in% quote_cols)) df[[col]] <- fmt(df[[col]])
  write.table(df, file, sep = ",", row.names = FALSE, col.names = TRUE,
              quote = which(names(df) %in% quote_cols), fileEncoding = "UTF-8")
}
written <- character(0)
dir <- file.path(out_root, "famd_wine_sup")
dir.create(dir, recursive = TRUE, showWarnings = FALSE)

write_matrix <- function(m, file) {
  stopifnot(!is.null(m))
  m <- as.matrix(m)
  stopifnot(identical(sub("^Dim[ .]", "", colnames(m)), as.character(seq_len(ncol(m)))))
  colnames(m) <- paste0("Dim.", seq_len(ncol(m)))
  df <- data.frame(name = rownames(m), stringsAsFactors = FALSE)
  for (j in seq_len(ncol(m))) df[[colnames(m)[j]]] <- m[, j]
  path <- file.path(dir, file)
  write_df(df, path, "name")
  written <<- c(written, path)
}
write_vector <- function(v, file, value_name) {
  stopifnot(!is.null(v))
  df <- data.frame(name = names(v), stringsAsFactors = FALSE)
  df[[value_name]] <- as.numeric(v)
  path <- file.path(dir, file)
  write_df(df, path, "name")
  written <<- c(written, path)
}
write_eig <- function(values, percent, cumulative, file) {
  path <- file.path(dir, file)
  write_df(data.frame(component = seq_along(values), eigenvalue = values,
                      percent = percent, cumulative = cumulative), path, character(0))
  written <<- c(written, path)
}

# ---- run ---------------------------------------------------------------------------
res <- FAMD(wine, ncp = 5, sup.var = sup_var, ind.sup = ind_sup, graph = FALSE)

# ---- independent recomputation of the documented formulas ----------------------------
act   <- setdiff(seq_len(nrow(wine)), ind_sup)
n     <- length(act)
qcols <- setdiff(which(vapply(wine, is.numeric, logical(1))), sup_var)
fcols <- setdiff(which(!vapply(wine, is.numeric, logical(1))), sup_var)
zfun <- function(rows) {
  out <- NULL
  for (j in qcols) {
    x <- wine[act, j]; m <- mean(x); s <- sqrt(mean((x - m)^2))
    out <- cbind(out, (wine[rows, j] - m) / s)
  }
  for (j in fcols) for (lev in levels(wine[[j]])) {
    pk <- mean(wine[act, j] == lev)
    out <- cbind(out, ((wine[rows, j] == lev) - pk) / sqrt(pk))
  }
  out
}
Za <- zfun(act); Zs <- zfun(ind_sup)
sv <- svd(Za / sqrt(n))
lam <- sv$d^2
F  <- as.matrix(res$ind$coord)
ncp <- ncol(F)
V  <- sv$v[, 1:ncp]
# align the axis signs with FactoMineR's
sgn <- sign(colSums((Za %*% V) * F)); V <- t(t(V) * sgn)
close <- function(a, b, tol = 1e-10) {
  a <- as.matrix(a); b <- as.matrix(b)
  if (!identical(dim(a), dim(b))) b <- matrix(b, nrow = nrow(a))
  stopifnot(identical(dim(a), dim(b)))
  max(abs(a - b)) <= tol
}
stopifnot(close(lam[1:ncp], res$eig[, 1]), close(Za %*% V, F))
cs <- Zs %*% V
stopifnot(close(cs, res$ind.sup$coord),
          close(cs^2 / rowSums(Zs^2), res$ind.sup$cos2),
          close(sqrt(rowSums(Zs^2)), res$ind.sup$dist))
y <- wine[act, 30]
stopifnot(close(cor(y, F), res$quanti.sup$coord), close(cor(y, F)^2, res$quanti.sup$cos2))
soil <- wine[act, 2]
bary <- t(sapply(levels(soil), function(k) colMeans(F[soil == k, , drop = FALSE])))
nk   <- as.vector(table(soil))
bz   <- t(sapply(levels(soil), function(k) colMeans(Za[soil == k, , drop = FALSE])))
stopifnot(close(bary, res$quali.sup$coord),
          close(bary^2 / rowSums(bz^2), res$quali.sup$cos2),
          close(sqrt(rowSums(bz^2)), res$quali.sup$dist),
          close(t(t(bary) / sqrt(lam[1:ncp])) * sqrt(nk / ((n - nk) / (n - 1))),
                res$quali.sup$v.test),
          close(colSums(bary^2 * nk) / colSums(F^2), res$quali.sup$eta2))

# ---- write ---------------------------------------------------------------------------
write_eig(res$eig[, 1], res$eig[, 2], res$eig[, 3], "eig.csv")
ev_all <- res$svd$vs^2
write_eig(ev_all, 100 * ev_all / sum(ev_all), cumsum(100 * ev_all / sum(ev_all)), "eig_all.csv")
write_matrix(res$ind$coord,   "ind_coord.csv")
write_matrix(res$ind$cos2,    "ind_cos2.csv")
write_matrix(res$ind$contrib, "ind_contrib.csv")
write_matrix(res$ind.sup$coord, "ind_sup_coord.csv")
write_matrix(res$ind.sup$cos2,  "ind_sup_cos2.csv")
write_vector(res$ind.sup$dist,  "ind_sup_dist.csv", "dist")
write_matrix(res$quanti.sup$coord, "quanti_sup_coord.csv")
write_matrix(res$quanti.sup$cos2,  "quanti_sup_cos2.csv")
write_matrix(res$quali.sup$coord,  "quali_sup_coord.csv")
write_matrix(res$quali.sup$cos2,   "quali_sup_cos2.csv")
write_matrix(res$quali.sup$v.test, "quali_sup_v_test.csv")
write_vector(res$quali.sup$dist,   "quali_sup_dist.csv", "dist")
write_matrix(res$quali.sup$eta2,   "quali_sup_eta2.csv")
write_matrix(res$quali.var$coord,  "quali_var_coord.csv")
write_matrix(res$quali.var$v.test, "quali_var_v_test.csv")

# ---- round-trip check -------------------------------------------------------------------
back <- read.csv(file.path(dir, "ind_sup_coord.csv"), check.names = FALSE,
                 colClasses = c(name = "character"), strip.white = FALSE)
stopifnot(identical(back$name, rownames(res$ind.sup$coord)),
          max(abs(as.matrix(back[, -1]) - res$ind.sup$coord)) == 0)

cat(R.version.string, "\nFactoMineR", as.character(packageVersion("FactoMineR")), "\n")
cat(sprintf("eig (%d rows) = %s; total inertia = %s\n", nrow(res$eig),
            paste(fmt(res$eig[, 1]), collapse = ", "), fmt(sum(ev_all))))
cat("files written:\n"); cat(paste0("  ", written), sep = "\n")
