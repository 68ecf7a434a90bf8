# export_inputs.R -- writes FactoMineR's `decathlon` data set to
# tests/reference/analysis/decathlon.csv, the input of pca_reference.R.
#
# Run from the repository root:
#   Rscript tests/reference/analysis/export_inputs.R
#
# Format: UTF-8, comma-separated, first column `name` = row names, then every column
# of the data frame in order; the factor `Competition` is written as text. Each number
# is written with the fewest significant digits (15, 16 or 17) that round-trip exactly
# to the same double; the script re-reads the file and checks this.

suppressPackageStartupMessages(library(FactoMineR))
data(decathlon, package = "FactoMineR")

out <- file.path("tests", "reference", "analysis", "decathlon.csv")

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

d <- decathlon
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

# Check: read back and compare exactly.
back <- read.csv(out, check.names = FALSE, stringsAsFactors = FALSE, encoding = "UTF-8")
stopifnot(identical(back$name, rownames(d)))
stopifnot(identical(names(back)[-1], names(d)))
for (col in names(d)) {
  if (is.numeric(d[[col]])) {
    stopifnot(isTRUE(all(as.numeric(back[[col]]) == as.numeric(d[[col]]))))
  } else {
    stopifnot(identical(back[[col]], as.character(d[[col]])))
  }
}
cat(sprintf("wrote %s: %d rows x %d columns (round-trip check passed)\n",
            out, nrow(df), ncol(df)))
