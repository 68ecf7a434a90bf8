args: code agreement tests/reference/collect/coding_fictitious.csv
