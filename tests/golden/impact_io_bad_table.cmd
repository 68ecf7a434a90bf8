args: impact io --table tests/golden/data/io_bad.csv
exit: 3
