args: analyze famd --input tests/reference/analysis/wine.csv --ncp 2
