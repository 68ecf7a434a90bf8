# desc_axes_reference.R -- independent reference for the description of HCPC clusters by
# the principal axes (FactoMineR's HCPC(...)$desc.axes), for fabscope's HCPC (src/analysis).
#
# It shares no code with fabscope: it runs R's FactoMineR::PCA / MCA and HCPC exactly as
# hcpc_reference.R (decathlon) and hcpc_mca_reference.R (poison) do, and writes
# desc_axes.csv (+ desc_axes_quanti_var.csv) into the existing case directories
#   tests/reference/expected/analysis/hcpc_decathlon_consol/
#   tests/reference/expected/analysis/hcpc_decathlon_noconsol/
#   tests/reference/expected/analysis/hcpc_poison/
# It writes only these new files (no other file, README.md untouched: this header is the
# documentation).
#
# Run from the repository root:
#   Rscript tests/reference/analysis/desc_axes_reference.R
# Generated with: R version 4.2.2 Patched (2022-11-10 r83330), FactoMineR 2.7
# (Debian packages r-base-core and r-cran-factominer).
#
# Cases:
#   res <- PCA(decathlon, scale.unit=TRUE, ncp=5, quanti.sup=11:12, quali.sup=13, graph=FALSE)
#   hcpc_decathlon_consol    HCPC(res, nb.clust=-1, consol=TRUE,  graph=FALSE)$desc.axes
#   hcpc_decathlon_noconsol  HCPC(res, nb.clust=-1, consol=FALSE, graph=FALSE)$desc.axes
#   res <- MCA(poison, quanti.sup=1:2, quali.sup=3:4, ncp=5, graph=FALSE)
#   hcpc_poison              HCPC(res, nb.clust=-1, consol=TRUE,  graph=FALSE)$desc.axes
#
# How FactoMineR 2.7 computes desc.axes (read from FactoMineR:::HCPC and FactoMineR::catdes):
#   * HCPC does  desc.axe <- catdes(X, ncol(X), proba = proba, row.w = res$call$row.w.init)
#     where X = cbind(t$res$ind$coord, clust):
#       - t$res$ind$coord = the individual coordinates of the factorial analysis on ALL its
#         retained dimensions (ncp = 5 here: Dim.1..Dim.5; active individuals only), rows
#         re-sorted by increasing Dim.1 (order=TRUE; the order does not change the results);
#       - clust = the FINAL partition: after the k-means consolidation if consol=TRUE, the cut
#         tree if consol=FALSE; clusters numbered by increasing Dim.1 of their centre
#         (= the clust column of data.clust, i.e. clusters.csv).
#     row.w.init = 1 for every individual here (PCA: row.w.init = rep(1, n); MCA: call$row.w =
#     rep(1, n) copied to row.w.init by HCPC), so all statistics are unweighted, N = n.
#   * proba = HCPC's default 0.05.
#   * catdes, for each dimension d (a "quantitative variable" y) and cluster k, with weights
#     w_i (= 1), n_k = sum_{i in k} w_i, N = sum_i w_i:
#       mean_in_category  m_k = sum_{i in k} w_i y_i / n_k
#       overall_mean      m   = sum_i w_i y_i / N            (= 0 up to rounding: coords centred)
#       sd_in_category    s_k = sqrt( sum_{i in k} w_i (y_i - m_k)^2 / n_k )   divisor n_k (not n_k-1)
#       overall_sd        s   = sqrt( sum_i w_i (y_i - m)^2 / N )              divisor N (not N-1)
#                               (= sqrt(eigenvalue_d) for a PCA/MCA with uniform weights)
#       v_test = (m_k - m) / s * sqrt(n_k) / sqrt( (N - n_k) / (N - 1) )
#              = (m_k - m) / sqrt( s^2/n_k * (N - n_k)/(N - 1) )
#       p_value = 2 * (1 - Phi(|v_test|))          (pnorm(abs(v), lower.tail=FALSE) * 2)
#   * Filtering: a (cluster, dim) row is kept iff v_test is not NA and p_value <= proba (<=, not <).
#     Additionally, the whole $quanti list exists only if at least one dimension has a one-way
#     ANOVA (aov(y ~ clust, weights=row.w)) F-test p-value <= proba; the per-row filter itself
#     does NOT depend on that dimension's own F-test. ($quanti.var = the dims with F p-value <=
#     proba, columns Eta2 = SS_between/SS_total and P-value, sorted by increasing P-value;
#     written to desc_axes_quanti_var.csv.)
#   * Ordering within a cluster: rev(order(v_test)) = DECREASING v_test (largest positive first,
#     most negative last; exact ties would come in reverse dimension order).
#   * A cluster with no significant dimension has NULL in $quanti and contributes no line.
#
# Output format: CSV, comma-separated, header row, text columns quoted, numbers unquoted with
# 17 significant digits (sprintf("%.17g")):
#   desc_axes.csv            cluster, dim, v_test, mean_in_category, overall_mean,
#                            sd_in_category, overall_sd, p_value
#                            (the rows of desc.axes$quanti[[k]] for k = 1..K, R's row order)
#   desc_axes_quanti_var.csv dim, eta2, p_value   (desc.axes$quanti.var, R's row order)
# The script also recomputes every v_test/mean/sd from the formulas above and stops if they
# differ from FactoMineR's (relative 1e-10).

suppressPackageStartupMessages(library(FactoMineR))

out_root <- file.path("tests", "reference", "expected", "analysis")

# ---- inputs (exactly as hcpc_reference.R and hcpc_mca_reference.R) -----------------
d <- read.csv(file.path("tests", "reference", "analysis", "decathlon.csv"),
              check.names = FALSE, stringsAsFactors = FALSE, encoding = "UTF-8")
rownames(d) <- d$name
d$name <- NULL
d$Competition <- factor(d$Competition)
stopifnot(ncol(d) == 13, nrow(d) == 41)

p <- read.csv("tests/reference/analysis/poison.csv", check.names = FALSE, stringsAsFactors = TRUE)
rownames(p) <- p$name
p$name <- NULL

# ---- writer ------------------------------------------------------------------------
fmt <- function(x) {
  s <- sprintf("%.17g", as.numeric(x))
  s[is.na(x)] <- "NA"
  s
}
written <- character(0)
write_df <- function(df, dir, file, quote_cols) {
  for (col in names(df)) if (!(col %in% quote_cols)) df[[col]] <- fmt(df[[col]])
  path <- file.path(dir, file)
  stopifnot(dir.exists(dir))
  write.table(df, path, sep = ",", row.names = FALSE, col.names = TRUE,
              quote = which(names(df) %in% quote_cols), fileEncoding = "UTF-8")
  written <<- c(written, path)
}

# ---- independent recomputation of the documented rules -------------------------------
check_desc_axes <- function(res, h, proba = 0.05) {
  F  <- as.matrix(res$ind$coord)
  cl <- h$data.clust[rownames(F), "clust"]
  N  <- nrow(F)
  for (k in levels(cl)) {
    in_k <- cl == k
    nk <- sum(in_k)
    rows <- NULL
    for (dn in colnames(F)) {
      y  <- F[, dn]
      m  <- mean(y); s <- sqrt(mean((y - m)^2))
      mk <- mean(y[in_k]); sk <- sqrt(mean((y[in_k] - mk)^2))
      v  <- (mk - m) / s * sqrt(nk) / sqrt((N - nk) / (N - 1))
      pv <- 2 * pnorm(abs(v), lower.tail = FALSE)
      # catdes replaces " " by "." in column names (MCA's "Dim 1" -> "Dim.1")
      if (pv <= proba) rows <- rbind(rows, data.frame(dim = gsub(" ", ".", dn), v = v, mk = mk, m = m,
                                                      sk = sk, s = s, p = pv))
    }
    got <- h$desc.axes$quanti[[k]]
    if (is.null(rows)) { stopifnot(is.null(got)); next }
    rows <- rows[order(rows$v, decreasing = TRUE), ]
    stopifnot(identical(rownames(got), rows$dim))
    close <- function(a, b) all(abs(a - b) <= 1e-10 * pmax(1, abs(b)))
    stopifnot(close(got[, "v.test"], rows$v), close(got[, "Mean in category"], rows$mk),
              close(got[, "Overall mean"], rows$m), close(got[, "sd in category"], rows$sk),
              close(got[, "Overall sd"], rows$s),
              all(abs(got[, "p.value"] - rows$p) <= 1e-10 * rows$p + 1e-300))
  }
}

write_desc_axes <- function(res, h, case) {
  dir <- file.path(out_root, case)
  check_desc_axes(res, h)
  q <- h$desc.axes$quanti
  stopifnot(!is.null(q))
  rows <- list()
  for (k in names(q)) {
    m <- q[[k]]
    if (is.null(m) || nrow(m) == 0) next
    rows[[k]] <- data.frame(cluster = as.integer(k), dim = rownames(m),
                            v_test           = m[, "v.test"],
                            mean_in_category = m[, "Mean in category"],
                            overall_mean     = m[, "Overall mean"],
                            sd_in_category   = m[, "sd in category"],
                            overall_sd       = m[, "Overall sd"],
                            p_value          = m[, "p.value"],
                            stringsAsFactors = FALSE, row.names = NULL)
  }
  write_df(do.call(rbind, rows), dir, "desc_axes.csv", "dim")
  qv <- as.matrix(h$desc.axes$quanti.var)
  write_df(data.frame(dim = rownames(qv), eta2 = qv[, "Eta2"], p_value = qv[, "P-value"],
                      stringsAsFactors = FALSE), dir, "desc_axes_quanti_var.csv", "dim")
  cat(sprintf("%s: clusters %s; desc.axes rows per cluster: %s\n", case,
              paste(table(h$data.clust$clust), collapse = "/"),
              paste(vapply(names(q), function(k) if (is.null(q[[k]])) 0L else nrow(q[[k]]),
                           integer(1)), collapse = "/")))
}

# ---- cases ---------------------------------------------------------------------------
res_pca <- PCA(d, scale.unit = TRUE, ncp = 5, quanti.sup = 11:12, quali.sup = 13, graph = FALSE)
write_desc_axes(res_pca, HCPC(res_pca, nb.clust = -1, consol = TRUE,  graph = FALSE),
                "hcpc_decathlon_consol")
write_desc_axes(res_pca, HCPC(res_pca, nb.clust = -1, consol = FALSE, graph = FALSE),
                "hcpc_decathlon_noconsol")
res_mca <- MCA(p, quanti.sup = 1:2, quali.sup = 3:4, ncp = 5, graph = FALSE)
write_desc_axes(res_mca, HCPC(res_mca, nb.clust = -1, consol = TRUE, graph = FALSE),
                "hcpc_poison")

cat(R.version.string, "\nFactoMineR", as.character(packageVersion("FactoMineR")), "\n")
cat("files written:\n"); cat(paste0("  ", written), sep = "\n")
