args: impact io --table tests/golden/data/io_textbook.csv --year 1999
exit: 7
