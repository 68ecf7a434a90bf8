args: analyze pca --input tests/reference/analysis/decathlon.csv --sup-quali Nope
exit: 3
