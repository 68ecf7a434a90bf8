# pca_reference.R -- independent reference outputs for fabscope's PCA (src/analysis).
#
# This script is the independent reference for the principal component analysis
# implemented in C++ in src/analysis. It shares no code with fabscope: it runs R's
# FactoMineR::PCA on the `decathlon` data set (exported to
# tests/reference/analysis/decathlon.csv by export_inputs.R) and writes every result
# table as CSV into tests/reference/expected/analysis/<case>/, plus
# tests/reference/expected/analysis/README.md.
#
# Run from the repository root:
#   Rscript tests/reference/analysis/export_inputs.R   # only if decathlon.csv is missing
#   Rscript tests/reference/analysis/pca_reference.R
#
# Generated with: R version 4.2.2 Patched (2022-11-10 r83330), FactoMineR 2.7
# (Debian packages r-base-core and r-cran-factominer).
#
# Cases:
#   pca_decathlon          PCA(d, scale.unit=TRUE, ncp=5, quanti.sup=11:12, quali.sup=13, graph=FALSE)
#   pca_decathlon_weighted PCA(d[,1:10], scale.unit=FALSE, ncp=4, ind.sup=1:3, row.w=w, graph=FALSE)
#                          with w <- rep(c(1,2,3), length.out=38) (weights of the active rows 4..41)
#
# Output format: CSV, comma-separated, header row. Matrix files: first column `name`
# (row names, quoted), then Dim.1 .. Dim.k. Numbers are written unquoted with 15
# significant digits (formatC(x, digits=15, format="g")).
#   eig.csv          component (1..n), eigenvalue, percent, cumulative (all rows of res$eig)
#   *_dist.csv       name, dist
#   call_centre.csv  variable, centre, ecart_type (res$call$centre, res$call$ecart.type)

suppressPackageStartupMessages(library(FactoMineR))

in_csv   <- file.path("tests", "reference", "analysis", "decathlon.csv")
out_root <- file.path("tests", "reference", "expected", "analysis")

# ---- input -------------------------------------------------------------------
d <- read.csv(in_csv, check.names = FALSE, stringsAsFactors = FALSE, encoding = "UTF-8")
rownames(d) <- d$name
d$name <- NULL
d$Competition <- factor(d$Competition)
stopifnot(ncol(d) == 13, nrow(d) == 41)

# ---- writers -----------------------------------------------------------------
fmt <- function(x) {
  s <- trimws(formatC(as.numeric(x), digits = 15, format = "g"))
  s[is.na(x)] <- "NA"
  s
}

write_df <- function(df, file, quote_cols) {
  # quote_cols: names of the text columns (quoted); all others are numbers (formatted).
  for (col in names(df)) if (!(col %in% quote_cols)) df[[col]] <- fmt(df[[col]])
  write.table(df, file, sep = ",", row.names = FALSE, col.names = TRUE,
              quote = which(names(df) %in% quote_cols), fileEncoding = "UTF-8")
}

written <- character(0)

write_matrix <- function(m, dir, file) {
  if (is.null(m)) return(invisible())
  m <- as.matrix(m)
  df <- data.frame(name = rownames(m), stringsAsFactors = FALSE)
  for (j in seq_len(ncol(m))) df[[colnames(m)[j]]] <- m[, j]
  path <- file.path(dir, file)
  write_df(df, path, "name")
  written <<- c(written, path)
}

write_vector <- function(v, dir, file, value_name) {
  if (is.null(v)) return(invisible())
  df <- data.frame(name = names(v), stringsAsFactors = FALSE)
  df[[value_name]] <- as.numeric(v)
  path <- file.path(dir, file)
  write_df(df, path, "name")
  written <<- c(written, path)
}

write_result <- function(res, case) {
  dir <- file.path(out_root, case)
  dir.create(dir, recursive = TRUE, showWarnings = FALSE)

  eig <- res$eig
  path <- file.path(dir, "eig.csv")
  write_df(data.frame(component  = seq_len(nrow(eig)),
                      eigenvalue = eig[, 1],
                      percent    = eig[, 2],
                      cumulative = eig[, 3]), path, character(0))
  written <<- c(written, path)

  write_matrix(res$ind$coord,   dir, "ind_coord.csv")
  write_matrix(res$ind$cos2,    dir, "ind_cos2.csv")
  write_matrix(res$ind$contrib, dir, "ind_contrib.csv")
  write_vector(res$ind$dist,    dir, "ind_dist.csv", "dist")

  write_matrix(res$var$coord,   dir, "var_coord.csv")
  write_matrix(res$var$cos2,    dir, "var_cos2.csv")
  write_matrix(res$var$contrib, dir, "var_contrib.csv")
  write_matrix(res$var$cor,     dir, "var_cor.csv")

  if (!is.null(res$quanti.sup)) {
    write_matrix(res$quanti.sup$coord, dir, "quanti_sup_coord.csv")
    write_matrix(res$quanti.sup$cos2,  dir, "quanti_sup_cos2.csv")
  }
  if (!is.null(res$quali.sup)) {
    write_matrix(res$quali.sup$coord,  dir, "quali_sup_coord.csv")
    write_matrix(res$quali.sup$cos2,   dir, "quali_sup_cos2.csv")
    write_matrix(res$quali.sup$v.test, dir, "quali_sup_vtest.csv")
    write_vector(res$quali.sup$dist,   dir, "quali_sup_dist.csv", "dist")
  }
  if (!is.null(res$ind.sup)) {
    write_matrix(res$ind.sup$coord, dir, "ind_sup_coord.csv")
    write_matrix(res$ind.sup$cos2,  dir, "ind_sup_cos2.csv")
    write_vector(res$ind.sup$dist,  dir, "ind_sup_dist.csv", "dist")
  }

  path <- file.path(dir, "call_centre.csv")
  write_df(data.frame(variable   = rownames(res$var$coord),
                      centre     = as.numeric(res$call$centre),
                      ecart_type = as.numeric(res$call$ecart.type),
                      stringsAsFactors = FALSE), path, "variable")
  written <<- c(written, path)
}

# ---- cases -------------------------------------------------------------------
calls <- list(
  pca_decathlon =
    "PCA(d, scale.unit=TRUE, ncp=5, quanti.sup=11:12, quali.sup=13, graph=FALSE)",
  pca_decathlon_weighted =
    "PCA(d[,1:10], scale.unit=FALSE, ncp=4, ind.sup=1:3, row.w=w, graph=FALSE)"
)

res1 <- PCA(d, scale.unit = TRUE, ncp = 5, quanti.sup = 11:12, quali.sup = 13, graph = FALSE)
write_result(res1, "pca_decathlon")

w <- rep(c(1, 2, 3), length.out = 38)   # weights of the active rows 4..41
res2 <- PCA(d[, 1:10], scale.unit = FALSE, ncp = 4, ind.sup = 1:3, row.w = w, graph = FALSE)
write_result(res2, "pca_decathlon_weighted")

# ---- precision check ---------------------------------------------------------
chk <- read.csv(file.path(out_root, "pca_decathlon", "eig.csv"), colClasses = "character")
sig <- nchar(gsub("^0+", "", gsub("[-.]|e.*$", "", chk$eigenvalue[1])))
stopifnot(sig >= 12)

# ---- README ------------------------------------------------------------------
rver <- R.version.string
fver <- as.character(packageVersion("FactoMineR"))
readme <- c(
  "# Reference outputs for the PCA (`src/analysis`)",
  "",
  "Generated by `tests/reference/analysis/pca_reference.R` (run from the repository root:",
  "`Rscript tests/reference/analysis/pca_reference.R`) with R FactoMineR, independently of fabscope.",
  "",
  sprintf("* R: %s", rver),
  sprintf("* FactoMineR: %s", fver),
  "",
  "Input: `tests/reference/analysis/decathlon.csv`, FactoMineR's `decathlon` data set as written by",
  "`tests/reference/analysis/export_inputs.R` (41 rows; column `name` = row names; 10 events, `Rank`,",
  "`Points`, `Competition`). It is read back with the row names from `name` and `Competition` as a factor (`d`).",
  "",
  "## Cases",
  "",
  "| case | call |",
  "|---|---|",
  "| `pca_decathlon` | `PCA(d, scale.unit=TRUE, ncp=5, quanti.sup=11:12, quali.sup=13, graph=FALSE)` |",
  "| `pca_decathlon_weighted` | `PCA(d[,1:10], scale.unit=FALSE, ncp=4, ind.sup=1:3, row.w=w, graph=FALSE)` with `w <- rep(c(1,2,3), length.out=38)` |",
  "",
  "`pca_decathlon`: columns 1-10 (the events) active, 11 `Rank` and 12 `Points` supplementary quantitative,",
  "13 `Competition` supplementary categorical. `pca_decathlon_weighted`: the 10 events unscaled (centred only),",
  "rows 1-3 supplementary individuals, the 38 active rows (4-41) weighted 1,2,3,1,2,3,... (FactoMineR",
  "normalises the weights to sum to 1).",
  "",
  "## Files (per case directory)",
  "",
  "* `eig.csv`: `component,eigenvalue,percent,cumulative`, all rows of `res$eig` (component = 1..n).",
  "* `ind_coord.csv`, `ind_cos2.csv`, `ind_contrib.csv`, `var_coord.csv`, `var_cos2.csv`, `var_contrib.csv`,",
  "  `var_cor.csv`, `quanti_sup_coord.csv`, `quanti_sup_cos2.csv`, `quali_sup_coord.csv`, `quali_sup_cos2.csv`,",
  "  `quali_sup_vtest.csv`, `ind_sup_coord.csv`, `ind_sup_cos2.csv`: `name,Dim.1,...,Dim.k` (`res$ind$coord`, ...).",
  "* `ind_dist.csv`, `quali_sup_dist.csv`, `ind_sup_dist.csv`: `name,dist`.",
  "* `call_centre.csv`: `variable,centre,ecart_type` from `res$call$centre` and `res$call$ecart.type`",
  "  (`ecart_type` is 1 for every variable when `scale.unit=FALSE`).",
  "",
  "A file is written only when the element exists in the result (`quanti_sup_*`, `quali_sup_*`",
  "only for `pca_decathlon`; `ind_sup_*` only for `pca_decathlon_weighted`).",
  "Numbers: 15 significant digits (`formatC(x, digits=15, format=\"g\")`), unquoted; names quoted.",
  "Signs of the axes are FactoMineR's (an implementation may flip a whole axis)."
)
writeLines(readme, file.path(out_root, "README.md"), useBytes = TRUE)
written <- c(written, file.path(out_root, "README.md"))

cat(rver, "\nFactoMineR", fver, "\n")
cat("files written:\n"); cat(paste0("  ", written), sep = "\n")
for (nm in c("pca_decathlon", "pca_decathlon_weighted")) {
  r <- if (nm == "pca_decathlon") res1 else res2
  cat(sprintf("%s: eig[1:3] = %s\n", nm, paste(fmt(r$eig[1:3, 1]), collapse = ", ")))
  cat(sprintf("%s: ind_coord[%s, Dim.1:2] = %s\n", nm, rownames(r$ind$coord)[1],
              paste(fmt(r$ind$coord[1, 1:2]), collapse = ", ")))
}
