# export_mca_inputs.R -- writes FactoMineR's `poison` and `wine` data sets to
# tests/reference/analysis/poison.csv and tests/reference/analysis/wine.csv, the
# inputs of mca_famd_reference.R.
#
# Run from the repository root:
#   Rscript tests/reference/analysis/export_mca_inputs.R
#
# Generated with: R version 4.2.2 Patched (2022-11-10 r83330), FactoMineR 2.7
# (Debian packages r-base-core and r-cran-factominer).
#
# Format (same conventions as export_inputs.R): UTF-8, comma-separated, first column
# `name` = row names (quoted; note that several `wine` row names carry trailing
# spaces, e.g. "2EL " and "T1  ", which are kept verbatim), then every column of the
# data frame in order, with the original column names (no check.names mangling).
# Factors are written as their level text (quoted). Each number is written unquoted
# with the fewest significant digits (15, 16 or 17) that round-trip exactly to the
# same double (poison's Age and Time are integers and come out as plain integers).
# The script re-reads each file (check.names=FALSE, factors re-created with the
# original level order) and checks that every column is identical to the data set.
#
# Level order is not stored in the CSV; mca_famd_reference.R re-creates the factors
# with the level orders written out explicitly there (they are checked here too).

suppressPackageStartupMessages(library(FactoMineR))
data(poison, package = "FactoMineR")
data(wine, package = "FactoMineR")

out_dir <- file.path("tests", "reference", "analysis")

fmt_roundtrip <- function(x) {
  vapply(x, function(v) {
    if (is.na(v)) return("")
    for (d in 15:17) {
      s <- formatC(v, digits = d, format = "g")
      s <- trimws(s)
      if (as.numeric(s) == v) return(s)
    }
    stop("value does not round-trip: ", v)
  }, character(1))
}

export_one <- function(d, out) {
  stopifnot(!anyNA(d))
  df <- data.frame(name = rownames(d), stringsAsFactors = FALSE, check.names = FALSE)
  for (col in names(d)) {
    x <- d[[col]]
    df[[col]] <- if (is.numeric(x)) fmt_roundtrip(x) else as.character(x)
  }
  num_cols <- names(d)[vapply(d, is.numeric, logical(1))]
  con <- file(out, open = "w", encoding = "UTF-8")
  write.table(df, con, sep = ",", row.names = FALSE, col.names = TRUE,
              quote = which(!(names(df) %in% num_cols)), fileEncoding = "UTF-8")
  close(con)

  # Check: read back (factors as factors, original level order) and compare exactly.
  back <- read.csv(out, check.names = FALSE, stringsAsFactors = FALSE, encoding = "UTF-8",
                   strip.white = FALSE, colClasses = c(name = "character"))
  stopifnot(identical(back$name, rownames(d)))
  stopifnot(identical(names(back)[-1], names(d)))
  rownames(back) <- back$name
  back$name <- NULL
  for (col in names(d)) {
    x <- d[[col]]
    if (is.factor(x)) {
      y <- factor(back[[col]], levels = levels(x))
      stopifnot(!anyNA(y), identical(y, x))
    } else if (is.integer(x)) {
      stopifnot(is.integer(back[[col]]), identical(back[[col]], x))
    } else {
      stopifnot(is.double(back[[col]]), identical(back[[col]], x))
    }
  }
  cat(sprintf("wrote %s: %d rows x %d columns (round-trip check passed)\n",
              out, nrow(df), ncol(df)))
}

export_one(poison, file.path(out_dir, "poison.csv"))
export_one(wine,   file.path(out_dir, "wine.csv"))

# Level orders (copied verbatim into mca_famd_reference.R).
for (nm in c("poison", "wine")) {
  d <- get(nm)
  for (col in names(d)[vapply(d, is.factor, logical(1))])
    cat(sprintf("%s$%s levels: %s\n", nm, col,
                paste0('"', levels(d[[col]]), '"', collapse = ", ")))
}
