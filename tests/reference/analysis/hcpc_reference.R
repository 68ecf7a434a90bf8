# hcpc_reference.R -- independent reference outputs for fabscope's HCPC (src/analysis).
#
# This script is the independent reference for the hierarchical clustering on
# principal components (HCPC) implemented in C++ in src/analysis. It shares no code
# with fabscope: it runs R's FactoMineR::PCA and FactoMineR::HCPC on the `decathlon`
# data set (tests/reference/analysis/decathlon.csv, written by export_inputs.R) and
# writes the result tables as CSV into tests/reference/expected/analysis/<case>/.
# It also (re)writes the "HCPC" section at the end of
# tests/reference/expected/analysis/README.md (everything from the line
# "# Reference outputs for the HCPC" on is replaced; the PCA part above is kept).
# Note: pca_reference.R rewrites README.md from scratch, so run this script after it.
#
# Run from the repository root:
#   Rscript tests/reference/analysis/hcpc_reference.R
#
# Generated with: R version 4.2.2 Patched (2022-11-10 r83330), FactoMineR 2.7
# (Debian packages r-base-core and r-cran-factominer).
#
# Cases (res <- PCA(d, scale.unit=TRUE, ncp=5, quanti.sup=11:12, quali.sup=13, graph=FALSE)):
#   hcpc_decathlon_consol    HCPC(res, nb.clust=-1, consol=TRUE,  graph=FALSE)
#   hcpc_decathlon_noconsol  HCPC(res, nb.clust=-1, consol=FALSE, graph=FALSE)
#
# Output format: CSV, comma-separated, header row; text columns quoted; numbers
# unquoted with 15 significant digits (formatC(x, digits=15, format="g")).
#   clusters.csv         name, clust          (data.clust$clust as integer, original row order)
#   inert_gain.csv       k, inert_gain        (call$t$inert.gain, k = 1..40 = position)
#   within.csv           k, within            (call$t$within, k = 1..40 = number of clusters)
#   quot.csv             k, quot              (call$t$quot, k = min..max = number of clusters)
#   summary.csv          key, value           (nb_clust, min, max, n)
#   desc_var_quanti.csv  clust, variable, v_test, mean_in_category, overall_mean,
#                        sd_in_category, overall_sd, p_value   (desc.var$quanti[[clust]])
#   desc_ind_para.csv    clust, name, dist    (desc.ind$para[[clust]])
#   desc_ind_dist.csv    clust, name, dist    (desc.ind$dist[[clust]])

suppressPackageStartupMessages(library(FactoMineR))

in_csv   <- file.path("tests", "reference", "analysis", "decathlon.csv")
out_root <- file.path("tests", "reference", "expected", "analysis")

# ---- input (same as pca_reference.R) -------------------------------------------
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

written <- character(0)

write_df <- function(df, dir, file, quote_cols) {
  # quote_cols: names of the text columns (quoted); all others are numbers (formatted).
  for (col in names(df)) if (!(col %in% quote_cols)) df[[col]] <- fmt(df[[col]])
  path <- file.path(dir, file)
  write.table(df, path, sep = ",", row.names = FALSE, col.names = TRUE,
              quote = which(names(df) %in% quote_cols), fileEncoding = "UTF-8")
  written <<- c(written, path)
}

# by-cluster list of named vectors (desc.ind$para / $dist) -> long data frame
by_list_df <- function(lst) {
  out <- data.frame(clust = integer(0), name = character(0), dist = numeric(0),
                    stringsAsFactors = FALSE)
  for (cl in names(lst)) {
    v <- lst[[cl]]
    if (is.null(v) || length(v) == 0) next
    out <- rbind(out, data.frame(clust = as.integer(cl), name = names(v),
                                 dist = as.numeric(v), stringsAsFactors = FALSE))
  }
  out
}

write_hcpc <- function(h, case) {
  dir <- file.path(out_root, case)
  dir.create(dir, recursive = TRUE, showWarnings = FALSE)
  t <- h$call$t

  # clusters in the original row order of the data
  cl <- h$data.clust[rownames(d), "clust"]
  write_df(data.frame(name = rownames(d), clust = as.integer(as.character(cl)),
                      stringsAsFactors = FALSE), dir, "clusters.csv", "name")

  write_df(data.frame(k = seq_along(t$inert.gain), inert_gain = t$inert.gain),
           dir, "inert_gain.csv", character(0))
  write_df(data.frame(k = seq_along(t$within), within = t$within),
           dir, "within.csv", character(0))
  # quot <- intra[min:max] / intra[(min-1):(max-1)]: first quotient is for k = min
  kq <- seq(h$call$min, h$call$max)
  stopifnot(length(kq) == length(t$quot))
  write_df(data.frame(k = kq, quot = t$quot), dir, "quot.csv", character(0))

  write_df(data.frame(key = c("nb_clust", "min", "max", "n"),
                      value = c(t$nb.clust, h$call$min, h$call$max, nrow(d)),
                      stringsAsFactors = FALSE), dir, "summary.csv", "key")

  q <- h$desc.var$quanti
  rows <- list()
  for (cln in names(q)) {
    m <- q[[cln]]
    if (is.null(m) || nrow(m) == 0) next
    rows[[cln]] <- data.frame(clust = as.integer(cln), variable = rownames(m),
                              v_test           = m[, "v.test"],
                              mean_in_category = m[, "Mean in category"],
                              overall_mean     = m[, "Overall mean"],
                              sd_in_category   = m[, "sd in category"],
                              overall_sd       = m[, "Overall sd"],
                              p_value          = m[, "p.value"],
                              stringsAsFactors = FALSE, row.names = NULL)
  }
  write_df(do.call(rbind, rows), dir, "desc_var_quanti.csv", "variable")

  write_df(by_list_df(h$desc.ind$para), dir, "desc_ind_para.csv", "name")
  write_df(by_list_df(h$desc.ind$dist), dir, "desc_ind_dist.csv", "name")
  invisible(cl)
}

# ---- cases -------------------------------------------------------------------
res <- PCA(d, scale.unit = TRUE, ncp = 5, quanti.sup = 11:12, quali.sup = 13, graph = FALSE)

h_consol   <- HCPC(res, nb.clust = -1, consol = TRUE,  graph = FALSE)
h_noconsol <- HCPC(res, nb.clust = -1, consol = FALSE, graph = FALSE)
cl_consol   <- write_hcpc(h_consol,   "hcpc_decathlon_consol")
cl_noconsol <- write_hcpc(h_noconsol, "hcpc_decathlon_noconsol")

# ---- README (replace / append the HCPC section) ------------------------------
rver <- R.version.string
fver <- as.character(packageVersion("FactoMineR"))
readme_path <- file.path(out_root, "README.md")
marker <- "# Reference outputs for the HCPC (`src/analysis`)"
old <- if (file.exists(readme_path)) readLines(readme_path, encoding = "UTF-8") else character(0)
cut <- which(old == marker)
if (length(cut)) old <- old[seq_len(cut[1] - 1)]
while (length(old) && old[length(old)] == "") old <- old[-length(old)]
section <- c(
  marker,
  "",
  "Generated by `tests/reference/analysis/hcpc_reference.R` (run from the repository root:",
  "`Rscript tests/reference/analysis/hcpc_reference.R`, after `pca_reference.R`, which rewrites this",
  "README) with R FactoMineR, independently of fabscope.",
  "",
  sprintf("* R: %s", rver),
  sprintf("* FactoMineR: %s", fver),
  "",
  "Input: the same `d` as for the PCA (`decathlon.csv`, row names from `name`, `Competition` a factor), and",
  "`res <- PCA(d, scale.unit=TRUE, ncp=5, quanti.sup=11:12, quali.sup=13, graph=FALSE)` (i.e. the",
  "`pca_decathlon` case; the clustering uses the 5 retained components of the 41 individuals).",
  "",
  "## Cases",
  "",
  "| case | call |",
  "|---|---|",
  "| `hcpc_decathlon_consol` | `HCPC(res, nb.clust=-1, consol=TRUE, graph=FALSE)` |",
  "| `hcpc_decathlon_noconsol` | `HCPC(res, nb.clust=-1, consol=FALSE, graph=FALSE)` |",
  "",
  "Defaults in effect: Ward criterion on Euclidean distances of the PC coordinates (individual weights 1),",
  "`min=3`, `max=min(10, round(n/2))=10`, `iter.max=10` for the k-means consolidation (R's `kmeans`,",
  "Hartigan-Wong, started from the centres of the cut tree), `proba=0.05`, `nb.par=5`.",
  "`nb.clust=-1` cuts the tree at the suggested number of clusters `which.min(quot) + min - 1`.",
  "Clusters are numbered in increasing order of their centre's first coordinate (`Dim.1`).",
  "",
  "## Files (per case directory)",
  "",
  "* `clusters.csv`: `name,clust` -- `res.hcpc$data.clust$clust` as integer, in the original row order (41 rows).",
  "* `inert_gain.csv`: `k,inert_gain` -- `res.hcpc$call$t$inert.gain` (all n-1 = 40 values, decreasing:",
  "  `rev(hc$height)`); value `k` is the within-inertia increase when going from k+1 to k clusters.",
  "* `within.csv`: `k,within` -- `res.hcpc$call$t$within`, the within-cluster inertia of the partition into",
  "  k clusters of the tree (`within[1]` = total inertia of the coordinates; `within[k] = sum(inert_gain[k:40])`).",
  "* `quot.csv`: `k,quot` -- `res.hcpc$call$t$quot = within[min:max] / within[(min-1):(max-1)]`, k = 3..10.",
  "* `summary.csv`: `key,value` -- `nb_clust` (`res.hcpc$call$t$nb.clust`), `min`, `max`, `n` (individuals).",
  "* `desc_var_quanti.csv`: `clust,variable,v_test,mean_in_category,overall_mean,sd_in_category,overall_sd,p_value`",
  "  -- the rows of `res.hcpc$desc.var$quanti[[clust]]` (catdes on all 12 quantitative columns of `d`, incl.",
  "  `Rank` and `Points`; only variables with p.value < 0.05, in FactoMineR's row order; sd with divisor n).",
  "* `desc_ind_para.csv`: `clust,name,dist` -- `res.hcpc$desc.ind$para` (per cluster, the up to 5 individuals",
  "  closest to the cluster centre, increasing distance).",
  "* `desc_ind_dist.csv`: `clust,name,dist` -- `res.hcpc$desc.ind$dist` (per cluster, the up to 5 individuals",
  "  farthest from the other clusters' centres: min distance to another centre, decreasing).",
  "",
  "Numbers: 15 significant digits (`formatC(x, digits=15, format=\"g\")`), unquoted; names quoted."
)
writeLines(c(old, if (length(old)) "" else NULL, section), readme_path, useBytes = TRUE)
written <- c(written, readme_path)

# ---- console summary ---------------------------------------------------------
cat(rver, "\nFactoMineR", fver, "\n")
cat("files written:\n"); cat(paste0("  ", written), sep = "\n")
for (nm in c("consol", "noconsol")) {
  h <- if (nm == "consol") h_consol else h_noconsol
  cl <- if (nm == "consol") cl_consol else cl_noconsol
  cat(sprintf("%s: nb.clust = %d, sizes = %s\n", nm, as.integer(h$call$t$nb.clust),
              paste(table(cl), collapse = ", ")))
  cat(sprintf("%s: inert.gain[1:6] = %s\n", nm, paste(fmt(h$call$t$inert.gain[1:6]), collapse = ", ")))
  cat(sprintf("%s: quot (k=%d..%d) = %s\n", nm, h$call$min, h$call$max,
              paste(fmt(h$call$t$quot), collapse = ", ")))
}
diff <- which(as.character(cl_consol) != as.character(cl_noconsol))
cat(sprintf("partitions differ for %d individuals\n", length(diff)))
if (length(diff))
  print(data.frame(name = rownames(d)[diff], consol = cl_consol[diff],
                   noconsol = cl_noconsol[diff], row.names = NULL))
