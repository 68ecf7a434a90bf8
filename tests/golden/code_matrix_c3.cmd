args: code matrix tests/reference/collect/coding_fictitious.csv --coder c3
