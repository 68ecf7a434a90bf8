# Independent reference for fabscope's HCPC on an MCA and its description of clusters by
# categories (src/analysis/hcpc_describe.cpp): FactoMineR's HCPC(MCA(poison)) and its
# desc.var$category and desc.var$test.chi2. Run from the repository root:
#   Rscript tests/reference/analysis/hcpc_mca_reference.R
# Run with R 4.2.2 and FactoMineR 2.7 (Debian 12: r-base-core, r-cran-factominer).
suppressPackageStartupMessages(library(FactoMineR))
d <- read.csv("tests/reference/analysis/poison.csv", check.names = FALSE, stringsAsFactors = TRUE)
rownames(d) <- d$name
d$name <- NULL
out <- "tests/reference/expected/analysis/hcpc_poison"
dir.create(out, showWarnings = FALSE, recursive = TRUE)
res <- MCA(d, quanti.sup = 1:2, quali.sup = 3:4, ncp = 5, graph = FALSE)
h <- HCPC(res, nb.clust = -1, consol = TRUE, graph = FALSE)
num <- function(x) formatC(x, digits = 15, format = "g")
cl <- h$data.clust$clust
write.csv(data.frame(name = rownames(h$data.clust), clust = as.integer(cl)),
          file.path(out, "clusters.csv"), row.names = FALSE)
rows <- NULL
for (k in names(h$desc.var$category)) {
  t <- h$desc.var$category[[k]]
  if (is.null(t)) next
  t <- as.matrix(t)
  rows <- rbind(rows, data.frame(clust = as.integer(k), category = rownames(t),
                                 cla_mod = num(t[, 1]), mod_cla = num(t[, 2]), global = num(t[, 3]),
                                 p_value = num(t[, 4]), v_test = num(t[, 5])))
}
write.csv(rows, file.path(out, "desc_var_category.csv"), row.names = FALSE, quote = c(2))
chi <- as.matrix(h$desc.var$test.chi2)
write.csv(data.frame(variable = rownames(chi), p_value = num(chi[, 1]), df = chi[, 2]),
          file.path(out, "test_chi2.csv"), row.names = FALSE, quote = c(1))
cat("clusters:", table(cl), "\n")
