args: analyze hcpc --input tests/reference/analysis/decathlon.csv --sup-quanti Rank,Points --sup-quali Competition --stability 20
