# mca_famd_reference.R -- independent reference outputs for fabscope's MCA and FAMD
# (src/analysis).
#
# This script is the independent reference for the multiple correspondence analysis
# (MCA) and the factor analysis of mixed data (FAMD) implemented in C++ in
# src/analysis. It shares no code with fabscope: it runs R's FactoMineR::MCA on the
# `poison` data set and FactoMineR::FAMD on the `wine` data set (exported to
# tests/reference/analysis/poison.csv and wine.csv by export_mca_inputs.R) and writes
# every result table as CSV into tests/reference/expected/analysis/<case>/, plus a
# section of tests/reference/expected/analysis/README.md (only the lines from
# "# Reference outputs for the MCA and FAMD" to the next "# Reference outputs for"
# heading, or to the end, are replaced; the PCA and HCPC sections are kept).
# Note: pca_reference.R rewrites README.md from scratch and hcpc_reference.R drops
# everything after its own heading, so run this script after both of them.
#
# Run from the repository root:
#   Rscript tests/reference/analysis/export_mca_inputs.R   # only if poison.csv / wine.csv are missing
#   Rscript tests/reference/analysis/mca_famd_reference.R
#
# Generated with: R version 4.2.2 Patched (2022-11-10 r83330), FactoMineR 2.7
# (Debian packages r-base-core and r-cran-factominer).
#
# Cases:
#   mca_poison  MCA(poison, quanti.sup=1:2, quali.sup=3:4, ncp=5, graph=FALSE)
#               (columns 5..15 = 11 active categorical variables, 22 categories;
#                Age, Time supplementary quantitative; Sick, Sex supplementary categorical)
#               + eig_corrected.csv: Benzecri / Greenacre corrected eigenvalues.
#   famd_wine   FAMD(wine, ncp=5, graph=FALSE)
#               (all 31 columns active: Label, Soil categorical + 29 quantitative)
#
# Output format: CSV, comma-separated, header row. Matrix files: first column `name`
# (row names, quoted), then Dim.1 .. Dim.k. Numbers are written unquoted with 15
# significant digits (formatC(x, digits=15, format="g")).

suppressPackageStartupMessages(library(FactoMineR))

in_dir   <- file.path("tests", "reference", "analysis")
out_root <- file.path("tests", "reference", "expected", "analysis")

# ---- input -------------------------------------------------------------------
# Level orders of the original data sets (FactoMineR 2.7 data(poison), data(wine)).
poison_levels <- list(
  Sick       = c("Sick_n", "Sick_y"),
  Sex        = c("F", "M"),
  Nausea     = c("Nausea_n", "Nausea_y"),
  Vomiting   = c("Vomit_n", "Vomit_y"),
  Abdominals = c("Abdo_n", "Abdo_y"),
  Fever      = c("Fever_n", "Fever_y"),
  Diarrhae   = c("Diarrhea_n", "Diarrhea_y"),
  Potato     = c("Potato_n", "Potato_y"),
  Fish       = c("Fish_n", "Fish_y"),
  Mayo       = c("Mayo_n", "Mayo_y"),
  Courgette  = c("Courg_n", "Courg_y"),
  Cheese     = c("Cheese_n", "Cheese_y"),
  Icecream   = c("Icecream_n", "Icecream_y")
)
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

poison <- read_input(file.path(in_dir, "poison.csv"), poison_levels)
wine   <- read_input(file.path(in_dir, "wine.csv"),   wine_levels)
stopifnot(nrow(poison) == 55, ncol(poison) == 15, nrow(wine) == 21, ncol(wine) == 31)

# Column names R would have altered with check.names=TRUE (kept original here).
altered <- function(file) {
  h <- names(read.csv(file, check.names = FALSE, nrows = 1))
  h[h != make.names(h, unique = TRUE)]
}
altered_names <- list(poison = altered(file.path(in_dir, "poison.csv")),
                      wine   = altered(file.path(in_dir, "wine.csv")))

# Cross-check against the data sets shipped with FactoMineR (values, names, levels).
same_as_package <- function(d, nm) {
  e <- new.env()
  data(list = nm, package = "FactoMineR", envir = e)
  o <- get(nm, envir = e)
  stopifnot(identical(names(d), names(o)), identical(rownames(d), rownames(o)))
  for (col in names(o)) stopifnot(identical(d[[col]], o[[col]]))
}
same_as_package(poison, "poison")
same_as_package(wine, "wine")

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
  # MCA names its columns "Dim 1", "Dim 2", ...; normalise every header to Dim.1 .. Dim.k.
  stopifnot(identical(sub("^Dim[ .]", "", colnames(m)), as.character(seq_len(ncol(m)))))
  colnames(m) <- paste0("Dim.", seq_len(ncol(m)))
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

write_eig <- function(values, percent, cumulative, dir, file) {
  path <- file.path(dir, file)
  write_df(data.frame(component  = seq_along(values),
                      eigenvalue = values,
                      percent    = percent,
                      cumulative = cumulative), path, character(0))
  written <<- c(written, path)
}

case_dir <- function(case) {
  dir <- file.path(out_root, case)
  dir.create(dir, recursive = TRUE, showWarnings = FALSE)
  dir
}

# ---- case mca_poison -----------------------------------------------------------
calls <- c(
  mca_poison = "MCA(poison, quanti.sup=1:2, quali.sup=3:4, ncp=5, graph=FALSE)",
  famd_wine  = "FAMD(wine, ncp=5, graph=FALSE)"
)

res_mca <- MCA(poison, quanti.sup = 1:2, quali.sup = 3:4, ncp = 5, graph = FALSE)
dir <- case_dir("mca_poison")
write_eig(res_mca$eig[, 1], res_mca$eig[, 2], res_mca$eig[, 3], dir, "eig.csv")
write_matrix(res_mca$ind$coord,      dir, "ind_coord.csv")
write_matrix(res_mca$ind$cos2,       dir, "ind_cos2.csv")
write_matrix(res_mca$ind$contrib,    dir, "ind_contrib.csv")
write_matrix(res_mca$var$coord,      dir, "var_coord.csv")
write_matrix(res_mca$var$cos2,       dir, "var_cos2.csv")
write_matrix(res_mca$var$contrib,    dir, "var_contrib.csv")
write_matrix(res_mca$var$v.test,     dir, "var_vtest.csv")
write_matrix(res_mca$var$eta2,       dir, "var_eta2.csv")
write_matrix(res_mca$quanti.sup$coord, dir, "quanti_sup_coord.csv")
write_matrix(res_mca$quali.sup$coord,  dir, "quali_sup_coord.csv")
write_matrix(res_mca$quali.sup$cos2,   dir, "quali_sup_cos2.csv")
write_matrix(res_mca$quali.sup$v.test, dir, "quali_sup_vtest.csv")
write_matrix(res_mca$quali.sup$eta2,   dir, "quali_sup_eta2.csv")

# Benzecri / Greenacre corrections (textbook formulas, computed here from res$eig).
Q   <- length(res_mca$call$quali)                     # active categorical variables
J   <- sum(vapply(poison[, res_mca$call$quali], nlevels, integer(1)))  # active categories
lam <- res_mca$eig[, 1]
stopifnot(Q == 11, J == 22, J == nrow(res_mca$var$coord))
keep  <- which(lam > 1 / Q)
bz    <- ((Q / (Q - 1)) * (lam[keep] - 1 / Q))^2
green_total <- (Q / (Q - 1)) * (sum(lam^2) - (J - Q) / Q^2)
path <- file.path(dir, "eig_corrected.csv")
write_df(data.frame(component         = keep,
                    benzecri          = bz,
                    benzecri_percent  = 100 * bz / sum(bz),
                    greenacre_percent = 100 * bz / green_total), path, character(0))
written <- c(written, path)

# ---- case famd_wine ------------------------------------------------------------
res_famd <- FAMD(wine, ncp = 5, graph = FALSE)
dir <- case_dir("famd_wine")
# res$eig holds only the first ncp rows in FactoMineR 2.7's FAMD; eig_all.csv has
# every non-zero eigenvalue (res$svd$vs^2), percentages of their sum.
write_eig(res_famd$eig[, 1], res_famd$eig[, 2], res_famd$eig[, 3], dir, "eig.csv")
ev_all <- res_famd$svd$vs^2
stopifnot(isTRUE(all.equal(ev_all[seq_len(nrow(res_famd$eig))], unname(res_famd$eig[, 1]))),
          isTRUE(all.equal(100 * ev_all[seq_len(nrow(res_famd$eig))] / sum(ev_all),
                           unname(res_famd$eig[, 2]))))
write_eig(ev_all, 100 * ev_all / sum(ev_all), cumsum(100 * ev_all / sum(ev_all)),
          dir, "eig_all.csv")
write_matrix(res_famd$ind$coord,   dir, "ind_coord.csv")
write_matrix(res_famd$ind$cos2,    dir, "ind_cos2.csv")
write_matrix(res_famd$ind$contrib, dir, "ind_contrib.csv")
write_vector(res_famd$ind$dist,    dir, "ind_dist.csv", "dist")
write_matrix(res_famd$var$coord,   dir, "var_coord.csv")
write_matrix(res_famd$var$cos2,    dir, "var_cos2.csv")
write_matrix(res_famd$var$contrib, dir, "var_contrib.csv")
write_matrix(res_famd$quanti.var$coord,   dir, "quanti_var_coord.csv")
write_matrix(res_famd$quanti.var$cos2,    dir, "quanti_var_cos2.csv")
write_matrix(res_famd$quanti.var$contrib, dir, "quanti_var_contrib.csv")
write_matrix(res_famd$quali.var$coord,   dir, "quali_var_coord.csv")
write_matrix(res_famd$quali.var$cos2,    dir, "quali_var_cos2.csv")
write_matrix(res_famd$quali.var$contrib, dir, "quali_var_contrib.csv")
write_matrix(res_famd$quali.var$v.test,  dir, "quali_var_vtest.csv")

# ---- precision / round-trip check ----------------------------------------------
chk <- read.csv(file.path(out_root, "mca_poison", "eig.csv"), colClasses = "character")
sig <- nchar(gsub("^0+", "", gsub("[-.]|e.*$", "", chk$eigenvalue[1])))
stopifnot(sig >= 12)
back <- read.csv(file.path(out_root, "famd_wine", "ind_coord.csv"), check.names = FALSE,
                 colClasses = c(name = "character"), strip.white = FALSE)
stopifnot(identical(back$name, rownames(res_famd$ind$coord)),
          max(abs(as.matrix(back[, -1]) - res_famd$ind$coord)) < 1e-12)

# ---- README (replace / append the MCA-FAMD section) --------------------------
rver <- R.version.string
fver <- as.character(packageVersion("FactoMineR"))
readme_path <- file.path(out_root, "README.md")
marker <- "# Reference outputs for the MCA and FAMD (`src/analysis`)"
old <- if (file.exists(readme_path)) readLines(readme_path, encoding = "UTF-8") else character(0)
start <- which(old == marker)
after <- character(0)
if (length(start)) {
  nxt <- which(startsWith(old, "# Reference outputs for ") & seq_along(old) > start[1])
  if (length(nxt)) after <- old[nxt[1]:length(old)]
  old <- old[seq_len(start[1] - 1)]
}
while (length(old) && old[length(old)] == "") old <- old[-length(old)]
section <- c(
  marker,
  "",
  "Generated by `tests/reference/analysis/mca_famd_reference.R` (run from the repository root:",
  "`Rscript tests/reference/analysis/mca_famd_reference.R`, after `pca_reference.R` and",
  "`hcpc_reference.R`, which rewrite the end of this README) with R FactoMineR, independently of fabscope.",
  "",
  sprintf("* R: %s", rver),
  sprintf("* FactoMineR: %s", fver),
  "",
  "Inputs, written by `tests/reference/analysis/export_mca_inputs.R` (column `name` = row names, original",
  "column names, factors as level text, numbers that round-trip exactly):",
  "",
  "* `tests/reference/analysis/poison.csv`: FactoMineR's `poison` (55 rows; `Age`, `Time` integers; 13",
  "  two-level factors `Sick`, `Sex`, `Nausea`, ..., `Icecream`). Read back as `poison` with the factors",
  "  re-created in the original level order (`Sick_n`,`Sick_y`; `F`,`M`; `Nausea_n`,`Nausea_y`; ...).",
  "* `tests/reference/analysis/wine.csv`: FactoMineR's `wine` (21 rows; factors `Label` with levels",
  "  `Saumur`,`Bourgueuil`,`Chinon` and `Soil` with levels `Reference`,`Env1`,`Env2`,`Env4` -- not",
  "  alphabetical; 29 quantitative sensory variables). Several row names end with spaces (`\"2EL \"`,",
  "  `\"T1  \"`, ...) and are kept verbatim in the input and in every output file.",
  "",
  "## Cases",
  "",
  "| case | call |",
  "|---|---|",
  sprintf("| `mca_poison` | `%s` |", calls[["mca_poison"]]),
  sprintf("| `famd_wine` | `%s` |", calls[["famd_wine"]]),
  "",
  "`mca_poison`: columns 5-15 (`Nausea` ... `Icecream`, Q = 11 variables, J = 22 categories) active,",
  "1 `Age` and 2 `Time` supplementary quantitative, 3 `Sick` and 4 `Sex` supplementary categorical; uniform",
  "row weights. Categories are named by their level text: FactoMineR's MCA renames a variable's levels to",
  "`Variable_level` only when one of its level texts is also a level of another column (active or",
  "supplementary); here all 26 level texts are distinct, so the names are e.g. `Nausea_n`, `F`.",
  sprintf("`res$eig` has %d rows (min(n-1, J-Q)).", nrow(res_mca$eig)),
  "`famd_wine`: all 31 columns active (2 categorical, 7 categories, + 29 quantitative, standardised);",
  sprintf("`res$eig` has only the first ncp = %d rows in FactoMineR %s's FAMD.", nrow(res_famd$eig), fver),
  "",
  "## Files",
  "",
  "Matrix files are `name,Dim.1,...,Dim.5` (`res$ind$coord`, ...; MCA's own column names `Dim 1`, ... are",
  "written as `Dim.1`, ...).",
  "",
  "`mca_poison/`:",
  "",
  "* `eig.csv`: `component,eigenvalue,percent,cumulative`, all rows of `res$eig`.",
  "* `ind_coord.csv`, `ind_cos2.csv`, `ind_contrib.csv`: `res$ind$*` (55 rows).",
  "* `var_coord.csv`, `var_cos2.csv`, `var_contrib.csv`, `var_vtest.csv`: `res$var$coord/cos2/contrib/v.test`",
  "  (22 active categories).",
  "* `var_eta2.csv`: `res$var$eta2` (squared correlation ratios, one row per active variable).",
  "* `quanti_sup_coord.csv`: `res$quanti.sup$coord` (correlations of `Age`, `Time` with the components).",
  "* `quali_sup_coord.csv`, `quali_sup_cos2.csv`, `quali_sup_vtest.csv`: `res$quali.sup$*` (4 categories);",
  "  `quali_sup_eta2.csv`: `res$quali.sup$eta2` (2 variables).",
  "* `eig_corrected.csv`: `component,benzecri,benzecri_percent,greenacre_percent` computed in the script",
  "  from `res$eig` (not by FactoMineR), for the components with eigenvalue `l > 1/Q` only:",
  "  `benzecri = ((Q/(Q-1)) * (l - 1/Q))^2`; `benzecri_percent = 100 * benzecri / sum(benzecri)`;",
  "  `greenacre_percent = 100 * benzecri / ((Q/(Q-1)) * (sum(l^2) - (J-Q)/Q^2))`, the sum running over all",
  "  rows of `res$eig`; Q = 11, J = 22.",
  "",
  "`famd_wine/`:",
  "",
  "* `eig.csv`: `component,eigenvalue,percent,cumulative`, all rows of `res$eig` (5 rows, see above).",
  "* `eig_all.csv`: same columns, every non-zero eigenvalue `res$svd$vs^2` (percent of their sum, which is",
  "  the total inertia = 29 + (7 - 2) = 34); its first 5 rows equal `eig.csv`.",
  "* `ind_coord.csv`, `ind_cos2.csv`, `ind_contrib.csv`: `res$ind$*` (21 rows); `ind_dist.csv`: `name,dist`.",
  "* `var_coord.csv`, `var_cos2.csv`, `var_contrib.csv`: `res$var$*` (31 variables; for a quantitative",
  "  variable coord = squared correlation, for a categorical one the squared correlation ratio).",
  "* `quanti_var_coord.csv`, `quanti_var_cos2.csv`, `quanti_var_contrib.csv`: `res$quanti.var$*` (29 rows).",
  "* `quali_var_coord.csv`, `quali_var_cos2.csv`, `quali_var_contrib.csv`, `quali_var_vtest.csv`:",
  "  `res$quali.var$coord/cos2/contrib/v.test` (7 categories).",
  "",
  "Numbers: 15 significant digits (`formatC(x, digits=15, format=\"g\")`), unquoted; names quoted.",
  "Signs of the axes are FactoMineR's (an implementation may flip a whole axis)."
)
writeLines(c(old, if (length(old)) "" else NULL, section,
             if (length(after)) c("", after) else NULL),
           readme_path, useBytes = TRUE)
written <- c(written, readme_path)

# ---- console summary ---------------------------------------------------------
cat(rver, "\nFactoMineR", fver, "\n")
cat("files written:\n"); cat(paste0("  ", written), sep = "\n")
for (nm in c("mca_poison", "famd_wine")) {
  r <- if (nm == "mca_poison") res_mca else res_famd
  cat(sprintf("%s: %d eigenvalues in res$eig; eig[1:3] = %s\n", nm, nrow(r$eig),
              paste(fmt(r$eig[1:3, 1]), collapse = ", ")))
  cat(sprintf("%s: ind_coord[\"%s\", Dim.1:2] = %s\n", nm, rownames(r$ind$coord)[1],
              paste(fmt(r$ind$coord[1, 1:2]), collapse = ", ")))
}
cat(sprintf("famd_wine: %d non-zero eigenvalues (svd$vs^2), sum = %s\n",
            length(ev_all), fmt(sum(ev_all))))
cat("mca_poison: var_coord rows 1..5 =", paste0('"', rownames(res_mca$var$coord)[1:5], '"'), "\n")
cat("mca_poison: quali_sup rows =", paste0('"', rownames(res_mca$quali.sup$coord), '"'), "\n")
cat(sprintf("mca_poison corrected (Q=%d, J=%d): %d components with l > 1/Q\n", Q, J, length(keep)))
for (nm in names(altered_names))
  cat(sprintf("%s: columns check.names would alter: %s\n", nm,
              if (length(altered_names[[nm]])) paste(altered_names[[nm]], collapse = ", ") else "none"))
