args: analyze pca --input tests/reference/analysis/decathlon.csv --sup-quanti Rank,Points --sup-quali Competition --ncp 3
